"""The data directory: a catalog of documents and a folder of store files per document.

Layout::

    DATA_DIR/
      catalog.json                          known documents (id, file name, path, sizes)
      documents/<doc_id>/<coder file>.json  one coder's work on one document

Every path is made here, from a document id checked to be one (16 hex digits) and a
coder's file name from ``naming``; every folder is made with the directory's
``FileModes`` and checked not to be a symlink, and every path checked to stay inside.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

from annotator.annotation import Annotation, utc_now
from annotator.files import NOFOLLOW
from annotator.store.corrections import load_overrides
from annotator.store.document_store import DocumentStore
from annotator.store.naming import (
    CATALOG,
    CATALOG_LOCK,
    DOC_ID,
    DOCUMENTS,
    LEGACY_CORRECTIONS,
    InvalidName,
    check_doc_id,
    coder_file_name,
    is_store_name,
    legacy_coder_file_name,
)
from annotator.store.places import (
    FileModes,
    UnsafePath,
    check_inside,
    ensure_directory,
    symlink_problem,
)
from annotator.store.storage import CATALOG as CATALOG_FORMAT
from annotator.store.storage import AtomicJSONStorage, StoreDamaged, remove_leftover_temps
from annotator.store.work import CoderWork, read_work
from annotator.store.writer import StatusListener
from annotator.text.overrides import OverridesDamaged, SegmentationOverrides

__all__ = ["CatalogEntry", "DataDir", "InvalidName", "coder_file_name"]


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


class DataDir:
    """Entry point to everything stored under one data directory.

    ``modes`` are the permission bits of what the store creates: private (0700/0600)
    unless a caller (a project shared by a team) says otherwise.
    """

    def __init__(self, root: Path, *, modes: FileModes | None = None) -> None:
        self.root = root
        self.modes = modes or FileModes.private()
        self.documents_dir = root / DOCUMENTS
        self.catalog_path = root / CATALOG

    def ensure(self) -> None:
        ensure_directory(self.root, self.documents_dir, self.modes)

    def document_dir(self, doc_id: str) -> Path:
        """The folder of a document's stores; InvalidName for anything but an id."""
        return self.documents_dir / check_doc_id(doc_id)

    def store_path(self, doc_id: str, coder: str) -> Path:
        return self.document_dir(doc_id) / coder_file_name(coder)

    def legacy_store_path(self, doc_id: str, coder: str) -> Path:
        """Where format 1 kept the coder's file (the name ``%XX``-escaped)."""
        return self.document_dir(doc_id) / legacy_coder_file_name(coder)

    def open_store(
        self,
        doc_id: str,
        coder: str,
        *,
        read_only: bool = False,
        on_status: StatusListener | None = None,
    ) -> DocumentStore:
        """Open one coder's store on one document: read-only if another process has it.

        The document's folder is made (with the directory's modes) for a writer; a
        symlink on the way raises UnsafePath.
        """
        path = self.store_path(doc_id, coder)
        if not read_only:
            ensure_directory(self.root, path.parent, self.modes)
        check_inside(self.root, path.parent)
        return DocumentStore(
            path,
            coder=coder,
            read_only=read_only,
            on_status=on_status,
            legacy_path=self.legacy_store_path(doc_id, coder),
            adopt=self._legacy_or_none(doc_id),
            mode=self.modes.file,
        )

    # -- the shared corrections file of format 1 ---------------------------------------

    def segmentation_path(self, doc_id: str) -> Path:
        """The document's legacy shared corrections file (format 1), read, never written."""
        return self.document_dir(doc_id) / LEGACY_CORRECTIONS

    def legacy_corrections(self, doc_id: str) -> SegmentationOverrides | None:
        """The legacy shared corrections of a document; None without the file.

        Raises OverridesDamaged when it cannot be read (a symlink included).
        """
        path = self.segmentation_path(doc_id)
        if not os.path.lexists(path):
            return None
        return load_overrides(path)

    def _legacy_or_none(self, doc_id: str) -> SegmentationOverrides | None:
        try:
            return self.legacy_corrections(doc_id)
        except (OverridesDamaged, OSError):
            return None  # reported by the session's notices and by the doctor

    # -- reading without a writer ------------------------------------------------------

    def _folder(self, doc_id: str) -> Path:
        """A document's folder, for reading: StoreDamaged if it (or ``documents``) is a
        symlink, which would lead the reader outside the data directory."""
        directory = self.document_dir(doc_id)
        for folder in (self.documents_dir, directory):
            if folder.is_symlink():
                raise StoreDamaged(folder, symlink_problem(folder))
        return directory

    def store_files(self, doc_id: str) -> list[Path]:
        """Every coder's store file of a document (either name format; symlinks too, so
        that reading them reports them). StoreDamaged for a symlinked folder."""
        directory = self._folder(doc_id)
        try:
            entries = list(os.scandir(directory))
        except (FileNotFoundError, NotADirectoryError):
            return []
        return sorted(Path(e.path) for e in entries if is_store_name(e.name))

    def work(self, doc_id: str, coder: str) -> CoderWork | None:
        """One coder's work on a document (None if there is none), read without a lock
        or a writer: the finished mark, corrections, cursor and annotations.

        Raises StoreDamaged for a damaged file. Bad records are in ``bad``, left out.
        """
        self._folder(doc_id)
        legacy = self._legacy_or_none(doc_id)
        for path in (self.store_path(doc_id, coder), self.legacy_store_path(doc_id, coder)):
            found = read_work(path, legacy)
            if found is not None:
                return found
        return None

    def all_work(
        self, doc_id: str, *, damaged: list[StoreDamaged] | None = None
    ) -> list[CoderWork]:
        """Every coder's work on a document, one per coder, ordered by file name.

        A coder whose file exists under both name formats (an older annotator wrote the
        old name again) is read from the new one. Raises StoreDamaged for a damaged file,
        unless ``damaged`` is given: then each damaged file is added to it and the others
        are read (agreement leaves out one coder's damaged file, not the document).
        """
        legacy = self._legacy_or_none(doc_id)
        found: list[CoderWork] = []
        for path in self.store_files(doc_id):
            try:
                work = read_work(path, legacy)
            except StoreDamaged as exc:
                if damaged is None:
                    raise
                damaged.append(exc)
                continue
            if work is not None:
                found.append(work)
        current = {w.coder for w in found if w.coder and w.path.name == coder_file_name(w.coder)}
        return [
            w
            for w in found
            if not (w.coder in current and w.coder and w.path.name != coder_file_name(w.coder))
        ]

    def annotations(self, doc_id: str) -> list[Annotation]:
        """Every coder's annotations on a document, read-only (bad records left out)."""
        return [a for work in self.all_work(doc_id) for a in work.annotations]

    # -- catalog ---------------------------------------------------------------------

    def _catalog(self) -> TinyDB:
        # A symlink is refused when read (StoreDamaged) and replaced, never followed,
        # when written.
        return TinyDB(
            self.catalog_path, storage=AtomicJSONStorage, fmt=CATALOG_FORMAT, mode=self.modes.file
        )

    @contextlib.contextmanager
    def _catalog_locked(self) -> Iterator[None]:
        """Serialise catalog updates between instances working on different documents.

        Held only for one read-modify-write, so a second instance waits milliseconds.
        """
        path = self.root / CATALOG_LOCK
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | NOFOLLOW, self.modes.file)
        except OSError:
            if path.is_symlink():
                raise UnsafePath(path, symlink_problem(path)) from None
            raise
        try:
            with contextlib.suppress(OSError):  # another user's file, in a project
                os.fchmod(fd, self.modes.file)
            fcntl.flock(fd, fcntl.LOCK_EX)
            remove_leftover_temps(self.catalog_path)
            yield
        finally:
            os.close(fd)

    def register(
        self,
        *,
        doc_id: str,
        name: str,
        path: str,
        sentences: int,
        paragraphs: int,
        previous: str | None = None,
    ) -> CatalogEntry:
        """Record that a document was opened; written only when something changed.

        ``previous`` is the version this text follows (an earlier text of the same
        document): kept on a new record, or given to a record that has none yet.
        """
        check_doc_id(doc_id)
        if previous is not None and check_doc_id(previous) == doc_id:
            previous = None
        self.ensure()
        with self._catalog_locked():
            return self._register_locked(doc_id, name, path, sentences, paragraphs, previous)

    def _register_locked(
        self,
        doc_id: str,
        name: str,
        path: str,
        sentences: int,
        paragraphs: int,
        previous: str | None = None,
    ) -> CatalogEntry:
        db = self._catalog()
        try:
            table = db.table("documents")
            existing = table.get(Query().doc_id == doc_id)
            now = utc_now()
            first_seen = existing.get("first_seen") if isinstance(existing, dict) else None
            linked = existing.get("previous") if isinstance(existing, dict) else None
            entry = CatalogEntry(
                doc_id=doc_id,
                name=name,
                path=path,
                sentences=sentences,
                paragraphs=paragraphs,
                first_seen=first_seen if isinstance(first_seen, str) else now,
                last_opened=now,
                previous=linked if isinstance(linked, str) else previous,
            )
            record = asdict(entry)
            if record["previous"] is None:
                del record["previous"]  # a first version's record stays as it was
            if not isinstance(existing, dict) or any(
                existing.get(k) != record.get(k)
                for k in ("name", "path", "sentences", "paragraphs", "previous")
            ):
                table.upsert(record, Query().doc_id == doc_id)
            return entry
        finally:
            db.close()

    def catalog_records(self) -> list[tuple[str, Any]]:
        """The catalog's raw records with their keys (for the doctor); StoreDamaged if
        the catalog is damaged."""
        if not os.path.lexists(self.catalog_path):
            return []
        db = self._catalog()
        try:
            tables = db.storage.read() or {}
            documents = tables.get("documents", {})
            return list(documents.items())
        finally:
            db.close()

    def catalog(self) -> list[CatalogEntry]:
        """The documents the catalog knows; records that are not sound are left out (the
        doctor names them)."""
        return [
            CatalogEntry(
                record["doc_id"],
                record["name"],
                record["path"],
                record["sentences"],
                record["paragraphs"],
                record["first_seen"],
                record["last_opened"],
                record.get("previous"),
            )
            for _key, record in self.catalog_records()
            if catalog_entry_problem(record) is None
        ]

    def find(self, reference: str) -> list[CatalogEntry]:
        """Catalog entries whose id, file name or path equals ``reference``."""
        return [
            entry for entry in self.catalog() if reference in (entry.doc_id, entry.name, entry.path)
        ]
