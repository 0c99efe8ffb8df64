"""Rounds of fault injection on the reader in a pseudo-terminal, shared by the tests
(``test_signals.py``) and the figures (``benchmarks/bench_faults.py``). Not a test module.

Each round starts the reader on the bundled sample in a fresh data directory, types
codes, does one thing to the process (a signal, SIGKILL, closing its terminal, a full
disk then a signal) and checks, with assertions, that it ended as it must and that every
code the screen showed (as applied, or as saved for SIGKILL) is in the store or in a
recovery file beside the data directory.
"""

from __future__ import annotations

import json
import random
import re
import signal
import time
from pathlib import Path

from annotator.store import DataDir
from annotator.text.document import bundled_sample_path, load_document
from tests.ui.terminal import TerminalApp

CLOSE_DEADLINE = 2.0
"""Seconds from closing the terminal to the process being gone (the issue's bound)."""


def coded(data_dir: Path) -> set[int]:
    """Sentences (global indices) with a code in the store or in a recovery file."""
    document = load_document(bundled_sample_path(), is_sample=True)
    starts = {a.start for a in DataDir(data_dir).annotations(document.doc_id) if a.tags}
    for rescued in recovery_files(data_dir):
        for line in rescued.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record["op"] == "save" and record["annotation"]["tags"]:
                starts.add(record["annotation"]["start"])
    return {i for i, span in enumerate(document.sentences) if span.start in starts}


def recovery_files(data_dir: Path) -> list[Path]:
    return sorted(data_dir.parent.glob(f"{data_dir.name}.recovery-*.jsonl"))


def assert_clean(app: TerminalApp, status: int, signum: int) -> None:
    text = app.text()
    assert status == 128 + signum, text[-800:]
    assert b"Traceback" not in text and b"Error" not in text, text[-2000:]


def coding_keys(codes: int, moves: int, rng: random.Random) -> bytes:
    """Tag-and-advance on, ``codes`` code keys (at most 23: each adds a code to the next
    sentence and moves on, and none reaches the last sentence, where a code key would
    take a code off again), then ``moves`` keys that move and redraw. Every code the
    screen shows therefore stays: "kept >= shown" is then the test of nothing lost."""
    keys = b"a" + bytes(rng.choice(b"1234") for _ in range(min(codes, 23)))
    return keys + bytes(rng.choice(b"jjkk{}gG") for _ in range(moves))


def start(data_dir: Path) -> TerminalApp:
    app = TerminalApp([], data_dir)
    app.read_until(b"0/24 sentences tagged")
    return app


def signal_round(data_dir: Path, signum: int, keys: int, rng: random.Random) -> int:
    """A signal while keys are still being handled (issue 16, item 11); codes shown."""
    app = start(data_dir)
    try:
        mark = app.mark()
        app.type(coding_keys(23, keys, rng))
        app.read_until_match(rb"[1-9]\d*/24 sentences tagged", since=mark)  # being handled
        app.signal(signum)
        status = app.wait()
    finally:
        app.kill()
    assert_clean(app, status, signum)
    shown = app.tagged_shown()
    assert len(coded(data_dir)) >= shown, "a code the screen showed was lost"
    return shown


def close_round(data_dir: Path, keys: int, read: int, rng: random.Random) -> float:
    """The terminal closes during redraws (item 12); seconds from the close to the exit."""
    app = start(data_dir)
    try:
        mark = app.mark()
        app.type(b"1")
        app.read_until(b"1/24 sentences tagged", since=mark)
        app.drain()
        # Codes, then moves that redraw the screen, typed faster than they are drawn.
        # Some of what is drawn is read, then no more: the output backs up, as in a
        # window that is closing, and the terminal closes in the middle of the redraws.
        app.type(b"j" + coding_keys(rng.randint(0, 22), keys, rng))
        app.read_bytes(read)
        closed = time.monotonic()
        app.close_terminal()
        status = app.wait(guard=CLOSE_DEADLINE)
        took = time.monotonic() - closed
    finally:
        app.kill()
    assert status == 128 + signal.SIGHUP
    assert len(coded(data_dir)) >= app.tagged_shown(), "a code the screen showed was lost"
    return took


def full_disk_round(data_dir: Path, signum: int) -> int:
    """Edits a full disk refuses, then a signal (item 3); how many went to recovery."""
    app = start(data_dir)
    store = DataDir(data_dir).store_path(
        load_document(bundled_sample_path(), is_sample=True).doc_id, "tester"
    )
    try:
        mark = app.mark()
        app.type(b"a1234")  # four sentences coded and saved
        app.read_until(b"4/24 sentences tagged", since=mark)
        app.read_until(b"saved ", since=app.mark())
        app.full_disk(store.stat().st_size)  # a bigger store file no longer fits
        mark = app.mark()
        app.type(b"12")
        app.read_until(b"NOT SAVED", since=mark)
        app.read_until(b"6/24 sentences tagged", since=mark)
        app.signal(signum)
        status = app.wait()
    finally:
        app.kill()
    assert_clean(app, status, signum)
    (rescued,) = recovery_files(data_dir)
    lines = [json.loads(line) for line in rescued.read_text(encoding="utf-8").splitlines()]
    document = load_document(bundled_sample_path(), is_sample=True)
    starts = [document.sentences[i].start for i in (4, 5)]
    saves = [line for line in lines if line["op"] == "save"]
    assert sorted(line["annotation"]["start"] for line in saves) == starts
    # The place in the document, which the disk refused too, is kept with them.
    assert {"op": "state", "cursor": document.sentences[6].start} in lines
    said = app.text()
    assert b"3 unsaved edits" in said and str(rescued).encode() in said.replace(b"\r\n", b"")
    assert coded(data_dir) == set(range(6))
    return len(saves)


def kill_round(data_dir: Path, keys: int, rng: random.Random) -> int:
    """SIGKILL once the status bar said "saved": that much is on disk. Codes shown saved."""
    app = start(data_dir)
    try:
        mark = app.mark()
        app.type(coding_keys(keys, rng.choice((0, 100, 1000)), rng))
        # "saved" is drawn only once every change is durable; the count beside it is
        # what the coder was told is on disk.
        app.read_until_match(rb"[1-9]\d*/24 sentences tagged[^\n]*saved ", since=mark)
        saved = int(re.findall(rb"(\d+)/24 sentences tagged[^\n]*saved ", app.text())[-1])
        app.signal(signal.SIGKILL)
        status = app.wait()
    finally:
        app.kill()
    assert status == -signal.SIGKILL
    assert len(coded(data_dir)) >= saved, "a code shown as saved was lost"
    return saved
