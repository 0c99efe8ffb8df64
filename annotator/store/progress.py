"""Coding progress per document, read straight from the store files.

The corpus list shows coded/total sentences and the finished mark for every document
without opening any of them: the catalog gives each document's sentence count and a
coder's small store file the tagged sentences and the finished mark. Files are parsed as
JSON and checked against the schema (bad records are left out), without building
annotations or opening TinyDB.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from annotator.store.catalog import CatalogEntry
from annotator.store.datadir import DataDir
from annotator.store.schema import ANNOTATIONS, STATE, singleton
from annotator.store.storage import StoreDamaged, read_contents, read_nofollow
from annotator.text.corpus import CorpusEntry


def _catalog_by_path(catalog: Iterable[CatalogEntry]) -> dict[str, list[CatalogEntry]]:
    """The versions recorded at each path, the most recently opened first (a file edited
    since it was coded has several)."""
    at_path: dict[str, list[CatalogEntry]] = {}
    for record in catalog:
        at_path.setdefault(os.path.abspath(record.path), []).append(record)
    for records in at_path.values():
        records.sort(key=lambda r: r.last_opened, reverse=True)
    return at_path


@dataclass(frozen=True, slots=True)
class FileProgress:
    """What progress needs of one store file."""

    tagged: frozenset[int]
    """Tagged sentences, each identified by its start offset (unique within a document)."""
    finished: str | None
    """When the coder marked the document finished (UTC), or None."""


def _file_progress(path: Path, data: bytes) -> FileProgress:
    tables = read_contents(path, data).tables
    tagged = frozenset(
        record["start"] for record in tables.get(ANNOTATIONS, {}).values() if record.get("tags")
    )
    state = singleton(tables, STATE) or {}
    finished = state.get("finished")
    return FileProgress(tagged, finished if isinstance(finished, str) else None)


class ProgressCache:
    """Progress per store file, keyed by the file's modification time and size.

    Parsing a thousand store files is most of the cost of a progress column; a list shown
    again after coding one document re-reads only the file that changed (the rest cost
    an ``lstat`` each). Keep one per session.
    """

    def __init__(self) -> None:
        self._files: dict[Path, tuple[int, int, FileProgress]] = {}

    def read(self, path: Path) -> FileProgress | None:
        """The progress in a store file; None if it does not exist. StoreDamaged if it is
        damaged (a symlink included)."""
        try:
            stat = os.lstat(path)
        except FileNotFoundError:
            self._files.pop(path, None)
            return None
        cached = self._files.get(path)
        if cached is not None and cached[:2] == (stat.st_mtime_ns, stat.st_size):
            return cached[2]
        found = _read_progress(path)
        if found is not None:
            self._files[path] = (stat.st_mtime_ns, stat.st_size, found)
        return found

    def tagged(self, path: Path) -> frozenset[int] | None:
        """The tagged sentences in a store file; None if it does not exist."""
        found = self.read(path)
        return found.tagged if found is not None else None


def _read_progress(path: Path) -> FileProgress | None:
    data = read_nofollow(path)
    return None if data is None else _file_progress(path, data)


def _coder_file(data_dir: DataDir, doc_id: str, coder: str) -> Path:
    """The coder's file under its name, or under the old name until a writer moves it."""
    path = data_dir.store_path(doc_id, coder)
    if not os.path.lexists(path):
        legacy = data_dir.legacy_store_path(doc_id, coder)
        if os.path.lexists(legacy):
            return legacy
    return path


def coder_progress(
    data_dir: DataDir, doc_id: str, coder: str, cache: ProgressCache | None = None
) -> FileProgress | None:
    """What ``coder``'s store file on a document holds for progress (tagged sentences,
    the finished mark); None if the coder has no file there. StoreDamaged if damaged."""
    path = _coder_file(data_dir, doc_id, coder)
    return cache.read(path) if cache is not None else _read_progress(path)


def finished_mark(
    data_dir: DataDir, doc_id: str, coder: str, cache: ProgressCache | None = None
) -> str | None:
    """When ``coder`` marked the document finished (UTC), or None; read without a lock.

    Raises StoreDamaged for a damaged file.
    """
    path = _coder_file(data_dir, doc_id, coder)
    found = cache.read(path) if cache is not None else _read_progress(path)
    return found.finished if found is not None else None


def coded_count(
    data_dir: DataDir,
    doc_id: str,
    coder: str | None = None,
    cache: ProgressCache | None = None,
) -> int:
    """Sentences with at least one tag, read straight from the store file(s).

    With ``annotator``, only that coder's file; otherwise a sentence counts if any coder
    tagged it. The JSON is parsed without building annotation objects or opening TinyDB.
    Raises StoreDamaged for a damaged file.
    """
    if coder is not None:
        files = [_coder_file(data_dir, doc_id, coder)]
    else:
        files = data_dir.store_files(doc_id)
    read = cache.read if cache is not None else _read_progress
    coded: set[int] = set()
    for path in files:
        found = read(path)
        if found is not None:
            coded.update(found.tagged)
    return len(coded)


def _own_version(
    data_dir: DataDir,
    records: list[CatalogEntry],
    coder: str,
    read: Callable[[Path], FileProgress | None],
) -> tuple[CatalogEntry, FileProgress | None]:
    """The latest version at a path holding ``coder``'s file, and what it holds; the
    latest version and None when the coder has none."""
    for record in records:
        found = read(_coder_file(data_dir, record.doc_id, coder))
        if found is not None:
            return record, found
    return records[0], None


class DocumentProgress(NamedTuple):
    """How far one document is coded: sentences with a code, of all its sentences, when
    the coder marked it finished (None: not finished, or progress of every coder), and
    whether the coder has started it (has a store file on it: another coder's opening
    it does not count)."""

    coded: int
    total: int
    finished: str | None = None
    started: bool = True


def progress_for(
    data_dir: DataDir,
    entries: Iterable[CorpusEntry],
    coder: str | None = None,
    cache: ProgressCache | None = None,
) -> dict[Path, DocumentProgress | None]:
    """Progress per document path; None if never opened or unreadable.

    Reads the catalog once and one small store file per catalogued document; documents
    themselves are not read. A document edited since it was coded shows the version last
    opened, for a coder the last they opened (in a project another coder may have opened
    the new text first: until this coder does, their list shows their work as it was).
    For a large corpus call it from a worker thread after the list is shown (see
    docs/performance.md for what it costs).
    """
    catalog = _catalog_by_path(data_dir.catalog())
    read = cache.read if cache is not None else _read_progress
    progress: dict[Path, DocumentProgress | None] = {}
    for entry in entries:
        records = catalog.get(os.path.abspath(entry.path))
        if not records:
            progress[entry.path] = None
            continue
        try:
            if coder is None:
                record = records[0]
                coded = coded_count(data_dir, record.doc_id, None, cache)
                found = None
            else:
                record, found = _own_version(data_dir, records, coder, read)
                coded = len(found.tagged) if found is not None else 0
        except (StoreDamaged, OSError, ValueError):
            progress[entry.path] = None
            continue
        progress[entry.path] = DocumentProgress(
            min(coded, record.sentences),
            record.sentences,
            found.finished if found is not None else None,
            coder is None or found is not None,
        )
    return progress
