"""Paragraph splitting: invariants, the rules on small texts, and the real corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.text.loading import is_markdown_name, load_text
from annotator.text.paragraphs import split_paragraphs
from tests.helpers import DATA, REPO

CORPUS = DATA / "corpus"
SAMPLE = REPO / "annotator" / "samples" / "q7x2.txt"


def _texts(text: str, markdown: bool = False) -> list[str]:
    return [text[start:end] for start, end in split_paragraphs(text, markdown=markdown)]


def _corpus(name: str) -> str:
    return load_text(CORPUS / name).text


def _paragraph_holding(text: str, phrase: str) -> str:
    """The one paragraph that holds ``phrase`` (its spaces match any run of whitespace)."""
    pattern = re.compile(r"\s+".join(re.escape(word) for word in phrase.split()))
    match = pattern.search(text)
    assert match is not None, phrase
    for start, end in split_paragraphs(text):
        if start <= match.start() < end:
            assert match.end() <= end, f"{phrase!r} crosses a paragraph boundary"
            return text[start:end]
    raise AssertionError(f"{phrase!r} is in no paragraph")


# --- Invariants ------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    ["a", "b", "word", "Word.", " ", "  ", "\t", "\n", "\n\n", "-", "* ", "• ", "1. ", "a) ",
     "#", "# ", ">", "```", "~~~", "|", "---", "=", "\u00a0", "\x1c", "é", "    "]
)  # fmt: skip


def _check_invariants(text: str, spans: list[tuple[int, int]]) -> None:
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        assert not text[previous_end:start].strip(), "a non-space character outside paragraphs"
        previous_end = end
    assert not text[previous_end:].strip()


@settings(max_examples=300)
@given(st.lists(_ALPHABET, max_size=60).map("".join), st.booleans())
def test_spans_are_sorted_disjoint_trimmed_and_cover_the_text(text: str, markdown: bool) -> None:
    _check_invariants(text, split_paragraphs(text, markdown=markdown))


@settings(max_examples=100)
@given(st.text(max_size=300), st.booleans())
def test_invariants_hold_for_any_text(text: str, markdown: bool) -> None:
    _check_invariants(text, split_paragraphs(text, markdown=markdown))


def test_blank_text_has_no_paragraphs() -> None:
    assert split_paragraphs("") == []
    assert split_paragraphs(" \n\t\n") == []


# --- Rules on small texts ------------------------------------------------------------------

WRAPPED = (
    "The quick brown fox jumps over the lazy dog while the farmer watches\n"
    "from the porch and wonders whether the fence will hold another year of\n"
    "this nonsense. It will not.\n"
)


def test_blank_lines_separate_and_wrapped_lines_join() -> None:
    text = WRAPPED + "\n" + WRAPPED.replace("fox", "cat")
    paragraphs = _texts(text)
    assert len(paragraphs) == 2
    assert paragraphs[0] == WRAPPED.strip()  # the span keeps its newlines


def test_file_without_blank_lines_has_one_paragraph_per_line() -> None:
    lines = [f"Sentence number {i} is long. " * 8 for i in range(4)]
    assert _texts("\n".join(lines)) == [line.strip() for line in lines]


def test_sample_has_one_paragraph_per_line() -> None:
    text = load_text(SAMPLE).text
    assert _texts(text) == [line.strip() for line in text.splitlines() if line.strip()]


def test_wrapped_file_without_blank_lines_is_still_wrapped() -> None:
    text = (WRAPPED + "Short closing line.\n" + WRAPPED.replace("fox", "cat")).replace("\n\n", "\n")
    paragraphs = _texts(text)
    assert paragraphs[0].startswith("The quick brown fox")
    assert "It will not." in paragraphs[0]
    assert any(p.startswith("The quick brown cat") for p in paragraphs)
    assert len(paragraphs) <= 3


def test_bullets_are_one_item_per_paragraph_with_continuations() -> None:
    text = (
        "We will do the following things over the coming year, as promised:\n"
        "-   support the people who need it most in the face of the winter and\n"
        "    the rising cost of living;\n"
        "-   build houses;\n"
        "•   repair roads and bridges across the country\n"
        "1.  a numbered item\n"
        "a)  a lettered item\n"
    )
    paragraphs = _texts(text + "\n" + WRAPPED)
    assert paragraphs[1] == (
        "-   support the people who need it most in the face of the winter and\n"
        "    the rising cost of living;"
    )
    assert paragraphs[2:6] == [
        "-   build houses;",
        "•   repair roads and bridges across the country",
        "1.  a numbered item",
        "a)  a lettered item",
    ]


def test_a_dash_inside_wrapped_prose_is_not_a_bullet() -> None:
    text = (
        "The farmer said that the fence would hold for another year at least\n"
        "- and he was right about that, as it turned out in the end of it all\n"
        "when the storms came and went without doing much harm to anything.\n"
    )
    assert len(_texts(text + "\n" + WRAPPED)) == 2


def test_indented_first_lines_start_paragraphs() -> None:
    paragraphs = [
        "    " + WRAPPED.replace("fox", animal).strip() for animal in ("fox", "cat", "owl")
    ]
    text = "\n".join(paragraphs) + "\n"
    assert _texts(text) == [p.strip() for p in paragraphs]


def test_block_of_short_lines_keeps_its_lines() -> None:
    text = WRAPPED + "\nThe Board is:\nAnna Smith, Chair\nBo Jones, Member\nCy Lee, Member\n"
    assert _texts(text)[1:] == [
        "The Board is:",
        "Anna Smith, Chair",
        "Bo Jones, Member",
        "Cy Lee, Member",
    ]


# --- Markdown ---------------------------------------------------------------------------------

MARKDOWN = """# Title

