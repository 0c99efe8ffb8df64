"""`annotator agree --all` against `annotator export --all --format jsonl`, on one data directory.

The target (issue 11): agreement over a corpus takes at most twice as long as the JSONL
export of the same data directory, measured in one run. The data directory holds 1,000
documents of 40 sentences coded by 3 coders (every sentence by each; coders differ on
about 15% of code decisions), written directly as store files and a catalog so that
setting up is quick. Every coder finished every document but one in twenty, which the
third coder left unfinished; in one document in ten the second coder split a sentence,
so refinement and a second segmentation are exercised.

Both commands run in this process through ``run_cli``, as the console script runs them,
writing to a file (``-o``); each repeat runs them one after the other, and the table
gives medians. ``agree --all`` prints the table (no per-document intervals, which the
table does not show); ``--format json`` computes every document's intervals too.

Run: python benchmarks/bench_agree.py [--docs 1000] [--sentences 40] [--coders 3]
     [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from annotator.annotation import Annotation
from annotator.cli.main import run_cli
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.anchoring import anchor_fields
from annotator.coding.resegment import with_overrides
from annotator.store import CatalogEntry, DataDir
from annotator.store.storage import serialize_tables
from annotator.text.document import Document, load_document
from annotator.text.overrides import SegmentationOverrides

CODES = [code.name for code in DEFAULT_CODEBOOK.codes]
STAMP = "2026-01-01T00:00:00.000Z"


def document_text(number: int, sentences: int) -> str:
    """Press-release-like text, five sentences a paragraph."""
    paragraphs = []
    for p in range(0, sentences, 5):
        paragraphs.append(
            " ".join(
                f"Officials in region {number} reported {(p + s) * 137 % 9000} new cases, "
                f"the statement said on day {p + s}."
                for s in range(p, min(p + 5, sentences))
            )
        )
    return "\n\n".join(paragraphs) + "\n"


def _annotations(
    document: Document, coder: str, truth: list[frozenset[str]], rng: random.Random
) -> list[Annotation]:
    made = []
    for sentence in document.sentences:
        true = truth[min(sentence.index, len(truth) - 1)]
        codes = tuple(c for c in CODES if (c in true) != (rng.random() < 0.15)) or ("claim",)
        made.append(
            Annotation(
                id=f"{document.doc_id}-{sentence.index}-{coder}",
                **anchor_fields(document, sentence.index),
                coder=coder,
                tags=codes,
                note="unsure" if rng.random() < 0.05 else "",
                codebook=DEFAULT_CODEBOOK.name,
                codebook_version=DEFAULT_CODEBOOK.version,
                created=STAMP,
                updated=STAMP,
            )
        )
    return made


def build(root: Path, docs: int, sentences: int, coders: int, seed: int = 7) -> DataDir:
    """The data directory described in the module docstring."""
    rng = random.Random(seed)
    data_dir = DataDir(root / "data")
    data_dir.ensure()
    (root / "docs").mkdir()
    catalog: dict[str, object] = {}
    for number in range(docs):
        path = root / "docs" / f"release-{number:04d}.txt"
        path.write_text(document_text(number, sentences), encoding="utf-8")
        document = load_document(path)
        truth = [frozenset(c for c in CODES if rng.random() < 0.3) for _ in document.sentences]
        for c in range(coders):
            coder = f"coder{c + 1}"
            corrections = SegmentationOverrides()
            if c == 1 and number % 10 == 0:
                first = document.sentences[0]
                corrections = SegmentationOverrides.of(
                    splits=[document.text.index(" ", first.start) + 1]
                )
            own = with_overrides(document, corrections) if corrections else document
            records = _annotations(own, coder, truth, rng)
            finished = None if (c == 2 and number % 20 == 0) else STAMP
            tables: dict[str, dict[str, object]] = {
                "annotations": {str(i + 1): a.to_record() for i, a in enumerate(records)},
                "coder": {"1": {"name": coder}},
                "state": {"1": {"cursor": None, "finished": finished}},
            }
            if corrections:
                tables["corrections"] = {"1": {"merges": [], "splits": list(corrections.splits)}}
            store = data_dir.store_path(document.doc_id, coder)
            store.parent.mkdir(parents=True, exist_ok=True)
            store.write_bytes(serialize_tables(tables))
        entry = CatalogEntry(
            document.doc_id, document.name, str(path), len(document.sentences),
            len(document.paragraphs), STAMP, STAMP,
        )  # fmt: skip
        catalog[str(number + 1)] = asdict(entry)
    data_dir.catalog_path.write_bytes(serialize_tables({"documents": catalog}))
    return data_dir


def no_launch(request: object) -> int:
    raise AssertionError("no screen in a benchmark")


def command(args: list[str]) -> Callable[[], None]:
    """``annotator ARGS`` in this process, its stderr kept out of the report."""

    def run() -> None:
        with contextlib.redirect_stderr(io.StringIO()):
            status = run_cli(args, launch=no_launch)
        assert status == 0, args

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--sentences", type=int, default=40)
    parser.add_argument("--coders", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build the data directory here and keep it")
    args = parser.parse_args()

    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-agree-"))
    root.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    data_dir = build(root, args.docs, args.sentences, args.coders)
    print(
        f"built {args.docs} documents x {args.sentences} sentences x {args.coders} coders "
        f"in {time.perf_counter() - started:.1f} s; load average {os.getloadavg()[0]:.1f}"
    )
    common = ["--data-dir", str(data_dir.root)]
    steps = {
        "export --all --format jsonl": command(
            ["export", "--all", "--format", "jsonl", "-o", str(root / "out.jsonl"), *common]
        ),
        "agree --all (table)": command(["agree", "--all", "-o", str(root / "out.txt"), *common]),
        "agree --all --format json": command(
            ["agree", "--all", "--format", "json", "-o", str(root / "out.json"), *common]
        ),
    }
    walls: dict[str, list[float]] = {name: [] for name in steps}
    cpus: dict[str, list[float]] = {name: [] for name in steps}
    try:
        for _ in range(args.repeat):
            for name, step in steps.items():
                wall, cpu = time.perf_counter(), time.process_time()
                step()
                walls[name].append(time.perf_counter() - wall)
                cpus[name].append(time.process_time() - cpu)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    base_wall = statistics.median(walls["export --all --format jsonl"])
    base_cpu = statistics.median(cpus["export --all --format jsonl"])
    print(f"medians of {args.repeat}; load average now {os.getloadavg()[0]:.1f}")
    print("| command | wall s | CPU s | x export (wall) | x export (CPU) |")
    print("|---|---:|---:|---:|---:|")
    for name in steps:
        wall, cpu = statistics.median(walls[name]), statistics.median(cpus[name])
        print(
            f"| `{name}` | {wall:.3f} | {cpu:.3f} | {wall / base_wall:.2f} | {cpu / base_cpu:.2f} |"
        )


if __name__ == "__main__":
    main()
