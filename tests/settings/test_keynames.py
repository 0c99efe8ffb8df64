"""Keys as they are shown: the character a coder types, never Textual's name for it."""

from __future__ import annotations

import pytest
from textual.keys import format_key

from annotator.settings.keynames import key_display, key_name
from annotator.settings.keys import ACTIONS

PRINTABLE = [chr(c) for c in range(33, 127)] + ["é", "ß", "—", "«"]


@pytest.mark.parametrize("char", PRINTABLE)
def test_every_character_shows_as_itself(char: str) -> None:
    assert key_display(key_name(char)) == char


def test_names_modifiers_and_special_keys() -> None:
    assert key_display("right_curly_bracket") == "}"
    assert key_display("ctrl+r") == "ctrl+r"
    assert key_display("ctrl+right_square_bracket") == "ctrl+]"
    assert key_display("plus") == "+"
    assert key_display("pagedown") == "PgDn"
    assert key_display("down") == "↓"
    assert key_display("f1") == "F1"
    assert key_display("enter") == "enter"


def test_every_default_key_agrees_with_textual_where_textual_shows_a_character() -> None:
    for action in ACTIONS:
        for key in action.keys:
            shown = format_key(key)
            if len(shown) == 1 and key not in {"up", "down", "left", "right", "enter"}:
                assert key_display(key) == shown, key
            assert "_" not in key_display(key), key
