"""Store figures: keystroke-to-durable latency and the store part of opening a document.

Builds a data directory holding 100,000 annotations across 1,000 documents (100 per
document, one coder), then, on a 100-sentence document of that directory, measures:

* the time from ``CodingSession.toggle_tag`` until the change is durable on disk, and the
  time the toggle itself takes on the caller's (UI) thread;
* the same tag change through TinyDB's stock JSONStorage holding all 100,000 annotations
  in one file (the baseline), in the same run;
* the store part of opening a document: catalog registration, lock, reading and checking
  the store file, and loading its annotations.

Usage: python benchmarks/bench_store.py [--toggles N] [--baseline N] [--opens N] [--dir D]
Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from tinydb import Query, TinyDB
from tinydb.storages import JSONStorage

from annotator.annotation import Annotation
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.anchoring import anchor_fields
from annotator.coding.opening import open_session
from annotator.store import DataDir
from annotator.store.catalog import CatalogEntry
from annotator.store.storage import atomic_write_bytes, serialize_tables
from annotator.text.document import Document, build_document

DOCUMENTS = 1_000
PER_DOCUMENT = 100
CODER = "bench"
CODES = ("claim", "assertion", "appeal", "statistic")


def synthetic_document(number: int) -> Document:
    """A press-release-like text of 10 paragraphs of 10 sentences."""
    paragraphs = []
    for p in range(10):
        sentences = [
            f"Officials in district {number} reported item {p * 10 + s} on schedule today."
            for s in range(10)
        ]
        paragraphs.append(" ".join(sentences))
    return build_document("\n\n".join(paragraphs) + "\n", name=f"release-{number:04d}.txt")


def annotations_for(document: Document, count: int) -> list[Annotation]:
    found = []
    for index in range(min(count, len(document.sentences))):
        found.append(
            Annotation(
                id=f"{document.doc_id[:8]}-{index:03d}",
                **anchor_fields(document, index),
                coder=CODER,
                tags=(CODES[index % 4],),
                note="a short note" if index % 5 == 0 else "",
                codebook=DEFAULT_CODEBOOK.name,
                codebook_version=DEFAULT_CODEBOOK.version,
            )
        )
    return found


def build_corpus(root: Path) -> tuple[DataDir, list[Document], list[Annotation]]:
    data_dir = DataDir(root / "data")
    data_dir.ensure()
    documents = [synthetic_document(n) for n in range(DOCUMENTS)]
    everything: list[Annotation] = []
    catalog: dict[str, dict[str, object]] = {}
    for number, document in enumerate(documents):
        records = annotations_for(document, PER_DOCUMENT)
        everything.extend(records)
        path = data_dir.store_path(document.doc_id, CODER)
        path.parent.mkdir(parents=True, exist_ok=True)
        table = {str(i + 1): a.to_record() for i, a in enumerate(records)}
        atomic_write_bytes(path, serialize_tables({"annotations": table}))
        entry = CatalogEntry(
            doc_id=document.doc_id,
            name=document.name,
            path=document.name,
            sentences=len(document.sentences),
            paragraphs=len(document.paragraphs),
            first_seen="2026-01-01T00:00:00.000Z",
            last_opened="2026-01-01T00:00:00.000Z",
        )
        catalog[str(number + 1)] = {k: getattr(entry, k) for k in entry.__dataclass_fields__}
    atomic_write_bytes(data_dir.catalog_path, serialize_tables({"documents": catalog}))
    return data_dir, documents, everything


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f}"


def measure_ours(
    data_dir: DataDir, document: Document, n: int
) -> tuple[list[float], list[float], list[float], list[float]]:
    """Toggle → durable, toggle → ``flush`` returned, the toggle's own time, and
    (interleaved, so under the same disk conditions) the bare atomic replace of a file of
    the store's size."""
    session = open_session(data_dir, document, DEFAULT_CODEBOOK, CODER)
    assert len(session.annotations) == PER_DOCUMENT
    durable: list[float] = []
    returned_from_flush: list[float] = []
    keystroke: list[float] = []
    floor: list[float] = []
    # When each sequence number became durable, stamped on the writer thread itself so
    # that the measuring thread's own wake-up is not counted.
    stamps: dict[int, float] = {}
    session.store.add_status_listener(
        lambda status: stamps.setdefault(status.durable_seq, time.perf_counter())
    )
    floor_path = data_dir.root / "floor.bin"
    floor_data = b"x" * data_dir.store_path(document.doc_id, CODER).stat().st_size
    try:
        for i in range(n):
            sentence = (i * 37) % len(document.sentences)
            started = time.perf_counter()
            session.toggle_tag(sentence, "appeal")
            returned = time.perf_counter()
            seq = session.store.last_seq
            if not session.flush(10):
                raise RuntimeError(session.store.status.message)
            returned_from_flush.append(time.perf_counter() - started)
            # The listener runs just after flush's waiters are woken: wait for its stamp.
            while not (done_at := [t for s, t in list(stamps.items()) if s >= seq]):
                time.sleep(0.0001)
            done = min(done_at)
            keystroke.append(returned - started)
            durable.append(done - started)
            started = time.perf_counter()
            atomic_write_bytes(floor_path, floor_data)
            floor.append(time.perf_counter() - started)
    finally:
        session.close()
    return durable, returned_from_flush, keystroke, floor


