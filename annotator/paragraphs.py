"""Split normalized text into paragraphs, as spans of the text.

Blank lines separate paragraphs. A file with no blank line at all (like the bundled press
release) is taken to hold one paragraph per line.
"""

from __future__ import annotations

import re

_BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n")
_NON_SPACE = re.compile(r"\S")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` spans of the paragraphs of ``text``, whitespace trimmed."""
    separator = _BLANK_LINE if _BLANK_LINE.search(text) else re.compile(r"\n")
    spans: list[tuple[int, int]] = []
    position = 0
    for match in separator.finditer(text):
        span = _trimmed(text, position, match.start())
        if span is not None:
            spans.append(span)
        position = match.end()
    span = _trimmed(text, position, len(text))
    if span is not None:
        spans.append(span)
    return spans
