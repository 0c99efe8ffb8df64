"""The coder's state record (table ``state``) read as typed fields, one way for all.

The open store (``DocumentStore``, the state as last applied) and the readers of a
coder's file without a writer (``work.read_work``) both read it here, so a field of the
wrong type means the same to both: absent (the doctor names the record).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class StateFields:
    """What the state record says. ``finished``: when the coder marked the document
    finished (UTC); ``cursor``: the start offset of the sentence the coder was on;
    ``adjudicated``: in a reference layer, the start offsets of the sentences decided;
    ``carried_from``: the earlier version the coding was carried over from; ``held``
    and ``rejected``: the ids of that version's annotations awaiting a decision, and
    of those the coder left orphaned."""

    finished: str | None = None
    cursor: int | None = None
    adjudicated: tuple[int, ...] = ()
    carried_from: str | None = None
    held: tuple[str, ...] = ()
    rejected: tuple[str, ...] = ()

    @classmethod
    def of(cls, record: Mapping[str, Any] | None) -> StateFields:
        """The fields of ``record`` (None: no state record yet)."""
        if not record:
            return cls()
        finished = record.get("finished")
        cursor = record.get("cursor")
        carried_from = record.get("carried_from")
        return cls(
            finished=finished if isinstance(finished, str) else None,
            cursor=cursor if isinstance(cursor, int) else None,
            adjudicated=_listed(record.get("adjudicated")),
            carried_from=carried_from if isinstance(carried_from, str) else None,
            held=_listed(record.get("held")),
            rejected=_listed(record.get("rejected")),
        )


def _listed(value: object) -> tuple[Any, ...]:
    return tuple(value) if isinstance(value, list) else ()
