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
from collections.abc import Sequence
from pathlib import Path

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".markdown"})
"""What a directory contributes; a file named explicitly is taken whatever its suffix."""
_SUFFIX_ENDINGS = tuple(sorted(TEXT_SUFFIXES))

_DIGITS = re.compile(r"(\d+)")


class CorpusError(Exception):
    """A corpus argument that names nothing usable; the message is one line."""


class CorpusEntry:
    """One document of a corpus: where it is, and the name the document list shows.

    ``path`` is absolute (not resolved through symlinks), the same form the session
    records in the catalog, so progress can be matched by path. ``name`` is the path
    relative to the corpus directory, or the file as typed on the command line.

    Given as a string, the path becomes a ``Path`` when first asked for: a scan of
    10,000 files makes none, which is a third of its time, and the list needs only names.
    Entries are values: equal when their paths and names are.
    """

    __slots__ = ("_location", "_name", "_path")

    def __init__(self, path: Path | str, name: str) -> None:
        self._location = os.fspath(path)
        self._path = path if isinstance(path, Path) else None
        self._name = name

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = Path(self._location)
        return self._path

    @property
    def name(self) -> str:
        return self._name

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CorpusEntry):
            return NotImplemented
        return self._location == other._location and self._name == other._name

    def __hash__(self) -> int:
        return hash((self._location, self._name))

    def __repr__(self) -> str:
        return f"CorpusEntry(path={self._location!r}, name={self._name!r})"


def natural_key(name: str) -> tuple[str | int, ...]:
    """Sort "release-2" before "release-10", and ignore case."""
    parts: list[str | int] = list(_DIGITS.split(name.casefold()))
    parts[1::2] = map(int, parts[1::2])
    return tuple(parts)


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(path))


def _scan(directory: Path) -> list[tuple[str, str]]:
    """Text files under ``directory``, recursively, as (relative name, absolute path).

    Hidden files and directories (a leading ".") are skipped, and symlinked
    directories are not followed, so a link loop cannot hang the scan. Only directory
    entries are listed: no file is opened, and no ``Path`` is made (paths are joined as
    strings): a folder of 10,000 documents is listed in a few tens of milliseconds.
    """
    found: list[tuple[str, str]] = []
    pending = [(os.path.join(os.path.abspath(directory), ""), "")]
    while pending:
        current, prefix = pending.pop()  # ``current`` ends with a separator
        try:
            with os.scandir(current) as entries:
                for entry in entries:
                    name = entry.name
                    if name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        pending.append((f"{current}{name}{os.sep}", f"{prefix}{name}/"))
                    elif name.lower().endswith(_SUFFIX_ENDINGS) and entry.is_file():
                        found.append((prefix + name, current + name))
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
    seen: set[str] = set()
    for argument in paths:
        given = Path(argument).expanduser()
        if given.is_dir():
            scanned = _scan(given)
            if not scanned:
                suffixes = ", ".join(sorted(TEXT_SUFFIXES))
                raise CorpusError(f"{given}: no text files ({suffixes}) in this directory")
            candidates = scanned
        elif given.exists():
            candidates = [(given.as_posix(), os.fspath(_absolute(given)))]
        else:
            raise CorpusError(f"{given}: no such file or directory")
        if len(paths) == 1:  # one directory lists each file once: no need to look
            return [CorpusEntry(path, name) for name, path in candidates]
        for name, path in candidates:
            if path not in seen:
                seen.add(path)
                entries.append(CorpusEntry(path, name))
    return entries
