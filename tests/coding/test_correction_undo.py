"""Splits and merges are in the undo history, and undoing them restores codes and notes
exactly: what was stored before the correction is what is stored after its undo."""

from __future__ import annotations

from pathlib import Path

from annotator.annotation import Annotation
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.history import Resegmented
from annotator.coding.opening import open_session
from annotator.coding.session import CodingSession
from annotator.store import DataDir
from annotator.text.document import Document, build_document

TEXT = "First one here. Second one there. Third one too.\n\nA paragraph alone.\n"


def _document(tmp_path: Path) -> Document:
    path = tmp_path / "release.txt"
    path.write_text(TEXT, encoding="utf-8")
    return build_document(TEXT, name="release.txt", path=path)


def _open(data_dir: DataDir, document: Document) -> CodingSession:
    return open_session(data_dir, document, DEFAULT_CODEBOOK, "tester")


def _stored(data_dir: DataDir, document: Document) -> dict[str, Annotation]:
    return {a.id: a for a in data_dir.annotations(document.doc_id)}


def _coded(data_dir: DataDir, document: Document) -> CodingSession:
    session = _open(data_dir, document)
    session.toggle_tag(0, "claim")
    session.set_note(0, "first note")
    session.toggle_tag(1, "appeal")
    session.toggle_tag(1, "statistic")
    session.set_note(1, "second note")
    return session


def test_undoing_a_merge_restores_both_sentences_exactly(data_dir: DataDir, tmp_path: Path) -> None:
    document = _document(tmp_path)
    session = _coded(data_dir, document)
    before = dict(session.annotations)
    assert session.flush()
    stored = _stored(data_dir, document)
    sentences = session.document.sentences

    session.merge(0)
    assert session.tags(0) == ["claim", "appeal", "statistic"]
    undone = session.undo()
    assert isinstance(undone, Resegmented) and undone.sentence == 0
    assert session.document.sentences == sentences
    assert session.annotations == before  # ids, codes, notes and times, exactly
    assert session.tagged_count == 2
    assert session.flush()
    assert _stored(data_dir, document) == stored

    # Splitting again is no longer needed, and a split now would not copy the merge.
    redone = session.redo()
    assert isinstance(redone, Resegmented)
    assert len(session.document.sentences) == len(sentences) - 1
    assert session.tags(0) == ["claim", "appeal", "statistic"]
    assert session.note(0) == "first note\n\nsecond note"
    assert session.close()
    reopened = _open(data_dir, document)
    assert len(reopened.document.sentences) == len(sentences) - 1
    assert reopened.close()


def test_undoing_a_split_restores_the_sentence_and_survives_reopening(
    data_dir: DataDir, tmp_path: Path
) -> None:
    document = _document(tmp_path)
    session = _coded(data_dir, document)
    before = dict(session.annotations)
    assert session.flush()
    stored = _stored(data_dir, document)
    second = document.sentences[1]
    session.split(1, second.start + document.sentence_text(1).index("there"))
    assert session.tags(2) == ["appeal", "statistic"]  # both halves keep the codes
    assert len(_stored(data_dir, document)) == 3 or session.flush()
    session.undo()
    assert session.document.sentences == document.sentences
    assert session.annotations == before
    assert session.close()
    assert _stored(data_dir, document) == stored
    reopened = _open(data_dir, document)
    assert reopened.document.sentences == document.sentences
    assert reopened.annotations == before
    assert reopened.close()


def test_changes_after_a_correction_are_undone_first(data_dir: DataDir, tmp_path: Path) -> None:
    document = _document(tmp_path)
    session = _coded(data_dir, document)
    before = dict(session.annotations)
    session.merge(0)
    session.toggle_tag(0, "assertion")
    session.toggle_tag(1, "claim")  # the third sentence, now second
    assert session.undo() is not None and session.tags(1) == []
    assert session.undo() is not None and "assertion" not in session.tags(0)
    assert isinstance(session.undo(), Resegmented)
    assert session.annotations == before
    # The tags made before the merge are undone after it, on their old sentences.
    assert session.undo() is not None and session.note(1) == ""
    assert session.close()


def test_a_new_change_after_an_undone_merge_clears_the_redo(
    data_dir: DataDir, tmp_path: Path
) -> None:
    document = _document(tmp_path)
    session = _coded(data_dir, document)
    session.merge(0)
    session.undo()
    session.toggle_tag(2, "claim")
    assert session.redo() is None
    assert len(session.document.sentences) == len(document.sentences)
    assert session.close()
