"""Many changes queued together reach the disk in one write (imports use this)."""

from __future__ import annotations

from annotator.annotation import Annotation
from annotator.coding.anchoring import anchor_fields
from annotator.store import DataDir
from annotator.store import storage as storage_module
from annotator.text.document import Document


def test_apply_many_is_one_durable_write(data_dir: DataDir, sample: Document, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    writes: list[int] = []
    original = storage_module.atomic_write_bytes

    def counting(path, data, **options):  # type: ignore[no-untyped-def]
        writes.append(len(data))
        original(path, data, **options)

    monkeypatch.setattr(storage_module, "atomic_write_bytes", counting)
    store = data_dir.open_store(sample.doc_id, "tester")
    annotations = [
        Annotation(id=f"a{i}", coder="tester", tags=("claim",), **anchor_fields(sample, i))
        for i in range(10)
    ]
    seq = store.apply_many([(a.id, a) for a in annotations] + [("a3", None)])
    assert store.flush(5)
    assert store.durable_seq == seq
    assert len(writes) == 1
    assert sorted(a.id for a in store.load()) == sorted(f"a{i}" for i in range(10) if i != 3)
    store.close()
