"""Export and import at corpus scale: 100,000 annotations over 1,000 documents.

The target (issue 6): writing the CSV takes at most twice as long as Python's csv module
writing the same rows from a list in memory, measured side by side in this run; import
runs at a comparable rate. The data directory is built directly (store files and the
catalog written as JSON, documents as small text files) so that setting up is quick.

The target of issue 15: ``annotator export --all`` as CSV takes at most 1.5 times
``annotator export --all --format jsonl`` of the same data directory, both run as a
coder runs them (the console script, in a new process each time, alternating), once the
segmentation cache is warm. ``--cli-runs N`` times them (0 skips them; the first CSV run,
which fills the cache, is reported on its own).

Run: python benchmarks/bench_export.py [--docs 1000] [--per-doc 100] [--repeat 3]
     [--cli-runs 5] [--no-import]
"""

from __future__ import annotations

import argparse
import csv
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from in_pty import ANNOTATOR

from annotator.annotation import Annotation
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.anchoring import anchor_fields
from annotator.export import resolve_sources, write_csv
from annotator.export.guard import guard
from annotator.export.layouts import layout_rows
from annotator.export.service import ExportOptions, export_to
from annotator.export.sources import ExportDocument, load_for_export
from annotator.import_ import apply_import, read_import
from annotator.import_.finder import DocumentFinder
from annotator.store import CatalogEntry, DataDir
from annotator.store.segment_cache import SegmentCache, segments_dir
from annotator.store.storage import serialize_tables
from annotator.text.document import Document, load_document

CODES = [c.name for c in DEFAULT_CODEBOOK.codes]
OPENINGS = ("Officials", "=The ministry", "-5 percent of", "The agency", "@Spokespeople for")


def document_text(number: int, sentences: int) -> str:
    """Press-release-like text: five sentences a paragraph, some formula-like openings."""
    paragraphs = []
    for p in range(0, sentences, 5):
        paragraphs.append(
            " ".join(
                f"{OPENINGS[(p + s) % len(OPENINGS)]} in region {number} reported "
                f"{(p + s) * 137 % 9000} new cases, the statement said on day {p + s}."
                for s in range(p, min(p + 5, sentences))
            )
        )
    return "\n\n".join(paragraphs) + "\n"


def annotation(document: Document, index: int) -> Annotation:
    tags = tuple(CODES[k] for k in range(len(CODES)) if (index >> k) & 1) or ("claim",)
    note = 'A note, with "quotes"\nover two lines.' if index % 7 == 0 else ""
    return Annotation(
        id=f"{document.doc_id}-{index}",
        **anchor_fields(document, index),
        coder="bench",
        tags=tags,
        note=note,
        codebook=DEFAULT_CODEBOOK.name,
        codebook_version=DEFAULT_CODEBOOK.version,
        created="2026-01-01T00:00:00.000Z",
        updated="2026-01-01T00:00:00.000Z",
    )


def build(root: Path, docs: int, per_doc: int) -> tuple[DataDir, list[ExportDocument]]:
    """Documents on disk, one store file per document, and a catalog, written directly."""
    data_dir = DataDir(root / "data")
    data_dir.ensure()
    (root / "docs").mkdir()
    catalog: dict[str, object] = {}
    sources = []
    for number in range(docs):
        path = root / "docs" / f"release-{number:04d}.txt"
        path.write_text(document_text(number, per_doc), encoding="utf-8")
        document = load_document(path)
        made = [annotation(document, i) for i in range(min(per_doc, len(document.sentences)))]
        store = data_dir.store_path(document.doc_id, "bench")
        store.parent.mkdir(parents=True, exist_ok=True)
        table = {str(i + 1): a.to_record() for i, a in enumerate(made)}
        store.write_bytes(serialize_tables({"annotations": table}))
        entry = CatalogEntry(
            document.doc_id, document.name, str(path), len(document.sentences),
            len(document.paragraphs), "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z",
        )  # fmt: skip
        catalog[str(number + 1)] = asdict(entry)
        sources.append(ExportDocument(document.doc_id, document.name, document, made, made))
    data_dir.catalog_path.write_bytes(serialize_tables({"documents": catalog}))
    return data_dir, sources


def cli_export(data_dir: DataDir, out: Path, *options: str) -> float:
    """Seconds for ``annotator export --all`` in a new process, to ``out``."""
    command = [*ANNOTATOR, "export", "--all", "--data-dir", str(data_dir.root), "-o", str(out)]
    started = time.perf_counter()
    subprocess.run([*command, *options], check=True, capture_output=True)
    return time.perf_counter() - started


def cli_rows(data_dir: DataDir, root: Path, runs: int) -> list[tuple[str, float]]:
    """The command line, CSV against JSONL, alternating; the cache filled by the first CSV."""
    shutil.rmtree(data_dir.root / "cache", ignore_errors=True)
    cold = cli_export(data_dir, root / "cli.csv")
    csv_times, jsonl_times = [], []
    for _ in range(runs):
        csv_times.append(cli_export(data_dir, root / "cli.csv"))
        jsonl_times.append(cli_export(data_dir, root / "cli.jsonl", "--format", "jsonl"))
    warm, jsonl = statistics.median(csv_times), statistics.median(jsonl_times)
    print(
        f"\nannotator export --all, {runs} alternating runs each (medians): CSV / JSONL = "
        f"{warm / jsonl:.2f} (target <= 1.5); CSV ranges {min(csv_times):.3f}-"
        f"{max(csv_times):.3f} s, JSONL {min(jsonl_times):.3f}-{max(jsonl_times):.3f} s"
    )
    return [
        ("annotator export --all (CSV), first run: fills the cache", cold),
        ("annotator export --all (CSV), cache warm", warm),
        ("annotator export --all --format jsonl", jsonl),
    ]


