"""One coder's work on one document, in one TinyDB file, written in the background.

The file holds everything of that coder's work on the document (format 2, see
``schema``): the annotations, the coder's name, the finished mark and cursor, and the
sentence corrections. A ``DocumentStore`` is the one object its callers hold for it: it
takes the store's lock (see ``locks``), opens the file (see ``store_file``) and starts
the background writer (see ``writer``), in that order, and undoes them in reverse on
``close``. When another live process holds the lock, the store opens read-only and says
who holds it. A damaged file raises StoreDamaged (it is never overwritten); bad records
open it read-only.

``save``, ``delete``, ``set`` and ``apply_many`` queue changes for the background writer
and return a sequence number at once; changes queued in one call reach the disk in one
atomic write. Changes not yet durable can be had (``unsaved_changes``) and written out as
JSON lines (``export_unsaved``), also after closing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from annotator.annotation import Annotation
from annotator.store import shutdown
from annotator.store.locks import LockHolder, StoreLock, WriterLocks
from annotator.store.records import bad_records_reason, corrections_from_record, unsaved_lines
from annotator.store.schema import CODER, CORRECTIONS, STATE, BadRecord
from annotator.store.state_fields import StateFields
from annotator.store.storage import atomic_write_bytes
from annotator.store.store_file import StoreFile
from annotator.store.upgrade import present
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
        self.read_only_reason = ""
        self._adopt = adopt
        source = path
        if legacy_path is not None and not present(path) and present(legacy_path):
            source = legacy_path
        self._locks = WriterLocks()
        if not read_only:
            read_only = not self._locks.take(path, source, mode or 0o600)
            self.read_only_reason = self._locks.reason
        self.read_only = read_only
        try:
            self._file = StoreFile(
                path,
                source=source,
                coder=coder,
                adopt=adopt,
                read_only=read_only,
                mode=mode,
                remove_temps=not read_only,
                on_moved=self._locks.release_legacy,
            )
        except BaseException:
            self._locks.release()
            raise
        self.removed_temps = self._file.removed_temps
        bad = self._file.bad_records
        if bad and not self.read_only:
            self._locks.release()
            self.read_only = True
            self._file.make_read_only()
        if bad:
            self.read_only_reason = bad_records_reason(source, bad)
        self._closed = False
        self._writer: BackgroundWriter | None = None
        if not self.read_only:
            self._writer = BackgroundWriter(
                self._file.apply,
                name=f"store-writer:{path.parent.name}/{path.name}",
                describe_error=lambda exc: describe_write_error(path, exc),
            )
            if on_status is not None:
                self._writer.add_listener(on_status)
            shutdown.register(self)
        self._final_unsaved: list[QueuedChange] = []

    @property
    def lock(self) -> StoreLock | None:
        """The store's lock, while this store may write (None: read-only or closed)."""
        return self._locks.main

    @property
    def lock_holder(self) -> LockHolder | None:
        """Who held the lock when this store could not take it (None: not known)."""
        return self._locks.holder

    @property
    def source(self) -> Path:
        """Where the file is: ``path``, or its old name until the first write moves it."""
        return self._file.source

    @property
    def migration_backup(self) -> Path | None:
        """Where the first write kept a file of an older format (None: not needed)."""
        return self._file.migration_backup

    # -- reading ---------------------------------------------------------------------

    def load(self) -> list[Annotation]:
        """All annotations in the store, including changes applied but not yet durable."""
        return self._file.annotations()

    @property
    def bad_records(self) -> list[BadRecord]:
        """Records that do not fit the schema; they are never used."""
        return self._file.bad_records

    @property
    def file_coder(self) -> str | None:
        """The coder's name as the file holds it (None: a file of format 1 or 0 whose
        records named no coder, or no file yet)."""
        return self._file.file_coder

    @property
    def state(self) -> StateFields:
        """The coder's state record as last applied: the finished mark, the place in the
        document, and what a carry or an adjudication holds (see ``StateFields``)."""
        return StateFields.of(self._file.record(STATE))

    @property
    def finished(self) -> str | None:
        """When the coder marked the document finished (UTC), as last applied."""
        return self.state.finished

    @property
    def cursor(self) -> int | None:
        """The start offset of the sentence the coder was on, as last applied."""
        return self.state.cursor

    @property
    def reference(self) -> bool:
        """True when the file is an adjudicated reference layer, as last applied."""
        return self._file.field(CODER, "reference") is True

    @property
    def adjudicated(self) -> tuple[int, ...]:
        """In a reference layer, the start offsets of the sentences decided so far."""
        return self.state.adjudicated

    @property
    def carried_from(self) -> str | None:
        """The earlier version of the text this coding was carried over from, if any."""
        return self.state.carried_from

    @property
    def held(self) -> tuple[str, ...]:
        """Ids of the earlier version's annotations awaiting the coder's decision."""
        return self.state.held

    @property
    def rejected(self) -> tuple[str, ...]:
        """Ids of held annotations the coder rejected (they stay orphaned)."""
        return self.state.rejected

    @property
    def own_corrections(self) -> SegmentationOverrides | None:
        """The corrections the file holds; None when it holds none yet."""
        return corrections_from_record(self._file.record(CORRECTIONS))

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

    def export_unsaved(self, destination: Path, *, mode: int | None = None) -> int:
        """Write the unsaved changes as JSON lines to ``destination``; returns how many.

        Each line is ``{"op": "save", "annotation": {...}}``, ``{"op": "delete", "id":
        ...}``, ``{"op": "corrections", "splits": [...], "merges": [...]}`` or
        ``{"op": "state", "finished"|"cursor": ...}``, so a coder can recover work
        elsewhere. ``mode`` sets the file's permission bits (None: as the umask leaves
        them, for a file the coder chose).
        """
        data = unsaved_lines(self.unsaved_changes())
        atomic_write_bytes(destination, data, mode=mode)
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
        self._file.close()
        self._locks.release()
        return saved

    def __enter__(self) -> DocumentStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
