"""``annotator export FILE`` on the 1.2 MB book before and after an edit, 6,000 annotations.

Issue 13: an export of an edited file carries the coding over (in memory, headless) before
writing the placed rows. The book is coded on 6,000 random sentences the way the reader
does it (so the catalog keeps its text), the export of the file is timed as a user runs
it (a subprocess, CSV to a file), then the file is edited by the test suite's generator
and the same export is timed again, in the same sitting, for each kind of edit. Medians
of ``--repeat`` runs; CPU time is the steadier figure on a shared machine.

Run: python benchmarks/bench_export_edited.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the edit generator lives with the tests

from bench_reanchor import DONORS, edit_cases  # noqa: E402

from annotator.codebook.model import DEFAULT_CODEBOOK  # noqa: E402
from annotator.coding.workspace import Workspace  # noqa: E402
from annotator.store import DataDir  # noqa: E402
from annotator.text.document import build_document, load_document  # noqa: E402
from tests.coding.reanchoring.edits import edited, read_text  # noqa: E402

BOOK = ROOT / "tests" / "data" / "corpus" / "en_book_gutenberg1404_federalist_papers.txt"
ANNOTATIONS = 6000


def timed_export(path: Path, data_dir: Path, out: Path) -> tuple[float, float, str]:
    """Wall and CPU seconds of one ``annotator export PATH -o OUT``, and its stderr."""
    env = dict(os.environ, ANNOTATOR_DATA_DIR=str(data_dir), ANNOTATOR_NAME="bench")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "export", str(path), "-o", str(out)],
        capture_output=True,
        env=env,
        check=True,
        text=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stderr


def medians(path: Path, data_dir: Path, out: Path, repeat: int) -> tuple[float, float, str]:
    runs = [timed_export(path, data_dir, out) for _ in range(repeat)]
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    return wall, cpu, runs[-1][2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat

    text = read_text(BOOK)
    base = build_document(text, name=BOOK.name, lang="en")
    edits = edit_cases(base)
    donors = DONORS
    rows: list[tuple[str, float, float, str]] = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        for number, (label, edit_list) in enumerate(edits.items()):
            old, new, *_ = edited(text, edit_list, name=BOOK.name, seed=1, donors=donors)
            path = folder / f"{number}" / BOOK.name
            path.parent.mkdir()
            path.write_text(old.text, encoding="utf-8")
            data_dir = folder / f"{number}-data"
            session = Workspace(DataDir(data_dir), "bench", DEFAULT_CODEBOOK).open(
                load_document(path, lang="en")
            )
            rng = random.Random(13)
            chosen = rng.sample(range(len(session.document.sentences)), ANNOTATIONS)
            session.fill({index: ("claim",) for index in chosen})
            assert session.close(60)
            out = folder / "out.csv"
            wall, cpu, _ = medians(path, data_dir, out, repeat)
            rows.append((f"{label}: before the edit", wall, cpu, ""))
            path.write_text(new.text, encoding="utf-8")
            wall, cpu, stderr = medians(path, data_dir, out, repeat)
            note = " ".join(line for line in stderr.splitlines() if "await" in line)[:90]
            rows.append((f"{label}: after the edit", wall, cpu, note))

    print(
        f"annotator export FILE -o out.csv on the book ({len(text):,} characters, "
        f"{len(base.sentences):,} sentences), {ANNOTATIONS:,} annotations, "
        f"medians of {repeat} runs\n"
    )
    print("| export | wall s | CPU s | stderr |")
    print("|---|---:|---:|---|")
    for label, wall, cpu, note in rows:
        print(f"| {label} | {wall:.2f} | {cpu:.2f} | {note} |")


if __name__ == "__main__":
    main()
