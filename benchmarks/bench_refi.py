"""REFI-QDA at book scale: the 1.2 MB Federalist Papers coded at 6,000 sentences.

Measures writing the ``.qdpx`` (building the project, the XML, the zip) from documents
already loaded, and importing it into an empty data directory (reading, segmenting the
text, mapping selections, writing the stores). Loading and segmenting the book is timed
on its own, since every export and import pays it once per document.

Run: python benchmarks/bench_refi.py [--sentences 6000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from annotator.annotation import Annotation
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.anchoring import anchor_fields
from annotator.export.sources import ExportDocument
from annotator.refi import export_qdpx, import_qdpx
from annotator.store import DataDir
from annotator.text.document import Document, load_document

BOOK = Path(__file__).resolve().parent.parent / "tests" / "data" / "corpus"
BOOK = BOOK / "en_book_gutenberg1404_federalist_papers.txt"
CODES = [c.name for c in DEFAULT_CODEBOOK.codes]


def annotation(document: Document, index: int) -> Annotation:
    tags = tuple(CODES[k] for k in range(len(CODES)) if (index >> k) & 1) or ("claim",)
    return Annotation(
        id=f"{document.doc_id}-{index}",
        **anchor_fields(document, index),
        coder="bench" if index % 3 else "second",
        tags=tags,
        note="A note, with <markup> & two\nlines." if index % 7 == 0 else "",
        created="2026-01-01T00:00:00.000Z",
        updated="2026-01-01T00:00:00.000Z",
    )


def timed(repeat: int, job: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        job()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=6000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-refi-"))
    try:
        shutil.copy(BOOK, root / BOOK.name)
        loading = timed(1, lambda: load_document(root / BOOK.name))
        document = load_document(root / BOOK.name)
        made = [
            annotation(document, i) for i in range(min(args.sentences, len(document.sentences)))
        ]
        source = ExportDocument(document.doc_id, document.name, document, made, made)
        out = root / "book.qdpx"
        export = timed(args.repeat, lambda: export_qdpx(out, [source], DEFAULT_CODEBOOK))
        runs = iter(range(args.repeat))

        def import_once() -> None:
            fresh = DataDir(root / f"fresh-{next(runs)}")
            done = import_qdpx(fresh, out, DEFAULT_CODEBOOK, docs_dir=fresh.root / "docs")
            assert done.result.added == len(made), done.lines()

        importing = timed(args.repeat, import_once)
        print(f"book: {BOOK.stat().st_size:,} bytes, {len(document.sentences):,} sentences; "
              f"{len(made):,} coded; qdpx {out.stat().st_size:,} bytes")  # fmt: skip
        print(f"load and segment the book          {loading:8.3f} s")
        print(f"export .qdpx (median of {args.repeat})          {export:8.3f} s")
        print(f"import .qdpx into an empty data dir {importing:8.3f} s (segmenting included)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
