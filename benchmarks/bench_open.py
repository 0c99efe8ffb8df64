"""Opening a document: the sample against a bare Textual app, and the 1.2 MB book.

Prints a table of:
- time to first screen: from starting a process in a pseudo-terminal until the
  document's first words are on screen (medians of alternating runs): ``annotator
  SAMPLE`` (the installed console script), a bare Textual app showing the same text
  (``bare_textual_app.py``: a Header, a Static and a Footer) and ``annotator BOOK``.
  Bytecode is cached as in an installed copy (``PYTHONDONTWRITEBYTECODE`` is removed
  from the children's environment), and one launch of each is made first to warm the
  file cache;
- CPU per cursor move (``j``), measured in-process with ``time.process_time`` around
  the key's work and repaint;
- peak memory (max RSS) of a process that opens the document, waits for background
  segmentation to finish and moves through it.

With ``--instructions``, the sample and the bare app are also run once each under
valgrind's callgrind (``stop_at_first_words.py`` ends each at the frame holding the first
words): the instructions to the first screen, a ratio that the machine's load does not
move.

Run: python benchmarks/bench_open.py [--runs N] [--moves N] [--first-screen-only]
     [--instructions]
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from in_pty import ANNOTATOR, BARE_APP, run_in_pty

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_docs" / "q7x2.txt"
BOOK = ROOT / "tests" / "data" / "corpus" / "en_book_gutenberg1404_federalist_papers.txt"
BOUNCE = 23  # the sample has 24 sentences
FIRST_WORDS = {SAMPLE: b"PRESS RELEASE of the", BOOK: b"The Project Gutenberg"}
LAUNCHES = {
    "sample": ([*ANNOTATOR, str(SAMPLE)], FIRST_WORDS[SAMPLE]),
    "bare": ([sys.executable, str(BARE_APP), str(SAMPLE)], FIRST_WORDS[SAMPLE]),
    "book": ([*ANNOTATOR, str(BOOK)], FIRST_WORDS[BOOK]),
}


def first_screen_seconds(command: list[str], first_words: bytes, data_dir: str) -> float:
    """Seconds from starting ``command`` until ``first_words`` are drawn."""
    (seconds,), _peak = run_in_pty(
        command, {"ANNOTATOR_DATA_DIR": data_dir}, [(None, first_words)], timeout=30
    )
    return seconds


STOPPER = Path(__file__).resolve().parent / "stop_at_first_words.py"


def instructions(target: list[str], first_words: bytes, data_dir: str) -> int:
    """Instructions (callgrind's Ir) from starting ``target`` (``annotator FILE``, or a
    script and its arguments) to writing the frame that holds ``first_words``."""
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "valgrind.log"
        command = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={Path(tmp) / 'callgrind.out'}",
            f"--log-file={log}",
            sys.executable,
            str(STOPPER),
            first_words.decode(),
            *target,
        ]
        leader, follower = pty.openpty()
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env.update(TERM="xterm-256color", ANNOTATOR_DATA_DIR=data_dir, COLUMNS="120", LINES="40")
        process = subprocess.Popen(
            command, stdin=follower, stdout=follower, stderr=follower, env=env
        )
        os.close(follower)
        while process.poll() is None:  # keep the terminal's output flowing
            if select.select([leader], [], [], 0.1)[0]:
                try:
                    os.read(leader, 65536)
                except OSError:
                    break
        process.wait()
        os.close(leader)
        for line in log.read_text().splitlines():
            if "Collected :" in line:
                return int(line.split(":")[-1].strip())
    raise RuntimeError("callgrind reported no count")


async def _cursor_cpu(document: Path, moves: int) -> float:
    from annotator.codebook.model import DEFAULT_CODEBOOK
    from annotator.coding.workspace import Workspace
    from annotator.store import DataDir
    from annotator.text.progressive import load_progressively
    from annotator.ui.app import AnnotatorApp
    from annotator.ui.reader.view import ReaderView

    with tempfile.TemporaryDirectory() as tmp:
        workspace = Workspace(DataDir(Path(tmp)), "bench", DEFAULT_CODEBOOK)
        partial, pending = load_progressively(document)
        full = pending.build() if pending else partial
        session = workspace.open(full)
        app = AnnotatorApp(workspace, session)
        samples: list[float] = []
        async with app.run_test(size=(120, 40)) as pilot:
            reader = app.screen.query_one(ReaderView)
            while not reader.measured:  # exact heights arrive from a worker
                await asyncio.sleep(0.02)
            await pilot.pause()
            # The same walk in both documents: down through the first sentences and
            # back up, so that every sample is a real move of the cursor.
            span = min(BOUNCE, len(full.sentences) - 1)
            step = 1
            for _ in range(moves):
                if not 0 <= reader.cursor + step <= span:
                    step = -step
                before = time.process_time()
                reader.cursor += step
                await pilot.pause()
                samples.append(time.process_time() - before)
        session.store.close()
    return statistics.median(samples)


PEAK_SCRIPT = """
import asyncio, resource, sys
from pathlib import Path
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.text.progressive import load_progressively
from annotator.coding.workspace import Workspace
from annotator.store import DataDir
from annotator.ui.app import AnnotatorApp

