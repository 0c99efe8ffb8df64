"""Coding progress per document, read straight from the store files.

The corpus list shows coded/total sentences for every document without opening any of
them: the catalog gives each document's sentence count and a coder's small store file the
tagged sentences. Files are parsed as JSON, without building annotations or opening TinyDB.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from annotator.store.datadir import CatalogEntry, DataDir
from annotator.store.storage import StoreDamaged, parse_store_bytes
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


def _tagged_sentences(path: Path, data: bytes) -> frozenset[int]:
    """Tagged sentences, each identified by its start offset (unique within a document)."""
    tables = parse_store_bytes(path, data)
    return frozenset(
        record["start"]
        for record in tables.get("annotations", {}).values()
        if record.get("tags") and isinstance(record.get("start"), int)
    )


class ProgressCache:
    """Tagged sentences per store file, keyed by the file's modification time and size.

    Parsing a thousand store files is most of the cost of a progress column; a list shown
    again after coding one document re-reads only the file that changed (the rest cost
    a ``stat`` each). Keep one per session.
    """

    def __init__(self) -> None:
        self._files: dict[Path, tuple[int, int, frozenset[int]]] = {}

    def tagged(self, path: Path) -> frozenset[int] | None:
        """The tagged sentence indices in a store file; None if it does not exist."""
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            self._files.pop(path, None)
            return None
        cached = self._files.get(path)
        if cached is not None and cached[:2] == (stat.st_mtime_ns, stat.st_size):
            return cached[2]
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        sentences = _tagged_sentences(path, data)
        self._files[path] = (stat.st_mtime_ns, stat.st_size, sentences)
        return sentences


def _read_tagged(path: Path) -> frozenset[int] | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    return _tagged_sentences(path, data)


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
        files = [data_dir.store_path(doc_id, coder)]
    else:
        files = data_dir.store_files(doc_id)
    read = cache.tagged if cache is not None else _read_tagged
    coded: set[int] = set()
    for path in files:
        coded.update(read(path) or ())
    return len(coded)


def progress_for(
    data_dir: DataDir,
    entries: Iterable[CorpusEntry],
    coder: str | None = None,
    cache: ProgressCache | None = None,
) -> dict[Path, tuple[int, int] | None]:
    """(coded, total) sentences per document path; None if never opened or unreadable.

    Reads the catalog once and one small store file per catalogued document; documents
    themselves are not read. A document opened before but edited since shows the
    progress of the version last opened. For a large corpus call it from a worker
    thread after the list is shown (see docs/performance.md for what it costs).
    """
    catalog = _catalog_by_path(data_dir.catalog())
    progress: dict[Path, tuple[int, int] | None] = {}
    for entry in entries:
        record = catalog.get(os.path.abspath(entry.path))
        if record is None:
            progress[entry.path] = None
            continue
        try:
            coded = coded_count(data_dir, record.doc_id, coder, cache)
        except (StoreDamaged, OSError):
            progress[entry.path] = None
            continue
        progress[entry.path] = (min(coded, record.sentences), record.sentences)
    return progress
