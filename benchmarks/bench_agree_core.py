"""The agreement core at corpus scale: 1,000 documents x 40 sentences x 3 coders, 4 codes.

The target (issue 11): `annotator agree --all` runs in at most twice the time of
`export --all --format jsonl` on 1,000 documents x 3 coders. This measures the core only,
from the input model the wiring builds (``DocumentWork``) to each output, so that the
wiring knows what is left of its budget. Coders agree on about 85% of code decisions;
one document in ten has one coder who split a sentence, so refinement is exercised.

With ``--export``, the same run also builds a data directory of as many documents of that
many sentences, every sentence coded by each coder, and times `export --all --format
jsonl` end to end on it, so that the core's share of the 2x budget is read off one run.

Run: python benchmarks/bench_agree_core.py [--docs 1000] [--sentences 40] [--fewest N]
     [--coders 3] [--resamples 1000] [--repeat 3] [--export]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from rich.console import Console

from annotator.agreement import (
    AgreementOptions,
    BootstrapSettings,
    CodedSentence,
    CoderWork,
    DocumentWork,
    agreement_table,
    compute_agreement,
    refine,
    render_html,
    report_json,
    write_csv,
)
from annotator.codebook.model import DEFAULT_CODEBOOK

CODES = [code.name for code in DEFAULT_CODEBOOK.codes]
DEFAULT_ROW = "coefficients + intervals per document and selection (default)"
EXPORT_ROW = "export --all --format jsonl end to end, same corpus size"


def lengths(docs: int, sentences: int, fewest: int | None, seed: int = 5) -> list[int]:
    """Sentences per document: ``sentences`` each, or from ``fewest`` to ``sentences``."""
    rng = random.Random(seed)
    return [sentences if fewest is None else rng.randint(fewest, sentences) for _ in range(docs)]


def corpus(sizes: list[int], coders: int, seed: int = 11) -> list[DocumentWork]:
    """Synthetic coded documents: a shared "true" coding, each coder off now and then."""
    rng = random.Random(seed)
    built = []
    for number, length in enumerate(sizes):
        spans = []
        parts = []
        offset = 0
        for s in range(length):
            sentence = f"Sentence {s} of document {number} says something quotable."
            spans.append((offset, offset + len(sentence)))
            parts.append(sentence)
            offset += len(sentence) + 1
        text = " ".join(parts)
        truth = [frozenset(c for c in CODES if rng.random() < 0.3) for _ in spans]
        work = []
        for c in range(coders):
            coded = []
            for (start, end), true in zip(spans, truth, strict=True):
                codes = frozenset(code for code in CODES if (code in true) != (rng.random() < 0.15))
                note = "unsure" if rng.random() < 0.05 else ""
                coded.append(CodedSentence(start, end, codes, note))
            if c == 0 and number % 10 == 0:
                start, end = spans[3]
                middle = start + 12
                coded[3:4] = [
                    CodedSentence(start, middle - 1, coded[3].codes),
                    CodedSentence(middle, end, coded[3].codes),
                ]
            work.append(CoderWork(f"coder{c + 1}", True, tuple(coded)))
        built.append(DocumentWork(f"{number:016x}", f"doc-{number:04}.txt", tuple(work), text))
    return built


def export_seconds(sizes: list[int], coders: int, repeat: int) -> tuple[float, float]:
    """`export --all --format jsonl` end to end on a data directory built for the purpose."""
    from bench_export import annotation, document_text  # the export benchmark's builders

    from annotator.cli.export import resolve_sources
    from annotator.export.service import ExportOptions, export_to
    from annotator.store import CatalogEntry, DataDir
    from annotator.store.storage import serialize_tables
    from annotator.text.document import load_document

    root = Path(tempfile.mkdtemp(prefix="bench-agree-"))
    try:
        data_dir = DataDir(root / "data")
        data_dir.ensure()
        (root / "docs").mkdir()
        catalog: dict[str, object] = {}
        for number, sentences in enumerate(sizes):
            path = root / "docs" / f"release-{number:04d}.txt"
            path.write_text(document_text(number, sentences), encoding="utf-8")
            document = load_document(path)
            for c in range(coders):
                coder = f"coder{c + 1}"
                made = [
                    annotation(document, i).with_changes(coder=coder, id=f"{number}-{i}-{coder}")
                    for i in range(len(document.sentences))
                ]
                store = data_dir.store_path(document.doc_id, coder)
                store.parent.mkdir(parents=True, exist_ok=True)
                table = {str(i + 1): a.to_record() for i, a in enumerate(made)}
                store.write_bytes(serialize_tables({"annotations": table}))
            entry = CatalogEntry(
                document.doc_id, document.name, str(path), len(document.sentences),
                len(document.paragraphs), "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z",
            )  # fmt: skip
            catalog[str(number + 1)] = asdict(entry)
        data_dir.catalog_path.write_bytes(serialize_tables({"documents": catalog}))

        def export() -> None:
            found = resolve_sources([], data_dir, everything=True, coder=None, need_text=False)
            export_to(
                found.sources, DEFAULT_CODEBOOK, ExportOptions(format="jsonl"), root / "e.jsonl"
            )

        wall, cpu, _ = timed(export, repeat)
        return wall, cpu
    finally:
        shutil.rmtree(root, ignore_errors=True)


def timed(step: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """Median wall-clock and CPU seconds of ``repeat`` runs, and the last result.

    CPU time is given too because the machine is shared: it moves less with the load.
    """
    walls = []
    cpus = []
    result = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = step()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--sentences", type=int, default=40)
    parser.add_argument(
        "--fewest", type=int, default=None, help="vary document length from this to --sentences"
    )
    parser.add_argument("--coders", type=int, default=3)
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--export", action="store_true", help="time export --all too")
    args = parser.parse_args()

    sizes = lengths(args.docs, args.sentences, args.fewest)
    documents = corpus(sizes, args.coders)
    bootstrap = BootstrapSettings(resamples=args.resamples)
    full = AgreementOptions(bootstrap=bootstrap)
    selection_only = AgreementOptions(bootstrap=bootstrap, document_intervals=False)
    without = AgreementOptions(bootstrap=BootstrapSettings(resamples=1), document_intervals=False)
    book = DEFAULT_CODEBOOK

    steps: list[tuple[str, Callable[[], Any]]] = [
        ("units: refine every document", lambda: [refine(d) for d in documents]),
        (
            "coefficients, no intervals (1 resample, selection only)",
            lambda: compute_agreement(documents, book, without),
        ),
        (
            "coefficients + selection intervals",
            lambda: compute_agreement(documents, book, selection_only),
        ),
        (DEFAULT_ROW, lambda: compute_agreement(documents, book, full)),
    ]
    rows: list[tuple[str, float, float]] = []
    report = None
    for label, step in steps:
        wall, cpu, result = timed(step, args.repeat)
        rows.append((label, wall, cpu))
        report = result
    console = Console(file=io.StringIO(), width=120, color_system=None)
    outputs: list[tuple[str, Callable[[], Any]]] = [
        ("JSON output", lambda: json.dumps(report_json(report), allow_nan=False)),
        ("CSV output", lambda: write_csv(io.StringIO(), report)),
        ("table output (selection)", lambda: console.print(agreement_table(report))),
        ("HTML output", lambda: render_html(report, book)),
    ]
    for label, step in outputs:
        wall, cpu, _ = timed(step, args.repeat)
        rows.append((label, wall, cpu))
    if args.export:
        wall, cpu = export_seconds(sizes, args.coders, args.repeat)
        rows.append((EXPORT_ROW, wall, cpu))

    length = f"{args.fewest}-{args.sentences}" if args.fewest else str(args.sentences)
    print(
        f"{args.docs} documents x {length} sentences x {args.coders} coders, "
        f"{len(CODES)} codes, {args.resamples} resamples; {report.selection.units} units, "
        f"{report.selection.refined_units} refined; median of {args.repeat}"
    )
    width = max(len(label) for label, _, _ in rows)
    print(f"| {'step'.ljust(width)} | {'wall s':>7} | {'CPU s':>7} | {'ms per document':>15} |")
    print(f"|{'-' * (width + 2)}|{'-' * 8}:|{'-' * 8}:|{'-' * 16}:|")
    for label, wall, cpu in rows:
        per_doc = 1000 * wall / args.docs
        print(f"| {label.ljust(width)} | {wall:7.3f} | {cpu:7.3f} | {per_doc:15.3f} |")
    if args.export:
        walls = {label: wall for label, wall, _ in rows}
        for label in (DEFAULT_ROW, "coefficients + selection intervals"):
            print(f"{label}: {walls[label] / walls[EXPORT_ROW]:.2f} x export (wall)")


if __name__ == "__main__":
    main()
