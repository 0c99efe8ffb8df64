"""Re-anchoring, case by case: what is placed, what is held for review, what is orphaned."""

from __future__ import annotations

from dataclasses import replace

import pytest

from annotator.annotation import Annotation, new_id
from annotator.coding.anchoring import anchor_fields, place_annotations, reposition
from annotator.coding.reanchoring import matching
from annotator.coding.reanchoring.reanchor import (
    DEFAULT_THRESHOLDS,
    Method,
    Orphaned,
    Placed,
    Review,
    accept,
    reanchor,
)
from annotator.text.document import Document, build_document
from annotator.text.overrides import SegmentationOverrides

PARAGRAPHS = [
    "The council met on Tuesday to discuss the budget. Members agreed on most items.",
    "Thank you. The mayor then spoke about the new library on Elm Street.",
    "Funding for the river clean-up was doubled after a long debate. Thank you.",
    "A vote on the transport plan was postponed until the spring session.",
    "The meeting closed at nine in the evening after questions from the public.",
]


def doc(paragraphs: list[str], **kwargs: object) -> Document:
    return build_document("\n\n".join(paragraphs) + "\n", name="minutes.txt", **kwargs)  # type: ignore[arg-type]


def annotate(document: Document, index: int, coder: str = "ann") -> Annotation:
    return Annotation(id=new_id(), coder=coder, tags=("claim",), **anchor_fields(document, index))


def sentence_of(document: Document, text: str, occurrence: int = 0) -> int:
    found = [s.index for s in document.sentences if document.sentence_text(s.index) == text]
    return found[occurrence]


def only(result_outcomes: tuple[object, ...]) -> object:
    assert len(result_outcomes) == 1
    return result_outcomes[0]


def test_an_unchanged_document_keeps_every_annotation_as_it_was() -> None:
    old = doc(PARAGRAPHS)
    annotations = [annotate(old, s.index) for s in old.sentences]
    result = reanchor(annotations, old)
    assert [type(o) for o in result.outcomes] == [Placed] * len(annotations)
    assert all(o.moved == o.annotation for o in result.placed)
    assert result.counts()["placed"] == len(annotations)


def test_an_inserted_paragraph_moves_the_offsets_and_nothing_else() -> None:
    old = doc(PARAGRAPHS)
    new = doc(["A new opening paragraph, added after the minutes were coded.", *PARAGRAPHS])
    annotations = [annotate(old, s.index) for s in old.sentences]
    result = reanchor(annotations, new)
    assert len(result.placed) == len(annotations)
    for outcome in result.placed:
        assert outcome.moved.quote == outcome.annotation.quote
        assert new.text[outcome.moved.start : outcome.moved.end] == outcome.annotation.quote
        assert outcome.moved.paragraph == outcome.annotation.paragraph + 1
        assert outcome.moved.doc_id == new.doc_id


def test_a_fixed_typo_is_placed_by_the_fuzzy_step() -> None:
    typo = [p.replace("budget", "budegt") for p in PARAGRAPHS]
    old, new = doc(typo), doc(PARAGRAPHS)
    annotation = annotate(old, 0)
    outcome = only(reanchor([annotation], new).outcomes)
    assert isinstance(outcome, Placed)
    assert outcome.method is Method.FUZZY and outcome.sentence == 0
    assert DEFAULT_THRESHOLDS.quote_accept <= outcome.score < 1.0
    assert outcome.moved.quote == new.sentence_text(0)


def test_a_rewritten_sentence_is_held_for_review_with_a_proposal() -> None:
    old = doc(PARAGRAPHS)
    rewritten = list(PARAGRAPHS)
    rewritten[3] = "The transport plan vote moved to the spring session."
    new = doc(rewritten)
    annotation = annotate(old, sentence_of(old, PARAGRAPHS[3]))
    outcome = only(reanchor([annotation], new).outcomes)
    assert isinstance(outcome, Review)
    assert outcome.sentence == sentence_of(new, rewritten[3])
    assert outcome.score < DEFAULT_THRESHOLDS.quote_accept
    assert "differs" in outcome.reason


def test_a_deleted_sentence_is_orphaned_and_kept() -> None:
    old = doc(PARAGRAPHS)
    new = doc(PARAGRAPHS[:3] + PARAGRAPHS[4:])
    annotation = annotate(old, sentence_of(old, PARAGRAPHS[3]))
    outcome = only(reanchor([annotation], new).outcomes)
    assert isinstance(outcome, Orphaned)
    assert outcome.annotation is annotation


