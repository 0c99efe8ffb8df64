"""One coder's annotations on one document, in one TinyDB file."""

from __future__ import annotations

from pathlib import Path

from tinydb import Query, TinyDB

from annotator.annotation import Annotation
from annotator.store.storage import AtomicJSONStorage

TABLE = "annotations"


class DocumentStore:
    """Load and save the annotations of one (document, coder) pair.

    Each ``save`` or ``delete`` is durable on disk when it returns.
    """

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._db = TinyDB(path, storage=AtomicJSONStorage, read_only=read_only)
        self._table = self._db.table(TABLE)

    def load(self) -> list[Annotation]:
        """All annotations in the file. Raises StoreDamaged if the file cannot be trusted."""
        return [Annotation.from_record(dict(record)) for record in self._table.all()]

    def save(self, annotation: Annotation) -> None:
        """Insert or replace ``annotation`` (matched by its id)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._table.upsert(annotation.to_record(), Query().id == annotation.id)

    def delete(self, annotation_id: str) -> None:
        self._table.remove(Query().id == annotation_id)

    def close(self) -> None:
        self._db.close()
