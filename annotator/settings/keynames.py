"""Key names as Textual spells them, computed without importing Textual.

The core compares codebook keys and keymap entries with the app's bindings, and Textual
names keys after the character's Unicode name ("?" is "question_mark"). The core may not
import Textual, so the same rule is applied here; a test checks it against Textual's own.
"""

from __future__ import annotations

import unicodedata

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
