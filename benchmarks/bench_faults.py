"""Fault injection at scale (issue 16): kill -9, SIGTERM, SIGHUP and a closed terminal.

Runs many rounds of each kind and counts what was lost (nothing may be):

- *kill -9 of a writer*: the store's fault child (``tests/store/fault_writer.py``) dies
  by SIGKILL at a random step of its writes (an fsync, a link, a rename); every write it
  reported durable must be there, and the store must open.
- *kill -9 of the reader*: SIGKILL once the status bar said "saved"; every code shown
  then must be on disk.
- *SIGTERM* and *SIGHUP* while keys are still being handled: exit status 128 + signal,
  no traceback, every code the screen showed kept.
- *terminal closed* during redraws: the process gone within 2 s, every code kept.
- *full disk, then SIGTERM or SIGHUP*: the edits the disk refused are in a recovery file.

The reader runs in a real pseudo-terminal (``tests/ui/fault_rounds.py``). A round that
loses something or hangs is counted as failed, with its message.

Run: python benchmarks/bench_faults.py [--rounds 50] [--writer-kills 500] [--seed 16]
"""

from __future__ import annotations

import argparse
import random
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.store.helpers import store_file  # noqa: E402
from tests.store.test_faults import _check_after_kill, _kill_once  # noqa: E402
from tests.ui.fault_rounds import (  # noqa: E402
    close_round,
    full_disk_round,
    kill_round,
    signal_round,
)


class Tally:
    def __init__(self, name: str) -> None:
        self.name = name
        self.rounds = 0
        self.failures: list[str] = []
        self.seconds: list[float] = []

    def run(self, job: Callable[[], float | None]) -> None:
        self.rounds += 1
        try:
            value = job()
        except AssertionError as exc:
            self.failures.append(str(exc).splitlines()[0][:200])
            return
        if isinstance(value, float):
            self.seconds.append(value)

    def line(self) -> str:
        extra = ""
        if self.seconds:
            extra = (
                f"  exit after close: median {statistics.median(self.seconds):.2f} s, "
                f"max {max(self.seconds):.2f} s"
            )
        return f"{self.name:<34}{self.rounds:>7}{len(self.failures):>8}{extra}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50, help="rounds of each reader kind")
    parser.add_argument("--writer-kills", type=int, default=500)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    tallies: list[Tally] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-faults-") as name:
        root = Path(name)

        def folder(kind: str, number: int) -> Path:
            return root / kind / f"data{number}"

        writer = Tally("kill -9 of a store writer")
        for number in range(args.writer_kills):
            path = store_file(root / "writer", f"doc{number // 10}")
            run = f"r{number}"

            def one(path: Path = path, run: str = run) -> None:
                _check_after_kill(path, run, _kill_once(path, run, rng))

            writer.run(one)
        tallies.append(writer)

        def reader_kill(n: int) -> None:
            kill_round(folder("kill", n), rng.choice((1, 10, 100, 1000)), rng)

        def term(n: int) -> None:
            signal_round(folder("term", n), signal.SIGTERM, rng.choice((5, 50, 500, 2000)), rng)

        def hup(n: int) -> None:
            signal_round(folder("hup", n), signal.SIGHUP, rng.choice((5, 50, 500, 2000)), rng)

        def close(n: int) -> float:
            keys, read = rng.choice((10, 200, 2000, 8000)), rng.choice((0, 2000, 30000))
            return close_round(folder("close", n), keys, read, rng)

        def full_term(n: int) -> None:
            full_disk_round(folder("fullterm", n), signal.SIGTERM)

        def full_hup(n: int) -> None:
            full_disk_round(folder("fullhup", n), signal.SIGHUP)

        kinds: list[tuple[str, Callable[[int], float | None]]] = [
            ("kill -9 of the reader", reader_kill),
            ("SIGTERM while keys are handled", term),
            ("SIGHUP while keys are handled", hup),
            ("terminal closed during redraws", close),
            ("full disk, then SIGTERM", full_term),
            ("full disk, then SIGHUP", full_hup),
        ]
        for label, job in kinds:
            tally = Tally(label)
            for number in range(args.rounds):
                tally.run(partial(job, number))
            tallies.append(tally)
    print(f"{'kind':<34}{'rounds':>7}{'failed':>8}")
    for tally in tallies:
        print(tally.line())
        for failure in tally.failures[:5]:
            print(f"    {failure}")
    print(f"\n{time.perf_counter() - started:.0f} s in all")


if __name__ == "__main__":
    main()
