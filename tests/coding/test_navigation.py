"""Jumps: untagged sentences, sentences with a code, text search and paragraph numbers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.navigation import (
    TextSearch,
    find_sentence,
    next_untagged,
    next_with_code,
    paragraph_sentence,
)
from annotator.coding.opening import open_session
from annotator.coding.session import CodingSession
from annotator.store import DataDir
from annotator.text.document import Document, build_document

TEXT = "Alpha one. Beta two.\n\nGamma three. Delta  four. Epsilon five.\n\nZeta six. ALPHA seven."


@pytest.fixture
def small() -> Document:
    return build_document(TEXT, name="small.txt")


@pytest.fixture
def coded(data_dir: DataDir, small: Document) -> Iterator[CodingSession]:
    session = open_session(data_dir, small, DEFAULT_CODEBOOK, "tester")
    yield session
    session.store.close()


def test_document_shape(small: Document) -> None:
    assert len(small.paragraphs) == 3
    assert len(small.sentences) == 7


def test_find_sentence_counts_and_stops_at_the_end() -> None:
    even = lambda i: i % 2 == 0  # noqa: E731
    assert find_sentence(10, 0, even) == 2
    assert find_sentence(10, 0, even, count=3) == 6
    assert find_sentence(10, 0, even, count=99) == 8
    assert find_sentence(10, 8, even) is None
    assert find_sentence(10, 5, even, forward=False) == 4
    assert find_sentence(10, 5, even, forward=False, count=2) == 2
    assert find_sentence(10, 0, even, forward=False) is None


def test_next_untagged_skips_tagged(coded: CodingSession) -> None:
    coded.toggle_tag(1, "claim")
    coded.toggle_tag(2, "appeal")
    coded.set_note(3, "a note is not a tag")
    assert next_untagged(coded, 0) == 3
    assert next_untagged(coded, 0, count=2) == 4
    assert next_untagged(coded, 4, forward=False) == 3
    assert next_untagged(coded, 3, forward=False) == 0
    coded.toggle_tag(6, "claim")
    assert next_untagged(coded, 5) is None


def test_next_with_code(coded: CodingSession) -> None:
    coded.toggle_tag(2, "claim")
    coded.toggle_tag(5, "claim")
    coded.toggle_tag(5, "statistic")
    assert next_with_code(coded, 0, "claim") == 2
    assert next_with_code(coded, 2, "claim") == 5
    assert next_with_code(coded, 5, "claim") is None
    assert next_with_code(coded, 0, "statistic") == 5
    assert next_with_code(coded, 6, "claim", forward=False) == 5
    assert next_with_code(coded, 0, "appeal") is None


def test_search_is_literal_case_insensitive_and_wraps(small: Document) -> None:
    search = TextSearch(small)
    assert search.search("alpha") == [0, 6]
    assert search.step(0) == 6
    assert search.step(6) == 0
    assert search.step(3) == 6
    assert search.step(3, forward=False) == 0
    assert search.step(0, forward=False) == 6
    assert search.position(6) == 2
    assert search.position(3) is None
    # Literal: regex characters mean themselves.
    assert search.search("a.") == []
    assert search.search("e.") == [0, 2, 4]


def test_search_treats_runs_of_spaces_as_one(small: Document) -> None:
    search = TextSearch(small)
    assert search.search("delta four") == [3]
    assert search.search("DELTA   FOUR") == [3]
    assert search.search("   ") == []
    assert search.step(0) is None


def test_search_step_with_count(small: Document) -> None:
    search = TextSearch(small)
    assert search.search("e") != []
    matches = search.matches
    assert search.step(-1, count=2) == matches[1]


def test_paragraph_sentence(small: Document) -> None:
    assert paragraph_sentence(small, 1) == 0
    assert paragraph_sentence(small, 2) == 2
    assert paragraph_sentence(small, 3) == 5
    assert paragraph_sentence(small, 0) is None
    assert paragraph_sentence(small, 4) is None


def test_search_spans_are_offsets_in_the_text_across_line_breaks() -> None:
    document = build_document(WRAPPED, name="s.txt")
    search = TextSearch(document)
    assert search.search("delta four") == [0, 1]
    text = document.text
    assert [text[a:b] for a, b in search.spans(0)] == ["Delta\n    four"]
    assert [text[a:b] for a, b in search.spans(1)] == ["delta Four"]
    search.search("nothing here")
    assert search.spans(0) == []


WRAPPED = (
    "The ministry said on Tuesday that it would ask the Delta\n"
    "    four team to report before the end of the month, as agreed.\n"
    "Officials then met delta Four again at the embassy in Berlin.\n\n"
    "A second paragraph follows here with more words in it to read.\n"
)
