"""A TinyDB storage that never leaves a half-written file behind, and never trusts one.

TinyDB's own JSONStorage overwrites its file in place, so a crash mid-write corrupts it.
This storage writes a temporary file in the same directory, fsyncs it, keeps the previous
version as ``<file>.bak`` (a hard link, so no copy), renames the new file over the old one
and fsyncs the directory: at every instant the file is either the old or the new version.
Files carry a schema version in an envelope, ``{"schema_version": N, "tables": {...}}``
(see ``migrate``); output is sorted, one record per line (``encoding``).

Reading checks everything: the bytes, the envelope, each table, and each record against
``schema``. A file that fails the first three is damage (``StoreDamaged``); a record of
the wrong shape is a *bad record*, set aside (``bad_records``) and never used. A file is
never read through a symlink.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from annotator.files import NOFOLLOW, atomic_write_bytes, backup_path
from annotator.store.encoding import RecordLines, record_line, serialize_tables
from annotator.store.migrate import (
    LEGACY_VERSION,
    SCHEMA_VERSION,
    MigrationError,
    looks_like_legacy,
    migrate,
)
from annotator.store.naming import temp_owner
from annotator.store.places import symlink_problem
from annotator.store.schema import BadRecord, Tables, check_tables

__all__ = [
    "CATALOG",
    "SCHEMA_VERSION",
    "STORE",
    "AtomicJSONStorage",
    "FileFormat",
    "ParsedStore",
    "StoreDamaged",
    "atomic_write_bytes",
    "backup_path",
    "parse_store_bytes",
    "read_contents",
    "read_nofollow",
    "read_store_bytes",
    "record_line",
    "remove_leftover_temps",
    "serialize_tables",
    "temp_owner",
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
class FileFormat:
    """What a file of one kind must look like: its current version, and whether its
    records follow the store's schema (the catalog's do not)."""

    version: int
    store: bool


STORE = FileFormat(SCHEMA_VERSION, store=True)
CATALOG = FileFormat(SCHEMA_VERSION, store=False)


@dataclass(frozen=True, slots=True)
class ParsedStore:
    """A store file's tables at the version found on disk."""

    version: int
    tables: Tables


@dataclass(frozen=True, slots=True)
class Contents:
    """A file's tables at the current version, its sound records only, and the bad ones."""

    version: int
    tables: Tables
    bad: list[BadRecord] = field(default_factory=list)


def migration_backup_path(path: Path, version: int) -> Path:
    """Where the original bytes of a file migrated from ``version`` are kept for good."""
    return path.with_name(f"{path.name}.schema{version}.bak")


def remove_leftover_temps(path: Path) -> list[Path]:
    """Delete temp files a crashed writer of ``path`` left behind (symlinks included:
    unlinking removes the link, never its target).

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


def read_nofollow(path: Path) -> bytes | None:
    """The file's bytes, None if it does not exist; StoreDamaged if it is a symlink."""
    try:
        fd = os.open(path, os.O_RDONLY | NOFOLLOW)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP or path.is_symlink():
            raise StoreDamaged(path, symlink_problem(path)) from None
        raise
    with os.fdopen(fd, "rb") as handle:
        return handle.read()


def _envelope_problem(tables: object, fmt: FileFormat) -> str | None:
    if not isinstance(tables, dict):
        return "the file's 'tables' is not an object"
    if not tables:
        return "the file holds no tables (an envelope with nothing in it)"
    for name, table in tables.items():
        if not isinstance(table, dict):
            return f"the table {name!r} is not an object"
        if not fmt.store and not all(isinstance(r, dict) for r in table.values()):
            return f"the table {name!r} holds a record that is not an object"
    return None


def read_store_bytes(path: Path, data: bytes, fmt: FileFormat = STORE) -> ParsedStore:
    """Validate a file's bytes and envelope; raise StoreDamaged naming what is wrong.

    Records are not checked here (see ``read_contents``).
    """
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
    except RecursionError:
        raise StoreDamaged(path, "the file nests too deeply to be a store file") from None
    if not isinstance(document, dict):
        kind = "list" if isinstance(document, list) else type(document).__name__
        raise StoreDamaged(path, f"expected a JSON object, found a JSON {kind}")
    if not document:
        raise StoreDamaged(path, "the file is an empty JSON object ({}), with no tables")
    if "schema_version" not in document:
        if fmt.store and looks_like_legacy(document):
            return ParsedStore(LEGACY_VERSION, document)
        raise StoreDamaged(path, "the file has no schema_version and is not a TinyDB table file")
    version = document["schema_version"]
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise StoreDamaged(path, f"the schema_version {version!r} is not a positive integer")
    if version > fmt.version:
        raise StoreDamaged(
            path,
            f"schema version {version} is newer than this annotator understands "
            f"({fmt.version}); upgrade annotator",
        )
    tables = document.get("tables")
    problem = _envelope_problem(tables, fmt)
    if problem is not None:
        raise StoreDamaged(path, problem)
    assert isinstance(tables, dict)
    return ParsedStore(version, tables)


