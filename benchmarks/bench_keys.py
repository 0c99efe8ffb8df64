"""Coding keystrokes: how many a document takes, and the CPU each one costs.

Two figures for issue 5:

1. Keystrokes. The bundled sample q7x2 is coded in tag-and-advance mode, one code per
   sentence, by a script that presses only code keys. The count is compared with SLATE's
   two keys per item (select, then label).
2. CPU per tagging keystroke (target: at most 3 ms), on the sample and on the 1.2 MB book
   in tests/data/corpus. Key events are posted to the running (headless) app through its
   driver, exactly as a terminal would deliver them, and each keystroke is timed with
   ``time.process_time`` from posting until the screen has been redrawn: that is CPU, so
   waiting costs nothing and every thread's work counts (the store's writer thread
   included). For comparison, in the same run: a movement key (j), and the tagging action
   called directly without a key event.

Run: python benchmarks/bench_keys.py [--keys 300] [--book PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual import events
from textual.pilot import Pilot

from annotator.codebook import DEFAULT_CODEBOOK
from annotator.document import Document, bundled_sample_path, load_document
from annotator.session import open_session
from annotator.store import DataDir
from annotator.ui.app import AnnotatorApp
from annotator.ui.workflow import WorkflowScreen

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "tests" / "data" / "corpus" / "en_book_gutenberg1404_federalist_papers.txt"
SIZE = (120, 36)
SLATE_KEYS_PER_ITEM = 2


def make_app(document: Document, root: Path) -> AnnotatorApp:
    data_dir = DataDir(root / "data")
    session = open_session(data_dir, document, DEFAULT_CODEBOOK, "bench")
    return AnnotatorApp(session, data_dir)


async def post_key(pilot: Pilot[Any], key: str) -> None:
    """Deliver one key event as the terminal driver would, and wait for the redraw."""
    app = pilot.app
    driver = app._driver
    assert driver is not None
    character = key if len(key) == 1 else None
    event = events.Key(key, character)
    event.set_sender(app)
    driver.send_message(event)
    await pilot.pause()


def screen_of(app: AnnotatorApp) -> WorkflowScreen:
    screen = app.screen
    assert isinstance(screen, WorkflowScreen)
    return screen


async def count_keystrokes(root: Path) -> tuple[int, int, int, bool]:
    """Code the sample, one code per sentence; returns (sentences, keys, mode keys, all coded)."""
    document = load_document(bundled_sample_path(), is_sample=True)
    app = make_app(document, root / "count")
    codes = [code.key for code in DEFAULT_CODEBOOK.codes]
    async with app.run_test(size=SIZE) as pilot:
        await post_key(pilot, "a")  # tag-and-advance on, once per sitting
        keys = 0
        for index in range(len(document.sentences)):
            await post_key(pilot, codes[index % len(codes)])
            keys += 1
        session = screen_of(app).session
        done = all(len(session.tags(i)) == 1 for i in range(len(document.sentences)))
        return len(document.sentences), keys, 1, done


async def time_keys(
    document: Document,
    root: Path,
    keys: int,
    press: Callable[[Pilot[Any], int], Awaitable[None]],
    advance: bool = True,
) -> list[float]:
    """CPU seconds per keystroke for ``keys`` calls of ``press`` on a fresh app."""
    app = make_app(document, root)
    samples: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen_of(app).advance = advance
        for number in range(keys):
            start = time.process_time()
            await press(pilot, number)
            samples.append(time.process_time() - start)
        app.session.store.flush(30)
    return samples


def code_key(number: int) -> str:
    return DEFAULT_CODEBOOK.codes[number % len(DEFAULT_CODEBOOK.codes)].key


async def tag_key(pilot: Pilot[Any], number: int) -> None:
    await post_key(pilot, code_key(number))


async def move_key(pilot: Pilot[Any], number: int) -> None:
    await post_key(pilot, "j")


async def null_key(pilot: Pilot[Any], number: int) -> None:
    await post_key(pilot, "f12")  # bound to nothing: the cost of delivery and redraw checks


async def tag_action(pilot: Pilot[Any], number: int) -> None:
    screen = screen_of(pilot.app)  # type: ignore[arg-type]
    screen.apply_code(number % len(DEFAULT_CODEBOOK.codes))
    await pilot.pause()


def command_layer(document: Document, root: Path, keys: int, durable: bool) -> list[float]:
    """The same tagging with no UI at all: session command, store queue, cursor arithmetic.

    With ``durable``, each keystroke also waits for the store's writer thread to put the
    change on disk, so that thread's CPU is counted too.
    """
    data_dir = DataDir(root)
    session = open_session(data_dir, document, DEFAULT_CODEBOOK, "bench")
    samples: list[float] = []
    cursor = 0
    for number in range(keys):
        start = time.process_time()
        session.toggle_tag(cursor, code_name(number))
        if durable:
            session.store.flush(30)
        cursor = min(cursor + 1, len(document.sentences) - 1)
        samples.append(time.process_time() - start)
    session.store.flush(30)
    session.store.close()
    return samples


def code_name(number: int) -> str:
    return DEFAULT_CODEBOOK.codes[number % len(DEFAULT_CODEBOOK.codes)].name


def summarise(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return statistics.median(samples) * 1000, p95 * 1000, statistics.fmean(samples) * 1000


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--keys", type=int, default=300, help="keystrokes timed per row")
    parser.add_argument("--book", type=Path, default=BOOK)
    args = parser.parse_args()
    os.environ.setdefault("ANNOTATOR_CONFIG_DIR", tempfile.mkdtemp(prefix="bench-config-"))

    with tempfile.TemporaryDirectory(prefix="bench-keys-") as tmp:
        root = Path(tmp)
        sentences, keys, mode_keys, done = await count_keystrokes(root)
        print("Keystrokes to code the sample q7x2, one code per sentence")
        print(f"{'tool':<34}{'sentences':>10}{'keys':>8}{'per sentence':>14}")
        print(
            f"{'annotator, tag-and-advance':<34}{sentences:>10}{keys:>8}{keys / sentences:>14.2f}"
        )
        print(f"{'  (+ the a key, once per sitting)':<34}{'':>10}{mode_keys:>8}")
        slate = SLATE_KEYS_PER_ITEM * sentences
        print(f"{'SLATE (2 keys per item)':<34}{sentences:>10}{slate:>8}{2:>14.2f}")
        print(f"every sentence coded exactly once: {done}")
        print()

        sample = load_document(bundled_sample_path(), is_sample=True)
        started = time.perf_counter()
        book = load_document(args.book)
        load_seconds = time.perf_counter() - started
        print(
            f"book: {args.book.name}, {args.book.stat().st_size / 1e6:.2f} MB, "
            f"{len(book.sentences)} sentences, {len(book.paragraphs)} paragraphs "
            f"(loaded in {load_seconds:.1f} s)"
        )
        print()
        print(f"CPU per keystroke, ms ({args.keys} keystrokes per row, process_time)")
        print(f"{'document':<10}{'what':<44}{'median':>8}{'p95':>8}{'mean':>8}{'net of no-op':>14}")
        rows: list[tuple[str, Document, str, Callable[[Pilot[Any], int], Awaitable[None]]]] = [
            ("sample", sample, "no-op key (f12): delivery and redraw check", null_key),
            ("sample", sample, "code key, tag-and-advance (key event)", tag_key),
            ("sample", sample, "j, next sentence (key event)", move_key),
            ("sample", sample, "tagging action called directly", tag_action),
            ("book", book, "no-op key (f12): delivery and redraw check", null_key),
            ("book", book, "code key, tag-and-advance (key event)", tag_key),
            ("book", book, "j, next sentence (key event)", move_key),
            ("book", book, "tagging action called directly", tag_action),
        ]
        floor: dict[str, float] = {}
        for number, (name, document, what, press) in enumerate(rows):
            # The sample has 24 sentences: keep its rows within one pass of coding.
            count = min(args.keys, len(document.sentences) - 1) if name == "sample" else args.keys
            samples = await time_keys(document, root / f"row{number}", count, press)
            median, p95, mean = summarise(samples)
            floor.setdefault(name, median)
            net = median - floor[name]
            print(f"{name:<10}{what:<44}{median:>8.2f}{p95:>8.2f}{mean:>8.2f}{net:>14.2f}")
        for name, document in (("sample", sample), ("book", book)):
            count = min(args.keys, len(document.sentences) - 1) if name == "sample" else args.keys
            for durable in (False, True):
                samples = command_layer(document, root / f"core-{name}-{durable}", count, durable)
                median, p95, mean = summarise(samples)
                what = "toggle_tag + durable write, no UI" if durable else "toggle_tag only, no UI"
                print(f"{name:<10}{what:<44}{median:>8.2f}{p95:>8.2f}{mean:>8.2f}{'':>14}")


if __name__ == "__main__":
    asyncio.run(main())
