"""A keystroke on a sentence with a huge note (issue 16): bounded by what is visible.

The bundled sample is opened with a ``--note-mb`` MB note stored on its second sentence
(written straight into the store, as an old import or another tool could have left it;
new notes are bounded at 100,000 characters). Keys are posted to the running headless
app as the terminal driver delivers them (``keystrokes.post_key``) and timed from
posting to the end of the frame that shows them (``keystrokes.FrameClock``): moving onto
the sentence (``j``), coding it (``1``, twice: on and off) and moving away (``k``).

Run: python benchmarks/bench_long_note.py [--note-mb 10] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
from pathlib import Path

from keystrokes import FrameClock, settle

from annotator.annotation import Annotation
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.anchoring import anchor_fields
from annotator.coding.workspace import Workspace
from annotator.store import DataDir
from annotator.text.document import bundled_sample_path, load_document
from annotator.ui.app import AnnotatorApp
from annotator.ui.reader.view import ReaderView

SIZE = (120, 36)
KEYS = ("j", "1", "1", "k")


def store_huge_note(data_dir: DataDir, megabytes: float) -> None:
    document = load_document(bundled_sample_path(), is_sample=True)
    line = "A long note line written by some other tool, with no end in sight. "
    note = (line * (int(megabytes * 2**20) // len(line) + 1))[: int(megabytes * 2**20)]
    store = data_dir.open_store(document.doc_id, "bench")
    try:
        store.save(
            Annotation(
                id="huge-note",
                **anchor_fields(document, 1),
                coder="bench",
                tags=("claim",),
                note=note,
                codebook=DEFAULT_CODEBOOK.name,
                codebook_version=DEFAULT_CODEBOOK.version,
            )
        )
    finally:
        assert store.close(60)


async def measure(root: Path, rounds: int) -> dict[str, list[float]]:
    data_dir = DataDir(root / "data")
    document = load_document(bundled_sample_path(), is_sample=True)
    workspace = Workspace(data_dir, "bench", DEFAULT_CODEBOOK)
    app = AnnotatorApp(workspace, workspace.open(document), freeze_long_lived=True)
    times: dict[str, list[float]] = {key: [] for key in KEYS}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await settle()
        clock = FrameClock(app, app.screen.query_one(ReaderView))
        for _ in range(rounds):
            for key in KEYS:
                stroke = await clock.keystroke(app, key, timeout=600)
                times[key].append(stroke.latency_ms)
                await settle(0.1)
        app.session.store.flush(60)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--note-mb", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-long-note-") as name:
        root = Path(name)
        store_huge_note(DataDir(root / "data"), args.note_mb)
        times = asyncio.run(measure(root, args.rounds))
    print(f"keystroke on a sentence with a {args.note_mb:g} MB note, ms (median, max "
          f"of {args.rounds})")  # fmt: skip
    labels = {"j": "j onto it", "1": "1 code on/off", "k": "k away"}
    for key, label in labels.items():
        values = times[key]
        print(f"  {label:<16}{statistics.median(values):>10.1f}{max(values):>10.1f}")


if __name__ == "__main__":
    main()
