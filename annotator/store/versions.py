"""The catalog's versions grouped into documents: which text follows which, which is current.

A document's id is the hash of its text, so an edited file is a new catalog entry. The
entries of one document are tied together two ways:

- a link: an entry's ``previous`` names the version it follows (recorded when the new
  version is catalogued);
- the path: entries recorded at the same file path are versions of one document (the
  catalogs written before links existed have only this).

Each document has one **current** version, the one no other version follows (the most
recently catalogued where links do not decide), and its history, oldest first. Exports,
counts and the document list count the current version only; ``--all-versions`` shows
the history.

``predecessor`` finds, for a text that may not be catalogued yet (a file edited since it
was coded), the version whose coding it takes over: the current version of the document
at the same path or, failing that, of the one document with the same file name in a
folder of the same name whose file is gone from where it was (a corpus moved, then
edited). Pure over the catalog's entries, apart from that one check for a file.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

from annotator.store.catalog import CatalogEntry
from annotator.text.loading import STDIN_NAME

STDIN_PATH = STDIN_NAME
"""What the catalog records as the path of a text read from stdin: no file, no history."""


_normalised = lru_cache(maxsize=1 << 16)(os.path.normpath)
"""An absolute path normalised, remembered: every opening groups the whole catalog, and
10,000 paths took 20 ms to normalise each time."""


def _place(path: str) -> str:
    if path == STDIN_PATH:
        return path
    # Only an absolute path is remembered: a relative one depends on the current folder.
    return _normalised(path) if os.path.isabs(path) else os.path.abspath(path)


_order = attrgetter("first_seen", "last_opened", "doc_id")
"""The order versions were catalogued in: ``(first_seen, last_opened, doc_id)``."""


@dataclass(frozen=True, slots=True)
class Versions:
    """The catalog as documents with their versions."""

    entries: dict[str, CatalogEntry]
    """Every entry, by id."""
    group: dict[str, int]
    """The document (a number) each version belongs to."""
    histories: tuple[tuple[CatalogEntry, ...], ...]
    """Each document's versions, oldest first; the last is the current one."""

    @classmethod
    def of(cls, catalog: Iterable[CatalogEntry]) -> Versions:
        entries = {entry.doc_id: entry for entry in catalog}
        parent = {doc_id: doc_id for doc_id in entries}

        def root(doc_id: str) -> str:
            while parent[doc_id] != doc_id:
                parent[doc_id] = parent[parent[doc_id]]
                doc_id = parent[doc_id]
            return doc_id

        def join(a: str, b: str) -> None:
            parent[root(a)] = root(b)

        at_path: dict[str, str] = {}
        ordered = sorted(entries.values(), key=_order)
        for entry in ordered:
            if entry.previous in entries:
                join(entry.doc_id, entry.previous)
            place = _place(entry.path)
            if place != STDIN_PATH:
                if place in at_path:
                    join(entry.doc_id, at_path[place])
                at_path[place] = entry.doc_id
        # Met in catalogue order, each document's versions are gathered in the order of
        # its earliest one: the documents need no sort of their own.
        members: dict[str, list[CatalogEntry]] = {}
        for entry in ordered:
            members.setdefault(root(entry.doc_id), []).append(entry)
        histories = tuple(_history(group) for group in members.values())
        index = {entry.doc_id: n for n, history in enumerate(histories) for entry in history}
        return cls(entries, index, histories)

    def current(self) -> list[CatalogEntry]:
        """The current version of each document."""
        return [history[-1] for history in self.histories]

    def history(self, doc_id: str) -> tuple[CatalogEntry, ...]:
        """Every version of the document ``doc_id`` is a version of, oldest first."""
        number = self.group.get(doc_id)
        return self.histories[number] if number is not None else ()

    def latest(self, doc_id: str) -> CatalogEntry | None:
        """The current version of the document ``doc_id`` belongs to."""
        history = self.history(doc_id)
        return history[-1] if history else None

    def is_current(self, doc_id: str) -> bool:
        latest = self.latest(doc_id)
        return latest is not None and latest.doc_id == doc_id

    def previous(self, doc_id: str) -> CatalogEntry | None:
        """The version catalogued version ``doc_id`` follows: its link, or in a catalog
        written before links, the version before it at the same path."""
        entry = self.entries.get(doc_id)
        if entry is None:
            return None
        if entry.previous is not None:
            return self.entries.get(entry.previous)
        place = _place(entry.path)
        if place == STDIN_PATH:
            return None
        earlier = [
            other
            for other in self.history(doc_id)
            if other.doc_id != doc_id
            and _place(other.path) == place
            and _order(other) < _order(entry)
        ]
        return earlier[-1] if earlier else None

    def predecessor(self, doc_id: str, path: str, name: str) -> CatalogEntry | None:
        """The version whose coding a text with id ``doc_id`` at ``path`` takes over, or
        None (a new document, or one whose text did not change)."""
        if doc_id in self.entries:
            return self.previous(doc_id)
        place = _place(path)
        if place == STDIN_PATH:
            return None
        for history in self.histories:
            if any(_place(entry.path) == place for entry in history):
                return history[-1]
        folder = os.path.basename(os.path.dirname(place))
        moved = [
            history[-1]
            for history in self.histories
            if history[-1].name == name
            and os.path.basename(os.path.dirname(_place(history[-1].path))) == folder
            and not os.path.lexists(history[-1].path)
        ]
        return moved[0] if len(moved) == 1 else None


def _history(group: list[CatalogEntry]) -> tuple[CatalogEntry, ...]:
    """A document's versions, oldest first: links decide where they exist, the order in
    which versions were catalogued elsewhere. The current version is one that no other
    follows (the latest of them, should there be several)."""
    if len(group) == 1:
        return (group[0],)  # most documents: one version
    ids = {entry.doc_id for entry in group}
    followed = {entry.previous for entry in group if entry.previous in ids}
    ordered = sorted(group, key=_order)
    heads = [entry for entry in ordered if entry.doc_id not in followed]
    current = heads[-1] if heads else ordered[-1]
    rest = [entry for entry in ordered if entry is not current]
    return (*rest, current)
