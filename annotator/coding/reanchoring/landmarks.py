"""Where text of the old version sits in the new one: a map built from sure matches.

A *landmark* is a stretch of text known to be the same in both versions: a line that
occurs exactly once in each (when the old text is at hand), or a sentence an annotation
quotes that occurs exactly once in the new text. Each gives two points, old offset to new
offset, at its start and its end. Edits move text but keep its order (a moved paragraph
is the exception), so only the longest run of points whose new offsets grow with their
old ones is kept: a chance match or a moved paragraph falls out of that run instead of
bending the map.

Between two neighbouring points the map knows two things. The bracket: the old text
between them is now between their new offsets, if it is anywhere in order. And the
shifts: text just after the first point moved by the first point's shift, text just
before the second moved by the second's. An edit lies somewhere between the two, so an
unchanged or lightly edited sentence starts where the first shift puts it or ends where
the second puts it. That is the *distance* a candidate is judged by: zero for the right
sentence unless edits fall on both sides of it within one bracket.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

MIN_LINE = 12
"""Shorter lines ("PUBLIUS.", "Thank you.", a rule of dashes) match by chance too often."""

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Landmark:
    """A stretch of old text found, unchanged, at a place in the new text."""

    old: Span
    new: Span


@dataclass(frozen=True, slots=True)
class Bracket:
    """Where an old span must be in the new text, and how far a candidate is from it."""

    low: int
    high: int
    shift_before: int
    shift_after: int | None  # None when no landmark follows
    old_low: int  # the same bracket in the old text
    old_high: int | None  # None: to the end of the old text, whose length is not known

    def contains(self, start: int, end: int) -> bool:
        return self.low <= start and end <= self.high

    def distance(self, old: Span, new: Span) -> int | None:
        """Characters between ``new`` and where the map expects ``old``; None if outside."""
        if not self.contains(*new):
            return None
        before = abs(new[0] - (old[0] + self.shift_before))
        if self.shift_after is None:
            return before
        return min(before, abs(new[1] - (old[1] + self.shift_after)))

    def expected(self, old_start: int) -> int:
        return old_start + self.shift_before


@dataclass(frozen=True, slots=True)
class PositionMap:
    """Sorted, order-consistent points (old offset, new offset) with the bracket rule."""

    old_points: tuple[int, ...]
    new_points: tuple[int, ...]
    new_length: int

    def bracket(self, old: Span) -> Bracket:
        """The bracket of the old span ``old`` (its own landmark points may bound it)."""
        before = bisect_right(self.old_points, old[0]) - 1
        after = bisect_left(self.old_points, old[1])
        old_low, low = (self.old_points[before], self.new_points[before]) if before >= 0 else (0, 0)
        if after < len(self.old_points):
            old_high: int | None = self.old_points[after]
            high = self.new_points[after]
            shift_after: int | None = high - self.old_points[after]
        else:
            old_high, high, shift_after = None, self.new_length, None
        return Bracket(low, high, low - old_low, shift_after, old_low, old_high)


def unique_lines(old_text: str, new_text: str) -> list[Landmark]:
    """Lines (of ``MIN_LINE`` characters or more) that occur exactly once in each text."""
    old_lines = _line_spans(old_text)
    new_lines = _line_spans(new_text)
    found = []
    for line in old_lines.keys() & new_lines.keys():
        old, new = old_lines[line], new_lines[line]
        if old is not None and new is not None:
            found.append(Landmark(old, new))
    return found


def _line_spans(text: str) -> dict[str, Span | None]:
    """Each stripped line's span; None for a line that occurs more than once."""
    spans: dict[str, Span | None] = {}
    start = 0
    for raw in text.split("\n"):
        line = raw.strip()
        if len(line) >= MIN_LINE:
            offset = start + raw.index(line[0])
            spans[line] = None if line in spans else (offset, offset + len(line))
        start += len(raw) + 1
    return spans


def position_map(
    landmarks: Iterable[Landmark], *, new_length: int, old_length: int | None = None
) -> PositionMap:
    """The map from the longest order-consistent run of the landmarks' points.

    The starts of both texts always correspond; their ends do when ``old_length`` is
    known (the old text is at hand).
    """
    points: dict[int, int | None] = {0: 0}
    if old_length is not None:
        points[old_length] = new_length
    for landmark in landmarks:
        for old, new in zip(landmark.old, landmark.new, strict=True):
            seen = points.get(old, new)
            points[old] = new if seen == new else None  # two claims for one point: neither
    ordered = sorted((old, new) for old, new in points.items() if new is not None)
    keep = _longest_run([new for _, new in ordered])
    return PositionMap(
        tuple(ordered[i][0] for i in keep), tuple(ordered[i][1] for i in keep), new_length
    )


def _longest_run(values: list[int]) -> list[int]:
    """Indices of a longest non-decreasing subsequence of ``values`` (patience sorting)."""
    tails: list[int] = []  # tails[k]: the smallest tail value of a run of length k + 1
    tail_index: list[int] = []
    previous = [-1] * len(values)
    for index, value in enumerate(values):
        position = bisect_right(tails, value)
        if position:
            previous[index] = tail_index[position - 1]
        if position == len(tails):
            tails.append(value)
            tail_index.append(index)
        else:
            tails[position] = value
            tail_index[position] = index
    run: list[int] = []
    index = tail_index[-1] if tail_index else -1
    while index >= 0:
        run.append(index)
        index = previous[index]
    run.reverse()
    return run
