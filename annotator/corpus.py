"""A corpus: the documents named on the command line, listed without reading them.

``annotator DIR`` or ``annotator a.txt b.txt`` opens a list of documents. A corpus of a
thousand press releases must open at once, so discovery only lists directory entries and
never opens a file; each document is read when the coder opens it. Progress per document
(coded/total) comes from the data directory: the catalog gives the sentence count of
every document opened before, and each coder's small store file gives the coded count.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.store import CatalogEntry, DataDir, StoreDamaged
from annotator.store.storage import parse_store_bytes

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
"""What a directory contributes; a file named explicitly is taken whatever its suffix."""

_DIGITS = re.compile(r"(\d+)")


class CorpusError(Exception):
    """A corpus argument that names nothing usable; the message is one line."""


@dataclass(frozen=True, slots=True)
class CorpusEntry:
    """One document of a corpus: where it is, and the name the document list shows.

    ``path`` is absolute (not resolved through symlinks), the same form the session
    records in the catalog, so progress can be matched by path. ``name`` is the path
    relative to the corpus directory, or the file as typed on the command line.
    """

    path: Path
    name: str


def natural_key(name: str) -> tuple[str | int, ...]:
    """Sort "release-2" before "release-10", and ignore case."""
    parts = _DIGITS.split(name.casefold())
    return tuple(int(part) if i % 2 else part for i, part in enumerate(parts))


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(path))


def _scan(directory: Path) -> list[tuple[str, Path]]:
    """Text files under ``directory``, recursively, as (relative name, path).

    Hidden files and directories (a leading ".") are skipped, and symlinked
    directories are not followed, so a link loop cannot hang the scan. Only directory
    entries are listed: no file is opened.
    """
    found: list[tuple[str, Path]] = []
    pending = [(directory, "")]
    while pending:
        current, prefix = pending.pop()
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    if entry.name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        pending.append((Path(entry.path), f"{prefix}{entry.name}/"))
                    elif (
                        os.path.splitext(entry.name)[1].lower() in TEXT_SUFFIXES and entry.is_file()
                    ):
                        found.append((prefix + entry.name, Path(entry.path)))
        except PermissionError:
            continue
    found.sort(key=lambda item: natural_key(item[0]))
    return found


def discover_corpus(paths: Sequence[str | os.PathLike[str]]) -> list[CorpusEntry]:
    """The documents named by ``paths``: directories are scanned, files taken as given.

    Files named on the command line keep their order; a directory contributes its text
    files sorted by relative name (naturally: 2 before 10). A document named twice is
    listed once. Raises CorpusError for a missing path or a directory with no text files.
    """
    entries: list[CorpusEntry] = []
    seen: set[Path] = set()
    for argument in paths:
        given = Path(argument).expanduser()
        if given.is_dir():
            scanned = _scan(given)
            if not scanned:
                suffixes = ", ".join(sorted(TEXT_SUFFIXES))
                raise CorpusError(f"{given}: no text files ({suffixes}) in this directory")
            candidates = [(name, _absolute(path)) for name, path in scanned]
        elif given.exists():
            candidates = [(given.as_posix(), _absolute(given))]
        else:
            raise CorpusError(f"{given}: no such file or directory")
        for name, path in candidates:
            if path not in seen:
                seen.add(path)
                entries.append(CorpusEntry(path=path, name=name))
    return entries


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
    annotator: str | None = None,
    cache: ProgressCache | None = None,
) -> int:
    """Sentences with at least one tag, read straight from the store file(s).

    With ``annotator``, only that coder's file; otherwise a sentence counts if any coder
    tagged it. The JSON is parsed without building annotation objects or opening TinyDB.
    Raises StoreDamaged for a damaged file.
    """
    if annotator is not None:
        files = [data_dir.store_path(doc_id, annotator)]
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
    annotator: str | None = None,
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
            coded = coded_count(data_dir, record.doc_id, annotator, cache)
        except (StoreDamaged, OSError):
            progress[entry.path] = None
            continue
        progress[entry.path] = (min(coded, record.sentences), record.sentences)
    return progress
