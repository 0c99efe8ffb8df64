"""The data directory: a catalog of documents and a folder of store files per document.

Layout::

    DATA_DIR/
      catalog.json                      known documents (id, file name, path, sizes)
      documents/<doc_id>/<coder>.json   one coder's annotations on one document
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from tinydb import Query, TinyDB

from annotator.annotation import Annotation, utc_now
from annotator.store.document_store import DocumentStore
from annotator.store.storage import AtomicJSONStorage, remove_leftover_temps
from annotator.store.writer import StatusListener

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def coder_file_name(coder: str) -> str:
    """A file name for a coder's name that is safe on every platform and reversible."""
    escaped = _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), coder)
    if escaped.startswith("."):
        # Dot files in a document's folder are ours (temp files, corrections), not stores.
        escaped = "%2E" + escaped[1:]
    return f"{escaped or '%00'}.json"


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


class DataDir:
    """Entry point to everything stored under one data directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.documents_dir = root / "documents"
        self.catalog_path = root / "catalog.json"

    def ensure(self) -> None:
        self.documents_dir.mkdir(parents=True, exist_ok=True)

    def document_dir(self, doc_id: str) -> Path:
        return self.documents_dir / doc_id

    def store_path(self, doc_id: str, coder: str) -> Path:
        return self.document_dir(doc_id) / coder_file_name(coder)

    def open_store(
        self,
        doc_id: str,
        coder: str,
        *,
        read_only: bool = False,
        on_status: StatusListener | None = None,
    ) -> DocumentStore:
        """Open one coder's store on one document: read-only if another process has it."""
        return DocumentStore(
            self.store_path(doc_id, coder), read_only=read_only, on_status=on_status
        )

    def segmentation_path(self, doc_id: str) -> Path:  # dot: not a coder's *.json store
        return self.document_dir(doc_id) / ".segmentation.json"

    def store_files(self, doc_id: str) -> list[Path]:
        directory = self.document_dir(doc_id)
        if not directory.is_dir():
            return []
        return sorted(p for p in directory.glob("*.json") if not p.name.startswith("."))

    def annotations(self, doc_id: str) -> list[Annotation]:
        """Every coder's annotations on a document, read-only."""
        found: list[Annotation] = []
        for path in self.store_files(doc_id):
            store = DocumentStore(path, read_only=True)
            try:
                found.extend(store.load())
            finally:
                store.close()
        return found

    # -- catalog ---------------------------------------------------------------------

    def _catalog(self) -> TinyDB:
        return TinyDB(self.catalog_path, storage=AtomicJSONStorage)

    @contextlib.contextmanager
    def _catalog_locked(self) -> Iterator[None]:
        """Serialise catalog updates between instances working on different documents.

        Held only for one read-modify-write, so a second instance waits milliseconds.
        """
        fd = os.open(self.root / "catalog.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            remove_leftover_temps(self.catalog_path)
            yield
        finally:
            os.close(fd)

    def register(
        self, *, doc_id: str, name: str, path: str, sentences: int, paragraphs: int
    ) -> CatalogEntry:
        """Record that a document was opened; written only when something changed."""
        self.ensure()
        with self._catalog_locked():
            return self._register_locked(doc_id, name, path, sentences, paragraphs)

    def _register_locked(
        self, doc_id: str, name: str, path: str, sentences: int, paragraphs: int
    ) -> CatalogEntry:
        db = self._catalog()
        try:
            table = db.table("documents")
            existing = table.get(Query().doc_id == doc_id)
            now = utc_now()
            entry = CatalogEntry(
                doc_id=doc_id,
                name=name,
                path=path,
                sentences=sentences,
                paragraphs=paragraphs,
                first_seen=str(existing["first_seen"]) if isinstance(existing, dict) else now,
                last_opened=now,
            )
            record = asdict(entry)
            if not isinstance(existing, dict) or any(
                existing.get(k) != record[k] for k in ("name", "path", "sentences", "paragraphs")
            ):
                table.upsert(record, Query().doc_id == doc_id)
            return entry
        finally:
            db.close()

    def catalog(self) -> list[CatalogEntry]:
        if not self.catalog_path.exists():
            return []
        db = self._catalog()
        try:
            return [
                CatalogEntry(**{k: record[k] for k in CatalogEntry.__dataclass_fields__})
                for record in db.table("documents").all()
            ]
        finally:
            db.close()

    def find(self, reference: str) -> list[CatalogEntry]:
        """Catalog entries whose id, file name or path equals ``reference``."""
        return [
            entry for entry in self.catalog() if reference in (entry.doc_id, entry.name, entry.path)
        ]
