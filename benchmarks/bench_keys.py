"""Coding keystrokes: how many a document takes, and the CPU each one costs.

Two figures for issue 5:

1. Keystrokes. The bundled sample q7x2 is coded in tag-and-advance mode, one code per
   sentence, by a script that presses only code keys. The count is compared with SLATE's
   two keys per item (select, then label).
2. CPU per tagging keystroke (target: at most 3 ms), on the sample and on the 1.2 MB book
   in tests/data/corpus. Key events are posted to the running (headless) app through its
   driver, as the terminal driver delivers them (``keystrokes.post_key``); no
   ``Pilot.press`` and no pauses between keys. CPU is ``time.process_time``, so every
   thread counts, the store's writer thread included, and waiting costs nothing.

   - *Posted in a stream*: the keys of a coding run are posted one after another and the
     app handles them as they come, drawing at most 60 frames a second. The window ends
     when the last key is drawn and durable. This is the figure the target is set on.
     The sample has 24 sentences, so it is coded four times over, a different code each
     time (92 code keys, with ``g`` back to the top between runs, whose CPU counts too);
     the book takes ``--keys`` code keys in one run.
   - *One frame per key*: each key is posted alone, 50 ms after the frame of the one
     before, and timed from posting to the end of its own frame (``FrameClock``). This
     is the cost of a keystroke that gets a full repaint to itself.

   For comparison, in the same run: a movement key (j) and a key bound to nothing (f12),
   and the session command alone without any UI.

Run: python benchmarks/bench_keys.py [--keys 200] [--runs 5] [--book PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

from keystrokes import FrameClock, Keystroke, post_key, settle
from textual.pilot import Pilot

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.opening import open_session
from annotator.coding.workspace import Workspace
from annotator.store import DataDir
from annotator.text.document import Document, bundled_sample_path, load_document
from annotator.ui.app import AnnotatorApp
from annotator.ui.reader.view import ReaderView
from annotator.ui.screens.reader_screen import ReaderScreen

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "tests" / "data" / "corpus" / "en_book_gutenberg1404_federalist_papers.txt"
SIZE = (120, 36)
SLATE_KEYS_PER_ITEM = 2
TARGET_MS = 3.0
CODE_KEYS = {code.key for code in DEFAULT_CODEBOOK.codes}
SAMPLE_PASSES = 4


def make_app(document: Document, root: Path) -> AnnotatorApp:
    workspace = Workspace(DataDir(root / "data"), "bench", DEFAULT_CODEBOOK)
    # As run_app makes it.
    return AnnotatorApp(workspace, workspace.open(document), freeze_long_lived=True)


async def press(pilot: Pilot[Any], key: str) -> None:
    """Post a key and wait until the app has handled it (for counting, not timing)."""
    post_key(pilot.app, key)
    await pilot.pause()


def screen_of(app: AnnotatorApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


async def count_keystrokes(root: Path) -> tuple[int, int, int, bool]:
    """Code the sample, one code per sentence; returns (sentences, keys, mode keys, all coded)."""
    document = load_document(bundled_sample_path(), is_sample=True)
    app = make_app(document, root / "count")
    codes = [code.key for code in DEFAULT_CODEBOOK.codes]
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "a")  # tag-and-advance on, once per sitting
        keys = 0
        for index in range(len(document.sentences)):
            await press(pilot, codes[index % len(codes)])
            keys += 1
        session = screen_of(app).session
        done = all(len(session.tags(i)) == 1 for i in range(len(document.sentences)))
        return len(document.sentences), keys, 1, done


def codes_for(count: int, offset: int = 0) -> list[str]:
    codes = [code.key for code in DEFAULT_CODEBOOK.codes]
    return [codes[(offset + number) % len(codes)] for number in range(count)]


def coding_passes(count: int, passes: int) -> list[str]:
    """Code keys for ``passes`` runs down the document, a different code each time (so
    every key adds one), with ``g`` (back to the top) between runs."""
    keys: list[str] = []
    for number in range(passes):
        if number:
            keys.append("g")
        keys += codes_for(count, offset=number)
    return keys


def tags_in(app: AnnotatorApp) -> int:
    session = app.session
    return sum(len(session.tags(i)) for i in range(len(session.document.sentences)))


async def stream_cpu(document: Document, root: Path, keys: list[str], advance: bool) -> float:
    """Process CPU per key, ms, for ``keys`` posted one after another as a coder types.

    The app handles each key as it comes and draws frames as it can (at most 60 a
    second), so a frame may show several keys. The window ends when the last key has
    been handled, drawn, and made durable by the store's writer thread, whose CPU is
    counted too. With code keys the denominator is the number of code keys (a ``g``
    between coding runs is counted in the CPU, not as a key).
    """
    app = make_app(document, root)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await settle()
        screen = screen_of(app)
        screen.workflow.advance = advance
        reader = app.screen.query_one(ReaderView)
        codes = sum(key in CODE_KEYS for key in keys)
        moves = sum(key == "j" for key in keys)
        expected_cursor = min(len(document.sentences) - 1, reader.cursor + moves)
        started = time.process_time()
        for key in keys:
            post_key(app, key)
        if codes:
            while tags_in(app) != codes:  # every code key adds a code
                await asyncio.sleep(0.005)
        else:
            while reader.cursor != expected_cursor:  # every j moves on; f12 does nothing
                await asyncio.sleep(0.005)
        await settle()  # the last frame, and "saved" shown
        app.session.store.flush(30)
        cpu = time.process_time() - started
    return cpu / (codes or len(keys)) * 1000


async def isolated_keys(
    document: Document, root: Path, keys: list[str], advance: bool, gap: float = 0.05
) -> list[Keystroke]:
    """Each key posted alone, ``gap`` seconds after the frame of the one before."""
    app = make_app(document, root)
    samples: list[Keystroke] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await settle()
        screen_of(app).workflow.advance = advance
        clock = FrameClock(app, app.screen.query_one(ReaderView))
        for key in keys:
            samples.append(await clock.keystroke(app, key))
            await asyncio.sleep(gap)
        app.session.store.flush(30)
    return samples


def command_layer(document: Document, root: Path, keys: int, durable: bool) -> list[float]:
    """The same tagging with no UI at all: session command, store queue, cursor arithmetic.

    With ``durable``, each keystroke also waits for the store's writer thread to put the
    change on disk, so that thread's CPU is counted too. Seconds per key.
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


