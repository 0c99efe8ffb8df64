"""Map the spans other tools select onto annotator's sentences.

A selection codes each sentence it covers by at least half of that sentence's length; a
selection lying within one sentence codes that sentence. Whitespace at either end of a
selection does not count (line-based tools select a line with its newline), and a
selection of whitespace only codes nothing. Each mapping says whether the sentences
matched the selection exactly, widened it, narrowed it, or both.

Positions in a source holding CRLF are ambiguous: the standard counts code points of the
stored text (CRLF is two), and some tools count a line break as one. ``offset_counting``
chooses per source, from the selections themselves (see its docstring); ``to_normalized``
then turns positions into offsets of the normalized text (LF only) annotator uses.
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.text.document import Document


class Fit(enum.Enum):
    """How a selection's sentences compare with the selection."""

    MATCHED = "matched sentence boundaries"
    WIDENED = "widened to whole sentences"
    NARROWED = "narrowed to the sentences it mostly covers"
    RESHAPED = "widened at one end and narrowed at the other"
    NONE = "coded no sentence"


@dataclass(frozen=True, slots=True)
class Mapped:
    """The sentences a selection codes (indices), how they fit it, and why none if none."""

    sentences: tuple[int, ...]
    fit: Fit
    reason: str = ""


class SentenceMap:
    """Maps spans onto one document's sentences (built once, used for every selection)."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self._ends = [s.end for s in document.sentences]

    def map(self, start: int, end: int) -> Mapped:
        """The sentences that the span ``start..end`` (normalized offsets) codes."""
        text = self.document.text
        if start < 0 or end > len(text) or start >= end:
            return Mapped((), Fit.NONE, "its positions lie outside the text or are empty")
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start >= end:
            return Mapped((), Fit.NONE, "it covers only whitespace")
        sentences = self.document.sentences
        overlapping = []
        for index in range(bisect.bisect_right(self._ends, start), len(sentences)):
            sentence = sentences[index]
            if sentence.start >= end:
                break
            overlapping.append(sentence)
        if not overlapping:
            return Mapped((), Fit.NONE, "it covers no sentence")
        only = overlapping[0]
        if len(overlapping) == 1 and only.start <= start and end <= only.end:
            fit = Fit.MATCHED if (only.start, only.end) == (start, end) else Fit.WIDENED
            return Mapped((only.index,), fit)
        coded = [
            s for s in overlapping if 2 * (min(end, s.end) - max(start, s.start)) >= s.end - s.start
        ]
        if not coded:
            return Mapped((), Fit.NONE, "it covers less than half of every sentence it touches")
        low, high = coded[0].start, coded[-1].end
        widened = low < start or high > end
        narrowed = start < low or end > high
        if widened and narrowed:
            fit = Fit.RESHAPED
        elif widened:
            fit = Fit.WIDENED
        elif narrowed:
            fit = Fit.NARROWED
        else:
            fit = Fit.MATCHED
        return Mapped(tuple(s.index for s in coded), fit)


class Counting(enum.Enum):
    """How a source's positions count a CRLF line break."""

    STORED = "as stored (CRLF is two characters)"
    ONE_PER_BREAK = "one character per line break"


def crlf_positions(raw: str) -> list[int]:
    """Where each CRLF of ``raw`` starts."""
    found = []
    position = raw.find("\r\n")
    while position >= 0:
        found.append(position)
        position = raw.find("\r\n", position + 2)
    return found


def to_normalized(position: int, crlf: Sequence[int], counting: Counting) -> int:
    """A position in the source as the tool counted it, as an offset of the LF-only text."""
    if counting is Counting.ONE_PER_BREAK or not crlf:
        return position
    return position - bisect.bisect_left(crlf, position)


def offset_counting(
    raw: str, normalized: str, spans: Sequence[tuple[int, int, str | None]]
) -> Counting:
    """Decide how a source's positions were counted, from its selections.

    ``spans`` are (start, end, name) as written. A count that puts a selection past the end
    of the text is out. Otherwise the one under which more selection names (ATLAS.ti names a
    selection after its text) match the text wins; then the one under which more selection
    ends fall on word boundaries; a tie keeps the standard's count of stored code points.
    """
    crlf = crlf_positions(raw)
    if not crlf:
        return Counting.STORED
    scores = {}
    for counting, limit in ((Counting.STORED, len(raw)), (Counting.ONE_PER_BREAK, len(normalized))):
        if any(end > limit for _, end, _ in spans):
            scores[counting] = (-1, -1)
            continue
        names = boundaries = 0
        for start, end, name in spans:
            if start < 0 or start >= end:
                continue
            a = to_normalized(start, crlf, counting)
            b = to_normalized(end, crlf, counting)
            if name and _name_matches(normalized, a, b, name):
                names += 1
            boundaries += _at_boundary(normalized, a, start_side=True)
            boundaries += _at_boundary(normalized, b, start_side=False)
        scores[counting] = (names, boundaries)
    if scores[Counting.ONE_PER_BREAK] > scores[Counting.STORED]:
        return Counting.ONE_PER_BREAK
    return Counting.STORED


def _name_matches(text: str, start: int, end: int, name: str) -> bool:
    shown = " ".join(name.split()).rstrip("…").removesuffix("...").strip()
    if len(shown) < 4:
        return False
    selected = " ".join(text[start:end].split())
    return selected.startswith(shown)


def _at_boundary(text: str, offset: int, *, start_side: bool) -> int:
    """1 if ``offset`` starts (or ends) a word, else 0."""
    if offset <= 0 or offset >= len(text):
        return 1
    before, after = text[offset - 1], text[offset]
    if start_side:
        return int(not before.isalnum() and not after.isspace())
    return int(not before.isspace() and not after.isalnum())