def timed(repeat: int, job: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        job()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--per-doc", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cli-runs", type=int, default=5, help="0: no command-line runs")
    parser.add_argument("--no-import", action="store_true", help="skip the import rows")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-export-"))
    try:
        started = time.perf_counter()
        data_dir, sources = build(root, args.docs, args.per_doc)
        total = sum(len(s.placed) for s in sources)
        print(f"set-up: {args.docs} documents, {total} annotations, "
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        out = root / "out.csv"
        rows = list(layout_rows("sentences", sources, DEFAULT_CODEBOOK, guard))

        def csv_module() -> None:
            with open(out, "w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle, lineterminator="\r\n")
                writer.writerows(rows)

        def our_writer() -> None:
            with open(out, "w", encoding="utf-8", newline="") as handle:
                write_csv(handle, sources, DEFAULT_CODEBOOK)

        def our_jsonl() -> None:
            export_to(sources, DEFAULT_CODEBOOK, ExportOptions(format="jsonl"), root / "o.jsonl")

        def end_to_end() -> None:
            found = resolve_sources([], data_dir, everything=True, coder=None)
            export_to(found.sources, DEFAULT_CODEBOOK, ExportOptions(), out)

        def end_to_end_jsonl() -> None:
            found = resolve_sources([], data_dir, everything=True, coder=None, need_text=False)
            export_to(
                found.sources, DEFAULT_CODEBOOK, ExportOptions(format="jsonl"), root / "e.jsonl"
            )

        def load_documents() -> None:
            for entry in data_dir.catalog():
                load_document(Path(entry.path))

        def load_cached() -> None:
            cache = SegmentCache(data_dir)
            for entry in data_dir.catalog():
                load_for_export(Path(entry.path), data_dir, cache=cache)
            assert cache.counts.segmented == 0, cache.counts

        def read_stores() -> None:
            for entry in data_dir.catalog():
                data_dir.annotations(entry.doc_id)

        baseline = timed(args.repeat, csv_module)
        writer_time = timed(args.repeat, our_writer)
        jsonl_time = timed(args.repeat, our_jsonl)
        shutil.rmtree(segments_dir(data_dir.root), ignore_errors=True)
        e2e_cold = timed(1, end_to_end)
        e2e = timed(1, end_to_end)
        e2e_jsonl = timed(1, end_to_end_jsonl)
        loading = timed(1, load_documents)
        cached = timed(1, load_cached)
        reading = timed(1, read_stores)
        cli = cli_rows(data_dir, root, args.cli_runs) if args.cli_runs else []

        def import_into(kind: str) -> tuple[float, float]:
            """(parse and check, write the stores) for one import into a fresh data dir."""
            target = root / f"import-{kind}"
            fresh = DataDir(target)
            fresh.ensure()
            shutil.copy(data_dir.catalog_path, fresh.catalog_path)
            source = out if kind == "csv" else root / "o.jsonl"
            started = time.perf_counter()
            finder = DocumentFinder(fresh, [])
            parsed = read_import(source, finder=finder, codebook=DEFAULT_CODEBOOK)
            checked = time.perf_counter()
            result = apply_import(fresh, parsed, DEFAULT_CODEBOOK)
            written = time.perf_counter()
            assert result.added == total and not parsed.problems, result
            return checked - started, written - checked

        lines = [
            ("csv module, rows from a list in memory", baseline),
            ("annotator CSV writer (sentences layout, guarded)", writer_time),
            ("annotator JSONL writer", jsonl_time),
            ("export --all end to end, cache empty (segments, fills it)", e2e_cold),
            ("export --all end to end, cache warm (read stores+records, write)", e2e),
            ("  of which: load and segment every document (no cache)", loading),
            ("  of which: load every document, segmentation from the cache", cached),
            ("  of which: read every store file (DataDir.annotations)", reading),
            ("export --all --format jsonl end to end (no document loaded)", e2e_jsonl),
            *cli,
        ]
        if not args.no_import:
            csv_parse, csv_write = import_into("csv")
            jsonl_parse, jsonl_write = import_into("jsonl")
            lines += [
                ("import CSV: parse, check against the segmented texts", csv_parse),
                ("import CSV: write the stores (one durable write each)", csv_write),
                ("import JSONL: parse, check quotes against the texts", jsonl_parse),
                ("import JSONL: write the stores (one durable write each)", jsonl_write),
            ]
        print(f"\n{'step':<62} {'median s':>9} {'rows/s':>10} {'x csv':>7}")
        for label, seconds in lines:
            print(
                f"{label:<62} {seconds:>9.3f} {total / seconds:>10,.0f} {seconds / baseline:>7.2f}"
            )
        print(f"\nwriter / csv module: {writer_time / baseline:.2f} (target <= 2.00)")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
