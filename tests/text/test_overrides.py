"""Manual split/merge overrides: the model, its laws, JSON, files, and the document."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.store import DataDir
from annotator.store.corrections import load_overrides
from annotator.text.document import build_document
from annotator.text.overrides import (
    EMPTY,
    OverridesDamaged,
    SegmentationOverrides,
    apply_overrides,
    from_json,
    merge_at,
    split_at,
    to_json,
)
from annotator.text.paragraphs import split_paragraphs
from annotator.text.segment import split_sentences
from tests.helpers import write_legacy_corrections

TEXT = (
    "The event was organized by Pasha Holding Ltd. Participants included NGOs. "
    "They met twice.\n\nA second paragraph. It ends here."
)


def spans_of(text: str, overrides: SegmentationOverrides = EMPTY) -> list[list[str]]:
    """Sentences per paragraph, as strings."""
    result = []
    for start, end in split_paragraphs(text):
        spans = apply_overrides(split_sentences(text, start, end), overrides, text)
        result.append([text[s:e] for s, e in spans])
    return result


def test_split_fixes_the_abbreviation_case() -> None:
    offset = TEXT.index("Participants")
    fixed = spans_of(TEXT, split_at(EMPTY, offset))
    assert fixed[0] == [
        "The event was organized by Pasha Holding Ltd.",
        "Participants included NGOs.",
        "They met twice.",
    ]


def test_merge_joins_with_the_next_sentence_only() -> None:
    merged = spans_of(TEXT, merge_at(EMPTY, TEXT.index("They met")))
    assert (
        merged[0][-1]
        == "The event was organized by Pasha Holding Ltd. Participants included NGOs. "
        "They met twice."
    )
    assert merged[1] == ["A second paragraph.", "It ends here."]


def test_merge_never_crosses_a_paragraph() -> None:
    overrides = merge_at(EMPTY, TEXT.index("A second"))
    assert spans_of(TEXT, overrides) == spans_of(TEXT)


def test_split_offsets_outside_sentences_do_nothing() -> None:
    gap = TEXT.index("\n\n") + 1
    for offset in (0, gap, len(TEXT), len(TEXT) + 5, TEXT.index("They") - 1):
        assert spans_of(TEXT, split_at(EMPTY, offset)) == spans_of(TEXT)


def test_split_in_whitespace_cuts_at_the_next_word() -> None:
    text = "one two three"
    spans = apply_overrides([(0, 13)], split_at(EMPTY, 3), text)
    assert [text[s:e] for s, e in spans] == ["one", "two three"]


def test_split_and_merge_cancel_each_other() -> None:
    offset = 40
    assert merge_at(split_at(EMPTY, offset), offset) == SegmentationOverrides(merges=(offset,))
    assert split_at(merge_at(EMPTY, offset), offset) == SegmentationOverrides(splits=(offset,))
    assert split_at(split_at(EMPTY, 5), 5) == SegmentationOverrides(splits=(5,))


def test_model_is_immutable_and_sorted() -> None:
    overrides = SegmentationOverrides.of(splits=[9, 3, 9], merges=[7, 1])
    assert overrides.splits == (3, 9) and overrides.merges == (1, 7)
    with pytest.raises(AttributeError):
        overrides.splits = ()  # type: ignore[misc]
    assert not EMPTY and overrides


def test_json_is_stable_and_round_trips() -> None:
    overrides = SegmentationOverrides.of(splits=[30, 4], merges=[12])
    text = to_json(overrides)
    assert text == to_json(SegmentationOverrides.of(splits=[4, 30, 4], merges=[12]))
    assert list(json.loads(text)) == ["format_version", "merges", "splits"]
    assert from_json(text) == overrides
    assert from_json(text.encode()) == overrides


@pytest.mark.parametrize(
    "data",
    [
        "",
        "[]",
        "{}",
        '{"format_version": 99, "splits": []}',
        '{"format_version": 1, "splits": [-1]}',
        '{"format_version": 1, "splits": "12"}',
        '{"format_version": 1, "merges": [1.5]}',
        '{"format_version": 1, "merges": [true]}',
        '{"format_version": true}',
        b"\xff\xfe",
    ],
)
def test_from_json_rejects_damage(data: str | bytes) -> None:
    with pytest.raises(OverridesDamaged):
        from_json(data)


def test_legacy_shared_file_is_read_and_never_a_store(tmp_path: Path) -> None:
    data_dir = DataDir(tmp_path / "data")
    doc_id = "abc1230000000000"
    path = data_dir.segmentation_path(doc_id)
    assert path.parent == data_dir.document_dir(doc_id)
    assert load_overrides(path) == EMPTY
    overrides = SegmentationOverrides.of(splits=[5], merges=[9])
    write_legacy_corrections(data_dir, doc_id, overrides)
    assert load_overrides(path) == overrides
    assert data_dir.legacy_corrections(doc_id) == overrides
    # Not mistaken for a coder's annotation store.
    assert data_dir.store_files(doc_id) == []


def test_damaged_file_names_itself(tmp_path: Path) -> None:
    path = tmp_path / "segmentation.json"
    path.write_text("{not json")
    with pytest.raises(OverridesDamaged, match=r"segmentation\.json"):
        load_overrides(path)
    assert path.read_text() == "{not json"


def test_build_document_applies_overrides() -> None:
    plain = build_document(TEXT, name="t.txt")
    fixed = build_document(
        TEXT, name="t.txt", overrides=split_at(EMPTY, TEXT.index("Participants"))
    )
    assert len(fixed.sentences) == len(plain.sentences) + 1
    assert fixed.sentence_text(1) == "Participants included NGOs."
    assert [s.index for s in fixed.sentences] == list(range(len(fixed.sentences)))
    assert fixed.paragraphs[1].first_sentence == plain.paragraphs[1].first_sentence + 1


# -- properties --------------------------------------------------------------------

_WORDS = st.sampled_from(
    ["Ltd.", "Mr.", "word", "Word", "1.", "U.S.", "?", "end.", "No.", "5", "и", "\n", "  "]
)
_PARAGRAPH = st.lists(_WORDS, min_size=1, max_size=25).map(" ".join)
_DOCUMENT = st.lists(_PARAGRAPH, min_size=1, max_size=4).map("\n\n".join)


def _paragraph_spans(text: str, overrides: SegmentationOverrides) -> list[list[tuple[int, int]]]:
    return [
        apply_overrides(split_sentences(text, start, end), overrides, text)
        for start, end in split_paragraphs(text)
    ]


@settings(max_examples=150, deadline=None)
@given(
    _DOCUMENT,
    st.lists(st.integers(-2, 400), max_size=8),
    st.lists(st.integers(-2, 400), max_size=8),
)
def test_overrides_keep_spans_sorted_trimmed_and_inside_paragraphs(
    text: str, splits: list[int], merges: list[int]
) -> None:
    overrides = SegmentationOverrides.of(splits=splits, merges=merges)
    for (p_start, p_end), spans in zip(
        split_paragraphs(text), _paragraph_spans(text, overrides), strict=True
    ):
        for start, end in spans:
            assert p_start <= start < end <= p_end
            assert not text[start].isspace() and not text[end - 1].isspace()
        for (_, end), (start, _) in pairwise(spans):
            assert end <= start


@settings(max_examples=150, deadline=None)
@given(_DOCUMENT, st.data())
def test_split_then_merge_restores_the_sentences(text: str, data: st.DataObject) -> None:
    original = _paragraph_spans(text, EMPTY)
    inside = [o for spans in original for s, e in spans for o in range(s + 1, e)]
    if not inside:
        return
    offset = data.draw(st.sampled_from(inside))
    after_split = _paragraph_spans(text, split_at(EMPTY, offset))
    assert sum(map(len, after_split)) == sum(map(len, original)) + 1
    assert _paragraph_spans(text, merge_at(split_at(EMPTY, offset), offset)) == original


@settings(max_examples=150, deadline=None)
@given(_DOCUMENT, st.data())
def test_merge_then_split_restores_the_sentences(text: str, data: st.DataObject) -> None:
    original = _paragraph_spans(text, EMPTY)
    starts = [s for spans in original for s, _ in spans[1:]]
    if not starts:
        return
    offset = data.draw(st.sampled_from(starts))
    after_merge = _paragraph_spans(text, merge_at(EMPTY, offset))
    assert sum(map(len, after_merge)) == sum(map(len, original)) - 1
    assert _paragraph_spans(text, split_at(merge_at(EMPTY, offset), offset)) == original
