"""DocumentStore: background saving, status for the UI, full disk, unsaved export."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from annotator.store import DocumentStore, StoreStatus
from annotator.store.storage import backup_path
from tests.store.helpers import annotation, store_file


def _notes(path: Path) -> dict[str, str]:
    document = json.loads(path.read_text(encoding="utf-8"))
    return {r["id"]: r["note"] for r in document["tables"]["annotations"].values()}


def test_save_and_delete_become_durable_in_order(tmp_path: Path) -> None:
    path = store_file(tmp_path)
    statuses: list[StoreStatus] = []
    store = DocumentStore(path, on_status=statuses.append)
    try:
        first = store.save(annotation("a", note="1"))
        store.save(annotation("b", note="2"))
        store.save(annotation("a", note="3"))
        last = store.delete("b")
        assert last > first
        assert store.wait_durable(last, 5)
        assert store.durable_seq >= last
        assert _notes(path) == {"a": "3"}
        assert store.status == StoreStatus("saved", 0, last)
        assert statuses[-1].state == "saved"
        assert [a.note for a in store.load()] == ["3"]
    finally:
        assert store.close()


def test_write_failure_keeps_edits_and_last_good_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only data directory, simulated (tests run as root, so chmod would not stop us)."""
    path = store_file(tmp_path)
    store = DocumentStore(path)
    try:
        store.save(annotation("a", note="good"))
        assert store.flush(5)
        good = path.read_bytes()
        broken = threading.Event()
        broken.set()
        real_replace = __import__("os").replace

        def replace(src: object, dst: object) -> None:
            if broken.is_set() and Path(str(dst)).parent == path.parent:
                raise OSError(30, "Read-only file system")
            real_replace(src, dst)  # type: ignore[arg-type]

        monkeypatch.setattr("annotator.files.os.replace", replace)
        store.save(annotation("a", note="edited"))
        store.save(annotation("b", note="new"))
        assert not store.flush(0.5)
        status = store.status
        assert status.state == "failed"
        assert f"cannot save {path.name}: Read-only file system" in status.message
        assert "kept in memory" in status.message
        assert status.pending == 2
        assert path.read_bytes() == good
        assert sorted(a.note for a in store.unsaved_annotations()) == ["edited", "new"]

        out = tmp_path / "rescue" / "unsaved.jsonl"
        out.parent.mkdir()
        assert store.export_unsaved(out) == 2
        lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert {line["annotation"]["note"] for line in lines} == {"edited", "new"}

        broken.clear()
        store.save(annotation("c", note="next edit triggers a retry"))
        assert store.flush(5)
        assert store.status.state == "saved"
        assert _notes(path) == {"a": "edited", "b": "new", "c": "next edit triggers a retry"}
        assert store.unsaved_annotations() == []
    finally:
        store.close()


def test_close_with_unsaved_changes_keeps_them_available(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = store_file(tmp_path)
    store = DocumentStore(path)

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("annotator.store.storage.atomic_write_bytes", full)
    store.save(annotation("a", note="x"))
    store.delete("gone")
    assert store.close(0.3) is False
    changes = store.unsaved_changes()
    assert [(c.key, c.annotation is None) for c in changes] == [("a", False), ("gone", True)]
    assert not path.exists()
    monkeypatch.undo()
    out = tmp_path / "unsaved.jsonl"
    assert store.export_unsaved(out) == 2
    assert '"op": "delete"' in out.read_text(encoding="utf-8")


def test_read_only_store_refuses_writes(tmp_path: Path) -> None:
    path = store_file(tmp_path)
    store = DocumentStore(path, read_only=True)
    with pytest.raises(PermissionError):
        store.save(annotation("a"))
    assert store.flush(0.1) and store.close()
    assert not path.exists()


def test_backup_holds_previous_version(tmp_path: Path) -> None:
    path = store_file(tmp_path)
    with DocumentStore(path) as store:
        store.save(annotation("a", note="one"))
        assert store.flush(5)
        store.save(annotation("a", note="two"))
        assert store.flush(5)
    assert _notes(path) == {"a": "two"}
    assert _notes(backup_path(path)) == {"a": "one"}


def test_closing_twice_is_harmless_and_later_saves_are_refused(tmp_path: Path) -> None:
    store = DocumentStore(store_file(tmp_path))
    store.save(annotation("a"))
    assert store.close() and store.close()
    with pytest.raises(PermissionError, match="closed"):
        store.save(annotation("b"))


def test_unwritable_data_dir_at_open_gives_a_read_only_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = store_file(tmp_path)
    with DocumentStore(path) as store:
        store.save(annotation("a", note="kept"))

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr("annotator.store.locks.StoreLock.acquire", refuse)
    reader = DocumentStore(path)
    try:
        assert reader.read_only
        assert f"cannot lock {path.name} for writing (Read-only file system)" in (
            reader.read_only_reason
        )
        assert [a.note for a in reader.load()] == ["kept"]
    finally:
        reader.close()


def test_saves_find_every_record_of_an_id_without_a_query(tmp_path: Path) -> None:
    """Records are found by an id index: an update reaches every record with that id
    (a file from elsewhere may hold two), and a delete removes them all."""
    path = store_file(tmp_path)
    store = DocumentStore(path)
    store.save(annotation("a", note="first"))
    assert store.flush(5)
    assert store.close()
    document = json.loads(path.read_text(encoding="utf-8"))
    records = document["tables"]["annotations"]
    records["7"] = dict(records["1"], note="twin")
    path.write_text(json.dumps(document), encoding="utf-8")

    store = DocumentStore(path)
    try:
        store.save(annotation("a", note="both"))
        store.save(annotation("b", note="new"))
        assert store.flush(5)
        saved = json.loads(path.read_text(encoding="utf-8"))["tables"]["annotations"]
        assert sorted((r["id"], r["note"]) for r in saved.values()) == [
            ("a", "both"),
            ("a", "both"),
            ("b", "new"),
        ]
        store.delete("a")
        store.save(annotation("b", note="again"))
        assert store.flush(5)
        saved = json.loads(path.read_text(encoding="utf-8"))["tables"]["annotations"]
        assert [(r["id"], r["note"]) for r in saved.values()] == [("b", "again")]
    finally:
        store.close()
