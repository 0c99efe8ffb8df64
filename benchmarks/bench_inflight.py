"""Keystroke to repaint while store writes are in flight, against no writes at all.

A tagging keystroke is handled on the UI thread; the store's writer thread makes it
durable. Each keystroke here is a key event posted to the running (headless) app the way
the terminal driver posts it (``keystrokes.post_key``), and is timed until the end of
the frame that shows it (``keystrokes.FrameClock``): wall-clock latency, which is what
the coder waits for, and the UI thread's CPU time in that interval.

Three conditions, measured side by side in one run, on the G7 communiqué from the test
corpus (627 sentences, 74 kB), in tag-and-advance mode (a code key tags the sentence and
moves on):

- *writes in flight*: every durable write is slowed to 200 ms (a slow or busy disk) and
  a key comes 100 ms after the frame of the one before (a very fast coder), so each
  keystroke lands while earlier writes are still queued or running;
- *normal disk*: the store as it is, same key rate;
- *no write (baseline)*: ``j`` moves the cursor the same way without tagging.

A frame is 16.7 ms at 60 Hz. Run: python benchmarks/bench_inflight.py [--keys N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from keystrokes import FrameClock, Keystroke, settle

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.workspace import Workspace
from annotator.store import DataDir
from annotator.store import storage as storage_module
from annotator.text.document import load_document
from annotator.ui.app import AnnotatorApp
from annotator.ui.reader.view import ReaderView
from annotator.ui.screens.reader_screen import ReaderScreen

ROOT = Path(__file__).resolve().parents[1]
DOCUMENT = (
    ROOT / "tests" / "data" / "corpus" / "en_statement_g7_hiroshima_communique_2023-05-20.txt"
)
SLOW_WRITE_SECONDS = 0.2
KEY_GAP_SECONDS = 0.1
FRAME_MS = 1000 / 60
SIZE = (120, 40)


async def _measure(keys: int, slow: bool, tag: bool) -> tuple[list[Keystroke], int]:
    original = storage_module.atomic_write_bytes

    def slow_write(path: Path, data: bytes, **options: Any) -> None:
        time.sleep(SLOW_WRITE_SECONDS)
        original(path, data, **options)

    if slow:
        storage_module.atomic_write_bytes = slow_write
    try:
        with tempfile.TemporaryDirectory() as tmp:
            workspace = Workspace(DataDir(Path(tmp)), "bench", DEFAULT_CODEBOOK)
            document = load_document(DOCUMENT)
            session = workspace.open(document)
            app = AnnotatorApp(workspace, session, freeze_long_lived=True)  # as run_app does
            samples: list[Keystroke] = []
            max_pending = 0
            codes = [code.key for code in DEFAULT_CODEBOOK.codes]
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                await settle()
                screen = app.screen
                assert isinstance(screen, ReaderScreen)
                screen.workflow.advance = True
                reader = screen.query_one(ReaderView)
                clock = FrameClock(app, reader)
                last = len(document.sentences) - 1
                for number in range(keys):
                    if reader.cursor >= last:
                        reader.cursor = 0  # back to the top, untimed; later passes add codes
                        await settle(0.1)
                    key = codes[(number + number // last) % len(codes)] if tag else "j"
                    samples.append(await clock.keystroke(app, key))
                    max_pending = max(max_pending, session.store.pending)
                    await asyncio.sleep(KEY_GAP_SECONDS)
                session.store.flush(30)
            session.store.close()
    finally:
        storage_module.atomic_write_bytes = original
    return samples, max_pending


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--keys", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("ANNOTATOR_CONFIG_DIR", tempfile.mkdtemp(prefix="bench-config-"))
    rows = [
        ("code key, writes in flight (200 ms writes)", True, True),
        ("code key, normal disk", False, True),
        ("j, no write (baseline)", False, False),
    ]
    print(f"Keystroke to repaint, ms ({DOCUMENT.name}, {args.keys} keys per row)")
    print(
        f"{'keystroke':44}{'latency':>9}{'p95':>8}{'max':>8}"
        f"{'UI CPU':>9}{'p95':>8}{'within':>8}{'queued':>8}"
    )
    for label, slow, tag in rows:
        samples, pending = asyncio.run(_measure(args.keys, slow, tag))
        latency = [k.latency_ms for k in samples]
        ui = [k.ui_cpu_ms for k in samples]
        within = sum(value <= FRAME_MS for value in latency) / len(latency) * 100
        print(
            f"{label:44}{statistics.median(latency):>9.2f}{_p95(latency):>8.2f}"
            f"{max(latency):>8.2f}{statistics.median(ui):>9.2f}{_p95(ui):>8.2f}"
            f"{within:>7.0f}%{pending:>8}"
        )
    print(
        f"latency and UI CPU: medians; within: share of keystrokes drawn within one frame "
        f"({FRAME_MS:.1f} ms); queued: most writes waiting at once"
    )


if __name__ == "__main__":
    main()
