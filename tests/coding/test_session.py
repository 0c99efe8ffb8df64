"""The coding session: commands, persistence through the store, and re-anchoring."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.opening import open_session
from annotator.coding.session import CodingSession
from annotator.store import DataDir
from annotator.text.document import Document, build_document, load_document


def _flush(session: CodingSession) -> None:
    flush = getattr(session.store, "flush", None)
    if callable(flush):
        flush()


def _reopen(data_dir: DataDir, document: Document, coder: str = "tester") -> CodingSession:
    return open_session(data_dir, document, DEFAULT_CODEBOOK, coder)


def test_toggle_adds_and_removes_tags_in_codebook_order(session: CodingSession) -> None:
    session.toggle_tag(3, "statistic")
    session.toggle_tag(3, "claim")
    assert session.tags(3) == ["claim", "statistic"]
    session.toggle_tag(3, "claim")
    assert session.tags(3) == ["statistic"]
    session.toggle_tag(3, "statistic")
    assert session.annotation(3) is None
    assert session.tagged_count == 0


def test_store_round_trip(data_dir: DataDir, sample: Document) -> None:
    session = _reopen(data_dir, sample)
    session.toggle_tag(0, "claim")
    session.toggle_tag(0, "appeal")
    session.set_note(5, 'A note, with "quotes",\nnewlines and ünïcödé.')
    _flush(session)
    session.store.close()

    again = _reopen(data_dir, sample)
    assert again.tags(0) == ["claim", "appeal"]
    assert again.note(5) == 'A note, with "quotes",\nnewlines and ünïcödé.'
    record = again.annotation(0)
    assert record is not None
    assert record.doc_id == sample.doc_id and record.document == sample.name
    assert (record.paragraph, record.sentence) == (1, 1)
    assert sample.text[record.start : record.end] == record.quote
    assert record.coder == "tester"
    assert record.codebook == DEFAULT_CODEBOOK.name
    assert record.created.endswith("Z") and record.updated.endswith("Z")
    assert record.suffix == sample.text[record.end : record.end + 32]
    again.store.close()


def test_empty_note_removes_the_note(session: CodingSession) -> None:
    session.set_note(2, "something")
    assert session.note(2) == "something"
    session.set_note(2, "   \n")
    assert session.note(2) == ""
    assert session.annotation(2) is None


def test_undo_and_redo_are_saved(data_dir: DataDir, sample: Document) -> None:
    session = _reopen(data_dir, sample)
    session.toggle_tag(1, "claim")
    session.toggle_tag(1, "assertion")
    session.undo()
    assert session.tags(1) == ["claim"]
    _flush(session)
    session.store.close()
    reopened = _reopen(data_dir, sample)
    assert reopened.tags(1) == ["claim"]
    reopened.undo()  # no history across sessions
    assert reopened.tags(1) == ["claim"]
    reopened.toggle_tag(2, "appeal")
    reopened.undo()
    reopened.redo()
    assert reopened.tags(2) == ["appeal"]
    reopened.store.close()


def test_a_changed_file_carries_its_coding_over_and_holds_the_rest_for_review(
    data_dir: DataDir, tmp_path: Path
) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("Alpha is first. Beta is second.\n\nGamma is third.\n")
    first = load_document(path)
    session = _reopen(data_dir, first)
    session.toggle_tag(0, "claim")  # "Alpha is first."
    session.toggle_tag(1, "appeal")  # "Beta is second."
    session.set_note(2, "gamma note")
    _flush(session)
    session.store.close()

    # Beta's sentence is rewritten; a new sentence is put before Alpha.
    path.write_text("New opening. Alpha is first. Beta was edited.\n\nGamma is third.\n")
    second = load_document(path)
    assert second.doc_id != first.doc_id
    moved = _reopen(data_dir, second)
    texts = [second.sentence_text(i) for i in range(len(second.sentences))]
    assert moved.tags(texts.index("Alpha is first.")) == ["claim"]
    assert moved.note(texts.index("Gamma is third.")) == "gamma note"
    assert moved.tags(texts.index("New opening.")) == []
    assert moved.tags(texts.index("Beta was edited.")) == []
    assert moved.carried_over == 2
    assert moved.unplaced == []
    # Held for the coder, with the rewritten sentence proposed: never placed by a guess.
    [held] = moved.held.review
    assert held.annotation.quote == "Beta is second."
    assert held.sentence == texts.index("Beta was edited.")
    assert moved.held.orphaned == []
    _flush(moved)
    moved.store.close()
    # Saved under the new version: the two placed, and which version they came from.
    work = data_dir.work(second.doc_id, "tester")
    assert work is not None
    assert {a.quote for a in work.annotations} == {"Alpha is first.", "Gamma is third."}
    assert work.carried_from == first.doc_id
    assert work.held == (held.annotation.id,)
    # The old version's annotations are still in the store, untouched.
    assert {a.quote for a in data_dir.annotations(first.doc_id)} == {
        "Alpha is first.",
        "Beta is second.",
        "Gamma is third.",
    }


def test_segmentation_change_never_attaches_to_a_wrong_sentence(data_dir: DataDir) -> None:
    document = build_document("One two. Three four. One two.\n", name="rep.txt")
    session = _reopen(data_dir, document)
    session.toggle_tag(0, "claim")
    _flush(session)
    session.store.close()
    record = data_dir.annotations(document.doc_id)[0]
    # Pretend the stored offsets no longer match a sentence: the quote is ambiguous
    # (it occurs twice), so the annotation must stay unplaced rather than be guessed.
    from annotator.coding.anchoring import place_annotations

    shifted = record.with_changes(start=record.start + 1, end=record.end + 1)
    placement = place_annotations(document, [shifted])
    assert placement.placed == {}
    assert placement.unplaced == [shifted]


def test_two_coders_keep_separate_files(data_dir: DataDir, sample: Document) -> None:
    alice = _reopen(data_dir, sample, "alice")
    bob = _reopen(data_dir, sample, "bob")
    alice.toggle_tag(0, "claim")
    bob.toggle_tag(0, "assertion")
    _flush(alice)
    _flush(bob)
    alice.store.close()
    bob.store.close()
    files = data_dir.store_files(sample.doc_id)
    assert len(files) == 2
    coders = {a.coder: a.tags for a in data_dir.annotations(sample.doc_id)}
    assert coders == {"alice": ("claim",), "bob": ("assertion",)}


def test_a_coder_whose_name_starts_with_a_dot_is_stored_and_read(
    data_dir: DataDir, sample: Document
) -> None:
    session = _reopen(data_dir, sample, ".hidden coder")
    session.toggle_tag(0, "claim")
    _flush(session)
    session.store.close()
    assert [a.coder for a in data_dir.annotations(sample.doc_id)] == [".hidden coder"]
    assert not data_dir.store_path(sample.doc_id, ".hidden coder").name.startswith(".")


def test_tagged_count_follows_every_kind_of_change(session: CodingSession) -> None:
    assert session.tagged_count == 0
    session.toggle_tag(0, "claim")
    session.toggle_tag(0, "appeal")
    session.toggle_tag(1, "claim")
    session.set_note(2, "a note is not a tag")
    assert session.tagged_count == 2
    session.undo()  # the note
    session.undo()  # sentence 1's tag
    assert session.tagged_count == 1
    session.redo()
    assert session.tagged_count == 2
    session.toggle_tag(1, "claim")
    assert session.tagged_count == sum(1 for a in session.annotations.values() if a.tags) == 1


def test_a_note_over_the_bound_is_refused_and_nothing_changes(session: CodingSession) -> None:
    from annotator.annotation import MAX_NOTE
    from annotator.coding.annotating import NoteTooLong

    session.set_note(0, "kept")
    with pytest.raises(NoteTooLong, match="holds at most 100,000"):
        session.set_note(0, "x" * (MAX_NOTE + 1))
    assert session.note(0) == "kept"
    session.set_note(0, "x" * MAX_NOTE)
    assert len(session.note(0)) == MAX_NOTE


def test_in_an_exclusive_codebook_a_code_replaces_the_sentence_s_other_code(
    data_dir: DataDir, sample: Document
) -> None:
    exclusive = replace(DEFAULT_CODEBOOK, exclusive=True)
    session = open_session(data_dir, sample, exclusive, "tester")
    session.toggle_tag(1, "claim")
    session.toggle_tag(1, "appeal")
    assert session.tags(1) == ["appeal"]
    session.undo()  # one change: the claim is back
    assert session.tags(1) == ["claim"]
    session.toggle_tag(1, "claim")  # removing still removes
    assert session.annotation(1) is None
    # A tag the codebook does not know (a code removed since) is not the codebook's to
    # replace: it stays for the coder to see and settle.
    session.set_tags(2, ["claim", "retired code"])
    session.toggle_tag(2, "statistic")
    assert session.tags(2) == ["statistic", "retired code"]
    session.store.close()