async def main():
    partial, pending = load_progressively(Path(sys.argv[1]))
    workspace = Workspace(DataDir(Path(sys.argv[2])), "bench", DEFAULT_CODEBOOK)
    session = workspace.open(partial)
    app = AnnotatorApp(workspace, session, pending=pending)
    async with app.run_test(size=(120, 40)) as pilot:
        while app.pending is not None:
            await asyncio.sleep(0.05)
        for key in ["G", "g", "j", "j", "f", "f"]:
            await pilot.press(key)
    session.store.close()
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)

asyncio.run(main())
"""


def peak_memory_mb(document: Path) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        result = subprocess.run(
            [sys.executable, "-c", PEAK_SCRIPT, str(document), tmp],
            capture_output=True,
            text=True,
            check=True,
        )
    return int(result.stdout.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--moves", type=int, default=100)
    parser.add_argument(
        "--first-screen-only", action="store_true", help="skip cursor CPU and peak memory"
    )
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions (valgrind)"
    )
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in LAUNCHES}
    counted: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for command, words in LAUNCHES.values():  # warm the file cache and bytecode
            first_screen_seconds(command, words, tmp)
        for _ in range(args.runs):
            for name, (command, words) in LAUNCHES.items():  # alternate: the same noise
                times[name].append(first_screen_seconds(command, words, tmp))
        if args.instructions:
            words = FIRST_WORDS[SAMPLE]
            counted["sample"] = instructions(["annotator", str(SAMPLE)], words, tmp)
            counted["bare"] = instructions([str(BARE_APP), str(SAMPLE)], words, tmp)
    first = {name: statistics.median(t) for name, t in times.items()}
    print(f"first screen, median of {args.runs} alternating launches (s):")
    for name, label in (
        ("sample", "annotator, sample q7x2"),
        ("bare", "bare Textual app, same text"),
        ("book", "annotator, book 1.2 MB"),
    ):
        spread = f"{min(times[name]):.3f}-{max(times[name]):.3f}"
        print(f"  {label:32}{first[name]:>8.3f}   range {spread}")
    # Each round's launches ran side by side, under the same load: the median of the
    # rounds' ratios is steadier than the ratio of the medians on a busy machine.
    bare_ratios = [a / b for a, b in zip(times["sample"], times["bare"], strict=True)]
    book_ratios = [a / b for a, b in zip(times["book"], times["sample"], strict=True)]
    print(
        f"  annotator / bare app: {statistics.median(bare_ratios):.2f} median of the rounds' "
        f"ratios, {first['sample'] / first['bare']:.2f} of the medians  (target <= 1.3)"
    )
    print(
        f"  book / sample:        {statistics.median(book_ratios):.2f} median of the rounds' "
        f"ratios, {first['book'] / first['sample']:.2f} of the medians  (target <= 1.5)"
    )
    print(f"  load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    if counted:
        print(
            f"instructions to the first words (callgrind): annotator {counted['sample']:,}, "
            f"bare app {counted['bare']:,}, ratio {counted['sample'] / counted['bare']:.3f}"
        )
    if args.first_screen_only:
        return
    cpu = {d: asyncio.run(_cursor_cpu(d, args.moves)) for d in (SAMPLE, BOOK)}
    peak = {d: peak_memory_mb(d) for d in (SAMPLE, BOOK)}
    print(f"{'':28}{'sample q7x2':>14}{'book 1.2 MB':>14}{'ratio':>8}")
    print(
        f"{'CPU per cursor move (ms)':28}{cpu[SAMPLE] * 1000:>14.2f}{cpu[BOOK] * 1000:>14.2f}"
        f"{cpu[BOOK] / cpu[SAMPLE]:>8.2f}"
    )
    print(f"{'peak memory (MB)':28}{peak[SAMPLE]:>14.1f}{peak[BOOK]:>14.1f}")
    print(f"cursor moves: {args.moves} each")


if __name__ == "__main__":
    main()
