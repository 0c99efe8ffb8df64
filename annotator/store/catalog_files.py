"""The catalog files of one data directory, read, merged and written.

A data directory keeps one ``catalog.json``; a project's coding folder keeps one catalog
per coder instead (``catalog/<coder file>.json``, written only by that coder), and a
``catalog.json`` left there from before is still read. Readers want one list of
documents, not files: ``CatalogFiles`` finds the files, reads their records, leaves out
the ones that are not sound and merges the rest (see ``catalog.merge_entries``).

Registering a document is a read-modify-write of one file under ``catalog.lock``, so two
instances working on different documents never lose each other's records; the file is
written only when something changed. ``DataDir`` makes the paths, chooses the file a
registration goes to and makes its folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from functools import partial
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

from annotator.annotation import utc_now
from annotator.files import NOFOLLOW
from annotator.store.catalog import (
    CatalogEntry,
    catalog_entry_problem,
    document_path,
    merge_entries,
    stored_path,
)
from annotator.store.naming import kind_in_catalog_folder
from annotator.store.places import FileModes, UnsafePath, symlink_problem
from annotator.store.storage import CATALOG as CATALOG_FORMAT
from annotator.store.storage import AtomicJSONStorage, StoreDamaged, remove_leftover_temps


@dataclass(frozen=True, slots=True)
class CatalogRead:
    """The catalog as read once: every document (``entries``, merged over the files),
    and the records of one file by document id (``own``: the file a registration of
    the reader's coder goes to), both with absolute paths."""

    entries: list[CatalogEntry]
    own: dict[str, CatalogEntry]


@dataclass(frozen=True, slots=True)
class CatalogFiles:
    """A data directory's catalog files: ``shared`` (``catalog.json``) and, in a project
    (``project_root`` set), every coder's file in the folder ``per_coder``; updates are
    serialised by the lock file ``lock``. New files get ``modes``; paths in a project's
    records are relative to its root."""

    shared: Path
    per_coder: Path
    lock: Path
    modes: FileModes
    project_root: Path | None

    def files(self) -> list[Path]:
        """Every catalog file there is to read: ``catalog.json``, then in a project each
        coder's. StoreDamaged if the project's ``catalog`` folder is a symlink."""
        files = [self.shared] if os.path.lexists(self.shared) else []
        if self.project_root is not None:
            if self.per_coder.is_symlink():
                raise StoreDamaged(self.per_coder, symlink_problem(self.per_coder))
            try:
                entries = list(os.scandir(self.per_coder))
            except (FileNotFoundError, NotADirectoryError):
                entries = []
            files.extend(
                sorted(Path(e.path) for e in entries if kind_in_catalog_folder(e.name) == "catalog")
            )
        return files

    def records(self, path: Path | None = None) -> list[tuple[str, Any]]:
        """One catalog file's raw records with their keys (for the doctor), by default
        ``catalog.json``'s; StoreDamaged if it is damaged."""
        path = path or self.shared
        if not os.path.lexists(path):
            return []
        db = self._open(path)
        try:
            tables = db.storage.read() or {}
            documents = tables.get("documents", {})
            return list(documents.items())
        finally:
            db.close()

    def entries(self) -> list[CatalogEntry]:
        """The documents the catalog knows, each once; records that are not sound are
        left out (the doctor names them). A project's coders' files are merged (see
        ``merge_entries``), and every path made absolute."""
        return self.read().entries

    def read(self, own: Path | None = None) -> CatalogRead:
        """``entries``, and with ``own`` (the file a registration would go to) that
        file's records as entries, from the same one read of every file."""
        absolute = partial(document_path, self.project_root)
        sound: list[Any] = []
        mine: list[Any] = []
        files = self.files()
        for path in files:
            for _key, record in self.records(path):
                if catalog_entry_problem(record) is None:
                    sound.append(record)
                    if path == own:
                        mine.append(record)
        entries = merge_entries(sound, absolute)
        # One file (no project, or a coder alone in it): its records are the entries.
        owned = entries if own is not None and files == [own] else merge_entries(mine, absolute)
        return CatalogRead(entries, {entry.doc_id: entry for entry in owned})

    def find(self, reference: str) -> list[CatalogEntry]:
        """Catalog entries whose id, file name or path equals ``reference`` (a path
        also as written relative to the project root)."""
        root = self.project_root
        stored = stored_path(root, os.path.abspath(reference)) if root else None
        return [
            entry
            for entry in self.entries()
            if reference in (entry.doc_id, entry.name, entry.path)
            or (stored is not None and stored_path(root, entry.path) in (reference, stored))
        ]

    def write(
        self,
        target: Path,
        *,
        doc_id: str,
        name: str,
        path: str,
        sentences: int,
        paragraphs: int,
        previous: str | None,
    ) -> CatalogEntry:
        """Record in the catalog file ``target`` (its folder must exist) that a document was
        opened; the file is written only when something changed. A record that names
        the version its document follows keeps it; ``previous`` goes to one that names
        none."""
        with self._locked(target):
            db = self._open(target)
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
                record["path"] = stored_path(self.project_root, path)
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

    def _open(self, path: Path) -> TinyDB:
        # A symlink is refused when read (StoreDamaged) and replaced, never followed,
        # when written.
        return TinyDB(path, storage=AtomicJSONStorage, fmt=CATALOG_FORMAT, mode=self.modes.file)

    @contextlib.contextmanager
    def _locked(self, target: Path) -> Iterator[None]:
        """Serialise catalog updates between instances working on different documents.

        Held only for one read-modify-write, so a second instance waits milliseconds.
        """
        path = self.lock
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
            remove_leftover_temps(target)
            yield
        finally:
            os.close(fd)
