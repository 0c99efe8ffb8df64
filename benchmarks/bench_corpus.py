"""Opening a corpus of 1,000 documents: listing it, and its progress column.

The target (issue 5): a corpus of 1,000 documents opens without reading every file up
front. Listing (``discover_corpus``) touches directory entries only; progress
(``progress_for``) reads the catalog once and one small store file per document. For
comparison, the same progress is computed side by side through ``DataDir.annotations``
(TinyDB and annotation objects), and the documents' bytes are read once, as a floor for
any approach that opens every file. The data directory is written directly as JSON.

Run: python benchmarks/bench_corpus.py [--docs 1000] [--per-doc 40] [--repeat 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from annotator.annotation import Annotation
from annotator.store import CatalogEntry, DataDir
from annotator.store.progress import ProgressCache, progress_for
from annotator.store.storage import serialize_tables
from annotator.text.corpus import CorpusEntry, discover_corpus
from annotator.text.document import content_id

CODER = "coder"


def build(root: Path, docs: int, per_doc: int) -> tuple[Path, DataDir]:
    corpus = root / "corpus"
    corpus.mkdir()
    data_dir = DataDir(root / "data")
    data_dir.ensure()
    catalog: dict[str, dict[str, object]] = {}
    for number in range(docs):
        text = "".join(
            f"Sentence {s} of release {number} says something about the region.\n\n"
            for s in range(per_doc * 2)
        )
        path = corpus / f"release-{number}.txt"
        path.write_text(text, encoding="utf-8")
        doc_id = content_id(text)
        entry = CatalogEntry(
            doc_id=doc_id,
            name=path.name,
            path=str(path),
            sentences=per_doc * 2,
            paragraphs=per_doc * 2,
            first_seen="2026-01-01T00:00:00.000Z",
            last_opened="2026-01-01T00:00:00.000Z",
        )
        catalog[str(number + 1)] = asdict(entry)
        records = {}
        for s in range(per_doc):
            annotation = Annotation(
                id=f"{number}-{s}",
                doc_id=doc_id,
                document=path.name,
                paragraph=s + 1,  # counted from 1, one sentence per paragraph
                sentence=1,
                start=s * 70,
                end=s * 70 + 60,
                quote="Sentence.",
                prefix="",
                suffix="",
                coder=CODER,
                tags=("claim",),
            )
            records[str(s + 1)] = annotation.to_record()
        store = data_dir.store_path(doc_id, CODER)
        store.parent.mkdir(parents=True, exist_ok=True)
        store.write_bytes(serialize_tables({"annotations": records}))
    data_dir.catalog_path.write_bytes(serialize_tables({"documents": catalog}))
    return corpus, data_dir


def median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def progress_via_annotations(data_dir: DataDir, entries: list[CorpusEntry]) -> dict[Path, int]:
    """The obvious way: full annotation objects through TinyDB, per catalogued document."""
    by_path = {Path(record.path): record for record in data_dir.catalog()}
    counts = {}
    for entry in entries:
        record = by_path.get(entry.path)
        if record is not None:
            annotations = data_dir.annotations(record.doc_id)
            counts[entry.path] = len({a.sentence for a in annotations if a.tags})
    return counts


def read_every_document(entries: list[CorpusEntry]) -> int:
    return sum(len(entry.path.read_bytes()) for entry in entries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--per-doc", type=int, default=40, help="tagged sentences per document")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-corpus-"))
    try:
        corpus, data_dir = build(root, args.docs, args.per_doc)
        entries = discover_corpus([corpus])
        assert len(entries) == args.docs
        progress = progress_for(data_dir, entries, CODER)
        assert all(value == (args.per_doc, args.per_doc * 2) for value in progress.values())
        cache = ProgressCache()
        progress_for(data_dir, entries, CODER, cache)
        rows = [
            (
                "discover_corpus (list only)",
                median_ms(lambda: discover_corpus([corpus]), args.repeat),
            ),
            (
                "progress_for (catalog + store JSON)",
                median_ms(lambda: progress_for(data_dir, entries, CODER), args.repeat),
            ),
            (
                "progress_for again, warm ProgressCache",
                median_ms(lambda: progress_for(data_dir, entries, CODER, cache), args.repeat),
            ),
            (
                "progress via DataDir.annotations",
                median_ms(lambda: progress_via_annotations(data_dir, entries), args.repeat),
            ),
            (
                "read every document's bytes (floor)",
                median_ms(lambda: read_every_document(entries), args.repeat),
            ),
        ]
        print(
            f"{args.docs} documents, {args.per_doc} tagged sentences each, median of {args.repeat}"
        )
        print(f"{'step':<40} {'ms':>9} {'per doc (µs)':>13}")
        for name, ms in rows:
            print(f"{name:<40} {ms:>9.1f} {ms * 1000 / args.docs:>13.1f}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
