"""Sentence segmentation with exact character offsets.

Built on sentencex (pinned in pyproject.toml: its output changes between releases), whose
spans cover the text without gaps. Spans are trimmed of whitespace so that the stored
quote of a sentence never depends on the spacing around it.
"""

from __future__ import annotations

import sentencex


def split_sentences(text: str, start: int, end: int, lang: str = "en") -> list[tuple[int, int]]:
    """Return absolute ``(start, end)`` spans of the sentences in ``text[start:end]``."""
    piece = text[start:end]
    spans: list[tuple[int, int]] = []
    for boundary in sentencex.get_sentence_boundaries(lang, piece):
        s = int(boundary["start_index"])
        e = int(boundary["end_index"])
        while s < e and piece[s].isspace():
            s += 1
        while e > s and piece[e - 1].isspace():
            e -= 1
        if s < e:
            spans.append((start + s, start + e))
    if not spans and piece.strip():
        s, e = 0, len(piece)
        while s < e and piece[s].isspace():
            s += 1
        while e > s and piece[e - 1].isspace():
            e -= 1
        spans.append((start + s, start + e))
    return spans
