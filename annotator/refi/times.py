"""Times in REFI-QDA files: xsd:dateTime, written as the store writes them.

The store keeps ISO 8601 UTC times to the millisecond with a ``Z``, which is also a valid
xsd:dateTime; other tools write seconds only, other zones, or no zone. Every time read or
written passes through ``timestamp`` so that a round trip keeps it character for character.
"""

from __future__ import annotations

from datetime import UTC, datetime


def timestamp(value: str | None) -> str | None:
    """An xsd:dateTime as the store writes times (UTC, milliseconds, ``Z``), or None.

    A time without a zone is taken as UTC.
    """
    if value is None or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return format_time(moment)


def format_time(moment: datetime) -> str:
    utc = moment.astimezone(UTC)
    return utc.isoformat(timespec="milliseconds").replace("+00:00", "Z")
