"""Spans of text as (start, end) offsets, and trimming them: shared by segmentation and
corrections, and light to import (no segmenter)."""

from __future__ import annotations

Span = tuple[int, int]


def trim_span(text: str, start: int, end: int) -> Span | None:
    """``text[start:end]`` without surrounding whitespace; None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
