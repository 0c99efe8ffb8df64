"""Carrying a coder's work over to an edited text: corrections, annotations, the finished
mark and the place; saved by the reader, computed in memory by everyone else, the same."""

from __future__ import annotations

from pathlib import Path

from annotator.annotation import Annotation, new_id
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.anchoring import anchor_fields
from annotator.coding.document_coders import read_coders
from annotator.coding.reanchoring.carry import TAKEN, unseen_sentences
from annotator.coding.reanchoring.outcomes import REJECTED
from annotator.coding.session import CodingSession
from annotator.coding.workspace import Workspace
from annotator.store import DataDir
from annotator.store.texts import kept_text, text_path
from annotator.store.writer import Setting
from annotator.text.document import Document, build_document, load_document
from tests.helpers import AFTER_EDIT, BEFORE_EDIT, code_then_edit

LONG = "Delta is a rather long sentence that goes on."


def _open(data_dir: DataDir, document: Document, coder: str = "tester") -> CodingSession:
    return Workspace(data_dir, coder, DEFAULT_CODEBOOK).open(document)


def _texts(document: Document) -> list[str]:
    return [document.sentence_text(i) for i in range(len(document.sentences))]


def test_a_split_and_a_merge_follow_an_edit(tmp_path: Path, data_dir: DataDir) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(BEFORE_EDIT, encoding="utf-8")
    before = load_document(path)
    session = _open(data_dir, before)
    session.toggle_tag(3, "statistic")
    session.split(3, BEFORE_EDIT.index("that goes"))
    session.merge(0)  # "Alpha is first. Beta is second." as one sentence
    assert _texts(session.document)[:1] == ["Alpha is first. Beta is second."]
    assert session.close()
    path.write_text(BEFORE_EDIT.replace("Gamma is third.", "Gamma is thrid."), encoding="utf-8")
    after = load_document(path)

    reopened = _open(data_dir, after)
    texts = _texts(reopened.document)
    assert texts == [
        "Alpha is first. Beta is second.",
        "Gamma is thrid.",
        "Delta is a rather long sentence",
        "that goes on.",
        "Epsilon closes the text here.",
    ]
    # Both halves of the split sentence kept its code, as before the edit.
    assert reopened.tags(2) == ["statistic"] and reopened.tags(3) == ["statistic"]
    assert reopened.carried is not None and reopened.carried.corrections.dropped == ()
    assert reopened.close()
    saved = data_dir.work(after.doc_id, "tester")
    assert saved is not None and saved.own_corrections
    assert saved.corrections == reopened.corrections
    # Edited again and read without the reader (exports, agreement): the same sentences.
    path.write_text(BEFORE_EDIT.replace("Gamma is third.", "Gamma is the third."))
    third = load_document(path)
    [coding] = read_coders(data_dir, third).coders
    assert _texts(coding.document)[2:4] == ["Delta is a rather long sentence", "that goes on."]
    assert data_dir.work(third.doc_id, "tester") is None, "reading never writes"


def test_a_correction_whose_text_is_gone_is_dropped_and_said(
    tmp_path: Path, data_dir: DataDir
) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(BEFORE_EDIT, encoding="utf-8")
    session = _open(data_dir, load_document(path))
    session.split(3, BEFORE_EDIT.index("that goes"))
    assert session.close()
    path.write_text(BEFORE_EDIT.replace(LONG, "Delta was rewritten from end to end."))
    reopened = _open(data_dir, load_document(path))
    assert reopened.carried is not None
    [dropped] = reopened.carried.corrections.dropped
    assert dropped.kind == "split" and "context" in dropped.reason
    assert "Delta was rewritten from end to end." in _texts(reopened.document)
    reopened.close()


def test_the_finished_mark_follows_a_typo_fix_but_not_a_new_paragraph(
    tmp_path: Path, data_dir: DataDir
) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(BEFORE_EDIT, encoding="utf-8")
    session = _open(data_dir, load_document(path))
    session.toggle_tag(0, "claim")
    session.set_finished(True)
    mark = session.finished
    assert session.close()
    assert kept_text(data_dir, load_document(path).doc_id) == BEFORE_EDIT

    typo = BEFORE_EDIT.replace("Gamma is third.", "Gamma is thrid.")  # an uncoded sentence
    path.write_text(typo, encoding="utf-8")
    fixed = _open(data_dir, load_document(path))
    assert fixed.finished == mark and fixed.carried is not None
    assert fixed.carried.finished_dropped == ""
    fixed.close()

    path.write_text(typo + "\nA paragraph nobody has read yet.\n", encoding="utf-8")
    grown = _open(data_dir, load_document(path))
    assert grown.finished is None and grown.carried is not None
    assert grown.carried.finished_dropped == "1 sentence of the new text the coder has not seen"
    grown.close()


