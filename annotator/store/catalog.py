"""The catalog's records: what a data directory knows of a document without opening it.

A record holds a document's id, file name, path, sentence and paragraph counts and when
it was first seen and last opened. ``catalog_files`` reads and writes the files; this
module checks a record, merges the records of several files (a project's coders each
keep their own) and turns paths between the stored form (relative to a project's root)
and the absolute form every reader uses.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

from annotator.settings.project import relative_to
from annotator.store.naming import DOC_ID
from annotator.text.loading import STDIN_NAME


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """What the data directory knows about a document without opening it."""

    doc_id: str
    name: str
    path: str
    sentences: int
    paragraphs: int
    first_seen: str
    last_opened: str
    previous: str | None = None
    """The version of the document this one follows (its text before an edit), if any:
    the catalog's record of which version follows which (see ``versions``)."""


_ENTRY_TYPES: dict[str, type] = {
    "doc_id": str,
    "name": str,
    "path": str,
    "sentences": int,
    "paragraphs": int,
    "first_seen": str,
    "last_opened": str,
}


def catalog_entry_problem(record: Any) -> str | None:
    """What is wrong with a catalog record, or None (it makes a ``CatalogEntry``)."""
    if not isinstance(record, dict):
        return "is not an object"
    for key, kind in _ENTRY_TYPES.items():
        if type(record.get(key)) is not kind:
            return (
                f"has no {key!r} of the right type"
                if key not in record
                else (f"{key!r} is not {'a string' if kind is str else 'a whole number'}")
            )
    if DOC_ID.fullmatch(record["doc_id"]) is None:
        return f"'doc_id' {record['doc_id'][:40]!r} is not a document id (16 hex digits)"
    previous = record.get("previous")
    if previous is not None and (type(previous) is not str or DOC_ID.fullmatch(previous) is None):
        return "'previous' is not a document id (16 hex digits) or null"
    return None


def merge_entries(records: Iterable[Any], absolute: Callable[[str], str]) -> list[CatalogEntry]:
    """One entry per document from sound records, in the order first met, each path
    made absolute by ``absolute``.

    A document in several files (several coders opened it) gets the record opened last
    (its name and path are the latest), first seen when it was first seen, and the
    version it follows as any coder recorded it (the latest record's link first).
    """
    merged: dict[str, CatalogEntry] = {}
    for record in records:
        # Built from its fields directly: a corpus of 10,000 documents reads 10,000 records.
        entry = CatalogEntry(
            record["doc_id"],
            record["name"],
            absolute(record["path"]),
            record["sentences"],
            record["paragraphs"],
            record["first_seen"],
            record["last_opened"],
            record.get("previous"),
        )
        known = merged.get(entry.doc_id)
        if known is None:
            merged[entry.doc_id] = entry
            continue
        latest, other = (entry, known) if entry.last_opened > known.last_opened else (known, entry)
        merged[entry.doc_id] = replace(
            latest,
            first_seen=min(entry.first_seen, known.first_seen),
            previous=latest.previous or other.previous,
        )
    return list(merged.values())


def stored_path(project_root: Path | None, path: str) -> str:
    """``path`` as a catalog keeps it: relative to the project root (POSIX form) when
    there is one and the document lies inside it; as given otherwise."""
    if project_root is None or not os.path.isabs(path):
        return path
    relative = relative_to(project_root, path)
    return path if relative is None else relative


def document_path(project_root: Path | None, stored: str) -> str:
    """The absolute path a stored path names (relative ones are the project root's); a
    text read from stdin has no file, and its name stays as it is."""
    if project_root is None or os.path.isabs(stored) or stored == STDIN_NAME:
        return stored
    return str(project_root.joinpath(*PurePosixPath(stored).parts))