def test_a_repeated_sentence_is_told_apart_by_context_and_position() -> None:
    old = doc(PARAGRAPHS)
    edited = [PARAGRAPHS[0].replace("Tuesday", "Wednesday"), *PARAGRAPHS[1:]]
    new = doc(edited)
    first, second = (annotate(old, sentence_of(old, "Thank you.", n)) for n in (0, 1))
    others = [annotate(old, s.index, coder="bob") for s in old.sentences]
    for old_text in (None, old.text):
        result = reanchor([first, second, *others], new, old_text)
        assert [o.sentence for o in result.placed[:2]] == [
            sentence_of(new, "Thank you.", 0),
            sentence_of(new, "Thank you.", 1),
        ]
        assert {o.method for o in result.placed[:2]} == {Method.EXACT_CONTEXT}


def test_a_repeated_sentence_without_landmarks_is_not_guessed() -> None:
    old = doc(PARAGRAPHS)
    new = doc([PARAGRAPHS[0].replace("Tuesday", "Wednesday"), *PARAGRAPHS[1:]])
    both = [annotate(old, sentence_of(old, "Thank you.", n)) for n in (0, 1)]
    result = reanchor(both, new)  # nothing else annotated, no old text: nothing to go by
    assert [type(o) for o in result.outcomes] == [Review, Review]
    assert result.review[0].reason == "found 2 times near its place"
    with_old = reanchor(both, new, old.text)  # the old text shows the order is kept
    assert [o.sentence for o in with_old.placed] == [
        sentence_of(new, "Thank you.", n) for n in (0, 1)
    ]


def test_a_copied_paragraph_is_never_mistaken_for_its_original() -> None:
    old = doc(PARAGRAPHS)
    new = doc([*PARAGRAPHS[:3], PARAGRAPHS[2], *PARAGRAPHS[3:]])  # pasted twice
    annotations = [annotate(old, i) for i in old.paragraphs[2].sentence_range]
    for old_text in (None, old.text):
        result = reanchor(annotations, new, old_text)
        assert not result.placed
        assert all(isinstance(o, Review) for o in result.outcomes)
        assert all("times near its place" in o.reason for o in result.review)


def test_one_coder_never_gets_two_annotations_on_one_sentence() -> None:
    old = doc(PARAGRAPHS)
    new = doc([PARAGRAPHS[0], "The mayor then spoke about the new library.", *PARAGRAPHS[2:]])
    first, second = (annotate(old, sentence_of(old, "Thank you.", n)) for n in (0, 1))
    other = annotate(old, sentence_of(old, "Thank you.", 1), coder="bob")
    result = reanchor([first, second, other], new)
    target = sentence_of(new, "Thank you.")
    by_id = {o.annotation.id: o for o in result.outcomes}
    assert isinstance(by_id[second.id], Placed) and by_id[second.id].sentence == target
    assert isinstance(by_id[other.id], Placed) and by_id[other.id].sentence == target
    assert isinstance(by_id[first.id], Review)


def test_the_second_claim_on_a_sentence_goes_to_review_with_the_reason() -> None:
    old = doc(PARAGRAPHS)
    typo = old.sentence_text(0).replace("council", "councel")
    stale = replace(annotate(old, 0), id=new_id(), quote=typo)  # a record from a typo'd version
    exact = annotate(old, 0)
    result = reanchor([stale, exact], old)
    assert isinstance(result.outcomes[1], Placed)
    assert isinstance(result.outcomes[0], Review)
    assert (
        result.outcomes[0].reason == "another annotation by this coder is placed on this sentence"
    )
    assert result.outcomes[0].sentence == 0


def test_a_moved_paragraph_takes_its_annotations_along() -> None:
    old = doc(PARAGRAPHS)
    new = doc([PARAGRAPHS[0], *PARAGRAPHS[2:], PARAGRAPHS[1]])
    annotation = annotate(old, sentence_of(old, PARAGRAPHS[4]))
    moved = annotate(old, sentence_of(old, PARAGRAPHS[1].split(". ", 1)[1]))
    result = reanchor([annotation, moved], new, old.text)
    assert [o.sentence for o in result.placed] == [
        sentence_of(new, PARAGRAPHS[4]),
        sentence_of(new, PARAGRAPHS[1].split(". ", 1)[1]),
    ]


def test_a_close_runner_up_sends_a_fuzzy_match_to_review() -> None:
    twins = [
        "The board approved the plan for the north bridge repairs this year.",
        "The board approved the plan for the south bridge repairs this year.",
    ]
    old = doc([twins[0].replace("approved", "aproved"), "Another paragraph in between here."])
    new = doc([twins[0] + " " + twins[1], "Another paragraph in between here."])
    outcome = only(reanchor([annotate(old, 0)], new).outcomes)
    assert isinstance(outcome, Review)
    assert outcome.reason == "another sentence is almost as close"


