"""One writer per store: a second instance is read-only; stale locks are taken over."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from annotator.store import DocumentStore
from annotator.store.locks import LockHolder, StoreLock, lock_is_stale, lock_path, read_holder
from tests.store.helpers import annotation, store_file

HOLDER = """
import sys
from pathlib import Path
from annotator.store import DocumentStore
store = DocumentStore(Path(sys.argv[1]))
print("ready", flush=True)
sys.stdin.readline()
"""


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _hold_in_subprocess(path: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    return child


def test_second_instance_is_read_only_and_names_the_holder(tmp_path: Path) -> None:
    path = store_file(tmp_path)
    first = DocumentStore(path)
    first.save(annotation("a", note="by the first"))
    assert first.flush(5)
    second = DocumentStore(path)
    try:
        assert not first.read_only
        assert second.read_only
        assert second.lock_holder is not None
        assert second.lock_holder.pid == os.getpid()
        assert second.lock_holder.host == socket.gethostname()
        assert f"pid {os.getpid()} on host {socket.gethostname()}" in second.read_only_reason
        assert "read-only" in second.read_only_reason
        assert [a.note for a in second.load()] == ["by the first"]
        # The first keeps writing, and nothing it wrote is lost.
        first.save(annotation("b", note="more"))
        assert first.flush(5)
    finally:
        second.close()
        first.close()
    assert not lock_path(path).exists()
    reopened = DocumentStore(path)
    assert not reopened.read_only
    assert sorted(a.note for a in reopened.load()) == ["by the first", "more"]
    reopened.close()


def test_another_process_holds_the_lock_until_killed(tmp_path: Path) -> None:
    path = store_file(tmp_path)
    child = _hold_in_subprocess(path)
    try:
        second = DocumentStore(path)
        assert second.read_only
        assert second.lock_holder is not None and second.lock_holder.pid == child.pid
        assert not lock_is_stale(lock_path(path))
        second.close()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    assert lock_is_stale(lock_path(path))
    taker = DocumentStore(path)
    try:
        assert not taker.read_only
        assert taker.lock is not None and taker.lock.took_over is not None
        assert taker.lock.took_over.pid == child.pid
        holder = read_holder(lock_path(path))
        assert holder is not None and holder.pid == os.getpid()
    finally:
        taker.close()


def test_lock_file_of_dead_holder_is_taken_over_even_if_flock_leaked(tmp_path: Path) -> None:
    """The flock is held (say, by an orphaned child) but the recorded pid is dead."""
    path = store_file(tmp_path)
    lock = lock_path(path)
    lock.parent.mkdir(parents=True)
    dead = _dead_pid()
    lock.write_text(
        json.dumps({"pid": dead, "host": socket.gethostname(), "started": "earlier"}),
        encoding="utf-8",
    )
    leaked = os.open(lock, os.O_RDWR)
    fcntl.flock(leaked, fcntl.LOCK_EX)
    try:
        store = DocumentStore(path)
        assert not store.read_only
        assert store.lock is not None and store.lock.took_over is not None
        assert store.lock.took_over.pid == dead
        store.close()
    finally:
        os.close(leaked)


def test_live_holder_on_another_host_is_respected(tmp_path: Path) -> None:
    path = store_file(tmp_path)
    lock = lock_path(path)
    lock.parent.mkdir(parents=True)
    lock.write_text(
        json.dumps({"pid": _dead_pid(), "host": "elsewhere", "started": "t"}), encoding="utf-8"
    )
    held = os.open(lock, os.O_RDWR)
    fcntl.flock(held, fcntl.LOCK_EX)
    try:
        store = DocumentStore(path)
        assert store.read_only
        assert "on host elsewhere" in store.read_only_reason
        store.close()
    finally:
        os.close(held)


def test_two_documents_are_written_by_two_instances(tmp_path: Path) -> None:
    one = DocumentStore(store_file(tmp_path, "doc1"))
    two = DocumentStore(store_file(tmp_path, "doc2"))
    try:
        assert not one.read_only and not two.read_only
        one.save(annotation("a"))
        two.save(annotation("b"))
        assert one.flush(5) and two.flush(5)
    finally:
        one.close()
        two.close()


def test_lock_records_holder_and_release_removes_it(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    lock = StoreLock.acquire(path)
    holder = read_holder(lock_path(path))
    assert holder == lock.holder
    assert isinstance(holder, LockHolder) and holder.pid == os.getpid()
    assert not holder.is_dead()
    lock.release()
    lock.release()
    assert not lock_path(path).exists()
    assert read_holder(lock_path(path)) is None
