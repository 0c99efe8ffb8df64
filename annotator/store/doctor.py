"""Check a data directory: every file it holds, by kind, and every record of every store.

The doctor knows each kind of file the store writes (``naming.kind_in_root``,
``kind_in_catalog_folder`` and ``kind_in_document_folder``): the catalog (or a project's
catalog file per coder), its backup and lock, store files under either name format, their
backups, schema backups, locks, temp files and damaged files kept aside, the legacy shared
corrections and the kept texts of versions. A file that a hand-made git merge left with
conflict markers is named with the way to fix it. Anything else is reported as unknown
and left alone; a symlink anywhere is a problem. Store files are checked down to each
record against the one schema, and, where the catalogued document (or its kept text) can
be read, each annotation's offsets against its text. The segmentation cache
(``cache/segments``) is checked too, each record against its document's text where it
can be read: a damaged record is reported, though not as a problem (it is never used,
and made anew when next needed), and so are records of an older segmenter. It changes
nothing: see ``repair``.
"""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from pathlib import Path

from annotator.settings.conflicts import has_conflict_markers
from annotator.store.cache_check import check_cache
from annotator.store.catalog import CatalogEntry, catalog_entry_problem
from annotator.store.datadir import DataDir
from annotator.store.findings import (
    CONFLICT_FIX,
    Finding,
    Report,
    backup_advice,
    check_file,
    has_conflict,
    read_checked,
)
from annotator.store.locks import lock_is_stale, lock_path, read_holder
from annotator.store.long_notes import long_notes
from annotator.store.naming import (
    CACHE,
    CATALOGS,
    DOC_ID,
    DOCUMENTS,
    coder_file_name,
    kind_in_catalog_folder,
    kind_in_document_folder,
    kind_in_root,
    owner_of,
    temp_owner,
)
from annotator.store.places import symlink_problem
from annotator.store.schema import ANNOTATIONS
from annotator.store.storage import (
    CATALOG,
    STORE,
    Contents,
    FileFormat,
    StoreDamaged,
    read_nofollow,
)
from annotator.store.texts import kept_text, text_problem
from annotator.store.work import read_work
from annotator.text.document import content_id
from annotator.text.loading import LoadError, load_text
from annotator.text.overrides import OverridesDamaged


