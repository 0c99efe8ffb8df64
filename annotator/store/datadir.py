"""The data directory's layout: every path under it, and the entry to what it holds.

Layout::

    DATA_DIR/
      catalog.json                          known documents (id, file name, path, sizes)
      documents/<doc_id>/<coder file>.json  one coder's work on one document
      documents/<doc_id>/text.txt           the version's text, kept (see ``texts``)

A project's coding folder (``project_root`` set) keeps no shared catalog: each coder's
registrations go to ``catalog/<coder file>.json``, which only that coder writes, and
readers merge them; document paths in it are relative to the project root, since every
clone of the project lives in another folder. A ``catalog.json`` found there (the folder
was a data directory before) is read, never written.

Every path is made here, from a document id checked to be one (16 hex digits) and a
coder's file name from ``naming``; every folder is made with the directory's
``FileModes`` and checked not to be a symlink, and every path checked to stay inside.
``DataDir`` opens a coder's store on those paths (``DocumentStore``) and hands reading
and writing to the modules that do it: the catalog files to ``catalog_files``, coders'
work read without a writer to ``work``.
"""

from __future__ import annotations

import os
from pathlib import Path

from annotator.annotation import Annotation
from annotator.settings.paths import DataLocation
from annotator.store.catalog import CatalogEntry, document_path
from annotator.store.catalog_files import CatalogFiles, CatalogRead
from annotator.store.corrections import load_overrides
from annotator.store.document_store import DocumentStore
from annotator.store.naming import (
    CATALOG,
    CATALOG_LOCK,
    CATALOGS,
    DOCUMENTS,
    LEGACY_CORRECTIONS,
    InvalidName,
    check_doc_id,
    coder_file_name,
    legacy_coder_file_name,
)
from annotator.store.places import FileModes, check_inside, ensure_directory, symlink_problem
from annotator.store.storage import StoreDamaged
from annotator.store.work import CoderWork, read_all_work, read_work, store_files
from annotator.store.writer import StatusListener
from annotator.text.overrides import OverridesDamaged, SegmentationOverrides

__all__ = ["DataDir"]


class DataDir:
    """Entry point to everything stored under one data directory.

    ``modes`` are the permission bits of what the store creates: private (0700/0600)
    unless a caller (a project shared by a team) says otherwise. ``project_root`` makes
    it a project's coding folder: a catalog per coder, paths relative to that root.
    """

    def __init__(
        self, root: Path, *, modes: FileModes | None = None, project_root: Path | None = None
    ) -> None:
        self.root = root
        self.modes = modes or FileModes.private()
        self.documents_dir = root / DOCUMENTS
        self.catalog_path = root / CATALOG
        self.catalogs_dir = root / CATALOGS
        self.project_root = project_root
        self.catalogs = CatalogFiles(
            shared=self.catalog_path,
            per_coder=self.catalogs_dir,
            lock=root / CATALOG_LOCK,
            modes=self.modes,
            project_root=project_root,
        )

    @classmethod
    def at(cls, location: DataLocation) -> DataDir:
        """The data directory ``location`` names; a project's coding folder follows the
        project folder's modes (the team shares it) and keeps its catalog per coder."""
        project = location.project
        if project is None:
            return cls(location.path)
        return cls(location.path, modes=FileModes.like(project.root), project_root=project.root)

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
        return store_files(self._folder(doc_id))

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
        return read_all_work(self.store_files(doc_id), legacy, damaged)

    def annotations(self, doc_id: str) -> list[Annotation]:
        """Every coder's annotations on a document, read-only (bad records left out)."""
        return [a for work in self.all_work(doc_id) for a in work.annotations]

    # -- catalog ---------------------------------------------------------------------

    def catalog_file(self, coder: str | None = None) -> Path:
        """The catalog file registrations go to: ``catalog.json``, or in a project
        ``coder``'s own (InvalidName without a coder there)."""
        if self.project_root is None:
            return self.catalog_path
        if not coder:
            raise InvalidName("a project's catalog is kept per coder: the coder must be named")
        return self.catalogs_dir / coder_file_name(coder)

    def is_catalog(self, path: Path) -> bool:
        """True if ``path`` is a catalog file of this directory (not a coder's store)."""
        return path == self.catalog_path or (
            self.project_root is not None and path.parent == self.catalogs_dir
        )

    def register(
        self,
        *,
        doc_id: str,
        name: str,
        path: str,
        sentences: int,
        paragraphs: int,
        previous: str | None = None,
        coder: str | None = None,
    ) -> CatalogEntry:
        """Record that a document was opened; written only when something changed.

        ``previous`` is the version this text follows (an earlier text of the same
        document): kept on a new record, or given to a record that has none yet. In a
        project the record goes to ``coder``'s own catalog file, its path relative to the
        project root.
        """
        check_doc_id(doc_id)
        if previous is not None and check_doc_id(previous) == doc_id:
            previous = None
        target = self.catalog_file(coder)
        self.ensure()
        if target.parent != self.root:
            ensure_directory(self.root, target.parent, self.modes)
        return self.catalogs.write(
            target,
            doc_id=doc_id,
            name=name,
            path=path,
            sentences=sentences,
            paragraphs=paragraphs,
            previous=previous,
        )

    def document_path(self, stored: str) -> str:
        """The path a catalog record names, made absolute against the project root."""
        return document_path(self.project_root, stored)

    def catalog_read(self, coder: str | None = None) -> CatalogRead:
        """The catalog (``catalog``) and, from the same read, the records of the file
        ``coder``'s registrations go to (``catalog_file``). StoreDamaged as ``catalog``."""
        return self.catalogs.read(self.catalog_file(coder))

    def catalog(self) -> list[CatalogEntry]:
        """The documents the catalog knows, each once, their paths absolute; records
        that are not sound are left out (the doctor names them). StoreDamaged for a
        damaged catalog file."""
        return self.catalogs.entries()

    def find(self, reference: str) -> list[CatalogEntry]:
        """Catalog entries whose id, file name or path equals ``reference`` (a path
        also as written relative to the project root)."""
        return self.catalogs.find(reference)