def row(name: str, what: str, values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (
        f"{name:<8}{what:<46}{statistics.median(values):>8.2f}{p95:>8.2f}"
        f"{min(values):>8.2f}{max(values):>8.2f}{len(values):>6}"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--keys", type=int, default=200, help="keys per run on the book")
    parser.add_argument("--runs", type=int, default=5, help="fresh apps per stream row")
    parser.add_argument("--book", type=Path, default=BOOK)
    args = parser.parse_args()
    os.environ.setdefault("ANNOTATOR_CONFIG_DIR", tempfile.mkdtemp(prefix="bench-config-"))

    with tempfile.TemporaryDirectory(prefix="bench-keys-") as tmp:
        root = Path(tmp)
        sentences, keys, mode_keys, done = await count_keystrokes(root / "count")
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
        documents = {"sample": (sample, len(sample.sentences) - 1), "book": (book, args.keys)}
        counter = iter(range(10_000))

        def fresh() -> Path:
            return root / f"run{next(counter)}"

        head = f"{'':<8}{'':<46}{'median':>8}{'p95':>8}{'min':>8}{'max':>8}{'n':>6}"
        print()
        print(f"CPU per key, ms, keys posted in a stream ({args.runs} runs; one value per run)")
        print(head)
        for name, (document, count) in documents.items():
            passes = SAMPLE_PASSES if name == "sample" else 1
            for what, keys_of, advance in (
                ("code key, tag-and-advance", partial(coding_passes, passes=passes), True),
                ("j, next sentence", lambda n: ["j"] * n, False),
                ("f12, bound to nothing", lambda n: ["f12"] * n, False),
            ):
                values = [
                    await stream_cpu(document, fresh(), keys_of(count), advance)
                    for _ in range(args.runs)
                ]
                print(row(name, what, values))
        print(f"target: code key at most {TARGET_MS:.0f} ms on both documents")

        print()
        print("One frame per key: each key posted alone, timed from posting to its frame")
        print(head)
        for name, (document, count) in documents.items():
            runs = max(1, 115 // count) if name == "sample" else 1
            for what, keys_of, advance in (
                ("code key, tag-and-advance", codes_for, True),
                ("j, next sentence", lambda n: ["j"] * n, False),
            ):
                samples: list[Keystroke] = []
                for _ in range(runs):
                    samples += await isolated_keys(document, fresh(), keys_of(count), advance)
                print(row(name, f"{what}: process CPU", [k.process_cpu_ms for k in samples]))
                print(row(name, f"{what}: UI-thread CPU", [k.ui_cpu_ms for k in samples]))
                print(row(name, f"{what}: latency (wall)", [k.latency_ms for k in samples]))

        print()
        print("The session command alone, no UI (CPU per key, ms)")
        print(head)
        for name, (document, count) in documents.items():
            for durable in (False, True):
                values = command_layer(document, fresh(), count, durable)
                what = "toggle_tag + durable write" if durable else "toggle_tag only"
                print(row(name, what, [v * 1000 for v in values]))


if __name__ == "__main__":
    asyncio.run(main())
