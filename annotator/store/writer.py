"""Writes off the caller's thread, in order, with a status the UI can show.

A keypress must never wait for a disk. ``BackgroundWriter`` takes each change with a
sequence number and returns at once; one thread per open store makes the changes durable
in order. Changes queued while a write is in flight are written together (the store file
holds the whole state, so only the latest change per record matters). A failed write
(full disk, read-only directory) keeps every change queued and is retried with backoff,
and at once when a new change arrives. ``durable_seq`` only grows: every change with a
sequence number up to it is on disk.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from annotator.annotation import Annotation
from annotator.text.overrides import SegmentationOverrides

log = logging.getLogger(__name__)

State = Literal["saved", "saving", "failed"]
RETRY_DELAYS = (0.1, 0.25, 0.5, 1.0, 2.0, 5.0)


class Setting(enum.Enum):
    """The records of a store file that are not annotations: one of each."""

    FINISHED = "finished"
    """When the coder marked the document finished (a UTC time, or None)."""
    CURSOR = "cursor"
    """The start offset of the sentence the coder was on (or None)."""
    CORRECTIONS = "corrections"
    """The coder's splits and merges (``SegmentationOverrides``)."""
    REFERENCE = "reference"
    """True: the file is an adjudicated reference layer (kept in the ``coder`` record)."""
    ADJUDICATED = "adjudicated"
    """In a reference layer, the start offsets of the sentences the adjudicator decided
    (a sorted tuple)."""
    CARRIED_FROM = "carried_from"
    """The earlier version of the text this coding was carried over from (its id)."""
    HELD = "held"
    """Ids of that version's annotations not placed, awaiting the coder (a tuple)."""
    REJECTED = "rejected"
    """Ids of held annotations the coder rejected: they stay orphaned (a tuple)."""


Key = str | Setting
"""An annotation's id, or one of the other records."""

Value = Annotation | SegmentationOverrides | tuple[int, ...] | tuple[str, ...] | str | int | None
"""An annotation to save (None: delete it), or a setting's new value."""


@dataclass(frozen=True, slots=True)
class QueuedChange:
    """One change queued for the disk.

    For an annotation id ``key``: save ``value`` (an ``Annotation``) or delete the record
    (None). For a ``Setting``: its new value. Changes queued together reach the disk in
    one write, so a split's corrections and the annotations it moves land together.
    (A coder's undoable change to a sentence is ``annotator.coding.session.Change``.)
    """

    seq: int
    key: Key
    value: Value

    @property
    def annotation(self) -> Annotation | None:
        """The annotation to save, for an annotation change (None: a delete)."""
        return self.value if isinstance(self.value, Annotation) else None


@dataclass(frozen=True, slots=True)
class StoreStatus:
    """What the UI shows: saved, saving (``pending`` changes queued) or failed."""

    state: State
    pending: int
    durable_seq: int
    message: str = ""


StatusListener = Callable[[StoreStatus], None]


def latest_per_key(changes: Sequence[QueuedChange]) -> list[QueuedChange]:
    """The last change of each record, in the order of those last changes."""
    last: dict[Key, QueuedChange] = {}
    for change in changes:
        last.pop(change.key, None)
        last[change.key] = change
    return list(last.values())


class BackgroundWriter:
    """Runs ``apply(changes)`` on its own thread until every queued change is durable.

    ``apply`` must be idempotent per record (an upsert or a delete by id): after a failure
    the same changes are applied again. Listeners are called on the writer's thread (and
    on the submitting thread for the "saving" transition): a UI must hand the status over
    to its own thread.
    """

    def __init__(
        self,
        apply: Callable[[list[QueuedChange]], None],
        *,
        name: str = "store-writer",
        describe_error: Callable[[BaseException], str] = str,
        retry_delays: Sequence[float] = RETRY_DELAYS,
    ) -> None:
        self._apply = apply
        self._describe = describe_error
        self._delays = tuple(retry_delays)
        self._cond = threading.Condition()
        self._pending: list[QueuedChange] = []
        self._last_seq = 0
        self._durable = 0
        self._failure = ""
        self._wake = False
        self._stopping = False
        self._listeners: list[StatusListener] = []
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    # -- for the caller --------------------------------------------------------------

    def add_listener(self, listener: StatusListener) -> None:
        with self._cond:
            self._listeners.append(listener)

    def remove_listener(self, listener: StatusListener) -> None:
        with self._cond:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def submit(self, key: Key, value: Value) -> int:
        """Queue a change and return its sequence number; never waits for the disk."""
        return self.submit_many([(key, value)])

    def submit_many(self, changes: Sequence[tuple[Key, Value]]) -> int:
        """Queue several changes at once, so that they reach the disk in one write (an
        import, a split); returns the last sequence number."""
        with self._cond:
            if self._stopping:
                raise RuntimeError("the store is closed")
            for key, value in changes:
                self._last_seq += 1
                self._pending.append(QueuedChange(self._last_seq, key, value))
            seq = self._last_seq
            self._wake = True
            self._cond.notify_all()
            status = self._status_locked()
        self._notify(status)
        return seq

    @property
    def status(self) -> StoreStatus:
        with self._cond:
            return self._status_locked()

    @property
    def durable_seq(self) -> int:
        with self._cond:
            return self._durable

    @property
    def last_seq(self) -> int:
        with self._cond:
            return self._last_seq

    @property
    def pending(self) -> int:
        with self._cond:
            return len(self._pending)

    def unsaved(self) -> list[QueuedChange]:
        """Changes not yet durable, the latest per record."""
        with self._cond:
            return latest_per_key(self._pending)

    def wait_durable(self, seq: int, timeout: float | None = None) -> bool:
        """Block until change ``seq`` is durable; False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: self._durable >= seq, timeout)

    def flush(self, timeout: float | None = None) -> bool:
        """Block until everything queued so far is durable; False on timeout."""
        with self._cond:
            target = self._last_seq
            self._wake = True
            self._cond.notify_all()
            return self._cond.wait_for(lambda: self._durable >= target, timeout)

    def stop(self, timeout: float | None = None) -> bool:
        """Flush, then end the thread. True when nothing was left unsaved."""
        flushed = self.flush(timeout)
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        self._thread.join(timeout if flushed else 1.0)
        return flushed

    # -- the writer thread -----------------------------------------------------------

    def _status_locked(self) -> StoreStatus:
        pending = len(self._pending)
        if self._failure:
            return StoreStatus("failed", pending, self._durable, self._failure)
        return StoreStatus("saving" if pending else "saved", pending, self._durable)

    def _notify(self, status: StoreStatus) -> None:
        with self._cond:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(status)
            except Exception:  # a broken listener must not stop the saving
                log.exception("store status listener failed")

    def _run(self) -> None:
        attempt = 0
        while True:
            with self._cond:
                self._cond.wait_for(lambda: bool(self._pending) or self._stopping)
                if not self._pending:
                    return
                self._wake = False
                batch = list(self._pending)
            try:
                self._apply(latest_per_key(batch))
            except Exception as exc:
                message = self._describe(exc)
                delay = self._delays[min(attempt, len(self._delays) - 1)]
                attempt += 1
                with self._cond:
                    self._failure = message
                    status = self._status_locked()
                self._notify(status)
                with self._cond:
                    self._cond.wait_for(lambda: self._wake or self._stopping, delay)
                    if self._stopping and not self._wake:
                        return  # giving up: the changes stay in unsaved()
                continue
            attempt = 0
            with self._cond:
                del self._pending[: len(batch)]
                self._durable = batch[-1].seq
                self._failure = ""
                status = self._status_locked()
                self._cond.notify_all()
            self._notify(status)
