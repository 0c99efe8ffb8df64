"""The workspace a front end opens documents in, and what the session says about saving."""

from __future__ import annotations

import errno
import json
import signal
from pathlib import Path

import pytest

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.saving import SaveStatus
from annotator.coding.workspace import DamagedStoreFile, Workspace
from annotator.store import DataDir
from annotator.store import storage as storage_module
from annotator.text.corpus import discover_corpus
from annotator.text.document import Document, load_document
from tests.helpers import DATA

BOOK = DATA / "corpus" / "en_book_gutenberg1404_federalist_papers.txt"


def _workspace(data_dir: DataDir) -> Workspace:
    return Workspace(data_dir, "tester", DEFAULT_CODEBOOK)


def test_open_gives_a_session_for_the_coder_and_codebook(
    data_dir: DataDir, sample: Document
) -> None:
    session = _workspace(data_dir).open(sample)
    assert session.coder == "tester" and session.codebook is DEFAULT_CODEBOOK
    assert [entry.doc_id for entry in data_dir.catalog()] == [sample.doc_id]
    assert session.close()


def test_a_damaged_store_file_is_reported_as_such(data_dir: DataDir, sample: Document) -> None:
    path = data_dir.store_path(sample.doc_id, "tester")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\x00\x00")
    with pytest.raises(DamagedStoreFile, match=path.name):
        _workspace(data_dir).open(sample)
    assert path.read_bytes() == b"\x00\x00"


def test_open_file_segments_a_large_document_later(data_dir: DataDir, tmp_path: Path) -> None:
    workspace = _workspace(data_dir)
    session, pending = workspace.open_file(BOOK)
    assert pending is not None and not session.document.complete
    assert session.close()
    small = tmp_path / "small.txt"
    small.write_text("One sentence. Another one.\n", encoding="utf-8")
    session, pending = workspace.open_file(small)
    assert pending is None and len(session.document.sentences) == 2
    assert session.close()


def test_progress_follows_the_coding(data_dir: DataDir, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(f"{name} opens. It goes on.\n", encoding="utf-8")
    entries = discover_corpus([folder])
    workspace = _workspace(data_dir)
    assert workspace.progress(entries) == {entries[0].path: None, entries[1].path: None}
    session = workspace.open(load_document(entries[0].path))
    session.toggle_tag(1, "claim")
    assert session.flush(5)
    assert workspace.progress(entries)[entries[0].path] == (1, 2, None)
    session.toggle_tag(0, "claim")
    mark = session.set_finished(True)
    assert session.close()
    assert workspace.progress(entries) == {entries[0].path: (2, 2, mark), entries[1].path: None}
    assert workspace.progress(entries)[entries[0].path].finished == mark


def test_signals_flush_the_stores_while_the_block_runs(data_dir: DataDir, sample: Document) -> None:
    workspace = _workspace(data_dir)
    before = signal.getsignal(signal.SIGTERM)
    exits: list[int] = []
    session = workspace.open(sample)
    with workspace.flush_on_signals(exits.append):
        session.set_note(0, "queued at the signal")
        signal.raise_signal(signal.SIGTERM)
    assert exits == [signal.SIGTERM]
    assert signal.getsignal(signal.SIGTERM) == before
    again = workspace.open(sample)
    assert again.note(0) == "queued at the signal"
    assert again.close()


def test_the_save_status_is_reported_to_listeners(data_dir: DataDir, sample: Document) -> None:
    session = _workspace(data_dir).open(sample)
    seen: list[SaveStatus] = []
    session.add_save_listener(seen.append)
    session.toggle_tag(0, "claim")
    assert session.flush(5)
    assert seen[0].state == "saving" and seen[-1].state == "saved"
    assert session.save_status.state == "saved" and session.unsaved_count == 0
    assert session.read_only_reason == ""
    assert session.close()


def test_unsaved_edits_can_be_exported(
    data_dir: DataDir, sample: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = _workspace(data_dir).open(sample)

    def disk_full(path: Path, data: bytes, **options: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage_module, "atomic_write_bytes", disk_full)
    session.toggle_tag(2, "appeal")
    assert not session.flush(0.5)
    assert session.unsaved_count == 1
    assert session.save_status.state == "failed"
    assert "No space left" in session.save_status.message
    target = tmp_path / "rescued.jsonl"
    assert session.export_unsaved(target) == 1
    [line] = [json.loads(text) for text in target.read_text(encoding="utf-8").splitlines()]
    assert line["op"] == "save" and line["annotation"]["tags"] == ["appeal"]
    assert not session.close(timeout=0.2)


def test_a_second_session_on_the_same_document_says_why_it_is_read_only(
    data_dir: DataDir, sample: Document
) -> None:
    workspace = _workspace(data_dir)
    first = workspace.open(sample)
    second = workspace.open(sample)
    assert second.read_only and "pid" in second.read_only_reason
    assert second.close() and first.close()
