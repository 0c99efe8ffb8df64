"""A coder's sentence corrections follow the text into a new version, like annotations.

Splits and merges are stored as bare offsets into the text they were made on, so after an
edit they would point at the wrong words. Each offset is placed again by the text around
it (``CONTEXT_WIDTH`` characters on each side): found once where the landmark map allows,
it moves there; found with one side edited, the other side must be found once and the
edited side must still be alike; found several times, it keeps its rank among them when
they are as many as before. Anything else is dropped and reported: a missing correction
shows the segmenter's sentence, which the coder can correct again, while a misplaced one
would cut a sentence that nobody asked to cut.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from annotator.annotation import CONTEXT_WIDTH
from annotator.coding.reanchoring.landmarks import Bracket, PositionMap, position_map, unique_lines
from annotator.coding.reanchoring.matching import DEFAULT_THRESHOLDS, Thresholds
from annotator.coding.reanchoring.similarity import similarity
from annotator.text.overrides import SegmentationOverrides

Kind = Literal["split", "merge"]


@dataclass(frozen=True, slots=True)
class DroppedCorrection:
    """A correction that could not be placed in the new text with confidence."""

    kind: Kind
    offset: int  # in the old text
    reason: str


@dataclass(frozen=True, slots=True)
class CorrectionsReanchoring:
    """The corrections for the new text, where each went, and those dropped."""

    overrides: SegmentationOverrides
    moved: dict[tuple[Kind, int], int]  # (kind, old offset) -> new offset
    dropped: tuple[DroppedCorrection, ...]


def reanchor_corrections(
    overrides: SegmentationOverrides,
    old_text: str,
    new_text: str,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> CorrectionsReanchoring:
    """Carry ``overrides`` made on ``old_text`` over to ``new_text``."""
    positions = position_map(
        unique_lines(old_text, new_text), new_length=len(new_text), old_length=len(old_text)
    )
    moved: dict[tuple[Kind, int], int] = {}
    dropped: list[DroppedCorrection] = []
    placer = _Placer(old_text, new_text, positions, thresholds)
    groups: tuple[tuple[Kind, tuple[int, ...]], ...] = (
        ("split", overrides.splits),
        ("merge", overrides.merges),
    )
    for kind, offsets in groups:
        for offset in offsets:
            new_offset, reason = placer.place(offset)
            if new_offset is None:
                dropped.append(DroppedCorrection(kind, offset, reason))
            else:
                moved[kind, offset] = new_offset
    carried = SegmentationOverrides.of(
        splits=(new for (kind, _), new in moved.items() if kind == "split"),
        merges=(new for (kind, _), new in moved.items() if kind == "merge"),
    )
    return CorrectionsReanchoring(carried, moved, tuple(dropped))


@dataclass(frozen=True, slots=True)
class _Placer:
    old_text: str
    new_text: str
    positions: PositionMap
    t: Thresholds

    def place(self, offset: int) -> tuple[int | None, str]:
        """The new offset for old ``offset``, or None and why not."""
        if not 0 <= offset <= len(self.old_text):
            return None, "outside the text it was made on"
        left = self.old_text[max(0, offset - CONTEXT_WIDTH) : offset]
        right = self.old_text[offset : offset + CONTEXT_WIDTH]
        bracket = self.positions.bracket((offset, offset))
        low = max(0, bracket.low - len(left))
        high = min(len(self.new_text), bracket.high + len(right))
        context = left + right
        both = [at + len(left) for at in _find_all(self.new_text, context, low, high)]
        if len(both) == 1:
            if self._copied(left, right, bracket, low, high):
                return None, "its text now occurs more often than before (a copied paragraph?)"
            return both[0], ""
        if len(both) > 1:
            return self._by_rank(offset, left, right, both, bracket)
        anywhere = _find_all(self.new_text, context, 0, len(self.new_text))
        if (
            len(anywhere) == 1
            and len(_find_all(self.old_text, context, 0, len(self.old_text))) == 1
        ):
            return anywhere[0] + len(left), ""  # out of order with the landmarks: moved
        # One side edited: the other side must be found once, and the edited side alike.
        after_left = [at + len(left) for at in _find_all(self.new_text, left, low, high)]
        before_right = _find_all(self.new_text, right, low, high)
        found = set()
        if left and len(after_left) == 1:
            at = after_left[0]
            if similarity(right, self.new_text[at : at + len(right)]) >= self.t.context_side:
                found.add(at)
        if right and len(before_right) == 1:
            at = before_right[0]
            if similarity(left, self.new_text[max(0, at - len(left)) : at]) >= self.t.context_side:
                found.add(at)
        if len(found) == 1:
            return found.pop(), ""
        if len(found) > 1:
            return None, "its two sides were found apart"
        return None, "its context is gone or changed on both sides"

    def _copied(self, left: str, right: str, bracket: Bracket, low: int, high: int) -> bool:
        """One side of the context occurs more often near it than it did: the text was
        pasted a second time, and which copy is the original cannot be told (the copy
        may even have taken over the original's neighbour on the other side)."""
        old_low = max(0, bracket.old_low - len(left))
        old_high = len(self.old_text) if bracket.old_high is None else bracket.old_high
        old_high = min(len(self.old_text), old_high + len(right))
        for side in (left, right):
            if len(side) < len(left + right) // 2:
                continue  # the start or the end of the text: too short to count
            new_count = len(_find_all(self.new_text, side, low, high))
            if new_count > len(_find_all(self.old_text, side, old_low, old_high)):
                return True
        return False

    def _by_rank(
        self, offset: int, left: str, right: str, found: list[int], bracket: Bracket
    ) -> tuple[int | None, str]:
        """Of several places, the one holding the same occurrence of ``context``.

        Only when the context occurs as often between the two landmarks in the old text
        as in the new one: a copied paragraph changes the count, and then no rule can
        tell the copy from the original.
        """
        old_high = bracket.old_high if bracket.old_high is not None else len(self.old_text)
        low = max(0, bracket.old_low - len(left))
        old_found = _find_all(self.old_text, left + right, low, old_high + len(right))
        if len(old_found) == len(found) and offset - len(left) in old_found:
            return found[old_found.index(offset - len(left))], ""
        return None, f"its context occurs {len(found)} times and the position does not decide"


def _find_all(text: str, needle: str, low: int, high: int) -> list[int]:
    """Start offsets of ``needle`` inside ``text[low:high]``; none for an empty needle."""
    if not needle:
        return []
    found = []
    at = text.find(needle, low, high)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1, high)
    return found