def test_unseen_sentences_are_the_new_and_the_rewritten_ones() -> None:
    document = build_document(AFTER_EDIT, name="doc.txt")
    # New opening, Beta was edited, Something else: new; Gamma's typo: seen.
    assert unseen_sentences(document, BEFORE_EDIT, ()) == 3
    assert unseen_sentences(document, BEFORE_EDIT, (0, 2, 5)) == 0
    assert unseen_sentences(build_document(BEFORE_EDIT, name="d"), BEFORE_EDIT, ()) == 0


def test_the_coder_s_place_follows(tmp_path: Path, data_dir: DataDir) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(BEFORE_EDIT, encoding="utf-8")
    session = _open(data_dir, load_document(path))
    session.toggle_tag(0, "claim")
    session.remember_cursor(3)
    assert session.close()
    path.write_text(AFTER_EDIT, encoding="utf-8")
    reopened = _open(data_dir, load_document(path))
    place = reopened.remembered_cursor
    assert place is not None and reopened.document.sentence_text(place) == LONG
    reopened.close()


def test_held_annotations_follow_a_second_edit_and_rejected_ones_stay_rejected(
    tmp_path: Path, data_dir: DataDir
) -> None:
    path = tmp_path / "doc.txt"
    before, after = code_then_edit(path, data_dir)
    second = _open(data_dir, after)
    beta = next(r for r in second.held.review if r.annotation.quote == "Beta is second.")
    second.reject_held(beta)
    assert second.close()
    # Edited again: Epsilon's paragraph comes back, the rest stays.
    path.write_text(AFTER_EDIT + "\nEpsilon closes the text here.\n", encoding="utf-8")
    third = _open(data_dir, load_document(path))
    texts = _texts(third.document)
    # Epsilon, held by the second version (orphaned there), is carried with the rest
    # when the text changes again: its sentence is back, so it is placed.
    assert third.tags(texts.index("Epsilon closes the text here.")) == ["assertion"]
    assert third.held.review == []
    assert [o.annotation.quote for o in third.held.orphaned if o.reason == REJECTED] == [
        "Beta is second."
    ]
    assert third.tags(texts.index("Alpha is first.")) == ["claim"]
    assert third.close()
    # Every annotation of the first version is still in its file.
    assert len(data_dir.annotations(before.doc_id)) == 5


def test_a_coder_who_skipped_a_version_gets_their_work_carried_from_the_last_they_had(
    tmp_path: Path, data_dir: DataDir
) -> None:
    path = tmp_path / "doc.txt"
    _, after = code_then_edit(path, data_dir, "ana")
    other = _open(data_dir, after, "ben")  # only ben opens the second version
    assert other.close()
    path.write_text(AFTER_EDIT.replace("New opening.", "A newer opening."), encoding="utf-8")
    third = load_document(path)
    ana = read_coders(data_dir, third).coder("ana")
    assert ana is not None and ana.carried is not None
    assert {a.quote for a in ana.annotations.values()} >= {"Alpha is first.", LONG}


def test_an_annotation_already_on_the_new_sentence_wins_it(
    tmp_path: Path, data_dir: DataDir
) -> None:
    path = tmp_path / "doc.txt"
    _, after = code_then_edit(path, data_dir)
    # The coder's file for the new version got an annotation on Alpha's new sentence
    # without a carry (an import, say): it keeps the sentence, and the carried Alpha
    # goes to review.
    store = data_dir.open_store(after.doc_id, "tester")
    texts = _texts(after)
    mine = Annotation(
        id=new_id(),
        coder="tester",
        tags=("assertion",),
        **anchor_fields(after, texts.index("Alpha is first.")),
    )
    store.apply_many([(mine.id, mine), (Setting.FINISHED, None)])
    assert store.close()
    coding = read_coders(data_dir, after).coder("tester")
    assert coding is not None
    assert coding.annotations[texts.index("Alpha is first.")].id == mine.id
    taken = [r for r in coding.review if r.reason == TAKEN]
    assert [r.annotation.quote for r in taken] == ["Alpha is first."]


def test_the_kept_text_is_written_once_with_the_catalog(tmp_path: Path, data_dir: DataDir) -> None:
    path = tmp_path / "doc.txt"
    before, after = code_then_edit(path, data_dir)
    assert kept_text(data_dir, before.doc_id) == BEFORE_EDIT
    assert kept_text(data_dir, after.doc_id) is None  # not opened in the reader yet
    text_path(data_dir, before.doc_id).write_text("tampered", encoding="utf-8")
    assert kept_text(data_dir, before.doc_id) is None, "a copy that is not the version's"