def measure_baseline(
    root: Path, everything: list[Annotation], n: int
) -> tuple[list[float], list[float]]:
    path = root / "single-file.json"
    db = TinyDB(path, storage=JSONStorage)
    db.table("annotations").insert_multiple(a.to_record() for a in everything)
    db.close()
    durable: list[float] = []
    opens: list[float] = []
    rng = random.Random(3)
    for i in range(n):
        target = everything[rng.randrange(len(everything))]
        started = time.perf_counter()
        db = TinyDB(path, storage=JSONStorage)
        table = db.table("annotations")
        # TinyDB reads lazily: opening a document means reading its annotations.
        table.search(Query().doc_id == target.doc_id)
        opened = time.perf_counter()
        changed = target.with_changes(tags=(*target.tags, "appeal") if i % 2 else target.tags)
        table.upsert(changed.to_record(), Query().id == target.id)
        durable.append(time.perf_counter() - opened)
        opens.append(opened - started)
        db.close()
    return durable, opens


def measure_open(data_dir: DataDir, documents: list[Document], n: int) -> list[float]:
    rng = random.Random(4)
    times: list[float] = []
    for _ in range(n):
        document = documents[rng.randrange(len(documents))]
        started = time.perf_counter()
        data_dir.register(
            doc_id=document.doc_id,
            name=document.name,
            path=document.name,
            sentences=len(document.sentences),
            paragraphs=len(document.paragraphs),
        )
        store = data_dir.open_store(document.doc_id, CODER)
        loaded = store.load()
        times.append(time.perf_counter() - started)
        assert len(loaded) == PER_DOCUMENT and not store.read_only
        store.close()
    return times


def row(label: str, values: list[float], note: str = "") -> str:
    return (
        f"| {label} | {len(values)} | {ms(statistics.median(values))} | "
        f"{ms(percentile(values, 0.95))} | {note} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--toggles", type=int, default=300)
    parser.add_argument("--baseline", type=int, default=20)
    parser.add_argument("--opens", type=int, default=100)
    parser.add_argument("--dir", type=Path, default=None, help="work here instead of a temp dir")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(dir=args.dir) as temp:
        root = Path(temp)
        started = time.perf_counter()
        data_dir, documents, everything = build_corpus(root)
        built = time.perf_counter() - started
        target = documents[DOCUMENTS // 2]
        assert len(target.sentences) == 100, len(target.sentences)
        store_size = data_dir.store_path(target.doc_id, CODER).stat().st_size
        ours, via_flush, keystroke, floor = measure_ours(data_dir, target, args.toggles)
        base, base_open = measure_baseline(root, everything, args.baseline)
        opens = measure_open(data_dir, documents, args.opens)

    ratio = statistics.median(base) / statistics.median(ours)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"data dir: {len(everything):,} annotations across {DOCUMENTS:,} documents "
        f"(built in {built:.1f} s); measured document: 100 sentences, {PER_DOCUMENT} annotations; "
        f"load average during the run: {load}"
    )
    print()
    print("| measurement | n | median ms | p95 ms | note |")
    print("|---|---|---|---|---|")
    print(row("tag toggle → durable, sharded store (ours)", ours, "target p95 ≤ 10 ms"))
    print(
        row(
            "tag toggle → flush() returned (ours)",
            via_flush,
            "adds the waiting thread's wake-up",
        )
    )
    print(row("tag toggle, time on the UI thread (ours)", keystroke, "write runs off-thread"))
    print(
        row(
            f"bare atomic replace of a {store_size // 1024} KB file",
            floor,
            "the disk's floor: fsync file, rename, fsync dir",
        )
    )
    print(
        row(
            "tag toggle → durable, single-file JSONStorage",
            base,
            f"baseline, same run; median {ratio:.0f}× ours",
        )
    )
    print(row("open a document, store part (ours)", opens, "target median ≤ 50 ms"))
    print(
        row(
            "open a document, single-file JSONStorage",
            base_open,
            "baseline: reads all 100,000 annotations",
        )
    )


if __name__ == "__main__":
    main()
