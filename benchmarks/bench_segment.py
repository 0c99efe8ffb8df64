"""Sentence segmentation: speed on the book and on worst cases, and the gold-set scores.

Targets (issue 4): the 1.2 MB book segmented through ``build_document`` well under 0.5 s,
and a 1 MB paragraph without a full stop (or full of list markers) in linear time. The
correction rules are timed against bare sentencex side by side in one run, so the table
shows what they cost.

Run: python benchmarks/bench_segment.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import sentencex

from annotator.text.document import build_document
from annotator.text.language import detect_language
from annotator.text.loading import normalize_newlines
from annotator.text.paragraphs import split_paragraphs
from annotator.text.segment import split_sentences

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
BOOK = DATA / "corpus" / "en_book_gutenberg1404_federalist_papers.txt"
SAMPLE = ROOT / "sample_docs" / "q7x2.txt"


def median_ms(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds; CPU time is steadier on a busy machine."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def bare_sentencex(text: str, paragraphs: list[tuple[int, int]]) -> int:
    """sentencex alone on each paragraph: the floor the rules add to."""
    count = 0
    for start, end in paragraphs:
        count += len(sentencex.get_sentence_boundaries("en", text[start:end]))
    return count


def with_rules(text: str, paragraphs: list[tuple[int, int]]) -> int:
    return sum(len(split_sentences(text, start, end)) for start, end in paragraphs)


def scores() -> list[tuple[str, str]]:
    """Exact-match scores on the gold sets, for the record next to the timings."""
    en: list[dict[str, Any]] = json.loads((DATA / "segmentation" / "testset_en.json").read_text())
    multi: list[dict[str, Any]] = json.loads(
        (DATA / "segmentation" / "testset_multi.json").read_text()
    )

    def right(cases: list[dict[str, Any]], segment: Callable[[str, str], list[str]]) -> int:
        return sum(
            segment(c["text"], c.get("lang", "en")) == [g.strip() for g in c["gold"]] for c in cases
        )

    def ours(text: str, lang: str) -> list[str]:
        return [text[s:e] for s, e in split_sentences(text, 0, len(text), lang)]

    def bare(text: str, lang: str) -> list[str]:
        found = sentencex.get_sentence_boundaries(lang, text)
        return [str(b["text"]).strip() for b in found if str(b["text"]).strip()]

    golden = [c for c in en if c["cat"] == "golden"]
    press = [c for c in en if c["cat"] == "press"]
    return [
        (
            "English dev (golden + press)",
            f"{right(en, bare)} ({right(golden, bare)} + {right(press, bare)})",
        ),
        ("", f"{right(en, ours)} ({right(golden, ours)} + {right(press, ours)})"),
        ("multilingual (de fr ru zh ar)", f"{right(multi, bare)}"),
        ("", f"{right(multi, ours)}"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    repeat = parser.parse_args().repeat

    book = normalize_newlines(BOOK.read_bytes().decode("utf-8-sig"))
    sample = SAMPLE.read_text(encoding="utf-8")
    book_paragraphs = split_paragraphs(book)
    no_stop = ("the committee said that further measures would follow in due course " * 15000)[
        :1_000_000
    ]
    markers = ("1. The first 2. The second a. More b. Again " * 23000)[:1_000_000]
    dotted = ("see p. 5 and U.S. Vol. 2 at No. 7 etc. and so on " * 21000)[:1_000_000]

    rows: list[tuple[str, float, float, str]] = []

    def row(label: str, action: Callable[[], object], note: str = "") -> float:
        wall, cpu = median_ms(action, repeat)
        rows.append((label, wall, cpu, note))
        return cpu

    bare = row("book: bare sentencex per paragraph", lambda: bare_sentencex(book, book_paragraphs))
    rules = row(
        "book: split_sentences (sentencex + rules)", lambda: with_rules(book, book_paragraphs)
    )
    rows[-1] = (*rows[-1][:3], f"{rules / bare:.1f}x bare sentencex (CPU)")
    row("book: split_paragraphs alone", lambda: split_paragraphs(book))
    row("book: build_document (paragraphs + sentences)", lambda: build_document(book, name="b.txt"))
    row("book: detect_language", lambda: detect_language(book))
    row("sample: build_document", lambda: build_document(sample, name="q7x2.txt"))
    for label, text in (
        ("1 MB paragraph, no full stop", no_stop),
        ("1 MB paragraph of list markers", markers),
        ("1 MB paragraph of abbreviations", dotted),
    ):
        _, bare_one = median_ms(lambda t=text: sentencex.get_sentence_boundaries("en", t), repeat)
        row(
            f"{label}: split_sentences",
            lambda t=text: split_sentences(t, 0, len(t)),
            f"bare sentencex {bare_one:.0f} ms CPU",
        )

    print(f"Segmentation, medians of {repeat} runs ({len(book):,} characters in the book,")
    print(
        f"{len(book_paragraphs):,} paragraphs, {with_rules(book, book_paragraphs):,} sentences)\n"
    )
    print("| step | wall ms | CPU ms | note |")
    print("|---|---:|---:|---|")
    for label, wall, cpu, note in rows:
        print(f"| {label} | {wall:.1f} | {cpu:.1f} | {note} |")
    print("\n| exact cases | bare sentencex / with the rules |")
    print("|---|---|")
    for label, value in scores():
        print(f"| {label} | {value} |")


if __name__ == "__main__":
    main()
