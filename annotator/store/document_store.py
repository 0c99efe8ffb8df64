"""One coder's annotations on one document, in one TinyDB file, written in the background.

Opening a store for writing takes its lock (see ``locks``); when another live process
holds it, the store opens read-only and says who holds it. Opening also removes temp files
a crashed writer left, checks the file (raising StoreDamaged, never overwriting it) and
upgrades an older schema. ``save`` and ``delete`` queue the change for the store's
background writer and return its sequence number at once.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path

from tinydb import TinyDB

from annotator.annotation import Annotation
from annotator.store import shutdown
from annotator.store.locks import LockHeld, LockHolder, StoreLock
from annotator.store.storage import (
    AtomicJSONStorage,
    StoreDamaged,
    atomic_write_bytes,
    backup_path,
    remove_leftover_temps,
)
from annotator.store.writer import BackgroundWriter, QueuedChange, StatusListener, StoreStatus

TABLE = "annotations"


def describe_write_error(path: Path, exc: BaseException) -> str:
    """A message a coder can act on, for the status line."""
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
    else:
        reason = str(exc) or type(exc).__name__
    return f"cannot save {path.name}: {reason}; edits are kept in memory and retried"


class DocumentStore:
    """Load and save the annotations of one (document, coder) pair.

    ``read_only`` is true when asked for, or when another process holds the lock; then
    ``read_only_reason`` says why and ``lock_holder`` names the holder.
    """

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        on_status: StatusListener | None = None,
    ) -> None:
        self.path = path
        self.lock: StoreLock | None = None
        self.lock_holder: LockHolder | None = None
        self.read_only_reason = ""
        self.removed_temps: list[Path] = []
        self.migration_backup: Path | None = None
        if not read_only:
            try:
                self.lock = StoreLock.acquire(path)
            except LockHeld as held:
                read_only = True
                self.lock_holder = held.holder
                self.read_only_reason = f"{held}; opened read-only"
            except OSError as exc:
                # A read-only or full data directory: the coder can still read.
                read_only = True
                self.read_only_reason = (
                    f"cannot lock {path.name} for writing ({exc.strerror or exc}); opened read-only"
                )
        self.read_only = read_only
        self._db_lock = threading.RLock()
        self._index: dict[str, list[int]] | None = None
        self._db = TinyDB(path, storage=AtomicJSONStorage, read_only=read_only)
        self._storage: AtomicJSONStorage = self._db.storage  # type: ignore[assignment]
        self._table = self._db.table(TABLE)
        try:
            if self.lock is not None:
                self.removed_temps = remove_leftover_temps(path)
            self._storage.read()  # TinyDB reads lazily; damage must show at open
            if self.lock is not None:
                self.migration_backup = self._storage.upgrade()
        except StoreDamaged as exc:
            self._release()
            backup = backup_path(path)
            raise StoreDamaged(
                exc.path, exc.problem, backup=backup if backup.exists() else None
            ) from None
        except BaseException:
            self._release()
            raise
        self._closed = False
        self._writer: BackgroundWriter | None = None
        if not read_only:
            self._writer = BackgroundWriter(
                self._apply,
                name=f"store-writer:{path.parent.name}/{path.name}",
                describe_error=lambda exc: describe_write_error(path, exc),
            )
            if on_status is not None:
                self._writer.add_listener(on_status)
            shutdown.register(self)
        self._final_unsaved: list[QueuedChange] = []

    # -- reading ---------------------------------------------------------------------

    def load(self) -> list[Annotation]:
        """All annotations in the store, including changes applied but not yet durable."""
        with self._db_lock:
            records = [dict(record) for record in self._table.all()]
        return [Annotation.from_record(record) for record in records]

    # -- writing ---------------------------------------------------------------------

    def save(self, annotation: Annotation) -> int:
        """Queue an insert or replace of ``annotation`` (by id); returns its sequence number."""
        return self._require_writer().submit(annotation.id, annotation)

    def apply_many(self, changes: Sequence[tuple[str, Annotation | None]]) -> int:
        """Queue saves (id, annotation) and deletes (id, None) together: one disk write."""
        return self._require_writer().submit_many(changes)

    def delete(self, annotation_id: str) -> int:
        """Queue the removal of an annotation; returns its sequence number."""
        return self._require_writer().submit(annotation_id, None)

    def _require_writer(self) -> BackgroundWriter:
        if self._writer is None:
            if self._closed:
                raise PermissionError(f"{self.path.name} is closed; the change was not queued")
            reason = self.read_only_reason or f"{self.path.name} is open read-only"
            raise PermissionError(reason)
        return self._writer

    def _apply(self, changes: list[QueuedChange]) -> None:
        """Runs on the writer thread: one durable file write for the whole batch.

        Records are found through an index of annotation id to TinyDB document id: a
        query would test every record of the document on every change.
        """
        with self._db_lock:
            try:
                index = self._id_index()
                with self._storage.batch():
                    for change in changes:
                        doc_ids = index.get(change.key)
                        if change.annotation is None:
                            if doc_ids:
                                self._table.remove(doc_ids=doc_ids)
                                del index[change.key]
                        elif doc_ids:
                            self._table.update(change.annotation.to_record(), doc_ids=doc_ids)
                        else:
                            doc_id = self._table.insert(change.annotation.to_record())
                            index[change.key] = [doc_id]
            except BaseException:
                self._index = None  # what is on disk decides again
                raise
            finally:
                self._table.clear_cache()

    def _id_index(self) -> dict[str, list[int]]:
        if self._index is None:
            index: dict[str, list[int]] = {}
            for document in self._table.all():
                index.setdefault(str(document.get("id")), []).append(document.doc_id)
            self._index = index
        return self._index

    # -- status, for the UI ----------------------------------------------------------

    @property
    def status(self) -> StoreStatus:
        if self._writer is None:
            return StoreStatus("saved", len(self._final_unsaved), 0, self.read_only_reason)
        return self._writer.status

    @property
    def pending(self) -> int:
        return self._writer.pending if self._writer else len(self._final_unsaved)

    @property
    def durable_seq(self) -> int:
        return self._writer.durable_seq if self._writer else 0

    @property
    def last_seq(self) -> int:
        """The sequence number of the latest change queued (0 before any)."""
        return self._writer.last_seq if self._writer else 0

    def add_status_listener(self, listener: StatusListener) -> None:
        """``listener(status)`` is called on the writer's thread after every change."""
        if self._writer is not None:
            self._writer.add_listener(listener)

    def wait_durable(self, seq: int, timeout: float | None = None) -> bool:
        return True if self._writer is None else self._writer.wait_durable(seq, timeout)

    def flush(self, timeout: float | None = None) -> bool:
        """Block until every queued change is durable; False on timeout (e.g. full disk).

        Safe from another thread while ``close`` runs (a UI waits off its own thread).
        """
        writer = self._writer
        return True if writer is None else writer.flush(timeout)

    def unsaved_changes(self) -> list[QueuedChange]:
        """Changes not yet durable, the latest per annotation (deletes included)."""
        return self._writer.unsaved() if self._writer else list(self._final_unsaved)

    def unsaved_annotations(self) -> list[Annotation]:
        """Annotations whose latest state is not yet on disk (for export before quitting)."""
        return [c.annotation for c in self.unsaved_changes() if c.annotation is not None]

    def export_unsaved(self, destination: Path) -> int:
        """Write the unsaved changes as JSON lines to ``destination``; returns how many.

        Each line is ``{"op": "save", "annotation": {...}}`` or
        ``{"op": "delete", "id": ...}``, so a coder can recover work elsewhere.
        """
        lines = []
        for change in self.unsaved_changes():
            if change.annotation is None:
                record: dict[str, object] = {"op": "delete", "id": change.key}
            else:
                record = {"op": "save", "annotation": change.annotation.to_record()}
            lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True))
        data = "".join(line + "\n" for line in lines).encode("utf-8")
        atomic_write_bytes(destination, data)
        return len(lines)

    # -- closing ---------------------------------------------------------------------

    def close(self, timeout: float | None = 10.0) -> bool:
        """Flush, stop the writer and release the lock. False if changes stayed unsaved.

        Unsaved changes remain available from ``unsaved_changes`` after closing.
        """
        saved = True
        self._closed = True
        writer, self._writer = self._writer, None
        if writer is not None:
            saved = writer.stop(timeout)
            self._final_unsaved = writer.unsaved()
            shutdown.unregister(self)
        with self._db_lock:
            self._db.close()
        self._release()
        return saved

    def _release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def __enter__(self) -> DocumentStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
