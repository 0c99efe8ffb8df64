"""Sentence segmentation: scores on the gold sets, corpus traps, rules, and worst cases."""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.text.document import build_document
from annotator.text.language import detect_language
from annotator.text.loading import normalize_newlines
from annotator.text.paragraphs import split_paragraphs
from annotator.text.segment import split_sentences
from tests.helpers import DATA, REPO

EN_CASES: list[dict[str, Any]] = json.loads(
    (DATA / "segmentation" / "testset_en.json").read_text(encoding="utf-8")
)
MULTI_CASES: list[dict[str, Any]] = json.loads(
    (DATA / "segmentation" / "testset_multi.json").read_text(encoding="utf-8")
)
TRAPS: dict[str, dict[str, Any]] = json.loads(
    (DATA / "corpus" / "boundary_traps.json").read_text(encoding="utf-8")
)
SAMPLE = REPO / "sample_docs" / "q7x2.txt"

EN_FLOOR = 105
MULTI_FLOOR = 19


def sentences(text: str, lang: str = "en") -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, 0, len(text), lang)]


def exact(cases: list[dict[str, Any]], wrap: Callable[[str], str] | None = None) -> int:
    """How many cases come out exactly as the gold sentences (trimmed).

    With ``wrap``, the text is hard-wrapped first and newlines count as spaces.
    """
    right = 0
    for case in cases:
        got = sentences(wrap(case["text"]) if wrap else case["text"], case.get("lang", "en"))
        gold = [g.strip() for g in case["gold"]]
        if wrap:
            got = [s.replace("\n", " ") for s in got]
            gold = [g.replace("\n", " ") for g in gold]
        right += got == gold
    return right


def test_english_dev_score() -> None:
    score = exact(EN_CASES)
    golden = exact([c for c in EN_CASES if c["cat"] == "golden"])
    print(f"\nEnglish dev set: {score}/{len(EN_CASES)} exact (golden rules {golden})")
    assert score >= EN_FLOOR


def test_english_dev_score_survives_hard_wrapping() -> None:
    """Wrapped at 40 columns, a paragraph must segment as if it were one line."""

    def wrap(text: str) -> str:
        if "\n" in text:
            return text
        return "\n".join(textwrap.wrap(text, 40, break_long_words=False, break_on_hyphens=False))

    score = exact(EN_CASES, wrap)
    print(f"\nEnglish dev set, hard-wrapped at 40 columns: {score}/{len(EN_CASES)} exact")
    assert score >= EN_FLOOR


def test_multilingual_score_with_given_and_detected_language() -> None:
    given_score = exact(MULTI_CASES)
    detected = sum(
        [s for s in sentences(c["text"], detect_language(c["text"]))] == c["gold"]
        for c in MULTI_CASES
    )
    print(
        f"\nMultilingual set: {given_score}/{len(MULTI_CASES)} exact with the language given,"
        f" {detected}/{len(MULTI_CASES)} with it detected"
    )
    assert given_score >= MULTI_FLOOR
    assert detected >= MULTI_FLOOR


def _boundaries(text: str, lang: str) -> set[int]:
    """Where sentences start and end, paragraph breaks included: a trap cut by a paragraph
    break is as split as one cut by the segmenter."""
    found: set[int] = set()
    for p_start, p_end in split_paragraphs(text):
        for start, end in split_sentences(text, p_start, p_end, lang):
            found.update((start, end))
    return found


def _occurrence(text: str, substring: str) -> tuple[int, int]:
    needle = normalize_newlines(substring)
    position = text.find(needle)
    assert position >= 0, f"trap not found in corpus file: {substring!r}"
    return position, position + len(needle.rstrip())


@pytest.mark.parametrize("name", sorted(TRAPS))
def test_corpus_traps(name: str) -> None:
    """Segment as the app does; no boundary inside a trap, one inside each expected split."""
    raw = (DATA / "corpus" / name).read_bytes().decode("utf-8-sig")
    text = normalize_newlines(raw)
    boundaries = _boundaries(text, detect_language(text))
    for trap in TRAPS[name]["no_split"]:
        start, end = _occurrence(text, trap["substring"])
        inside = sorted(b for b in boundaries if start < b < end)
        assert not inside, f"{trap['substring']!r} split ({trap['note']})"
    for trap in TRAPS[name]["split_expected"]:
        start, end = _occurrence(text, trap["substring"])
        assert any(start < b < end for b in boundaries), f"{trap['substring']!r} not split"


