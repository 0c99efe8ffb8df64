"""Keystroke to repaint while store writes are in flight, against no writes at all.

A tagging keystroke is handled on the UI thread; the store's writer thread makes it
durable. This measures the UI thread's CPU time (``time.thread_time`` on the event loop's
thread, so the writer thread and any waiting are excluded) for one tagging keystroke (the
screen's action, as a key binding calls it) and the repaint it causes, in three
conditions measured side by side in one run:

- *writes in flight*: every durable write is slowed to 50 ms (a slow or busy disk), so
  each keystroke lands while earlier writes are still queued or running;
- *normal disk*: the store as it is;
- *read-only baseline*: the same repaint work without any store write (the cursor moves
  instead of tagging, so the reader repaints the same lines).

Run: python benchmarks/bench_inflight.py [--keys N]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from annotator.codebook import DEFAULT_CODEBOOK
from annotator.document import bundled_sample_path, load_document
from annotator.session import open_session
from annotator.store import DataDir
from annotator.store import storage as storage_module
from annotator.ui.app import AnnotatorApp
from annotator.ui.widgets.reader import ReaderView

SLOW_WRITE_SECONDS = 0.05
FRAME_MS = 1000 / 60


async def _measure(keys: int, slow: bool, tag: bool) -> tuple[list[float], int]:
    original = storage_module.atomic_write_bytes

    def slow_write(path: Path, data: bytes, *, keep_backup: bool = False) -> None:
        time.sleep(SLOW_WRITE_SECONDS)
        original(path, data, keep_backup=keep_backup)

    if slow:
        storage_module.atomic_write_bytes = slow_write
    try:
        with tempfile.TemporaryDirectory() as tmp:
            data_dir = DataDir(Path(tmp))
            document = load_document(bundled_sample_path(), is_sample=True)
            session = open_session(data_dir, document, DEFAULT_CODEBOOK, "bench")
            app = AnnotatorApp(session, data_dir)
            samples: list[float] = []
            max_pending = 0
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.pause()
                screen: Any = app.screen
                reader = screen.query_one(ReaderView)
                act: Callable[[int], None]
                if tag:
                    act = lambda i: screen.action_toggle_code(i % 4)  # noqa: E731
                else:
                    act = lambda i: setattr(reader, "cursor", (reader.cursor + 1) % 20)  # noqa: E731
                for i in range(keys):
                    if tag and i % 8 == 0:
                        reader.cursor = (reader.cursor + 1) % 20
                        await pilot.pause()
                    started = time.thread_time()
                    act(i)
                    await pilot.pause()  # runs the handlers and repaints the screen
                    samples.append((time.thread_time() - started) * 1000)
                    max_pending = max(max_pending, session.store.pending)
                session.store.flush(30)
            session.store.close()
    finally:
        storage_module.atomic_write_bytes = original
    return samples, max_pending


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=150)
    args = parser.parse_args()
    rows = [
        ("tag, writes in flight (50 ms writes)", True, True),
        ("tag, normal disk", False, True),
        ("cursor move, no write (baseline)", False, False),
    ]
    print("UI-thread CPU per keystroke, including the repaint")
    print(f"{'keystroke':40}{'median ms':>11}{'p95 ms':>9}{'max queued':>12}")
    for label, slow, tag in rows:
        samples, pending = asyncio.run(_measure(args.keys, slow, tag))
        p95 = statistics.quantiles(samples, n=20)[-1]
        print(f"{label:40}{statistics.median(samples):>11.2f}{p95:>9.2f}{pending:>12}")
    print(f"one frame = {FRAME_MS:.1f} ms; {args.keys} keystrokes per row")


if __name__ == "__main__":
    main()
