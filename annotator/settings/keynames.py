"""Key names as Textual spells them, computed without importing Textual.

The core compares codebook keys and keymap entries with the app's bindings, and Textual
names keys after the character's Unicode name ("?" is "question_mark"). The core may not
import Textual, so the same rule is applied here; a test checks it against Textual's own.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from itertools import product

# Textual shortens a few Unicode names; these follow its spelling.
_REPLACEMENTS = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}


def key_name(key: str) -> str:
    """The Textual name of ``key``: a single character is named, anything else is kept.

    Letters and digits name themselves ("x", "X", "5"); punctuation takes its Unicode name
    ("?" -> "question_mark"), so "?" and "question_mark" compare equal after this.
    """
    if len(key) != 1:
        return key
    if key.isalnum():
        return key
    if key == "\t":
        return "tab"
    try:
        name = unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        return key
    return _REPLACEMENTS.get(name, name)


def is_single_printable(key: str) -> bool:
    """True for one visible character a single keystroke can type (not a space)."""
    if len(key) != 1 or not key.isprintable() or key.isspace():
        return False
    # Combining marks and format characters do not stand alone on a key.
    return unicodedata.category(key)[0] not in {"M", "C", "Z"}


# Keys shown by a symbol or a short word rather than their name.
_SHOWN_AS = {
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "escape": "esc",
    "delete": "del",
    "backspace": "⌫",
}
_CHARACTERS = {name: char for char, name in ((c, key_name(c)) for c in map(chr, range(33, 127)))}


def key_display(key: str) -> str:
    """``key`` as the coder types it: "right_curly_bracket" is "}", "ctrl+r" stays.

    The inverse of ``key_name`` for one character, with arrows as arrows and the page
    keys short; used wherever a key is shown (help, palette, side panel, messages).
    """
    modifiers, _, base = key.rpartition("+")
    if not base:  # the key "+" itself, or a trailing "+"
        modifiers, base = key[:-1].rstrip("+"), "+"
    shown = _SHOWN_AS.get(base) or _CHARACTERS.get(base)
    if shown is None:
        if len(base) > 1 and base[0] == "f" and base[1:].isdigit():
            shown = base.upper()
        else:
            shown = _character_named(base) or base
    return f"{modifiers}+{shown}" if modifiers else shown


@lru_cache(maxsize=256)
def _character_named(name: str) -> str | None:
    """The one printable character ``key_name`` calls ``name`` ("em_dash"), if any.

    ``key_name`` turned both spaces and hyphens into "_", so each "_" may have been either.
    """
    gaps = name.count("_")
    if gaps > 8:
        return None
    for choice in product(" -", repeat=gaps):
        parts = iter(choice)
        spelled = "".join(next(parts) if c == "_" else c for c in name)
        try:
            char = unicodedata.lookup(spelled)
        except KeyError:
            continue
        if is_single_printable(char) and key_name(char) == name:
            return char
    return None