def test_sample_dateline_is_one_sentence() -> None:
    document = build_document(SAMPLE.read_text(encoding="utf-8"), name="q7x2.txt")
    assert document.sentence_text(1) == "Berlin, 5. October 2023"
    assert document.paragraphs[1].sentence_count == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Period without a following space.
        (
            "We build ASP.NET apps. Call Tel.: +994 12 555.",
            ["We build ASP.NET apps.", "Call Tel.: +994 12 555."],
        ),
        ("Visit Reintegration.Gov.Az now. Thanks.", ["Visit Reintegration.Gov.Az now.", "Thanks."]),
        # ...but a single period glued to a capitalized word is a missing space.
        ("Funds rose by 2027.We will act.", ["Funds rose by 2027.", "We will act."]),
        # Abbreviation before a number.
        ("See Vol. 1, p. 136 and Art. 5. Next.", ["See Vol. 1, p. 136 and Art. 5.", "Next."]),
        ("Approx. 5,000 came. They left.", ["Approx. 5,000 came.", "They left."]),
        # Ordinal dates.
        ("Berlin, 5. October 2023", ["Berlin, 5. October 2023"]),
        ("It ended in 2023. October was calm.", ["It ended in 2023.", "October was calm."]),
        # Lower case after an ordinary word is a sentence typed without capitals.
        ("the point is clear. the next is not.", ["the point is clear.", "the next is not."]),
        # A period, then a spaced ellipsis that opens the next sentence.
        ("It ended. . . . The end came.", ["It ended.", ". . . The end came."]),
        ("He paused . . . and left. Done.", ["He paused . . . and left.", "Done."]),
        # Inline lists.
        ("1. The first item 2. The second item", ["1. The first item", "2. The second item"]),
        ("a. One thing b. Another thing", ["a. One thing", "b. Another thing"]),
        ("Steps:\n1. Register.\n2. Submit.", ["Steps:", "1. Register.", "2. Submit."]),
        # A dash starting a wrapped line is punctuation, unless the paragraph is a list.
        ("It is a win\n– giving producers a floor.", ["It is a win\n– giving producers a floor."]),
        ("-   first item;\n-   second item", ["-   first item;", "-   second item"]),
    ],
)
def test_rules(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Прибыли 1 окт. 2023 г. Она ушла.", "ru", ["Прибыли 1 окт. 2023 г.", "Она ушла."]),
        ("Рост, т. е. больше. Всё.", "ru", ["Рост, т. е. больше.", "Всё."]),
        ("M. Dupont est venu. Il a parlé.", "fr", ["M. Dupont est venu.", "Il a parlé."]),
        ("我很好。你呢？", "zh", ["我很好。", "你呢？"]),
    ],
)
def test_rules_in_other_languages(text: str, lang: str, expected: list[str]) -> None:
    assert sentences(text, lang) == expected


def test_offsets_are_absolute_and_trimmed() -> None:
    text = "Intro.\n\n  First one.  Second one.  \n"
    spans = split_sentences(text, 8, len(text))
    assert [text[s:e] for s, e in spans] == ["First one.", "Second one."]


def test_whitespace_only_piece_has_no_sentence() -> None:
    assert split_sentences("   \n  ", 0, 6) == []


def test_long_paragraph_without_a_full_stop_is_one_sentence() -> None:
    """A bounded stand-in for the 1 MB case; the benchmark times the full size."""
    text = ("word, another word and yet more words " * 6000)[:200_000]
    spans = split_sentences(text, 0, len(text))
    assert len(spans) == 1
    assert spans[0] == (0, len(text.rstrip()))


def test_long_paragraph_of_list_markers_completes() -> None:
    """Markers everywhere must not make the list rule quadratic."""
    text = "1. A 1. B a. C " * 15_000
    spans = split_sentences(text, 0, len(text))
    assert spans and spans[-1][1] == len(text.rstrip())


def test_long_paragraph_of_abbreviations_is_one_sentence() -> None:
    """Every span merges into the one before: the rules must not rescan the growing span."""
    text = "see p. 5 and U.S. Vol. 2 at No. 7 etc. and so on " * 4000
    assert split_sentences(text, 0, len(text)) == [(0, len(text.rstrip()))]


_TEXT = st.lists(
    st.sampled_from(
        [
            "Mr.",
            "U.S.",
            "word",
            "Word",
            "1.",
            "2.",
            "a.",
            "b.",
            "5.",
            "October",
            "e.g.",
            "?",
            "!",
            ".",
            " ",
            " ",
            "\n",
            "-",
            "т. е.",
            "Она",
            "。",
            "ASP.NET",
            "Vol.",
            "2023 г.",
            "3",
        ]
    ),
    max_size=40,
).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(_TEXT, st.sampled_from(["en", "ru", "de", "zh"]))
def test_spans_are_sorted_trimmed_and_cover_the_text(text: str, lang: str) -> None:
    spans = split_sentences(text, 0, len(text), lang)
    covered = [False] * len(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        covered[start:end] = [True] * (end - start)
        previous_end = end
    assert all(covered[i] for i, char in enumerate(text) if not char.isspace())
    assert bool(spans) == bool(text.strip())


def test_no_rule_splits_inside_a_word() -> None:
    text = (DATA / "corpus" / "en_statement_g7_hiroshima_communique_2023-05-20.txt").read_text(
        encoding="utf-8-sig"
    )
    text = normalize_newlines(text)
    for start, end in [
        span
        for p_start, p_end in split_paragraphs(text)
        for span in split_sentences(text, p_start, p_end)
    ]:
        assert not (text[start - 1 : start].isalnum() and text[start].isalnum()), text[start:end]
        assert re.match(r"\S", text[start])
