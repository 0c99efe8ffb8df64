"""A coder's splits and merges follow the text into a new version, or are dropped."""

from __future__ import annotations

import random
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.coding.reanchoring.reanchor_corrections import reanchor_corrections
from annotator.text.document import build_document
from annotator.text.overrides import SegmentationOverrides
from tests.coding.reanchoring.edits import WORD, Edit, Fate, Kind, edited, read_text
from tests.helpers import DATA

PARAGRAPHS = [
    "Pasha Holding Ltd. Participants met today in the capital. They agreed on a plan.",
    "The second paragraph is here. It has two sentences in it.",
    "A third paragraph closes the release. Contact the press office for more.",
]
TEXT = "\n\n".join(PARAGRAPHS) + "\n"


def corrections(text: str) -> SegmentationOverrides:
    return SegmentationOverrides.of(
        splits=[text.index("Participants")], merges=[text.index("It has two")]
    )


def sentences(text: str, overrides: SegmentationOverrides) -> list[str]:
    document = build_document(text, name="release.txt", overrides=overrides)
    return [document.sentence_text(s.index) for s in document.sentences]


def test_corrections_follow_an_inserted_paragraph() -> None:
    new = "An opening paragraph was added.\n\n" + TEXT
    result = reanchor_corrections(corrections(TEXT), TEXT, new)
    assert result.dropped == ()
    assert result.overrides == corrections(new)
    assert sentences(new, result.overrides)[1:] == sentences(TEXT, corrections(TEXT))


def test_a_split_survives_an_edit_on_one_side() -> None:
    new = TEXT.replace("met today in", "met todya in")
    result = reanchor_corrections(corrections(TEXT), TEXT, new)
    assert result.overrides.splits == (new.index("Participants"),)


def test_a_correction_whose_text_is_gone_is_dropped_and_reported() -> None:
    new = TEXT.replace(
        "The second paragraph is here. It has two sentences in it.",
        "Entirely different words now stand in this place instead.",
    )
    result = reanchor_corrections(corrections(TEXT), TEXT, new)
    assert result.overrides.splits == (new.index("Participants"),)
    assert result.overrides.merges == ()
    [dropped] = result.dropped
    assert (dropped.kind, dropped.offset) == ("merge", TEXT.index("It has two"))
    assert "changed on both sides" in dropped.reason


def test_a_correction_in_a_copied_paragraph_is_not_guessed() -> None:
    new = PARAGRAPHS[0] + "\n\n" + TEXT  # the first paragraph pasted twice
    result = reanchor_corrections(corrections(TEXT), TEXT, new)
    [dropped] = result.dropped
    assert dropped.kind == "split" and "times" in dropped.reason
    assert result.overrides.merges == (new.index("It has two"),)


def test_a_correction_is_not_guessed_when_its_paragraph_is_pasted_before_itself() -> None:
    # The copy takes the original's neighbour: the whole context is found once, in the
    # copy, but which of the two is the original no text can tell.
    split = SegmentationOverrides.of(splits=[TEXT.index("paragraph is here")])
    new = "\n\n".join([PARAGRAPHS[0], PARAGRAPHS[1], *PARAGRAPHS[1:]]) + "\n"
    result = reanchor_corrections(split, TEXT, new)
    assert result.overrides == SegmentationOverrides()
    [dropped] = result.dropped
    assert "more often than before" in dropped.reason


def test_a_correction_in_a_moved_paragraph_moves_with_it() -> None:
    new = "\n\n".join([PARAGRAPHS[1], PARAGRAPHS[2], PARAGRAPHS[0]]) + "\n"
    result = reanchor_corrections(corrections(TEXT), TEXT, new)
    assert result.dropped == ()
    assert result.overrides == corrections(new)


def test_an_offset_outside_the_old_text_is_dropped() -> None:
    result = reanchor_corrections(SegmentationOverrides.of(splits=[10_000]), TEXT, TEXT)
    assert result.overrides == SegmentationOverrides()
    assert result.dropped[0].reason == "outside the text it was made on"


@cache
def base() -> str:
    return read_text(DATA / "corpus" / "en_pr_whitehouse_2024-08-09_pact_act_fact_sheet.txt")


@settings(max_examples=40, deadline=None)
@given(
    edit_list=st.lists(
        st.builds(
            Edit, st.sampled_from(list(Kind)), st.integers(0, 1 << 20), st.integers(0, 1 << 20)
        ),
        max_size=8,
    ),
    seed=st.integers(0, 1 << 16),
)
def test_corrections_land_where_their_text_went_or_are_dropped(
    edit_list: list[Edit], seed: int
) -> None:
    old, new, fates, new_spans, old_index = edited(base(), edit_list, seed=seed)
    rng = random.Random(seed)
    truth: dict[tuple[str, int], int | None] = {}
    splits, merges = [], []
    for origin, index in old_index.items():
        sentence = old.sentences[index]
        kept = fates[origin] in (Fate.UNCHANGED, Fate.MOVED)
        words = [m.start() for m in WORD.finditer(old.sentence_text(index))][1:]
        if words and rng.random() < 0.3:
            offset = sentence.start + rng.choice(words)
            splits.append(offset)
            truth["split", offset] = (
                new_spans[origin][0] + offset - sentence.start if kept else None
            )
        if sentence.number > 0 and rng.random() < 0.2:
            merges.append(sentence.start)
            truth["merge", sentence.start] = new_spans[origin][0] if kept else None
    overrides = SegmentationOverrides.of(splits=splits, merges=merges)
    result = reanchor_corrections(overrides, old.text, new.text)

    assert len(result.moved) + len(result.dropped) == len(truth)  # each placed or reported
    for (kind, offset), new_offset in result.moved.items():
        left = old.text[max(0, offset - 32) : offset]
        right = old.text[offset : offset + 32]
        # Never placed where neither side of its text is.
        assert new.text[:new_offset].endswith(left) or new.text[new_offset:].startswith(right)
        expected = truth[kind, offset]
        if expected is not None:
            assert new_offset == expected, (kind, offset)
    for (kind, offset), expected in truth.items():
        context = old.text[max(0, offset - 32) : offset + 32]
        once = old.text.count(context) == 1 and new.text.count(context) == 1
        # A side pasted a second time (a copied paragraph) makes the copy and the
        # original indistinguishable: dropping the correction is right then.
        sides = (old.text[max(0, offset - 32) : offset], old.text[offset : offset + 32])
        once = once and all(new.text.count(side) <= old.text.count(side) for side in sides)
        if (
            expected is not None
            and once
            and new.text.find(context) + offset - max(0, offset - 32) == expected
        ):
            assert result.moved.get((kind, offset)) == expected  # unchanged: always kept
