"""Opening a document: the 1.2 MB book against the sample press release, side by side.

Prints a table of:
- time to first screen: from starting ``annotator FILE`` in a pseudo-terminal until the
  document's first words are on screen (medians of alternating runs);
- CPU per cursor move (``j``), measured in-process with ``time.process_time`` around
  the key's work and repaint;
- peak memory (max RSS) of a process that opens the document, waits for background
  segmentation to finish and moves through it.

Run: python benchmarks/bench_open.py [--runs N] [--moves N]
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

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_docs" / "q7x2.txt"
BOOK = ROOT / "tests" / "data" / "corpus" / "en_book_gutenberg1404_federalist_papers.txt"
BOUNCE = 23  # the sample has 24 sentences
FIRST_WORDS = {SAMPLE: b"PRESS RELEASE of the", BOOK: b"The Project Gutenberg"}


def first_screen_seconds(document: Path, data_dir: str) -> float:
    """Seconds from process start until the first words of ``document`` are drawn."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    # COLUMNS and LINES, if exported, would override the pty's size in Textual.
    env = dict(
        os.environ,
        TERM="xterm-256color",
        ANNOTATOR_DATA_DIR=data_dir,
        COLUMNS="120",
        LINES="40",
    )
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "annotator", str(document)],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        start_new_session=True,
    )
    os.close(follower)
    output = bytearray()
    elapsed = float("nan")
    try:
        while time.perf_counter() - started < 30:
            ready, _, _ = select.select([leader], [], [], 0.05)
            if ready:
                output.extend(os.read(leader, 65536))
                if FIRST_WORDS[document] in output:
                    elapsed = time.perf_counter() - started
                    break
        os.write(leader, b"q")
        deadline = time.perf_counter() + 10
        while process.poll() is None and time.perf_counter() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.05)
            if ready:
                try:
                    os.read(leader, 65536)
                except OSError:
                    break
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        os.close(leader)
    return elapsed


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
    args = parser.parse_args()
    times: dict[Path, list[float]] = {SAMPLE: [], BOOK: []}
    with tempfile.TemporaryDirectory() as tmp:
        first_screen_seconds(SAMPLE, tmp)  # warm the file cache and bytecode
        for _ in range(args.runs):
            for document in (SAMPLE, BOOK):  # alternate, so both see the same noise
                times[document].append(first_screen_seconds(document, tmp))
    cpu = {d: asyncio.run(_cursor_cpu(d, args.moves)) for d in (SAMPLE, BOOK)}
    peak = {d: peak_memory_mb(d) for d in (SAMPLE, BOOK)}
    first = {d: statistics.median(t) for d, t in times.items()}
    print(f"{'':28}{'sample q7x2':>14}{'book 1.2 MB':>14}{'ratio':>8}")
    print(
        f"{'first screen (median, s)':28}{first[SAMPLE]:>14.3f}{first[BOOK]:>14.3f}"
        f"{first[BOOK] / first[SAMPLE]:>8.2f}"
    )
    print(
        f"{'CPU per cursor move (ms)':28}{cpu[SAMPLE] * 1000:>14.2f}{cpu[BOOK] * 1000:>14.2f}"
        f"{cpu[BOOK] / cpu[SAMPLE]:>8.2f}"
    )
    print(f"{'peak memory (MB)':28}{peak[SAMPLE]:>14.1f}{peak[BOOK]:>14.1f}")
    print(f"runs: {args.runs} alternating launches; cursor moves: {args.moves} each")


if __name__ == "__main__":
    main()
