"""Foreign spans onto sentences: half a sentence or more codes it, and positions in CRLF text."""

from __future__ import annotations

import pytest

from annotator.refi.spans import (
    Counting,
    Fit,
    SentenceMap,
    crlf_positions,
    offset_counting,
    to_normalized,
)
from annotator.text.document import build_document

TEXT = (
    "The ministry said 3,000 people attended. Second one here.\n\n"
    "New para line.\nStill para? Yes.\n"
)
# Sentences: 0 = 0..40, 1 = 41..57, 2 = 59..73, 3 = 74..85, 4 = 86..90


@pytest.fixture(scope="module")
def spans() -> SentenceMap:
    document = build_document(TEXT, name="t.txt")
    assert [(s.start, s.end) for s in document.sentences] == [
        (0, 40), (41, 57), (59, 73), (74, 85), (86, 90),
    ]  # fmt: skip
    return SentenceMap(document)


@pytest.mark.parametrize(
    ("start", "end", "sentences", "fit"),
    [
        (0, 40, (0,), Fit.MATCHED),
        (0, 41, (0,), Fit.MATCHED),  # a trailing space does not count
        (41, 58, (1,), Fit.MATCHED),  # a whole line, newline included
        (0, 58, (0, 1), Fit.MATCHED),  # a paragraph
        (41, 90, (1, 2, 3, 4), Fit.MATCHED),
        (5, 20, (0,), Fit.WIDENED),  # within one sentence: that sentence
        (0, 45, (0,), Fit.NARROWED),  # all of 0, a quarter of 1
        (20, 45, (0,), Fit.RESHAPED),  # half of 0 (widened), a quarter of 1 (dropped)
        (30, 50, (1,), Fit.RESHAPED),  # a quarter of 0, over half of 1
        (45, 80, (1, 2), Fit.RESHAPED),
    ],
)
def test_a_span_codes_the_sentences_it_covers_by_half(
    spans: SentenceMap, start: int, end: int, sentences: tuple[int, ...], fit: Fit
) -> None:
    mapped = spans.map(start, end)
    assert (mapped.sentences, mapped.fit) == (sentences, fit)


def test_exactly_half_a_sentence_codes_it(spans: SentenceMap) -> None:
    assert spans.map(0, 20).sentences == (0,)  # within: always
    assert spans.map(20, 49).sentences == (0, 1)  # 20 of 40 and 8 of 16


@pytest.mark.parametrize(
    ("start", "end", "reason"),
    [
        (57, 59, "only whitespace"),
        (38, 45, "less than half"),
        (0, 200, "outside"),
        (10, 10, "empty"),
        (-1, 5, "outside"),
    ],
)
def test_a_span_that_codes_nothing_says_why(
    spans: SentenceMap, start: int, end: int, reason: str
) -> None:
    mapped = spans.map(start, end)
    assert mapped.sentences == ()
    assert mapped.fit is Fit.NONE
    assert reason in mapped.reason


RAW = "First line here.\r\nSecond line here.\r\nThird line."
NORMALIZED = RAW.replace("\r\n", "\n")


def test_positions_counting_crlf_as_two_move_back_by_the_breaks_before_them() -> None:
    crlf = crlf_positions(RAW)
    assert crlf == [16, 35]
    second = RAW.index("Second")
    assert to_normalized(second, crlf, Counting.STORED) == NORMALIZED.index("Second")
    assert to_normalized(16, crlf, Counting.STORED) == 16  # the CR is the LF's place
    assert to_normalized(17, crlf, Counting.STORED) == 16
    assert to_normalized(second, crlf, Counting.ONE_PER_BREAK) == second


def test_the_counting_is_told_from_where_selections_fall() -> None:
    stored = (RAW.index("Third"), len(RAW), None)
    one = (NORMALIZED.index("Third"), len(NORMALIZED), None)
    assert offset_counting(RAW, NORMALIZED, [stored]) is Counting.STORED
    assert offset_counting(RAW, NORMALIZED, [one]) is Counting.ONE_PER_BREAK


def test_a_selection_past_the_shorter_text_means_two_per_break() -> None:
    span = (NORMALIZED.index("Second"), len(RAW), None)
    assert offset_counting(RAW, NORMALIZED, [span]) is Counting.STORED


def test_selection_names_settle_the_counting() -> None:
    name = "Third line."
    start = NORMALIZED.index("Third")
    assert offset_counting(RAW, NORMALIZED, [(start, start + 11, name)]) is Counting.ONE_PER_BREAK
    start = RAW.index("Third")
    assert offset_counting(RAW, NORMALIZED, [(start, start + 11, name)]) is Counting.STORED


def test_without_crlf_positions_are_as_stored() -> None:
    assert offset_counting(NORMALIZED, NORMALIZED, [(0, 5, None)]) is Counting.STORED
