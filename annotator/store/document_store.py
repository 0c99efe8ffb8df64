"""One coder's work on one document, in one TinyDB file, written in the background.

The file holds everything of that coder's work on the document (format 2, see
``schema``): the annotations, the coder's name, the finished mark and cursor, and the
sentence corrections. Opening a store for writing takes its lock (see ``locks``); when
another live process holds it, the store opens read-only and says who holds it. Opening
also removes temp files a crashed writer left and checks the file: damage raises
StoreDamaged (the file is never overwritten), and bad records open it read-only.

``save``, ``delete``, ``set`` and ``apply_many`` queue changes for the store's background
writer and return a sequence number at once; changes queued in one call reach the disk in
one atomic write. The first write by the lock holder brings an old file up to date: it
keeps a file of an older format as ``<file>.schema<N>.bak``, moves a file from its old
``%XX`` name to the new one, and adopts the document's legacy shared corrections.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

from tinydb import TinyDB
from tinydb.table import Document, Table

from annotator.annotation import Annotation
from annotator.store import shutdown
from annotator.store.locks import LockHeld, LockHolder, StoreLock, lock_path
from annotator.store.records import (
    bad_records_reason,
    corrections_from_record,
    corrections_record,
    unsaved_lines,
)
from annotator.store.schema import ANNOTATIONS, CODER, CORRECTIONS, STATE, BadRecord, singleton
from annotator.store.storage import (
    AtomicJSONStorage,
    StoreDamaged,
    atomic_write_bytes,
    backup_path,
    remove_leftover_temps,
)
from annotator.store.upgrade import move_to_new_name, present
from annotator.store.writer import (
    BackgroundWriter,
    Key,
    QueuedChange,
    Setting,
    StatusListener,
    StoreStatus,
    Value,
)
from annotator.text.overrides import EMPTY, SegmentationOverrides

TABLE = ANNOTATIONS
_ONE = 1
"""The document id of the one record of the ``coder``, ``state`` and ``corrections`` tables."""


def describe_write_error(path: Path, exc: BaseException) -> str:
    """A message a coder can act on, for the status line."""
    if isinstance(exc, OSError):
        reason = exc.strerror or str(exc)
    else:
        reason = str(exc) or type(exc).__name__
    return f"cannot save {path.name}: {reason}; edits are kept in memory and retried"


class DocumentStore:
    """Load and save one coder's work on one document.

    ``coder`` is the coder's real name, kept in the file (a writer needs it; a file that
    names another coder is refused). ``legacy_path`` is where a file of the old name
    format may be; it is read meanwhile and moved on the first write. ``adopt`` are the
    document's legacy shared corrections, taken on when the file has none of its own.
    ``mode`` is the permission bits of new files.

    ``read_only`` is true when asked for, when another process holds the lock, or when the
    file has bad records; then ``read_only_reason`` says why and ``lock_holder`` names a
    holder.
    """

    def __init__(
        self,
        path: Path,
        *,
        coder: str | None = None,
        read_only: bool = False,
        on_status: StatusListener | None = None,
        legacy_path: Path | None = None,
        adopt: SegmentationOverrides | None = None,
        mode: int | None = 0o600,
    ) -> None:
        self.path = path
        self.coder = coder
        self.mode = mode
        self.lock: StoreLock | None = None
        self.lock_holder: LockHolder | None = None
        self.read_only_reason = ""
        self.removed_temps: list[Path] = []
        self.migration_backup: Path | None = None
        self._legacy_lock: StoreLock | None = None
        self._adopt = adopt
        source = path
        if legacy_path is not None and not present(path) and present(legacy_path):
            source = legacy_path
        self.source = source
        if not read_only:
            read_only = not self._lock(path, source)
        self.read_only = read_only
        self._db_lock = threading.RLock()
        self._index: dict[str, list[int]] | None = None
        self._db = TinyDB(
            path,
            storage=AtomicJSONStorage,
            read_only=read_only,
            source=source,
            mode=mode,
        )
        self._storage: AtomicJSONStorage = self._db.storage  # type: ignore[assignment]
        self._table = self._db.table(TABLE)
        try:
            if self.lock is not None:
                self.removed_temps = remove_leftover_temps(path)
                if source != path:
                    self.removed_temps += remove_leftover_temps(source)
            self._storage.read()  # TinyDB reads lazily; damage must show at open
            self._check_owner()
        except StoreDamaged as exc:
            self._release()
            backup = backup_path(exc.path)
            raise StoreDamaged(
                exc.path, exc.problem, backup=backup if backup.exists() else None
            ) from None
        except BaseException:
            self._release()
            raise
        if self._storage.bad_records and not self.read_only:
            self._release()
            self.read_only = True
            self._storage.read_only = True
        if self._storage.bad_records:
            self.read_only_reason = bad_records_reason(source, self._storage.bad_records)
        self._prepared = False
        self._closed = False
        self._writer: BackgroundWriter | None = None
        if not self.read_only:
            self._writer = BackgroundWriter(
                self._apply,
                name=f"store-writer:{path.parent.name}/{path.name}",
                describe_error=lambda exc: describe_write_error(path, exc),
            )
            if on_status is not None:
                self._writer.add_listener(on_status)
            shutdown.register(self)
        self._final_unsaved: list[QueuedChange] = []

    def _lock(self, path: Path, source: Path) -> bool:
        """Take the store's lock (and the old name's, while the file has it); False and
        a reason when it cannot be had."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.lock = StoreLock.acquire(path, self.mode or 0o600)
            if source != path:
                # An annotator of the old name format locks the old name.
                self._legacy_lock = StoreLock.acquire(source, self.mode or 0o600)
        except LockHeld as held:
            self._release()
            self.lock_holder = held.holder
            self.read_only_reason = f"{held}; opened read-only"
            return False
        except OSError as exc:
            # A read-only or full data directory, or a planted symlink: the coder can
            # still read.
            self._release()
            self.read_only_reason = (
                f"cannot lock {path.name} for writing ({exc.strerror or exc}); opened read-only"
            )
            return False
        return True

    def _check_owner(self) -> None:
        name = self.file_coder
        if self.coder is not None and name is not None and name != self.coder:
            raise StoreDamaged(
                self.source,
                f"the file holds the work of coder {name!r}, not of {self.coder!r}; "
                "it is left as it is",
            )

    # -- reading ---------------------------------------------------------------------

    def _record(self, table: str) -> dict[str, object] | None:
        with self._db_lock:
            tables = self._storage.read() or {}
            record = singleton(tables, table)
            return dict(record) if record is not None else None

    def load(self) -> list[Annotation]:
        """All annotations in the store, including changes applied but not yet durable."""
        with self._db_lock:
            records = [dict(record) for record in self._table.all()]
        return [Annotation.from_record(record) for record in records]

    @property
    def bad_records(self) -> list[BadRecord]:
        """Records that do not fit the schema; they are never used."""
        return list(self._storage.bad_records)

    @property
    def file_coder(self) -> str | None:
        """The coder's name as the file holds it (None: a file of format 1 or 0 whose
        records named no coder, or no file yet)."""
        record = self._record(CODER)
        name = record.get("name") if record else None
        return name if isinstance(name, str) else None

    @property
    def finished(self) -> str | None:
        """When the coder marked the document finished (UTC), as last applied."""
        record = self._record(STATE)
        value = record.get("finished") if record else None
        return value if isinstance(value, str) else None

    @property
    def cursor(self) -> int | None:
        """The start offset of the sentence the coder was on, as last applied."""
        record = self._record(STATE)
        value = record.get("cursor") if record else None
        return value if isinstance(value, int) else None

    @property
    def reference(self) -> bool:
        """True when the file is an adjudicated reference layer, as last applied."""
        record = self._record(CODER)
        return bool(record and record.get("reference") is True)

    @property
    def adjudicated(self) -> tuple[int, ...]:
        """In a reference layer, the start offsets of the sentences decided so far."""
        record = self._record(STATE)
        value = record.get("adjudicated") if record else None
        return tuple(value) if isinstance(value, list) else ()

    @property
    def carried_from(self) -> str | None:
        """The earlier version of the text this coding was carried over from, if any."""
        record = self._record(STATE)
        value = record.get("carried_from") if record else None
        return value if isinstance(value, str) else None

    @property
    def held(self) -> tuple[str, ...]:
        """Ids of the earlier version's annotations awaiting the coder's decision."""
        return self._ids("held")

    @property
    def rejected(self) -> tuple[str, ...]:
        """Ids of held annotations the coder rejected (they stay orphaned)."""
        return self._ids("rejected")

    def _ids(self, key: str) -> tuple[str, ...]:
        record = self._record(STATE)
        value = record.get(key) if record else None
        return tuple(value) if isinstance(value, list) else ()

    @property
    def own_corrections(self) -> SegmentationOverrides | None:
        """The corrections the file holds; None when it holds none yet."""
        return corrections_from_record(self._record(CORRECTIONS))

    @property
    def corrections(self) -> SegmentationOverrides:
        """The coder's sentence corrections: the file's own, else the legacy shared ones."""
        own = self.own_corrections
        if own is not None:
            return own
        return self._adopt if self._adopt is not None else EMPTY

    # -- writing ---------------------------------------------------------------------

    def save(self, annotation: Annotation) -> int:
        """Queue an insert or replace of ``annotation`` (by id); returns its sequence number."""
        return self._require_writer().submit(annotation.id, annotation)

    def apply_many(self, changes: Sequence[tuple[Key, Value]]) -> int:
        """Queue saves (id, annotation), deletes (id, None) and settings together: one
        disk write for all of them."""
        return self._require_writer().submit_many(changes)

    def delete(self, annotation_id: str) -> int:
        """Queue the removal of an annotation; returns its sequence number."""
        return self._require_writer().submit(annotation_id, None)

    def set(self, setting: Setting, value: Value) -> int:
        """Queue a new value of the finished mark, the cursor or the corrections."""
        return self._require_writer().submit(setting, value)

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
                self._prepare_first_write()
                index = self._id_index()
                with self._storage.batch():
                    self._complete_file()
                    for change in changes:
                        key = change.key
                        if isinstance(key, Setting):
                            self._apply_setting(key, change.value)
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

    def _apply_setting(self, setting: Setting, value: Value) -> None:
        if setting is Setting.CORRECTIONS:
            assert isinstance(value, SegmentationOverrides)
            self._upsert(CORRECTIONS, corrections_record(value))
        elif setting is Setting.REFERENCE:
            self._upsert(CODER, {"reference": bool(value)})
        elif setting in (Setting.ADJUDICATED, Setting.HELD, Setting.REJECTED):
            assert isinstance(value, tuple)
            self._upsert(STATE, {setting.value: sorted(value)})
        else:
            self._upsert(STATE, {setting.value: value})

    def _complete_file(self) -> None:
        """Inside a write: the coder's name, a state record, and the adopted corrections
        are in the file (a new file, or one of an older format, lacks them)."""
        tables = self._storage.read() or {}
        if not tables.get(CODER) and self.coder is not None:
            self._upsert(CODER, {"name": self.coder})
        if not tables.get(STATE):
            self._upsert(STATE, {"cursor": None, "finished": None})
        if not tables.get(CORRECTIONS) and self._adopt:
            self._upsert(CORRECTIONS, corrections_record(self._adopt))

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
            if self._legacy_lock is not None:
                self._legacy_lock.release()
                self._legacy_lock = None
        self._prepared = True

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
        """Changes not yet durable, the latest per record (deletes included)."""
        return self._writer.unsaved() if self._writer else list(self._final_unsaved)

    def unsaved_annotations(self) -> list[Annotation]:
        """Annotations whose latest state is not yet on disk (for export before quitting)."""
        return [c.annotation for c in self.unsaved_changes() if c.annotation is not None]

    def export_unsaved(self, destination: Path) -> int:
        """Write the unsaved changes as JSON lines to ``destination``; returns how many.

        Each line is ``{"op": "save", "annotation": {...}}``, ``{"op": "delete", "id":
        ...}``, ``{"op": "corrections", "splits": [...], "merges": [...]}`` or
        ``{"op": "state", "finished"|"cursor": ...}``, so a coder can recover work
        elsewhere.
        """
        data = unsaved_lines(self.unsaved_changes())
        atomic_write_bytes(destination, data)
        return data.count(b"\n")

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
        for lock in (self._legacy_lock, self.lock):
            if lock is not None:
                lock.release()
        self._legacy_lock = None
        self.lock = None

    def __enter__(self) -> DocumentStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["DocumentStore", "bad_records_reason", "corrections_from_record", "lock_path"]