Some paragraph text
that is wrapped.
## Section
- item one
  continued here
- item two
1. first

> quoted line
> more quoted

```python
x = 1

y = 2
```
Setext heading
--------------
| a | b |
|---|---|
***
"""


def test_markdown_blocks_are_their_own_paragraphs_with_markup_kept() -> None:
    assert _texts(MARKDOWN, markdown=True) == [
        "# Title",
        "Some paragraph text\nthat is wrapped.",
        "## Section",
        "- item one\n  continued here",
        "- item two",
        "1. first",
        "> quoted line\n> more quoted",
        "```python\nx = 1\n\ny = 2\n```",
        "Setext heading\n--------------",
        "| a | b |",
        "|---|---|",
        "***",
    ]


def test_unclosed_fence_runs_to_the_end() -> None:
    assert _texts("Intro.\n\n```\ncode\n\nmore", markdown=True) == ["Intro.", "```\ncode\n\nmore"]


def test_markdown_names() -> None:
    assert is_markdown_name("notes.md") and is_markdown_name("README.MARKDOWN")
    assert not is_markdown_name("notes.txt") and not is_markdown_name("md")


# --- The corpus ---------------------------------------------------------------------------------


def test_hard_wrapped_white_house_statement() -> None:
    text = _corpus("en_pr_whitehouse_2022-10-13_cpi_statement.txt")
    assert len(split_paragraphs(text)) == 7
    paragraph = _paragraph_holding(text, "Today’s report shows some progress")
    assert paragraph.startswith("Today’s report shows some progress")
    assert "\n" in paragraph


def test_energy_fact_sheet_sentences_stay_inside_paragraphs() -> None:
    text = _corpus("en_pr_whitehouse_2022-10-18_energy_fact_sheet.txt")
    assert len(split_paragraphs(text)) == 18
    paragraph = _paragraph_holding(
        text, "In fact, gas prices have fallen 15 out of the last 18 weeks."
    )
    assert paragraph.startswith("President Biden is committed")
    assert paragraph.endswith("$3.39.")


def test_energy_fact_sheet_without_blank_lines_keeps_most_boundaries() -> None:
    original = _corpus("en_pr_whitehouse_2022-10-18_energy_fact_sheet.txt")
    squeezed = re.sub(r"\n\s*\n", "\n", original)
    starts = {squeezed[s : s + 40] for s, _ in split_paragraphs(squeezed)}
    expected = {original[s : s + 40] for s, _ in split_paragraphs(original)}
    assert len(starts & expected) >= len(expected) - 3
    assert len(starts) <= len(expected) + 2
    _paragraph_holding(squeezed, "In fact, gas prices have fallen 15 out of the last 18 weeks.")


def test_g7_numbered_paragraphs_and_bullets() -> None:
    text = _corpus("en_statement_g7_hiroshima_communique_2023-05-20.txt")
    first = _paragraph_holding(text, "We, the Leaders of the Group of Seven")
    assert first.startswith("1.  We, the Leaders") and first.endswith("partnership.")
    bullet = _paragraph_holding(text, "support Ukraine for as long as it takes")
    assert bullet == (
        "-   support Ukraine for as long as it takes in the face of Russia’s\n"
        "    illegal war of aggression;"
    )
    items = [p for p in _texts(text) if p.startswith("-   ")]
    assert len(items) == text.count("\n-   ")


def test_pclob_agenda_bullets_are_their_own_paragraphs() -> None:
    text = _corpus("en_pr_pclob_2014-08-07_short_term_agenda.txt")
    paragraphs = _texts(text)
    bullets = [p for p in paragraphs if p.startswith("*")]
    assert len(bullets) == 8
    assert all("\n" not in p for p in bullets)
    assert _paragraph_holding(text, "Training: The Board will continue").startswith("*   Training")


def test_pact_fact_sheet_list_items_join_their_continuations() -> None:
    text = _corpus("en_pr_whitehouse_2024-08-09_pact_act_fact_sheet.txt")
    item = _paragraph_holding(text, "VSAFE.gov is a fraud prevention")
    assert item.startswith("-   Launching a centralized website")
    assert item.endswith("to get assistance, and to report.")
    scraped = _paragraph_holding(text, "fraud. Last November, President Biden announced")
    assert scraped.startswith("Protecting veterans")


def test_transcript_speaker_turns() -> None:
    text = _corpus("en_transcript_whitehouse_2024-01-12_press_gaggle.txt")
    paragraphs = _texts(text)
    assert len(paragraphs) == 120
    assert "Q Good morning." in paragraphs
    turn = _paragraph_holding(text, "I have a few things at the top.")
    assert turn.startswith("MR. BATES:") and turn.endswith("going to take questions.")


def test_russian_speech_one_paragraph_per_block() -> None:
    text = _corpus("ru_speech_kremlin_2024-02-29_federal_assembly_address.txt")
    paragraphs = _texts(text)
    assert len(paragraphs) == len([b for b in re.split(r"\n\s*\n", text) if b.strip()]) == 290
    assert paragraphs[0].startswith("В.Путин: Уважаемые сенаторы!")


def test_crlf_book_paragraphs() -> None:
    text = _corpus("en_book_gutenberg1404_federalist_papers.txt")
    spans = split_paragraphs(text)
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    assert len(blocks) <= len(spans) <= len(blocks) + 5
    paragraph = _paragraph_holding(text, "AFTER an unequivocal experience of the inefficacy")
    assert paragraph.startswith("AFTER an unequivocal")
    assert paragraph.endswith("considered as the general misfortune of mankind.")
    assert _paragraph_holding(text, "Gorgons, hydras, and chimeras dire") == (
        '"Gorgons, hydras, and chimeras dire";'
    )


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name[:24])
def test_corpus_invariants(path: Path) -> None:
    text = load_text(path).text
    _check_invariants(text, split_paragraphs(text))


def test_documents_named_md_use_the_markdown_rules() -> None:
    from annotator.text.document import build_document

    text = "# Title\nThe body text goes on.\n\nEnd."
    assert len(build_document(text, name="notes.md").paragraphs) == 3
    assert len(build_document(text, name="notes.txt").paragraphs) == 2
