"""How long each field of a codebook may be, and how a value is quoted in a message.

A codebook is drawn on every move (the definitions panel) and in full in help: a 20 MB
definition made each move take 40 s. The bounds leave room for any real codebook, a
definition of a few hundred words included; a longer field is refused in one line that
names the file, the line, the length and the bound (``toml_parse``).
"""

from __future__ import annotations

MAX_NAME = 200
"""Characters in a code's name (and former names and aliases) and the codebook's name."""
MAX_VERSION = 100
MAX_COLOR = 64
MAX_ID = 64
MAX_DEFINITION = 4_000
"""Characters in a definition: "one or two sentences", with room to spare."""
MAX_DESCRIPTION = 10_000
"""Characters in a code's or the codebook's longer guidance."""
MAX_EXAMPLE = 1_000
"""Characters in one example sentence."""
MAX_ENTRIES = 50
"""Entries in a list field (examples, aliases, renamed_from)."""
SHOWN_VALUE = 40
"""Characters of a value quoted in an error message."""


def shown(value: str) -> str:
    """``value`` quoted for a message, cut short: a message is one line, whatever the file."""
    if len(value) > SHOWN_VALUE:
        return repr(value[: SHOWN_VALUE - 1]) + "…"
    return repr(value)


def too_long(what: str, field: str, value: str, limit: int) -> str:
    return f"{what}: {field!r} is {len(value):,} characters long; at most {limit:,}"
