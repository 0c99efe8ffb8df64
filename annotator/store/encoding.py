"""How a store file is laid out on disk: sorted JSON, one record per line.

A change to one annotation is then a one-line diff in git. ``RecordLines`` keeps the
encoded line of every record from the last save, so a save encodes only what changed.
"""

from __future__ import annotations

import json
from typing import Any

from annotator.store.migrate import SCHEMA_VERSION


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def record_line(key: str, encoded: str) -> bytes:
    """A record's line in the file, as UTF-8: its key, a colon, and the record as JSON."""
    return f"   {_dump(key)}: {encoded}".encode()


class _ExactNumber:
    """A number in a snapshot that equals only a number of its own type and value.

    Python has ``False == 0`` and ``1 == 1.0``, but JSON writes them differently: a record
    whose 0 became False must not be given the line of the 0.
    """

    __slots__ = ("value",)

    def __init__(self, value: bool | int | float) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self.value) and other == self.value

    __hash__ = None  # type: ignore[assignment]


def _exact(value: Any) -> Any:
    """``value`` (decoded JSON) with every number made an ``_ExactNumber``."""
    if isinstance(value, dict):
        return {key: _exact(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_exact(item) for item in value]
    if isinstance(value, bool | int | float):
        return _ExactNumber(value)
    return value


def _exact_int(text: str) -> _ExactNumber:
    return _ExactNumber(int(text))


def _exact_float(text: str) -> _ExactNumber:
    return _ExactNumber(float(text))


def _snapshot(encoded: str) -> Any:
    """A record decoded from its JSON, its numbers compared by type (see ``_ExactNumber``).

    The decoder wraps ints and floats as it meets them; only a line that may hold a
    true or false (annotation records never do) is walked afterwards, which costs twice
    as much.
    """
    if "true" in encoded or "false" in encoded:
        return _exact(json.loads(encoded))
    return json.loads(encoded, parse_int=_exact_int, parse_float=_exact_float)


class RecordLines:
    """The line of each record from the last save, reused while the record is equal.

    Encoding every record on every save made a save's CPU grow with the document's
    annotations (16 ms at 1,000 and 64 ms at 3,000), all of it holding the interpreter
    lock that the UI thread needs. A line is reused only when the record equals the
    snapshot it was made from, so a stale line can never be written. Lines are kept as
    UTF-8 bytes, so a save only joins them.
    """

    def __init__(self) -> None:
        self._lines: dict[tuple[str, str], tuple[Any, bytes]] = {}
        self._seen: set[tuple[str, str]] = set()

    def line(self, table: str, key: str, record: Any) -> bytes:
        """The record's line in the file (``record_line``)."""
        slot = (table, key)
        self._seen.add(slot)
        cached = self._lines.get(slot)
        if cached is not None and cached[0] == record:
            return cached[1]
        encoded = _dump(record)
        # The snapshot is decoded from the JSON, so later in-place changes to ``record``
        # (TinyDB updates its documents in place) cannot reach it; its numbers compare by
        # type too, so a 0 that became False is a change.
        line = record_line(key, encoded)
        self._lines[slot] = (_snapshot(encoded), line)
        return line

    def forget_unseen(self) -> None:
        """Drop the lines of records that the last save no longer had (deleted ones)."""
        for slot in self._lines.keys() - self._seen:
            del self._lines[slot]
        self._seen.clear()


def serialize_tables(
    tables: dict[str, Any], cache: RecordLines | None = None, *, version: int | None = None
) -> bytes:
    """The envelope as JSON with sorted keys and one record per line.

    A change to one annotation is then a one-line diff in git. Each record is encoded
    without indentation because Python's indenting encoder is several times slower than
    the compact one, and this runs on every save; ``cache`` reuses the encoding of
    records that did not change since the last save. ``version`` is the envelope's
    schema version (a store file's current one unless told).
    """
    version = SCHEMA_VERSION if version is None else version
    parts = [f'{{\n "schema_version": {version},\n "tables": {{'.encode()]
    names = sorted(tables, key=str)
    for t_index, name in enumerate(names):
        table_end = "," if t_index < len(names) - 1 else ""
        table = tables[name]
        if not table:
            parts.append(f"  {_dump(str(name))}: {{}}{table_end}".encode())
            continue
        parts.append(f"  {_dump(str(name))}: {{".encode())
        keys = sorted(table, key=str)
        if cache is None:
            records = [record_line(str(key), _dump(table[key])) for key in keys]
        else:
            records = [cache.line(str(name), str(key), table[key]) for key in keys]
        parts.append(b",\n".join(records))
        parts.append(f"  }}{table_end}".encode())
    parts.append(b" }\n}\n")
    if cache is not None:
        cache.forget_unseen()
    return b"\n".join(parts)
