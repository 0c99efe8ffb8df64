"""Loading and paragraph splitting on real and adversarial documents.

Targets (issue 4): ``split_paragraphs`` on the 1.2 MB CRLF book in under 100 ms, and
time that grows linearly with size (the book repeated 1, 2 and 4 times, side by side in
this run), so no document shape can stall the reader before its first screen.

Run: python benchmarks/bench_loading.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from annotator.text.loading import decode_bytes, load_text
from annotator.text.paragraphs import split_paragraphs

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "corpus"
BOOK = CORPUS / "en_book_gutenberg1404_federalist_papers.txt"


def median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def synthetic() -> dict[str, tuple[str, bool]]:
    """Shapes real files rarely have but an adversary might send (about 1 MB each)."""
    words = "the committee said that further measures would follow in due course "
    wrapped_lines = []
    line = ""
    for word in (words * 16000).split():
        if len(line) + len(word) + 1 > 72:
            wrapped_lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    markdown = "\n".join(
        f"## Part {n}\n\n- item {n}\n  more\n> quote {n}\n\n```\ncode {n}\n```\n"
        for n in range(9000)
    )
    return {
        "one 1 MB paragraph, no full stop": ((words * 15000).replace(".", ""), False),
        "1 MB wrapped, no blank line": ("\n".join(wrapped_lines), False),
        "1 MB of blank lines, then a word": ("\n \n" * 350_000 + "word", False),
        "1 MB of one-word lines": ("word\n" * 200_000, False),
        "1 MB Markdown": (markdown, True),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    repeat = parser.parse_args().repeat

    rows: list[tuple[str, int, int, float, float]] = []
    files = [ROOT / "annotator" / "samples" / "q7x2.txt", *sorted(CORPUS.glob("*.txt"))]
    for path in files:
        text = load_text(path).text
        load = median_ms(lambda path=path: load_text(path), repeat)
        split = median_ms(lambda text=text: split_paragraphs(text), repeat)
        rows.append((path.name[:40], len(text), len(split_paragraphs(text)), load, split))
    book_bytes = BOOK.read_bytes()
    with tempfile.TemporaryDirectory() as folder:
        for times in (2, 4):
            big = Path(folder) / f"book-x{times}.txt"
            big.write_bytes(book_bytes * times)
            text = load_text(big).text
            load = median_ms(lambda big=big: load_text(big), repeat)
            split = median_ms(lambda text=text: split_paragraphs(text), repeat)
            rows.append((f"the book x{times}", len(text), len(split_paragraphs(text)), load, split))
    for name, (text, markdown) in synthetic().items():
        data = text.encode()
        load = median_ms(lambda data=data: decode_bytes(data, name="x"), repeat)
        split = median_ms(
            lambda text=text, md=markdown: split_paragraphs(text, markdown=md), repeat
        )
        rows.append((name, len(text), len(split_paragraphs(text, markdown=markdown)), load, split))

    print(f"median of {repeat} runs; load = read + decode + normalize, split = split_paragraphs")
    print(f"{'document':42} {'chars':>9} {'paras':>7} {'load ms':>8} {'split ms':>9} {'ms/MB':>7}")
    for name, chars, paragraphs, load, split in rows:
        per_mb = split / (chars / 1_000_000)
        print(f"{name:42} {chars:9d} {paragraphs:7d} {load:8.1f} {split:9.1f} {per_mb:7.1f}")
    by_name = {row[0]: row for row in rows}
    book = by_name[BOOK.name[:40]]
    print()
    for times in (2, 4):
        row = by_name[f"the book x{times}"]
        print(f"split time, book x{times} / book: {row[4] / book[4]:.2f} (linear: {times})")


if __name__ == "__main__":
    main()
