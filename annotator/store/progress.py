"""Coding progress per document, read straight from the store files.

The corpus list shows coded/total sentences and the finished mark for every document
without opening any of them: the catalog gives each document's sentence count and a
coder's small store file the tagged sentences and the finished mark. Files are parsed as
JSON and checked against the schema (bad records are left out), without building
annotations or opening TinyDB.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from annotator.store.datadir import CatalogEntry, DataDir
from annotator.store.schema import ANNOTATIONS, STATE, singleton
from annotator.store.storage import StoreDamaged, read_contents, read_nofollow
from annotator.text.corpus import CorpusEntry


def _catalog_by_path(catalog: Iterable[CatalogEntry]) -> dict[str, CatalogEntry]:
    """The most recently opened version of each path (a file edited since has several)."""
    latest: dict[str, CatalogEntry] = {}
    for record in catalog:
        path = os.path.abspath(record.path)
        current = latest.get(path)
        if current is None or record.last_opened > current.last_opened:
            latest[path] = record
    return latest


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


class DocumentProgress(NamedTuple):
    """How far one document is coded: sentences with a code, of all its sentences, and
    when the coder marked it finished (None: not finished, or progress of every coder)."""

    coded: int
    total: int
    finished: str | None = None


def progress_for(
    data_dir: DataDir,
    entries: Iterable[CorpusEntry],
    coder: str | None = None,
    cache: ProgressCache | None = None,
) -> dict[Path, DocumentProgress | None]:
    """Progress per document path; None if never opened or unreadable.

    Reads the catalog once and one small store file per catalogued document; documents
    themselves are not read. A document opened before but edited since shows the
    progress of the version last opened. For a large corpus call it from a worker
    thread after the list is shown (see docs/performance.md for what it costs).
    """
    catalog = _catalog_by_path(data_dir.catalog())
    read = cache.read if cache is not None else _read_progress
    progress: dict[Path, DocumentProgress | None] = {}
    for entry in entries:
        record = catalog.get(os.path.abspath(entry.path))
        if record is None:
            progress[entry.path] = None
            continue
        finished: str | None = None
        try:
            if coder is None:
                coded = coded_count(data_dir, record.doc_id, None, cache)
            else:
                found = read(_coder_file(data_dir, record.doc_id, coder))
                coded = len(found.tagged) if found is not None else 0
                finished = found.finished if found is not None else None
        except (StoreDamaged, OSError, ValueError):
            progress[entry.path] = None
            continue
        progress[entry.path] = DocumentProgress(
            min(coded, record.sentences), record.sentences, finished
        )
    return progress
