"""Splits and merges through the session, and a large document completed in the background."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding import resegment
from annotator.coding.session import CodingSession, NothingToMerge, open_session
from annotator.store import DataDir
from annotator.text.document import Document, build_document
from annotator.text.overrides import OverridesDamaged
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
    saved = json.loads(data_dir.segmentation_path(document.doc_id).read_text(encoding="utf-8"))
    assert saved["merges"] == [document.sentences[1].start]
    assert session.close()

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
    assert not data_dir.segmentation_path(session.document.doc_id).exists()
    assert session.close()


def test_a_damaged_corrections_file_is_reported_and_kept(data_dir: DataDir, tmp_path: Path) -> None:
    document = _document(tmp_path)
    path = data_dir.segmentation_path(document.doc_id)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"{not json")
    session = _open(data_dir, document)
    with pytest.raises(OverridesDamaged):
        session.merge(0)
    assert session.document.sentences == document.sentences
    assert path.read_bytes() == b"{not json"
    assert session.close()


def test_a_correction_that_cannot_be_saved_changes_nothing(
    data_dir: DataDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = _open(data_dir, _document(tmp_path))
    session.toggle_tag(0, "claim")

    def full_disk(path: Path, overrides: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(resegment, "save_overrides", full_disk)
    before = session.document
    with pytest.raises(OSError):
        session.merge(0)
    assert session.document is before
    assert session.tags(0) == ["claim"]
    assert session.close()


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
