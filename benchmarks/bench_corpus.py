"""Opening a corpus of 1,000 documents: listing it, and its progress column.

The target (issue 5): a corpus of 1,000 documents opens without reading every file up
front. Listing (``discover_corpus``) touches directory entries only; progress
(``progress_for``) reads the catalog once and one small store file per document. For
comparison, the same progress is computed side by side through ``DataDir.annotations``
(TinyDB and annotation objects), and the documents' bytes are read once, as a floor for
any approach that opens every file. The data directory is written directly as JSON. Two
more rows time what opening one document from the list costs in such a data directory:
grouping the catalog into documents (``Versions.of``, on the catalog as read)
and ``Workspace.open_file`` with its session closed again.

The target of issue 15, for 10,000 documents: the document list appears in 0.3 s, the
progress is filled in by a worker, and the app stays under 200 MB. ``--app-runs N`` starts
``annotator CORPUS_DIR`` (the console script) in a pseudo-terminal N times, alternating
with ``annotator FIRST_DOCUMENT`` (one document of the corpus, the reader alone) and the
bare Textual app showing that document (``bare_textual_app.py``), and reports medians:
seconds from the start until the list's title is drawn and until the first row's
progress is; seconds from pressing ``L`` (once escape has opened the first document) until the list
is drawn again; the app's peak memory (VmHWM) at the end; the reader's and the bare app's
first screens. The list is the app's first screen (no document is read before it);
``escape`` then opens the first document, which is timed too.

Run: python benchmarks/bench_corpus.py [--docs 1000] [--per-doc 40] [--repeat 5]
     [--app-runs 0]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from in_pty import ANNOTATOR, BARE_APP, Step, run_in_pty

from annotator.annotation import Annotation
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.workspace import Workspace
from annotator.store import CatalogEntry, DataDir
from annotator.store.progress import ProgressCache, progress_for
from annotator.store.storage import serialize_tables
from annotator.store.versions import Versions
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


def open_and_close(data_dir: DataDir, path: Path) -> None:
    """Open a document of the corpus as the list does (registered already, after the
    first call), then close its session."""
    session, _pending = Workspace(data_dir, CODER, DEFAULT_CODEBOOK).open_file(path)
    session.close()


def read_every_document(entries: list[CorpusEntry]) -> int:
    return sum(len(entry.path.read_bytes()) for entry in entries)


def launch(command: list[str], data_dir: DataDir, steps: list[Step]) -> tuple[list[float], float]:
    """``command`` through ``steps`` in a pseudo-terminal (see ``run_in_pty``), on
    ``data_dir`` as the benchmark's coder."""
    return run_in_pty(
        command, {"ANNOTATOR_DATA_DIR": str(data_dir.root), "ANNOTATOR_NAME": CODER}, steps
    )


def app_rows(corpus: Path, data_dir: DataDir, docs: int, per_doc: int, runs: int) -> None:
    """The app on the whole corpus beside the reader on one of its documents and the bare
    Textual app showing it, alternating."""
    listed = f"of {docs:,} documents".replace(",", "").encode()
    coded = f"{per_doc}/{per_doc * 2}".encode()
    first = discover_corpus([corpus])[0].path
    words = b"Sentence 0 of release 0"
    corpus_steps: list[Step] = [
        (None, listed),  # the list: the first screen, no document read yet
        (None, coded),  # progress, read by a worker
        (b"\x1b", words),  # escape: the first document opens in the reader
        (b"L", listed),  # the list again, asked for by its key
    ]
    launches = {
        "corpus": ([*ANNOTATOR, str(corpus)], corpus_steps),
        "reader": ([*ANNOTATOR, str(first)], [(None, words)]),
        "bare": ([sys.executable, str(BARE_APP), str(first)], [(None, words)]),
    }
    found: dict[str, list[float]] = {
        k: [] for k in ("list", "progress", "opened", "again", "peak", "reader", "bare")
    }
    for command, steps in launches.values():  # warm the file cache and bytecode
        launch(command, data_dir, steps)
    for _ in range(runs):
        (shown, progress, opened, again), peak = launch(
            launches["corpus"][0], data_dir, corpus_steps
        )
        found["list"].append(shown)
        found["progress"].append(progress)
        found["opened"].append(opened)
        found["again"].append(again)
        found["peak"].append(peak)
        found["reader"].append(launch(launches["reader"][0], data_dir, [(None, words)])[0][0])
        found["bare"].append(launch(launches["bare"][0], data_dir, [(None, words)])[0][0])
    median = {name: statistics.median(values) for name, values in found.items()}
    ratios = [a / b for a, b in zip(found["list"], found["bare"], strict=True)]
    print(f"\nthe app, {runs} alternating launches each (medians), load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}:")  # fmt: skip
    print(f"  annotator CORPUS: list drawn, from the start      {median['list']:7.3f} s")
    print(f"  annotator CORPUS: progress filled in, from start  {median['progress']:7.3f} s")
    print(f"  annotator CORPUS: first document opened (escape)  {median['opened']:7.3f} s")
    print(f"  annotator CORPUS: the list again (L), from the key {median['again']:6.3f} s")
    print(f"  annotator CORPUS: peak memory (VmHWM)             {median['peak']:7.1f} MB")
    print(f"  annotator FIRST_DOCUMENT: first screen            {median['reader']:7.3f} s")
    print(f"  bare Textual app, FIRST_DOCUMENT: first screen    {median['bare']:7.3f} s")
    print(f"  list drawn / bare app, median of the rounds' ratios  {statistics.median(ratios):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--per-doc", type=int, default=40, help="tagged sentences per document")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--app-runs", type=int, default=0, help="launches of the app (0: none)")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-corpus-"))
    try:
        corpus, data_dir = build(root, args.docs, args.per_doc)
        entries = discover_corpus([corpus])
        assert len(entries) == args.docs
        # Timed first, on a heap as small as the app's: the progress rows keep 10,000
        # documents' progress alive, and the collector's passes over it would count here.
        catalog = data_dir.catalog()
        opening = [
            (
                "Versions.of (the catalog as documents)",
                median_ms(lambda: Versions.of(catalog), args.repeat),
            ),
            (
                "Workspace.open_file (one document)",
                median_ms(lambda: open_and_close(data_dir, entries[1].path), args.repeat),
            ),
        ]
        progress = progress_for(data_dir, entries, CODER)
        assert all(
            value is not None and (value.coded, value.total) == (args.per_doc, args.per_doc * 2)
            for value in progress.values()
        )
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
            *opening,
        ]
        print(
            f"{args.docs} documents, {args.per_doc} tagged sentences each, median of {args.repeat}"
        )
        print(f"{'step':<40} {'ms':>9} {'per doc (µs)':>13}")
        for name, ms in rows:
            print(f"{name:<40} {ms:>9.1f} {ms * 1000 / args.docs:>13.1f}")
        if args.app_runs:
            app_rows(corpus, data_dir, args.docs, args.per_doc, args.app_runs)
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
