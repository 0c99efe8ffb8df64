"""Key naming without Textual must agree with Textual's own naming."""

from __future__ import annotations

import string

import pytest
from textual.keys import _character_to_key

from annotator.settings.keynames import is_single_printable, key_name


@pytest.mark.parametrize("char", [*string.printable.strip(), "é", "ß", "€", "£"])
def test_key_name_matches_textual(char: str) -> None:
    assert key_name(char) == _character_to_key(char)


def test_multi_character_names_are_kept() -> None:
    assert key_name("ctrl+x") == "ctrl+x"
    assert key_name("question_mark") == "question_mark"


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("a", True),
        ("?", True),
        ("é", True),
        (" ", False),
        ("ab", False),
        ("\x1b", False),
        ("\u0301", False),
        ("\u200b", False),
        ("", False),
    ],
)
def test_single_printable(key: str, expected: bool) -> None:
    assert is_single_printable(key) is expected
