"""The coding session through the background writer: undo is saved at once, keys never wait."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.opening import open_session
from annotator.store import DataDir
from annotator.store import storage as storage_module
from annotator.text.document import Document


def _on_disk(data_dir: DataDir, document: Document) -> dict[int, list[str]]:
    path = data_dir.store_path(document.doc_id, "tester")
    tables = json.loads(path.read_text(encoding="utf-8"))["tables"]
    return {r["sentence"] + 100 * r["paragraph"]: r["tags"] for r in tables["annotations"].values()}


def test_undo_and_redo_are_saved_at_once(data_dir: DataDir, sample: Document) -> None:
    session = open_session(data_dir, sample, DEFAULT_CODEBOOK, "tester")
    try:
        session.toggle_tag(0, "claim")
        session.toggle_tag(1, "statistic")
        assert session.flush(5)
        assert len(_on_disk(data_dir, sample)) == 2
        before_undo = session.store.durable_seq

        session.undo()
        assert session.store.status.pending >= 0
        assert session.flush(5)
        assert session.store.durable_seq > before_undo, "the undo was written as a change"
        assert list(_on_disk(data_dir, sample).values()) == [["claim"]]

        session.redo()
        assert session.flush(5)
        assert sorted(_on_disk(data_dir, sample).values()) == [["claim"], ["statistic"]]

        session.undo()
        session.undo()
        assert session.flush(5)
        path = data_dir.store_path(sample.doc_id, "tester")
        assert json.loads(path.read_text(encoding="utf-8"))["tables"]["annotations"] == {}
    finally:
        assert session.close()


def test_keystrokes_never_wait_for_a_slow_disk(
    data_dir: DataDir, sample: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = storage_module.atomic_write_bytes
    disk_free = threading.Event()
    writing = threading.Event()
    writes_done = threading.Event()

    def stuck_disk(*args: object, **kwargs: object) -> None:
        writing.set()
        disk_free.wait(10)
        real(*args, **kwargs)  # type: ignore[arg-type]
        writes_done.set()

    session = open_session(data_dir, sample, DEFAULT_CODEBOOK, "tester")
    monkeypatch.setattr(storage_module, "atomic_write_bytes", stuck_disk)
    try:
        for sentence in range(5):
            session.toggle_tag(sentence, "claim")
        session.undo()
        assert writing.wait(10), "the first change never reached the disk"
        assert not writes_done.is_set(), "six operations returned only after a write"
        assert session.store.status.state == "saving"
        disk_free.set()
        assert session.flush(10)
        assert len(_on_disk(data_dir, sample)) == 4
    finally:
        disk_free.set()
        session.close()


def test_second_session_on_same_document_is_read_only(data_dir: DataDir, sample: Document) -> None:
    first = open_session(data_dir, sample, DEFAULT_CODEBOOK, "tester")
    second = open_session(data_dir, sample, DEFAULT_CODEBOOK, "tester")
    try:
        assert not first.read_only and second.read_only
        assert "being edited by pid" in second.store.read_only_reason
        with pytest.raises(PermissionError):
            second.toggle_tag(0, "claim")
        first.toggle_tag(0, "claim")
        assert first.flush(5)
    finally:
        second.close()
        first.close()
    again = open_session(data_dir, sample, DEFAULT_CODEBOOK, "tester")
    assert again.tags(0) == ["claim"]
    again.close()


def test_reopening_does_not_rewrite_the_catalog(data_dir: DataDir, sample: Document) -> None:
    open_session(data_dir, sample, DEFAULT_CODEBOOK, "tester").close()
    stamp = data_dir.catalog_path.stat().st_mtime_ns
    inode = data_dir.catalog_path.stat().st_ino
    open_session(data_dir, sample, DEFAULT_CODEBOOK, "tester").close()
    assert data_dir.catalog_path.stat().st_ino == inode
    assert data_dir.catalog_path.stat().st_mtime_ns == stamp


def test_paths_are_sharded_per_document_and_coder(data_dir: DataDir, sample: Document) -> None:
    path = data_dir.store_path(sample.doc_id, "a coder/with slash")
    assert path.parent == data_dir.documents_dir / sample.doc_id
    assert "/" not in path.name and Path(path.name).suffix == ".json"
