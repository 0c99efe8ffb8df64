"""A TinyDB storage that never leaves a half-written file behind.

TinyDB's own JSONStorage overwrites its file in place, so a crash mid-write corrupts it.
This storage writes a temporary file in the same directory, fsyncs it, renames it over
the old file and fsyncs the directory. Files carry a schema version in an envelope:
``{"schema_version": N, "tables": {...}}``. Output is sorted and indented so that a data
directory kept in git gives readable diffs.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

SCHEMA_VERSION = 1


class StoreDamaged(Exception):
    """A store file exists but cannot be trusted; it is left untouched."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def fsync_directory(directory: Path) -> None:
    """Make a rename in ``directory`` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that readers see the old file or the new one."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise
    fsync_directory(path.parent)


def parse_store_bytes(path: Path, data: bytes) -> dict[str, Any]:
    """Validate a store file's bytes and return its tables, or raise StoreDamaged."""
    if not data:
        raise StoreDamaged(path, "the file is empty (0 bytes) where data was expected")
    if data.strip(b"\x00") == b"":
        raise StoreDamaged(path, "the file holds only NUL bytes")
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise StoreDamaged(path, "the file is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise StoreDamaged(
            path, f"the file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    if not isinstance(document, dict):
        raise StoreDamaged(path, f"expected a JSON object, found a JSON {type(document).__name__}")
    version = document.get("schema_version")
    if not isinstance(version, int):
        raise StoreDamaged(path, "the file has no schema_version")
    if version > SCHEMA_VERSION:
        raise StoreDamaged(
            path,
            f"schema version {version} is newer than this annotator understands "
            f"({SCHEMA_VERSION}); upgrade annotator",
        )
    tables = document.get("tables")
    if not isinstance(tables, dict) or not all(isinstance(t, dict) for t in tables.values()):
        raise StoreDamaged(path, "the file's tables are malformed")
    return tables


def serialize_tables(tables: dict[str, Any]) -> bytes:
    envelope = {"schema_version": SCHEMA_VERSION, "tables": tables}
    return (json.dumps(envelope, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode(
        "utf-8"
    )


class AtomicJSONStorage(Storage):
    """TinyDB storage with atomic, durable writes and damage detection.

    The last data read or written is kept in memory: this process holds the only write
    lock on the file, so re-reading it before every operation would only cost time.
    """

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        self._cache: dict[str, Any] | None = None

    def read(self) -> dict[str, Any] | None:
        if self._cache is not None:
            return self._cache
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return None
        self._cache = parse_store_bytes(self.path, data)
        return self._cache

    def write(self, data: dict[str, Any]) -> None:
        if self.read_only:
            raise PermissionError(f"{self.path} is open read-only")
        try:
            atomic_write_bytes(self.path, serialize_tables(data))
        except BaseException:
            # TinyDB changed the cached tables in place before calling us; forget them so
            # the next read reflects what is really on disk.
            self._cache = None
            raise
        self._cache = data

    def close(self) -> None:
        self._cache = None
