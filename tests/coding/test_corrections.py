"""Splits and merges through the session, and a large document completed in the background."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.boundaries import NothingToMerge
from annotator.coding.opening import open_session
from annotator.coding.session import CodingSession
from annotator.store import DataDir, storage
from annotator.text.document import Document, build_document
from annotator.text.progressive import load_progressively
from tests.helpers import DATA

BOOK = DATA / "corpus" / "en_book_gutenberg1404_federalist_papers.txt"
TEXT = "First one here. Second one there. Third one too.\n\nA paragraph alone.\n"


def _document(tmp_path: Path) -> Document:
    path = tmp_path / "release.txt"
    path.write_text(TEXT, encoding="utf-8")
    return build_document(TEXT, name="release.txt", path=path)


def _open(data_dir: DataDir, document: Document, read_only: bool = False) -> CodingSession:
    return open_session(data_dir, document, DEFAULT_CODEBOOK, "tester", read_only=read_only)


def test_merge_saves_the_correction_and_carries_the_codes(
    data_dir: DataDir, tmp_path: Path
) -> None:
    document = _document(tmp_path)
    session = _open(data_dir, document)
    session.toggle_tag(0, "claim")
    session.toggle_tag(1, "appeal")
    assert session.merge(0) == 0
    assert session.document.sentence_text(0) == "First one here. Second one there."
    assert session.tags(0) == ["claim", "appeal"]
    assert session.close()
    tables = json.loads(data_dir.store_path(document.doc_id, "tester").read_bytes())["tables"]
    assert tables["corrections"]["1"] == {"merges": [document.sentences[1].start], "splits": []}
    assert not data_dir.segmentation_path(document.doc_id).exists(), "no shared file"

    again = _open(data_dir, document)
    assert len(again.document.sentences) == len(document.sentences) - 1
    assert again.tags(0) == ["claim", "appeal"]
    assert again.close()


def test_split_returns_the_sentence_that_starts_where_the_old_one_did(
    data_dir: DataDir, tmp_path: Path
) -> None:
    document = _document(tmp_path)
    session = _open(data_dir, document)
    session.toggle_tag(1, "claim")
    second = document.sentences[1]
    offset = second.start + document.sentence_text(1).index("there")
    assert session.split(1, offset) == 1
    assert session.document.sentence_text(1) == "Second one"
    assert session.document.sentence_text(2) == "there."
    assert session.tags(1) == session.tags(2) == ["claim"]
    assert session.close()


def test_the_last_sentence_of_a_paragraph_has_nothing_to_merge(
    data_dir: DataDir, tmp_path: Path
) -> None:
    session = _open(data_dir, _document(tmp_path))
    with pytest.raises(NothingToMerge):
        session.merge(2)
    with pytest.raises(NothingToMerge):
        session.merge(len(session.document.sentences) - 1)
    assert session.store.last_seq == 0, "nothing was queued"
    assert session.close()


def test_a_damaged_legacy_corrections_file_is_reported_and_kept(
    data_dir: DataDir, tmp_path: Path
) -> None:
    document = _document(tmp_path)
    path = data_dir.segmentation_path(document.doc_id)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"{not json")
    session = _open(data_dir, document)
    assert any("sentence corrections not applied" in n for n in session.document.notices)
    assert session.document.sentences == document.sentences
    session.merge(0)  # the coder's own corrections go to the coder's file
    assert session.close()
    assert path.read_bytes() == b"{not json"
    again = _open(data_dir, document)
    assert len(again.document.sentences) == len(document.sentences) - 1
    assert again.close()


def test_a_split_and_the_codes_it_moves_are_one_atomic_write(
    data_dir: DataDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The correction and the annotations it carries reach the coder's file together:
    a crash can never leave codes on sentences that the file's corrections do not make."""
    document = _document(tmp_path)
    session = _open(data_dir, document)
    session.toggle_tag(0, "claim")
    session.toggle_tag(1, "appeal")
    assert session.flush(5)
    written: list[dict[str, Any]] = []
    real = storage.atomic_write_bytes

    def recording(path: Path, data: bytes, **options: Any) -> None:
        if path.name.endswith(".json"):
            written.append(json.loads(data)["tables"])
        real(path, data, **options)

    monkeypatch.setattr(storage, "atomic_write_bytes", recording)
    session.merge(0)
    assert session.close()
    (tables,) = written
    assert tables["corrections"]["1"]["merges"] == [document.sentences[1].start]
    (merged,) = [a for a in tables["annotations"].values() if a["start"] == 0]
    assert merged["tags"] == ["claim", "appeal"]
    assert merged["end"] == document.sentences[1].end


def test_a_correction_that_cannot_be_saved_yet_stays_queued_with_its_codes(
    data_dir: DataDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = _document(tmp_path)
    session = _open(data_dir, document)
    session.toggle_tag(0, "claim")
    assert session.flush(5)
    path = data_dir.store_path(document.doc_id, "tester")
    before = path.read_bytes()
    real = storage.atomic_write_bytes
    disk_full = True

    def full_disk(target: Path, data: bytes, **options: Any) -> None:
        if disk_full:
            raise OSError(28, "No space left on device")
        real(target, data, **options)

    monkeypatch.setattr(storage, "atomic_write_bytes", full_disk)
    session.merge(0)
    assert not session.flush(0.3)
    assert session.save_status.state == "failed"
    assert path.read_bytes() == before, "nothing half-written"
    disk_full = False
    assert session.flush(10)
    assert session.close()
    again = _open(data_dir, document)
    assert len(again.document.sentences) == len(document.sentences) - 1
    assert again.tags(0) == ["claim"]
    assert again.close()


def test_a_read_only_session_refuses_corrections(data_dir: DataDir, tmp_path: Path) -> None:
    session = _open(data_dir, _document(tmp_path), read_only=True)
    with pytest.raises(PermissionError):
        session.merge(0)
    with pytest.raises(PermissionError):
        session.split(0, session.document.sentences[0].start + 6)
    assert session.close()


def test_finishing_segmentation_keeps_a_correction_made_meanwhile(data_dir: DataDir) -> None:
    partial, pending = load_progressively(BOOK)
    assert pending is not None
    session = _open(data_dir, partial)
    whole = session.segment_rest(pending)  # as the worker does, before the split
    first = partial.sentences[0]
    offset = first.start + partial.text[first.start : first.end].index(" ", 10) + 1
    session.split(0, offset)
    session.toggle_tag(1, "claim")
    assert session.finish_segmenting(whole)
    assert session.document.complete
    assert session.document.sentences[1].start == offset
    assert session.tags(1) == ["claim"]
    assert [entry.sentences for entry in data_dir.catalog()] == [len(session.document.sentences)]
    assert not session.finish_segmenting(whole), "already whole"
    assert session.close()


def test_finishing_segmentation_of_another_document_is_refused(
    data_dir: DataDir, tmp_path: Path
) -> None:
    partial, pending = load_progressively(BOOK)
    assert pending is not None
    other = _open(data_dir, _document(tmp_path))
    book = _open(data_dir, partial)
    assert not other.finish_segmenting(book.segment_rest(pending))
    assert other.document.doc_id != partial.doc_id
    assert other.close() and book.close()