def migrated(path: Path, parsed: ParsedStore, fmt: FileFormat = STORE) -> Tables:
    """``parsed``'s tables brought to the current schema version, or StoreDamaged."""
    if not fmt.store:
        return parsed.tables
    try:
        return migrate(parsed.tables, parsed.version)
    except MigrationError as exc:
        raise StoreDamaged(
            path, f"cannot migrate from schema version {parsed.version}: {exc}"
        ) from None


def read_contents(path: Path, data: bytes, fmt: FileFormat = STORE) -> Contents:
    """Everything a reader needs of a file's bytes: damage raises StoreDamaged, bad
    records are listed and left out of ``tables``."""
    parsed = read_store_bytes(path, data, fmt)
    tables = migrated(path, parsed, fmt)
    if not fmt.store:
        return Contents(parsed.version, tables)
    checked = check_tables(tables)
    return Contents(parsed.version, checked.tables, checked.bad)


def parse_store_bytes(path: Path, data: bytes) -> Tables:
    """The store file's sound tables at the current version, or StoreDamaged."""
    return read_contents(path, data).tables


def _identity(path: Path) -> tuple[int, int, int, int] | None:
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


class AtomicJSONStorage(Storage):
    """TinyDB storage with atomic, durable writes, backups and damage detection.

    The last data read or written is kept in memory: the process holding the file's lock
    is its only writer, so re-reading it before every operation would only cost time.
    Inside ``batch()`` TinyDB's writes only update that memory, and one file write at the
    end makes the whole batch durable together.

    ``source`` is where to read when it differs from ``path`` (a file still under its
    old name: the first write moves it). ``mode`` gives new files their permission bits.
    The backup is made only of a file this storage read and found sound, or wrote itself:
    a file that failed validation never replaces the last good version's backup.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        read_only: bool = False,
        keep_backup: bool = True,
        fmt: FileFormat = STORE,
        source: Path | None = None,
        mode: int | None = None,
    ) -> None:
        self.path = Path(path)
        self.source = source or self.path
        self.read_only = read_only
        self.keep_backup = keep_backup
        self.fmt = fmt
        self.mode = mode
        self.loaded_version: int | None = None
        self.bad_records: list[BadRecord] = []
        self._cache: dict[str, Any] | None = None
        self._deferred = False
        self._dirty = False
        self._record_lines = RecordLines()
        self._trusted: tuple[int, int, int, int] | None = None

    def read(self) -> dict[str, Any] | None:
        if self._cache is not None:
            return self._cache
        identity = _identity(self.source)
        data = read_nofollow(self.source)
        if data is None:
            return None
        contents = read_contents(self.source, data, self.fmt)
        self._cache = contents.tables
        self.bad_records = contents.bad
        self.loaded_version = contents.version
        if not contents.bad and identity == _identity(self.source):
            self._trusted = identity
        return self._cache

    def write(self, data: dict[str, Any]) -> None:
        if self.read_only:
            raise PermissionError(f"{self.path} is open read-only")
        if self._deferred:
            self._cache = data
            self._dirty = True
            return
        self._write_now(data)

    def _backup_is_safe(self) -> bool:
        """Whether the file about to be replaced may become the backup: it is the one
        last read (and found sound) or written here, or it reads soundly now."""
        identity = _identity(self.path)
        if identity is None or identity == self._trusted:
            return True
        try:
            data = read_nofollow(self.path)
            if data is None:
                return True
            return not read_contents(self.path, data, self.fmt).bad
        except (StoreDamaged, OSError):
            return False

    def _write_now(self, data: dict[str, Any]) -> None:
        try:
            encoded = serialize_tables(data, self._record_lines, version=self.fmt.version)
            keep = self.keep_backup and self._backup_is_safe()
            atomic_write_bytes(self.path, encoded, keep_backup=keep, mode=self.mode)
        except BaseException:
            # TinyDB changed the cached tables in place before calling us; forget them so
            # the next read reflects what is really on disk.
            self._cache = None
            self._trusted = None
            raise
        self._cache = data
        self._trusted = _identity(self.path)
        self.loaded_version = self.fmt.version

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

    def keep_original(self) -> Path | None:
        """Before the first write over a file of an older schema, keep its bytes for good
        as ``<file>.schema<N>.bak``; returns where, or None when nothing was needed."""
        version = self.loaded_version
        if version is None or version >= self.fmt.version or self.read_only:
            return None
        kept = migration_backup_path(self.path, version)
        if not kept.exists() and not kept.is_symlink():
            original = read_nofollow(self.source)
            if original is not None:
                atomic_write_bytes(kept, original, mode=self.mode)
        return kept

    def moved_to_path(self) -> None:
        """The file was renamed from ``source`` to ``path``: read and write ``path``."""
        self.source = self.path
        self._trusted = _identity(self.path)

    def close(self) -> None:
        self._cache = None
