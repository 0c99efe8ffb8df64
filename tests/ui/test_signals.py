"""Signals, SIGKILL and a closed terminal while the reader runs: a clean end, nothing lost.

Issue 16, items 3, 11 and 12. The reader runs in a real pseudo-terminal; the rounds are
in ``fault_rounds.py`` (``benchmarks/bench_faults.py`` runs them for the figures). Each
checks the exit status (128 + the signal), that no traceback was printed, and that
every code the status bar showed is in the store or in a recovery file beside the data
directory. The long loops are marked slow; one round of each kind runs in the normal
suite.
"""

from __future__ import annotations

import random
import signal
from pathlib import Path

import pytest

from annotator.store import DataDir
from annotator.store.work import read_work
from annotator.text.document import bundled_sample_path, load_document
from tests.helpers import make_app
from tests.ui.fault_rounds import (
    assert_clean,
    close_round,
    full_disk_round,
    kill_round,
    signal_round,
    start,
)

SIGNAL_ROUNDS = 15
CLOSE_ROUNDS = 40
KILL_ROUNDS = 20


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_while_keys_are_handled_exits_cleanly(tmp_path: Path, signum: int) -> None:
    signal_round(tmp_path / "data", signum, 3000, random.Random(signum))


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_signals_while_keys_are_handled_many_rounds(tmp_path: Path, signum: int) -> None:
    rng = random.Random(100 + signum)
    for number in range(SIGNAL_ROUNDS):
        signal_round(tmp_path / f"data{number}", signum, rng.choice((5, 50, 500, 2000)), rng)


def test_closing_the_terminal_during_redraws_ends_the_process(tmp_path: Path) -> None:
    close_round(tmp_path / "data", 2000, 2000, random.Random(1))


@pytest.mark.slow
def test_closing_the_terminal_during_redraws_many_rounds(tmp_path: Path) -> None:
    rng = random.Random(12)
    for number in range(CLOSE_ROUNDS):
        keys = rng.choice((10, 200, 2000, 8000))
        close_round(tmp_path / f"data{number}", keys, rng.choice((0, 2000, 30000)), rng)


def test_sigterm_with_edits_a_full_disk_refuses_goes_to_a_recovery_file(tmp_path: Path) -> None:
    full_disk_round(tmp_path / "data", signal.SIGTERM)


@pytest.mark.slow
def test_sighup_with_edits_a_full_disk_refuses_goes_to_a_recovery_file(tmp_path: Path) -> None:
    full_disk_round(tmp_path / "data", signal.SIGHUP)


def test_kill_minus_nine_keeps_what_was_shown_saved(tmp_path: Path) -> None:
    kill_round(tmp_path / "data", 40, random.Random(9))


@pytest.mark.slow
def test_kill_minus_nine_many_rounds(tmp_path: Path) -> None:
    rng = random.Random(99)
    for number in range(KILL_ROUNDS):
        kill_round(tmp_path / f"data{number}", rng.choice((1, 10, 100, 1000)), rng)


async def test_the_next_start_says_a_recovery_file_is_waiting(tmp_path: Path) -> None:
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


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_keeps_the_place_in_the_document(tmp_path: Path, signum: int) -> None:
    """A signal ends the reader as a quit does, the place in the document included (the
    idle timer would save it only after five seconds)."""
    data_dir = tmp_path / "data"
    app = start(data_dir)
    try:
        mark = app.mark()
        app.type(b"jjj")
        app.read_until(b"Sentence 4 of 24", since=mark)
        app.signal(signum)
        status = app.wait()
    finally:
        app.kill()
    assert_clean(app, status, signum)
    document = load_document(bundled_sample_path(), is_sample=True)
    work = read_work(DataDir(data_dir).store_path(document.doc_id, "tester"))
    assert work is not None and work.cursor == document.sentences[3].start
