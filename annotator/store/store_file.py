"""The open TinyDB file of one store: its records read, and queued changes written.

``DocumentStore`` ties the file to its lock and its background writer; this module is
what happens to the file itself, behind one lock between the writer thread and readers.
Opening reads the file at once (TinyDB reads lazily; damage must show when the store
opens, naming the backup to restore), removes the temp files a crashed writer left, and
refuses a file that holds another coder's work.

A batch of changes is one atomic write. Annotations are found by id through an index;
settings update the one record of their table (see ``records.setting_record``). The first
write brings an old file up to date: it keeps a file of an older format as
``<file>.schema<N>.bak`` and moves a file from its old ``%XX`` name to the new one. Every
write completes a file that lacks the coder's name, a state record or the adopted
legacy corrections.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from pathlib import Path

from tinydb import TinyDB
from tinydb.table import Document, Table

from annotator.annotation import Annotation
from annotator.store.records import corrections_record, setting_record
from annotator.store.schema import ANNOTATIONS, CODER, CORRECTIONS, STATE, BadRecord, singleton
from annotator.store.storage import (
    AtomicJSONStorage,
    StoreDamaged,
    backup_path,
    remove_leftover_temps,
)
from annotator.store.upgrade import move_to_new_name, present
from annotator.store.writer import QueuedChange, Setting
from annotator.text.overrides import SegmentationOverrides

_ONE = 1
"""The document id of the one record of the ``coder``, ``state`` and ``corrections`` tables."""


class StoreFile:
    """One store file, open for reading (and for writing unless ``read_only``).

    ``source`` is where the file is now: ``path``, or its old name until the first write
    moves it (then ``on_moved`` is called). ``coder`` and ``adopt`` (the legacy shared
    corrections) are what a write puts in a file that lacks them. ``remove_temps`` is for
    the lock holder only. Raises StoreDamaged, naming the backup if there is one, for a
    damaged file or one of another coder.
    """

    def __init__(
        self,
        path: Path,
        *,
        source: Path,
        coder: str | None,
        adopt: SegmentationOverrides | None,
        read_only: bool,
        mode: int | None,
        remove_temps: bool,
        on_moved: Callable[[], None],
    ) -> None:
        self.path = path
        self.source = source
        self.coder = coder
        self.adopt = adopt
        self.removed_temps: list[Path] = []
        self.migration_backup: Path | None = None
        self._on_moved = on_moved
        self._prepared = False
        self._lock = threading.RLock()
        self._index: dict[str, list[int]] | None = None
        self._db = TinyDB(
            path,
            storage=AtomicJSONStorage,
            read_only=read_only,
            source=source,
            mode=mode,
        )
        self._storage: AtomicJSONStorage = self._db.storage  # type: ignore[assignment]
        self._table = self._db.table(ANNOTATIONS)
        try:
            if remove_temps:
                self.removed_temps = remove_leftover_temps(path)
                if source != path:
                    self.removed_temps += remove_leftover_temps(source)
            self._storage.read()  # TinyDB reads lazily; damage must show at open
            self._check_owner()
        except StoreDamaged as exc:
            backup = backup_path(exc.path)
            raise StoreDamaged(
                exc.path, exc.problem, backup=backup if backup.exists() else None
            ) from None

    def _check_owner(self) -> None:
        name = self.file_coder
        if self.coder is not None and name is not None and name != self.coder:
            raise StoreDamaged(
                self.source,
                f"the file holds the work of coder {name!r}, not of {self.coder!r}; "
                "it is left as it is",
            )

    def make_read_only(self) -> None:
        """Refuse every write from now on (the file has bad records)."""
        self._storage.read_only = True

    # -- reading ---------------------------------------------------------------------

    def record(self, table: str) -> dict[str, object] | None:
        """A copy of the one record of ``table``, as last applied (None: there is none)."""
        with self._lock:
            tables = self._storage.read() or {}
            record = singleton(tables, table)
            return dict(record) if record is not None else None

    def field(self, table: str, key: str) -> object:
        """One field of the one record of ``table`` (None without the record or field)."""
        record = self.record(table)
        return record.get(key) if record else None

    @property
    def file_coder(self) -> str | None:
        """The coder's name as the file holds it (None: an older file or no file)."""
        name = self.field(CODER, "name")
        return name if isinstance(name, str) else None

    def annotations(self) -> list[Annotation]:
        """Every annotation in the file, including changes applied but not yet durable."""
        with self._lock:
            records = [dict(record) for record in self._table.all()]
        return [Annotation.from_record(record) for record in records]

    @property
    def bad_records(self) -> list[BadRecord]:
        return list(self._storage.bad_records)

    # -- writing ---------------------------------------------------------------------

    def apply(self, changes: list[QueuedChange]) -> None:
        """Runs on the writer thread: one durable file write for the whole batch.

        Records are found through an index of annotation id to TinyDB document id: a
        query would test every record of the document on every change.
        """
        with self._lock:
            try:
                self._prepare_first_write()
                index = self._id_index()
                with self._storage.batch():
                    self._complete_file()
                    for change in changes:
                        key = change.key
                        if isinstance(key, Setting):
                            self._upsert(*setting_record(key, change.value))
                            continue
                        doc_ids = index.get(key)
                        annotation = change.annotation
                        if annotation is None:
                            if doc_ids:
                                self._table.remove(doc_ids=doc_ids)
                                del index[key]
                        elif doc_ids:
                            self._table.update(annotation.to_record(), doc_ids=doc_ids)
                        else:
                            doc_id = self._table.insert(annotation.to_record())
                            index[key] = [doc_id]
            except BaseException:
                self._index = None  # what is on disk decides again
                raise
            finally:
                self._table.clear_cache()

    def _upsert(self, name: str, fields: Mapping[str, object]) -> None:
        """Update the one record of table ``name`` (whatever its key), or make it."""
        existing = (self._storage.read() or {}).get(name)
        doc_id = int(next(iter(existing))) if existing else _ONE
        table: Table = self._db.table(name)
        table.upsert(Document(fields, doc_id=doc_id))
        table.clear_cache()

    def _complete_file(self) -> None:
        """Inside a write: the coder's name, a state record, and the adopted corrections
        are in the file (a new file, or one of an older format, lacks them)."""
        tables = self._storage.read() or {}
        if not tables.get(CODER) and self.coder is not None:
            self._upsert(CODER, {"name": self.coder})
        if not tables.get(STATE):
            self._upsert(STATE, {"cursor": None, "finished": None})
        if not tables.get(CORRECTIONS) and self.adopt:
            self._upsert(CORRECTIONS, corrections_record(self.adopt))

    def _prepare_first_write(self) -> None:
        """Before the first write: keep an older format's original bytes, and move a file
        from its old name to the new one (backups first, so a crash between leaves the
        file where the next writer looks)."""
        if self._prepared:
            return
        self.migration_backup = self._storage.keep_original() or self.migration_backup
        source = self.source
        if source != self.path and present(source):
            move_to_new_name(source, self.path)
            self._storage.moved_to_path()
            self.source = self.path
            self._on_moved()
        self._prepared = True

    def _id_index(self) -> dict[str, list[int]]:
        if self._index is None:
            index: dict[str, list[int]] = {}
            for document in self._table.all():
                index.setdefault(str(document.get("id")), []).append(document.doc_id)
            self._index = index
        return self._index

    def close(self) -> None:
        with self._lock:
            self._db.close()
