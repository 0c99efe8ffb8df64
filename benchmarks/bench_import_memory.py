"""Peak memory of importing a 1,000,000-row CSV (issue 16): it must follow the largest
document, not the file.

A corpus of ``--docs`` documents of ``--sentences`` sentences each is written to a work
folder with a catalog that knows every document, and one CSV in the ``sentences`` layout
codes every sentence (one coder, a note on one row in seven). ``annotator import`` then
runs in a child process, as a user runs it, and the child's peak resident set size
(``ru_maxrss`` from ``wait4``) and wall time are printed. ``--source DIR`` runs the
annotator found in DIR instead of this checkout (to measure an older version on the same
files); ``--workdir`` keeps the corpus for the next run.

Run: python benchmarks/bench_import_memory.py [--docs 1000] [--sentences 1000]
         [--workdir DIR] [--source DIR]
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from bench_agree import document_text

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.export.layouts import SENTENCE_COLUMNS
from annotator.store import CatalogEntry, DataDir
from annotator.store.storage import serialize_tables
from annotator.text.document import load_document

ROOT = Path(__file__).resolve().parents[1]
STAMP = "2026-01-01T00:00:00.000Z"


def build(work: Path, docs: int, sentences: int) -> Path:
    """The documents, a catalog knowing them (in ``work/catalog.json``) and the CSV."""
    out = work / "coding.csv"
    if out.exists():
        return out
    (work / "docs").mkdir(parents=True, exist_ok=True)
    catalog: dict[str, object] = {}
    with open(work / "partial.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(SENTENCE_COLUMNS)
        for number in range(docs):
            path = work / "docs" / f"release-{number:04d}.txt"
            path.write_text(document_text(number, sentences), encoding="utf-8")
            document = load_document(path)
            for index, span in enumerate(document.sentences):
                writer.writerow(
                    (
                        document.name,
                        document.doc_id,
                        span.paragraph + 1,
                        span.number + 1,
                        span.start,
                        span.end,
                        document.text[span.start : span.end],
                        DEFAULT_CODEBOOK.codes[index % 4].name,
                        f"note on sentence {index}" if index % 7 == 0 else "",
                        "bench",
                        STAMP,
                    )
                )
            entry = CatalogEntry(
                document.doc_id, document.name, str(path), len(document.sentences),
                len(document.paragraphs), STAMP, STAMP,
            )  # fmt: skip
            catalog[str(number + 1)] = asdict(entry)
    (work / "catalog.json").write_bytes(serialize_tables({"documents": catalog}))
    (work / "partial.csv").rename(out)
    return out


def run_import(work: Path, source: Path, out: Path) -> tuple[int, float, int, str]:
    """(exit status, wall seconds, peak RSS in KiB, stderr's last line) of one import."""
    target = DataDir(work / "target")
    shutil.rmtree(target.root, ignore_errors=True)
    target.ensure()
    shutil.copy(work / "catalog.json", target.catalog_path)
    config = work / "config"
    config.mkdir(exist_ok=True)
    env = dict(
        os.environ,
        PYTHONPATH=str(source),
        ANNOTATOR_CONFIG_DIR=str(config),
        ANNOTATOR_DATA_DIR=str(target.root),
    )
    command = [sys.executable, "-m", "annotator", "import", str(out), "--data-dir"]
    started = time.perf_counter()
    child = subprocess.Popen(
        [*command, str(target.root)], cwd=work, env=env, stderr=subprocess.PIPE
    )
    assert child.stderr is not None
    said = child.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    last = said.strip().splitlines()[-1] if said.strip() else ""
    return child.returncode, wall, usage.ru_maxrss, last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--sentences", type=int, default=1000)
    parser.add_argument("--workdir", type=Path, help="keep the corpus here (reused if there)")
    parser.add_argument("--source", type=Path, default=ROOT, help="the annotator to run")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-import-memory-"))
    try:
        started = time.perf_counter()
        out = build(work, args.docs, args.sentences)
        rows = args.docs * args.sentences
        size = out.stat().st_size / 2**20
        took = time.perf_counter() - started
        print(f"corpus: {args.docs} documents x {args.sentences} sentences = {rows:,} rows, "
              f"{size:.0f} MiB of CSV ({took:.0f} s to build)")  # fmt: skip
        status, wall, peak, last = run_import(work, args.source.resolve(), out)
        print(f"annotator from {args.source}: exit {status}, {wall:.0f} s, "
              f"peak RSS {peak / 1024:.0f} MiB")  # fmt: skip
        print(f"  {last}")
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
