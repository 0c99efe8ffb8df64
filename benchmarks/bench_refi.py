"""REFI-QDA at book scale: the 1.2 MB Federalist Papers coded at 6,000 sentences.

Measures writing the ``.qdpx`` (building the project, the XML, the zip) from documents
already loaded, and importing it into an empty data directory (reading, segmenting the
text, mapping selections, writing the stores). Loading and segmenting the book is timed
on its own, since every export and import pays it once per document. Then the same as a
user runs it: ``annotator export --all --format qdpx`` on a data directory holding the
book and both coders' stores, and ``annotator import`` of that file into an empty one,
each a ``python -m annotator`` process (start-up included, timed on its own too).

Run: python benchmarks/bench_refi.py [--sentences 6000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
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
from annotator.store.storage import serialize_tables
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


def coded_data_dir(root: Path, document: Document, made: list[Annotation]) -> DataDir:
    """The book registered and each coder's store written directly, as the reader keeps them."""
    data_dir = DataDir(root)
    assert document.path is not None
    data_dir.register(
        doc_id=document.doc_id,
        name=document.name,
        path=str(document.path),
        sentences=len(document.sentences),
        paragraphs=len(document.paragraphs),
    )
    for coder in sorted({a.coder for a in made}):
        store = data_dir.store_path(document.doc_id, coder)
        store.parent.mkdir(parents=True, exist_ok=True)
        table = {
            str(i + 1): a.to_record() for i, a in enumerate(a for a in made if a.coder == coder)
        }
        store.write_bytes(serialize_tables({"annotations": table}))
    return data_dir


def command(root: Path, *args: str) -> None:
    """Run ``python -m annotator ARGS`` with its config kept under ``root``."""
    env = dict(os.environ, ANNOTATOR_CONFIG_DIR=str(root / "config"))
    done = subprocess.run(
        [sys.executable, "-m", "annotator", *args], env=env, capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr.decode()


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

        data = coded_data_dir(root / "data", document, made)
        cli_out = root / "cli" / out.name  # the project is named after its file
        cli_out.parent.mkdir()
        start_up = timed(args.repeat, lambda: command(root, "--version"))
        export_args = ["export", "--all", "--format", "qdpx", "-o", str(cli_out)]
        export_args += ["--data-dir", str(data.root)]
        cli_export = timed(args.repeat, lambda: command(root, *export_args))
        assert cli_out.read_bytes() == out.read_bytes()
        cli_runs = iter(range(args.repeat))

        def cli_import() -> None:
            fresh = root / f"cli-fresh-{next(cli_runs)}"
            command(
                root,
                "import",
                str(cli_out),
                "--data-dir",
                str(fresh),
                "--docs-dir",
                str(fresh / "docs"),
            )

        cli_importing = timed(args.repeat, cli_import)
        print(f"python -m annotator --version       {start_up:8.3f} s (start-up)")
        print(f"annotator export --all --format qdpx {cli_export:7.3f} s")
        print(f"annotator import FILE.qdpx          {cli_importing:8.3f} s (empty data dir)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
