"""The background writer: order, coalescing, status, durable sequence numbers, retries."""

from __future__ import annotations

import threading

from annotator.store.writer import BackgroundWriter, QueuedChange, StoreStatus, latest_per_key
from tests.store.helpers import annotation


def test_latest_per_key_keeps_last_change_of_each_record() -> None:
    a, b = annotation("a"), annotation("b")
    changes = [QueuedChange(1, "a", a), QueuedChange(2, "b", b), QueuedChange(3, "a", None)]
    assert latest_per_key(changes) == [QueuedChange(2, "b", b), QueuedChange(3, "a", None)]


def test_submit_returns_at_once_and_batches_queued_changes() -> None:
    gate = threading.Event()
    writing = threading.Event()
    written = threading.Event()
    batches: list[list[int]] = []

    def apply(changes: list[QueuedChange]) -> None:
        writing.set()
        gate.wait(5)
        batches.append([c.seq for c in changes])
        written.set()

    writer = BackgroundWriter(apply)
    seqs = [writer.submit("a", annotation("a")) for _ in range(3)]
    seqs.append(writer.submit("b", annotation("b")))
    assert writing.wait(5), "the writer thread never started writing"
    assert not written.is_set(), "submit must not wait for the writer"
    assert seqs == [1, 2, 3, 4]
    assert writer.status.state == "saving"
    gate.set()
    assert writer.flush(5)
    assert writer.durable_seq == 4
    # Whatever the timing, the last write carries the latest "a" and "b", once each.
    assert batches[-1][-1] == 4
    assert all(len(set(batch)) == len(batch) for batch in batches)
    assert writer.status == StoreStatus("saved", 0, 4)
    assert writer.stop(5)


def test_failure_keeps_changes_and_retries_until_saved() -> None:
    failing = threading.Event()
    failing.set()
    seen: list[StoreStatus] = []
    applied: list[list[str]] = []

    def apply(changes: list[QueuedChange]) -> None:
        if failing.is_set():
            raise OSError(28, "No space left on device")
        applied.append([c.key for c in changes])

    writer = BackgroundWriter(apply, retry_delays=(0.01,), describe_error=lambda e: f"E: {e}")
    writer.add_listener(seen.append)
    writer.submit("a", annotation("a"))
    assert not writer.flush(0.3)
    status = writer.status
    assert status.state == "failed" and "No space left" in status.message
    assert status.pending == 1 and status.durable_seq == 0
    assert [c.key for c in writer.unsaved()] == ["a"]
    writer.submit("b", annotation("b"))
    failing.clear()
    assert writer.flush(5)
    assert writer.status == StoreStatus("saved", 0, 2)
    assert applied[-1] == ["a", "b"]
    assert {s.state for s in seen} >= {"saving", "failed", "saved"}
    assert writer.unsaved() == []
    assert writer.stop(5)


def test_a_broken_listener_does_not_stop_saving() -> None:
    def broken(status: StoreStatus) -> None:
        raise RuntimeError("listener bug")

    writer = BackgroundWriter(lambda changes: None)
    writer.add_listener(broken)
    writer.submit("a", annotation("a"))
    assert writer.flush(5)
    writer.remove_listener(broken)
    assert writer.stop(5)


def test_stop_with_unsaved_changes_reports_them() -> None:
    def apply(changes: list[QueuedChange]) -> None:
        raise OSError(30, "Read-only file system")

    writer = BackgroundWriter(apply, retry_delays=(0.01,))
    writer.submit("a", annotation("a"))
    assert writer.stop(0.2) is False
    assert [c.key for c in writer.unsaved()] == ["a"]
