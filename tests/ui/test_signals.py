"""Signals and a closed terminal while the reader runs: a clean exit, and nothing lost.

Issue 16, items 3, 11 and 12. The reader runs in a real pseudo-terminal
(``tests/ui/terminal.py``). Each round checks the exit status (128 + the signal), that
no traceback was printed, and that every code the status bar showed as applied is in
the store or in a recovery file beside the data directory. The long loops are marked
slow; one round of each kind runs in the normal suite.
"""

from __future__ import annotations

import json
import random
import signal
from pathlib import Path

import pytest

from annotator.store import DataDir
from annotator.text.document import bundled_sample_path, load_document
from tests.ui.terminal import TerminalApp

CLOSE_DEADLINE = 2.0
"""Seconds from closing the terminal to the process being gone (the issue's bound)."""


def _coded(data_dir: Path) -> set[int]:
    """Sentences (global indices) with a code in the store or in a recovery file."""
    document = load_document(bundled_sample_path(), is_sample=True)
    starts = {a.start for a in DataDir(data_dir).annotations(document.doc_id) if a.tags}
    for rescued in data_dir.parent.glob(f"{data_dir.name}.recovery-*.jsonl"):
        for line in rescued.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record["op"] == "save" and record["annotation"]["tags"]:
                starts.add(record["annotation"]["start"])
    return {i for i, span in enumerate(document.sentences) if span.start in starts}


def _assert_clean(app: TerminalApp, status: int, signum: int) -> None:
    text = app.text()
    assert status == 128 + signum, text[-800:]
    assert b"Traceback" not in text and b"Error" not in text, text[-2000:]


def _start(data_dir: Path) -> TerminalApp:
    app = TerminalApp([], data_dir)
    app.read_until(b"0/24 sentences tagged")
    return app


# -- item 11: a signal while keys are still being handled ------------------------------


def _signal_round(data_dir: Path, signum: int, keys: int, rng: random.Random) -> None:
    app = _start(data_dir)
    try:
        mark = app.mark()
        # Tag and advance, then code keys: each key codes a sentence and moves on.
        app.type(b"a" + bytes(rng.choice(b"1234") for _ in range(keys)))
        app.read_until_match(rb"[1-9]\d*/24 sentences tagged", since=mark)  # being handled
        app.signal(signum)
        status = app.wait()
    finally:
        app.kill()
    _assert_clean(app, status, signum)
    shown = app.tagged_shown()
    assert len(_coded(data_dir)) >= shown, "a code the screen showed was lost"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_while_keys_are_handled_exits_cleanly(tmp_path: Path, signum: int) -> None:
    _signal_round(tmp_path / "data", signum, 3000, random.Random(signum))


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_signals_while_keys_are_handled_many_rounds(tmp_path: Path, signum: int) -> None:
    rng = random.Random(100 + signum)
    for number in range(SIGNAL_ROUNDS):
        _signal_round(tmp_path / f"data{number}", signum, rng.choice((5, 50, 500, 2000)), rng)


SIGNAL_ROUNDS = 15


# -- item 12: the terminal closes during redraws ---------------------------------------


def _close_round(data_dir: Path, keys: int, read: int, rng: random.Random) -> None:
    app = _start(data_dir)
    try:
        mark = app.mark()
        app.type(b"1")
        app.read_until(b"1/24 sentences tagged", since=mark)
        app.drain()
        # Moves and codes that redraw the screen, typed faster than they are drawn. Some
        # of what is drawn is read, then no more: the output backs up, as in a window
        # that is closing, and the terminal closes in the middle of the redraws.
        app.type(bytes(rng.choice(b"jjjjkkkk1234") for _ in range(keys)))
        app.read_bytes(read)
        app.close_terminal()
        status = app.wait(guard=CLOSE_DEADLINE)
    finally:
        app.kill()
    assert status == 128 + signal.SIGHUP
    assert len(_coded(data_dir)) >= app.tagged_shown(), "a code the screen showed was lost"


def test_closing_the_terminal_during_redraws_ends_the_process(tmp_path: Path) -> None:
    _close_round(tmp_path / "data", 2000, 2000, random.Random(1))


CLOSE_ROUNDS = 40


@pytest.mark.slow
def test_closing_the_terminal_during_redraws_many_rounds(tmp_path: Path) -> None:
    rng = random.Random(12)
    for number in range(CLOSE_ROUNDS):
        keys = rng.choice((10, 200, 2000, 8000))
        _close_round(tmp_path / f"data{number}", keys, rng.choice((0, 2000, 30000)), rng)


# -- item 3: SIGTERM while edits cannot be saved --------------------------------------


def _full_disk_round(data_dir: Path, signum: int) -> None:
    app = _start(data_dir)
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
    _assert_clean(app, status, signum)
    (rescued,) = data_dir.parent.glob(f"{data_dir.name}.recovery-*.jsonl")
    lines = [json.loads(line) for line in rescued.read_text(encoding="utf-8").splitlines()]
    document = load_document(bundled_sample_path(), is_sample=True)
    starts = [document.sentences[i].start for i in (4, 5)]
    assert sorted(line["annotation"]["start"] for line in lines) == starts
    said = app.text()
    assert b"2 unsaved edits" in said and str(rescued).encode() in said.replace(b"\r\n", b"")
    assert _coded(data_dir) == set(range(6))


def test_sigterm_with_edits_a_full_disk_refuses_goes_to_a_recovery_file(tmp_path: Path) -> None:
    _full_disk_round(tmp_path / "data", signal.SIGTERM)


@pytest.mark.slow
def test_sighup_with_edits_a_full_disk_refuses_goes_to_a_recovery_file(tmp_path: Path) -> None:
    _full_disk_round(tmp_path / "data", signal.SIGHUP)


async def test_the_next_start_says_a_recovery_file_is_waiting(tmp_path: Path) -> None:
    from tests.helpers import make_app

    data_dir = DataDir(tmp_path / "data")
    rescued = tmp_path / "data.recovery-20260101T000000Z-0123456789abcdef-tester.jsonl"
    rescued.write_text('{"op": "delete", "id": "x"}\n', encoding="utf-8")
    app = make_app(data_dir)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
    assert any("could not save when it was ended" in m and str(rescued) in m for m in messages), (
        messages
    )