def test_a_sentence_cut_differently_goes_to_review() -> None:
    old = doc(PARAGRAPHS)
    quote = old.sentence_text(0)
    cut = old.text.index("to discuss")
    new = doc(PARAGRAPHS, overrides=SegmentationOverrides.of(splits=[cut]))
    outcome = only(reanchor([annotate(old, 0)], new).outcomes)
    assert isinstance(outcome, Review)
    assert new.sentence_text(outcome.sentence or 0) in quote  # proposes one of the parts


def test_a_long_changed_quote_is_never_placed() -> None:
    long_sentence = "The committee noted " + ", ".join(f"item {n} of the plan" for n in range(400))
    old = doc([long_sentence + ".", PARAGRAPHS[0]])
    new = doc([long_sentence.replace("item 7 of", "item 7 in") + ".", PARAGRAPHS[0]])
    assert len(long_sentence) > DEFAULT_THRESHOLDS.longest_fuzzy
    outcome = only(reanchor([annotate(old, 0)], new).outcomes)
    assert isinstance(outcome, Review) and outcome.sentence == 0


def test_versions_are_mapped_each_with_its_own_landmarks() -> None:
    first = doc(PARAGRAPHS)
    second = doc(["An added paragraph.", *PARAGRAPHS])
    third = doc(["An added paragraph.", *PARAGRAPHS, "A closing paragraph."])
    annotations = [annotate(first, 0), annotate(second, 2, coder="bob")]
    assert annotations[0].doc_id != annotations[1].doc_id
    result = reanchor(annotations, third, old_text=first.text)
    assert [o.sentence for o in result.placed] == [1, 2]


def test_a_partly_segmented_document_is_refused() -> None:
    partial = build_document("\n\n".join(PARAGRAPHS), name="minutes.txt", upto=40)
    with pytest.raises(ValueError, match="whole document"):
        reanchor([], partial)


def test_accepting_a_review_anchors_it_on_the_chosen_sentence() -> None:
    old = doc(PARAGRAPHS)
    new = doc(
        [*PARAGRAPHS[:3], "The transport plan vote moved to the spring session.", PARAGRAPHS[4]]
    )
    outcome = only(reanchor([annotate(old, sentence_of(old, PARAGRAPHS[3]))], new).outcomes)
    assert isinstance(outcome, Review) and outcome.sentence is not None
    accepted = accept(outcome, new)
    assert accepted.quote == new.sentence_text(outcome.sentence)
    assert accepted.tags == outcome.annotation.tags and accepted.id == outcome.annotation.id
    assert accept(outcome, new, 0).quote == new.sentence_text(0)
    with pytest.raises(ValueError, match="choose one"):
        accept(replace(outcome, sentence=None), new)


def test_a_coders_placement_has_the_shape_the_session_uses() -> None:
    old = doc(PARAGRAPHS)
    new = doc(PARAGRAPHS[:4])
    annotations = [annotate(old, s.index) for s in old.sentences]
    annotations += [annotate(old, 0, coder="bob")]
    placement = reanchor(annotations, new).placement("ann")
    expected = place_annotations(new, annotations[:-1])
    assert placement.placed == {
        index: reposition(new, index, annotation) for index, annotation in expected.placed.items()
    }
    assert placement.unplaced == expected.unplaced
    assert [a.quote for a in placement.unplaced] == [PARAGRAPHS[4]]


def test_the_work_per_annotation_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A quote that is nowhere is compared with a bounded number of sentences, however
    long the document and however common its words."""
    lines = [f"Item {n} of the plan was approved by the board." for n in range(3000)]
    new = doc(lines)
    old = doc(["The board approved the plan for the bridge.", *lines[:5]])
    calls = 0
    real = matching.similarity

    def counting(a: str, b: str, cutoff: float = 0.0) -> float:
        nonlocal calls
        calls += 1
        return real(a, b, cutoff)

    monkeypatch.setattr(matching, "similarity", counting)
    reanchor([annotate(old, 0)], new)
    t = DEFAULT_THRESHOLDS
    compared = t.window + t.rare_limit
    assert 0 < calls <= compared * 3  # the quote, and the prefix and suffix of those close


def test_a_quote_repeated_thousands_of_times_costs_a_bounded_number_of_comparisons(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old = doc(["Thank you."] * 3000)
    new = doc(["A new first paragraph.", *["Thank you."] * 3000])
    calls = 0
    real = matching.similarity

    def counting(a: str, b: str, cutoff: float = 0.0) -> float:
        nonlocal calls
        calls += 1
        return real(a, b, cutoff)

    monkeypatch.setattr(matching, "similarity", counting)
    outcome = only(reanchor([annotate(old, 1500)], new).outcomes)
    assert isinstance(outcome, Review)  # nothing else annotated: no landmark to go by
    assert 0 < calls <= (DEFAULT_THRESHOLDS.window + 1) * 2
