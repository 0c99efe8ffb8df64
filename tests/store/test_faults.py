"""Fault injection in real processes: kill -9, a full disk, SIGTERM and SIGHUP.

The child is ``fault_writer.py``. A killed child dies by SIGKILL at a step of its writes
that the test picks at random (seeded), so every step is hit, and the test waits for
events (lines from the child, its exit), never for the clock. The long kill loop is
marked slow; a bounded slice of it runs unmarked.
"""

from __future__ import annotations

import json
import random
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.store import DocumentStore
from annotator.store.storage import backup_path, parse_store_bytes
from tests.store.helpers import store_file

CHILD = Path(__file__).parent / "fault_writer.py"


def _start(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(CHILD), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def _kill_once(path: Path, run: str, rng: random.Random) -> int:
    """One child killed at a random step of its writes; returns the last durable seq it
    reported. About five steps make a write (fsync the temp file, link the backup, rename
    it, rename the temp file, fsync the directory), so the steps reach a dozen writes."""
    child = _start("kill", str(path), run, str(rng.randint(1, 60)))
    assert child.stdout is not None
    first = child.stdout.readline()
    assert first == b"ready\n", (first, child.stderr.read() if child.stderr else b"")
    try:
        out, _err = child.communicate(timeout=30)
    finally:
        if child.returncode is None:
            child.send_signal(signal.SIGKILL)
            child.communicate()
    assert child.returncode == -signal.SIGKILL
    reported = [int(m) for m in re.findall(rb"durable (\d+)", out)]
    assert reported == sorted(reported), "durable sequence numbers only grow"
    return reported[-1] if reported else 0


def _check_after_kill(path: Path, run: str, durable: int) -> None:
    # Every store file opens (and the next writer takes the dead one's lock over).
    store = DocumentStore(path)
    try:
        assert not store.read_only
        records = {a.id: a.note for a in store.load()}
    finally:
        store.close()
    if backup_path(path).exists():
        parse_store_bytes(backup_path(path), backup_path(path).read_bytes())
    # Saves carry seq 2i+1 (record i) and 2i+2 (counter = i).
    for i in range((durable + 1) // 2):
        assert records.get(f"{run}-{i}") == f"note {i}", (run, i, durable)
    if durable >= 2:
        assert int(records[f"{run}-counter"]) >= durable // 2 - 1
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def _kill_loop(tmp_path: Path, kills: int, seed: int) -> None:
    rng = random.Random(seed)
    total_durable = 0
    for n in range(kills):
        # A fresh document every 10 kills keeps each file small; within a document the
        # next child finds the dead one's lock and temp files.
        path = store_file(tmp_path, f"doc{n // 10}")
        run = f"r{n}"
        durable = _kill_once(path, run, rng)
        total_durable += durable
        _check_after_kill(path, run, durable)
    assert total_durable > 0, "no write was ever reported durable: the test proved nothing"


def test_kill_minus_nine_bounded_slice(tmp_path: Path) -> None:
    _kill_loop(tmp_path, kills=15, seed=1)


@pytest.mark.slow
def test_kill_minus_nine_full_run(tmp_path: Path) -> None:
    _kill_loop(tmp_path, kills=200, seed=2)


def test_full_disk_keeps_edits_and_old_file(tmp_path: Path) -> None:
    path = store_file(tmp_path)
    child = _start("fullfs", str(path))
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err.decode()
    report = json.loads(out.decode().strip().splitlines()[-1])
    assert report["flushed_while_full"] is False
    assert report["state"] == "failed"
    assert f"cannot save {path.name}: File too large" in report["message"]
    assert report["pending"] == 5
    assert report["unsaved"] == [f"new-{i}" for i in range(5)]
    assert report["file_intact"] is True
    assert report["temps"] == []
    assert report["flushed_after"] is True and report["durable_after"] is True
    assert report["state_after"] == "saved"
    with DocumentStore(path, read_only=True) as store:
        assert len(store.load()) == 25


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP])
def test_sigterm_and_sighup_flush_before_exit(tmp_path: Path, sig: signal.Signals) -> None:
    path = store_file(tmp_path)
    child = _start("signal", str(path))
    assert child.stdout is not None
    line = child.stdout.readline().decode()
    assert line.startswith("queued "), line
    assert int(line.split()[1]) > 0, "the test needs writes still queued at the signal"
    child.send_signal(sig)
    child.communicate(timeout=60)
    assert child.returncode == 128 + sig
    with DocumentStore(path) as store:
        assert sorted(a.id for a in store.load()) == sorted(f"s-{i}" for i in range(40))