class _Scan:
    """One examination: the findings so far and how many store files were checked."""

    def damaged(self, path: Path, exc: StoreDamaged, fmt: FileFormat) -> None:
        """A damaged file: the conflict a merge left, or the damage and its backup."""
        if has_conflict(path):
            self.add("conflict", path, f"holds {CONFLICT_FIX}")
        else:
            self.add("damaged", path, f"{exc.problem}; {backup_advice(path, fmt)}")

    def __init__(self, data_dir: DataDir) -> None:
        self.data_dir = data_dir
        self.findings: list[Finding] = []
        self.checked = 0
        self._texts: dict[str, int | None] = {}
        self._last_text: tuple[str, str | None] = ("", None)
        self._catalog: dict[str, CatalogEntry] = {}

    def add(self, kind: str, path: Path, message: str, *, problem: bool = True) -> None:
        self.findings.append(Finding(kind, path, message, problem))

    def _cache_finding(self, kind: str, path: Path, message: str, problem: bool) -> None:
        self.add(kind, path, message, problem=problem)

    # -- the top of the data directory -------------------------------------------------

    def root(self) -> None:
        root = self.data_dir.root
        # The catalogs first: checking offsets needs to know where each document is.
        later = (DOCUMENTS, CACHE)
        for entry in sorted(os.scandir(root), key=lambda e: (e.name in later, e.name)):
            path = Path(entry.path)
            if entry.is_symlink():
                self.add("symlink", path, symlink_problem(path))
            elif entry.name == DOCUMENTS and entry.is_dir():
                self.documents(path)
            elif entry.name == CATALOGS and entry.is_dir():
                self.catalogs(path)
            elif entry.name == CACHE and entry.is_dir():
                check_cache(path, self._cache_finding, self._text)
            elif entry.is_dir():
                self.add(
                    "unknown", path, "a folder annotator does not write; left alone", problem=False
                )
            else:
                self.root_file(path, kind_in_root(entry.name))

    def root_file(self, path: Path, kind: str) -> None:
        if kind == "catalog":
            self.catalog(path)
        elif kind == "catalog-backup":
            problem = check_file(path, CATALOG)
            if problem is not None:
                self.add("damaged-backup", path, f"backup is damaged: {problem}")
        elif kind in ("catalog-lock", "gitignore"):
            pass  # the catalog's lock stays after its instant; .gitignore is a project's
        elif kind == "temp":
            self.add("temp", path, "leftover temp file from an interrupted write")
        elif kind == "kept-aside":
            self.add("kept-aside", path, "damaged file kept aside by a restore", problem=False)
        else:
            self.add("unknown", path, "not a file annotator writes; left alone", problem=False)

    def catalogs(self, folder: Path) -> None:
        """A project's ``catalog/`` folder: one catalog file per coder, with backups."""
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            path = Path(entry.path)
            kind = kind_in_catalog_folder(entry.name)
            if entry.is_symlink():
                self.add("symlink", path, symlink_problem(path))
            elif not entry.is_file(follow_symlinks=False):
                self.add("unknown", path, "not a file annotator writes; left alone", problem=False)
            elif kind == "catalog":
                self.catalog(path)
            elif kind == "catalog-lock":
                self.add("unknown", path, "not a file annotator writes; left alone", problem=False)
            else:
                self.root_file(path, kind)

    def catalog(self, path: Path) -> None:
        try:
            contents = read_checked(path, CATALOG)
        except StoreDamaged as exc:
            self.damaged(path, exc, CATALOG)
            return
        for key, record in contents.tables.get("documents", {}).items():
            problem = catalog_entry_problem(record)
            if problem is not None:
                self.add("bad-record", path, f"record {key} of table 'documents' {problem}")
            else:
                entry = CatalogEntry(**record)
                path_of = self.data_dir.document_path(entry.path)
                self._catalog[record["doc_id"]] = replace(entry, path=path_of)

    # -- documents/ ----------------------------------------------------------------------

    def documents(self, folder: Path) -> None:
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            path = Path(entry.path)
            if entry.is_symlink():
                self.add("symlink", path, symlink_problem(path))
            elif entry.is_dir() and DOC_ID.fullmatch(entry.name):
                self.document(path, entry.name)
            else:
                self.add(
                    "unknown",
                    path,
                    "not a document folder (16 hex digits); left alone",
                    problem=False,
                )

    def document(self, folder: Path, doc_id: str) -> None:
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            path = Path(entry.path)
            info = os.lstat(path)
            kind = kind_in_document_folder(entry.name)
            if stat.S_ISLNK(info.st_mode):
                self.add("symlink", path, symlink_problem(path))
            elif not stat.S_ISREG(info.st_mode):
                self.add("unknown", path, "not a file annotator writes; left alone", problem=False)
            elif kind == "store":
                self.checked += 1
                self.store(path, doc_id)
            elif kind == "lock":
                self.lock(path)
            elif kind == "temp":
                self.temp(path)
            elif kind in ("backup", "schema-backup"):
                self.backup(path)
            elif kind == "kept-aside":
                self.add("kept-aside", path, "damaged file kept aside by a restore", problem=False)
            elif kind == "legacy-corrections":
                self.legacy_corrections(path, doc_id)
            elif kind == "version-text":
                self.version_text(path, doc_id)
            else:
                self.add("unknown", path, "not a file annotator writes; left alone", problem=False)

    def store(self, path: Path, doc_id: str) -> None:
        try:
            contents = read_checked(path)
        except StoreDamaged as exc:
            self.damaged(path, exc, STORE)
            return
        for bad in contents.bad:
            self.add("bad-record", path, bad.describe())
        self.offsets(path, contents, doc_id)
        for message in long_notes(contents.tables.get(ANNOTATIONS, {})):
            self.add("long-note", path, message, problem=False)
        work = read_work(path, data=read_nofollow(path))
        name = work.coder if work is not None else None
        if name is not None and path.name != coder_file_name(name):
            if contents.version >= 2:
                self.add(
                    "misnamed",
                    path,
                    f"holds the work of {name!r}, whose file is "
                    f"{coder_file_name(name)}: that coder's sessions do not read it",
                )
            else:
                self.add(
                    "legacy-name",
                    path,
                    f"{name!r}'s file in the old name format; the "
                    f"next session renames it {coder_file_name(name)}",
                    problem=False,
                )
        if contents.version < STORE.version:
            self.add(
                "old-format",
                path,
                f"format {contents.version}; brought to format "
                f"{STORE.version} by the next session that saves",
                problem=False,
            )

    def offsets(self, path: Path, contents: Contents, doc_id: str) -> None:
        """Annotations whose offsets lie past the end of the document's text, where the
        catalogued document can be read."""
        length = self._text_length(doc_id)
        if length is None:
            return
        for key, record in contents.tables.get(ANNOTATIONS, {}).items():
            if record["doc_id"] == doc_id and record["end"] > length:
                self.add(
                    "bad-record",
                    path,
                    f"record {key} of table 'annotations' has "
                    f"offsets {record['start']}-{record['end']} past the end of the "
                    f"text ({length} characters)",
                )

    def _text_length(self, doc_id: str) -> int | None:
        if doc_id not in self._texts:
            text = self._text(doc_id)
            self._texts[doc_id] = None if text is None else len(text)
        return self._texts[doc_id]

    def _text(self, doc_id: str) -> str | None:
        """The catalogued document's text if it can be read and is still this version, else
        the copy kept of an earlier version; the last one read is kept (a document's
        cache records come one after another)."""
        if self._last_text[0] == doc_id:
            return self._last_text[1]
        entry = self._catalog.get(doc_id)
        text = None
        if entry is not None:
            try:
                text = load_text(Path(entry.path)).text
            except (LoadError, OSError):
                text = None
            if text is not None and content_id(text) != doc_id:
                text = None
        if text is None:
            text = kept_text(self.data_dir, doc_id)  # an earlier version of an edited file
        self._last_text = (doc_id, text)
        return text

    def lock(self, path: Path) -> None:
        holder = read_holder(path)
        who = holder.describe() if holder else "an unknown process"
        if lock_is_stale(path):
            self.add("stale-lock", path, f"stale lock left by {who}; the next writer takes it over")
        else:
            self.add("locked", path, f"in use by {who}", problem=False)

    def temp(self, path: Path) -> None:
        owner = temp_owner(path.name)
        if owner is not None and _store_is_locked(path.with_name(owner)):
            return  # a write in progress
        self.add("temp", path, "leftover temp file from an interrupted write")

    def backup(self, path: Path) -> None:
        problem = check_file(path)
        if problem is not None:
            self.add("damaged-backup", path, f"backup is damaged: {problem}")

    def version_text(self, path: Path, doc_id: str) -> None:
        problem = text_problem(path, doc_id)
        if problem is not None:
            self.add(
                "damaged",
                path,
                f"the kept text of this version cannot be used: {problem}; coding follows "
                "an edit of this document without it (delete the file to silence this)",
            )

    def legacy_corrections(self, path: Path, doc_id: str) -> None:
        try:
            self.data_dir.legacy_corrections(doc_id)
        except OverridesDamaged as exc:
            self.add(
                "damaged",
                path,
                f"legacy shared corrections cannot be read: {exc}; "
                "they are not applied (the file is kept as it is)",
            )
            return
        self.add(
            "legacy-corrections",
            path,
            "sentence corrections shared by all coders "
            "(format 1): each coder whose file has none adopts them; kept as it is",
            problem=False,
        )


def _store_is_locked(store: Path) -> bool:
    lock = lock_path(store)
    return os.path.lexists(lock) and not lock.is_symlink() and not lock_is_stale(lock)


def examine(root: Path, *, project_root: Path | None = None) -> Report:
    """Everything wrong (and worth knowing) under the data directory ``root``.

    ``root`` must be a folder (the command line says so when it is not).
    ``project_root``: ``root`` is that project's coding folder, whose catalogs keep
    paths relative to it.
    """
    scan = _Scan(DataDir(root, project_root=project_root))
    if root.is_dir():
        scan.root()
    return Report(scan.findings, scan.checked)


__all__ = [
    "Finding",
    "Report",
    "check_file",
    "examine",
    "has_conflict_markers",
    "owner_of",
    "read_checked",
]
