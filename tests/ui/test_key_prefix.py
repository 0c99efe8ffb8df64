"""Counts and two-key commands, and the reader's search state, without a screen."""

from __future__ import annotations

from rich.text import Text

from annotator.text.document import Document, build_document
from annotator.ui.key_prefix import MAX_COUNT, KeyPrefix, Step
from annotator.ui.search_state import SearchState

CODE_KEYS = frozenset("1234")


def _prefix() -> KeyPrefix:
    return KeyPrefix(lambda key: key in CODE_KEYS)


def _shown(prefix: KeyPrefix) -> str:
    parts = Text()
    prefix.describe(parts)
    return parts.plain


def test_a_free_digit_starts_a_count_for_the_next_key_only() -> None:
    prefix = _prefix()
    assert prefix.feed("5") is Step.DIGIT
    assert prefix.feed("1") is Step.DIGIT  # once counting, a code's digit extends it
    assert _shown(prefix) == "51…"
    assert prefix.feed("j") is Step.COUNTED
    assert _shown(prefix) == ""
    assert prefix.take() == 51
    assert prefix.take() == 1, "a count is used once"
    assert prefix.feed("j") is Step.PASS
    assert prefix.take() == 1


def test_a_code_digit_is_a_code_key_unless_a_count_is_started() -> None:
    prefix = _prefix()
    assert prefix.feed("1") is Step.PASS
    prefix.start_count()  # "#"
    assert _shown(prefix) == "#…"
    assert prefix.feed("1") is Step.DIGIT
    assert prefix.feed("2") is Step.DIGIT
    assert prefix.feed("k") is Step.COUNTED
    assert prefix.take() == 12


def test_a_count_is_capped_and_forgotten_by_escape() -> None:
    prefix = _prefix()
    for key in "9999999":
        prefix.feed(key)
    prefix.feed("j")
    assert prefix.take() == MAX_COUNT
    prefix.feed("7")
    assert prefix.feed("escape") is Step.CANCELLED
    assert prefix.feed("escape") is Step.ESCAPE
    prefix.feed("j")
    assert prefix.take() == 1


def test_the_key_after_a_leader_goes_to_it_with_the_count() -> None:
    prefix = _prefix()
    seconds: list[str] = []
    prefix.feed("6")
    assert prefix.feed("t") is Step.COUNTED
    prefix.wait_for_second("t", seconds.append)
    assert _shown(prefix) == "6t…"
    assert prefix.feed("3") is Step.SECOND
    assert seconds == ["3"]
    assert prefix.take() == 6
    assert _shown(prefix) == ""
    prefix.wait_for_second("x", seconds.append)
    assert prefix.feed("escape") is Step.SECOND, "escape cancels, and is taken"
    assert seconds == ["3"]
    assert Step.SECOND.taken and Step.DIGIT.taken and not Step.COUNTED.taken


def _document(text: str) -> Document:
    return build_document(text, name="doc.txt")


def test_search_follows_a_new_version_of_the_document() -> None:
    old = _document("Rain falls. Sun shines. Rain again.\n")
    state = SearchState()
    assert state.query == "" and state.current(old) is None
    assert state.run(old, "rain").matches == [0, 2]
    parts = Text()
    state.describe(parts, old, 2)
    assert parts.plain == "/rain 2/2 "
    new = _document("Rain falls. Sun shines.\n\nRain again.\n")
    search = state.current(new)
    assert search is not None and search.document is new
    assert search.query == "rain" and search.matches == [0, 2]
