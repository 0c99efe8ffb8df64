"""A TinyDB storage that never leaves a half-written file behind.

TinyDB's own JSONStorage overwrites its file in place, so a crash mid-write corrupts it.
This storage writes a temporary file in the same directory, fsyncs it, keeps the previous
version as ``<file>.bak`` (a hard link, so no copy), renames the new file over the old one
and fsyncs the directory: at every instant the file is either the old or the new version.
Files carry a schema version in an envelope, ``{"schema_version": N, "tables": {...}}``
(see ``migrate``). Output is sorted and indented so that a data directory kept in git
gives readable diffs.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from annotator.files import (
    atomic_write_bytes,
    backup_path,
)
from annotator.store.migrate import (
    LEGACY_VERSION,
    SCHEMA_VERSION,
    MigrationError,
    Tables,
    looks_like_legacy,
    migrate,
)

__all__ = [
    "SCHEMA_VERSION",
    "AtomicJSONStorage",
    "ParsedStore",
    "StoreDamaged",
    "atomic_write_bytes",
    "backup_path",
    "parse_store_bytes",
    "read_store_bytes",
    "remove_leftover_temps",
]


class StoreDamaged(Exception):
    """A store file exists but cannot be trusted; it is left untouched."""

    def __init__(self, path: Path, problem: str, *, backup: Path | None = None) -> None:
        message = f"{path}: {problem}"
        if backup is not None:
            message += f" (a backup exists: run 'annotator doctor --restore {path}')"
        super().__init__(message)
        self.path = path
        self.problem = problem
        self.backup = backup


@dataclass(frozen=True, slots=True)
class ParsedStore:
    """A store file's tables at the version found on disk."""

    version: int
    tables: Tables


def migration_backup_path(path: Path, version: int) -> Path:
    """Where the original bytes of a file migrated from ``version`` are kept for good."""
    return path.with_name(f"{path.name}.schema{version}.bak")


_TEMP_NAME = re.compile(r"^\.(?P<owner>.+?)(?:\.bak)?\.\d+\.tmp$")


def temp_owner(name: str) -> str | None:
    """The file name a temp file named ``name`` was written for, or None if not a temp."""
    match = _TEMP_NAME.match(name)
    return match.group("owner") if match else None


def remove_leftover_temps(path: Path) -> list[Path]:
    """Delete temp files a crashed writer of ``path`` left behind.

    Only the holder of the store's lock may call this: nobody else writes those files.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(path.parent))
    except FileNotFoundError:
        return removed
    for entry in entries:
        if temp_owner(entry.name) == path.name:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def read_store_bytes(path: Path, data: bytes) -> ParsedStore:
    """Validate a store file's bytes; raise StoreDamaged naming what is wrong."""
    if not data:
        raise StoreDamaged(path, "the file is empty (0 bytes) where data was expected")
    if data.strip(b"\x00") == b"":
        raise StoreDamaged(path, "the file holds only NUL bytes")
    if b"\x00" in data:
        raise StoreDamaged(path, "the file contains NUL bytes (a torn or zero-filled write)")
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise StoreDamaged(path, "the file is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise StoreDamaged(
            path, f"the file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    if not isinstance(document, dict):
        kind = "list" if isinstance(document, list) else type(document).__name__
        raise StoreDamaged(path, f"expected a JSON object, found a JSON {kind}")
    if "schema_version" not in document:
        if looks_like_legacy(document):
            return ParsedStore(LEGACY_VERSION, document)
        raise StoreDamaged(path, "the file has no schema_version and is not a TinyDB table file")
    version = document["schema_version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise StoreDamaged(path, f"the schema_version {version!r} is not a positive integer")
    if version > SCHEMA_VERSION:
        raise StoreDamaged(
            path,
            f"schema version {version} is newer than this annotator understands "
            f"({SCHEMA_VERSION}); upgrade annotator",
        )
    tables = document.get("tables")
    if not isinstance(tables, dict) or not all(
        isinstance(t, dict) and all(isinstance(r, dict) for r in t.values())
        for t in tables.values()
    ):
        raise StoreDamaged(path, "the file's tables are malformed")
    return ParsedStore(version, tables)


def migrated(path: Path, parsed: ParsedStore) -> Tables:
    """``parsed``'s tables brought to the current schema version, or StoreDamaged."""
    try:
        return migrate(parsed.tables, parsed.version)
    except MigrationError as exc:
        raise StoreDamaged(
            path, f"cannot migrate from schema version {parsed.version}: {exc}"
        ) from None


def parse_store_bytes(path: Path, data: bytes) -> Tables:
    """The file's tables brought to the current schema version, or StoreDamaged."""
    return migrated(path, read_store_bytes(path, data))


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


def serialize_tables(tables: dict[str, Any], cache: RecordLines | None = None) -> bytes:
    """The envelope as JSON with sorted keys and one record per line.

    A change to one annotation is then a one-line diff in git. Each record is encoded
    without indentation because Python's indenting encoder is several times slower than
    the compact one, and this runs on every save; ``cache`` reuses the encoding of
    records that did not change since the last save.
    """
    parts = [f'{{\n "schema_version": {SCHEMA_VERSION},\n "tables": {{'.encode()]
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


class AtomicJSONStorage(Storage):
    """TinyDB storage with atomic, durable writes, backups and damage detection.

    The last data read or written is kept in memory: the process holding the file's lock
    is its only writer, so re-reading it before every operation would only cost time.
    Inside ``batch()`` TinyDB's writes only update that memory, and one file write at the
    end makes the whole batch durable together.
    """

    def __init__(
        self, path: str | os.PathLike[str], *, read_only: bool = False, keep_backup: bool = True
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self.keep_backup = keep_backup
        self.loaded_version: int | None = None
        self._cache: dict[str, Any] | None = None
        self._deferred = False
        self._dirty = False
        self._record_lines = RecordLines()

    def read(self) -> dict[str, Any] | None:
        if self._cache is not None:
            return self._cache
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return None
        parsed = read_store_bytes(self.path, data)
        self._cache = migrated(self.path, parsed)
        self.loaded_version = parsed.version
        return self._cache

    def write(self, data: dict[str, Any]) -> None:
        if self.read_only:
            raise PermissionError(f"{self.path} is open read-only")
        if self._deferred:
            self._cache = data
            self._dirty = True
            return
        self._write_now(data)

    def _write_now(self, data: dict[str, Any]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            encoded = serialize_tables(data, self._record_lines)
            atomic_write_bytes(self.path, encoded, keep_backup=self.keep_backup)
        except BaseException:
            # TinyDB changed the cached tables in place before calling us; forget them so
            # the next read reflects what is really on disk.
            self._cache = None
            raise
        self._cache = data
        self.loaded_version = SCHEMA_VERSION

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Collect TinyDB's writes and make them durable in one file write at the end."""
        self._deferred = True
        self._dirty = False
        try:
            yield
        except BaseException:
            self._cache = None
            raise
        finally:
            self._deferred = False
        if self._dirty and self._cache is not None:
            self._dirty = False
            self._write_now(self._cache)

    def upgrade(self) -> Path | None:
        """Rewrite a file of an older schema in the current one, keeping the original.

        Returns where the original bytes were kept, or None when nothing was needed.
        """
        tables = self.read()
        version = self.loaded_version
        if tables is None or version is None or version >= SCHEMA_VERSION or self.read_only:
            return None
        kept = migration_backup_path(self.path, version)
        if not kept.exists():
            atomic_write_bytes(kept, self.path.read_bytes())
        self._write_now(tables)
        return kept

    def close(self) -> None:
        self._cache = None
