"""Re-anchoring the 1.2 MB book with 6,000 annotations after an edit.

Target (issue 13): under 2 s. The book (6,390 sentences) is annotated on 6,000 random
sentences, edited by the test suite's generator (``tests/coding/reanchoring/edits.py``), and the
annotations re-anchored onto the new version, without and with the old text at hand.
"+ segment" rows also build the new document from its text first, as a caller that has
just read the edited file must. Medians of ``--repeat`` runs; CPU time is the steadier
figure on a shared machine.

Run: python benchmarks/bench_reanchor.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the edit generator lives with the tests

from annotator.annotation import Annotation, new_id  # noqa: E402
from annotator.coding.anchoring import anchor_fields  # noqa: E402
from annotator.coding.reanchoring.reanchor import Reanchoring, reanchor  # noqa: E402
from annotator.text.document import Document, build_document  # noqa: E402
from tests.coding.reanchoring.edits import Edit, Kind, default_edits, edited, read_text  # noqa: E402

BOOK = ROOT / "tests" / "data" / "corpus" / "en_book_gutenberg1404_federalist_papers.txt"
ANNOTATIONS = 6000


def median_ms(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds over ``repeat`` runs."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def annotations_on(document: Document, count: int, rng: random.Random) -> list[Annotation]:
    chosen = sorted(rng.sample(range(len(document.sentences)), count))
    return [
        Annotation(id=new_id(), coder="ann", tags=("claim",), **anchor_fields(document, i))
        for i in chosen
    ]


def segment_and_reanchor(
    annotations: list[Annotation], new_text: str, old_text: str
) -> Reanchoring:
    """What a caller that has just read the edited file does."""
    return reanchor(annotations, build_document(new_text, name=BOOK.name), old_text)


def summary(result: Reanchoring) -> str:
    counts = result.counts()
    return f"{counts['placed']:,} / {counts['review']:,} / {counts['orphaned']:,}"


DONORS = [
    "An inserted paragraph about something else entirely, added by the editor after\n"
    "the coders had finished, so that no annotation can belong to it."
]
"""Paragraphs the generated edits insert (the corpus texts are not needed for them)."""


def edit_cases(base: Document) -> dict[str, list[Edit]]:
    """The edits measured on the book, by label (``bench_export_edited`` uses them too)."""
    every = default_edits(base, random.Random(1))
    return {
        "one typo fixed": [Edit(Kind.TYPO_FIX, 4321)],
        "a paragraph inserted, one deleted": [
            Edit(Kind.INSERT_PARAGRAPH, 0, 900),
            Edit(Kind.DELETE_PARAGRAPH, 400),
        ],
        f"every kind of edit ({len(every)} edits)": every,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat

    text = read_text(BOOK)
    base = build_document(text, name=BOOK.name, lang="en")
    rng = random.Random(13)
    edits = {"no edit": [], **edit_cases(base)}
    donors = DONORS
    rows: list[tuple[str, str, str, float, float]] = []
    for label, edit_list in edits.items():
        old, new, *_ = edited(text, edit_list, name=BOOK.name, seed=1, donors=donors, lang="en")
        annotations = annotations_on(old, ANNOTATIONS, rng)
        for mode, old_text in (("without old text", None), ("with old text", old.text)):
            result = reanchor(annotations, new, old_text)
            wall, cpu = median_ms(partial(reanchor, annotations, new, old_text), repeat)
            rows.append((label, mode, summary(result), wall, cpu))
        wall, cpu = median_ms(
            partial(segment_and_reanchor, annotations, new.text, old.text), repeat
        )
        rows.append((label, "with old text + segment", summary(result), wall, cpu))

    print(
        f"Re-anchoring {ANNOTATIONS:,} annotations on the book ({len(text):,} characters, "
        f"{len(base.sentences):,} sentences), medians of {repeat} runs\n"
    )
    print("| edit | re-anchoring | placed / review / orphaned | wall ms | CPU ms |")
    print("|---|---|---|---:|---:|")
    for label, mode, counts, wall, cpu in rows:
        print(f"| {label} | {mode} | {counts} | {wall:.0f} | {cpu:.0f} |")


if __name__ == "__main__":
    main()
