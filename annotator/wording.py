"""Counted words in messages: "1 row", "2 rows".

Every message that states a count goes through ``plural``, so no message says "1 rows"
or hedges with an "s" in brackets. Shared by the core and the UI; imports nothing of annotator.
"""

from __future__ import annotations

# Nouns whose plural is not the singular plus "s".
_IRREGULAR = {
    "match": "matches",
    "entry": "entries",
    "copy": "copies",
    "is": "are",
    "was": "were",
    "has": "have",
}


def plural_form(count: int, singular: str, plural: str | None = None) -> str:
    """``singular`` or its plural, as ``count`` needs; no number."""
    if count == 1:
        return singular
    if plural is not None:
        return plural
    return _IRREGULAR.get(singular, singular + "s")


def plural(count: int, singular: str, plural: str | None = None) -> str:
    """``count`` and the word that goes with it: ``plural(1, "row")`` is "1 row"."""
    return f"{count} {plural_form(count, singular, plural)}"
