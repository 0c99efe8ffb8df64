"""Where each shown paragraph starts, in screen lines, for a document of any length.

The reader knows each paragraph's height (exact once laid out, estimated before) and
needs two answers fast: which paragraph and line a screen row shows, and where a
paragraph starts. A blank line separates paragraphs. Kept free of Textual so it can be
tested on its own.
"""

from __future__ import annotations

from bisect import bisect_right


class LineIndex:
    """Heights of the shown paragraphs (in order) and their starting lines."""

    def __init__(self, heights: list[int]) -> None:
        self.heights = heights
        self.offsets = [0] * len(heights)
        self.total = 0
        self.recount()

    def __len__(self) -> int:
        return len(self.heights)

    @property
    def height(self) -> int:
        """Lines in all: every paragraph and the blank lines between them."""
        return max(0, self.total - 1)

    def recount(self, first_slot: int = 0) -> None:
        """Recompute the starts from ``first_slot`` on, after a height changed there."""
        offsets, heights = self.offsets, self.heights
        total = offsets[first_slot] if first_slot < len(offsets) else 0
        for slot in range(first_slot, len(heights)):
            offsets[slot] = total
            total += heights[slot] + 1
        self.total = total

    def set_height(self, slot: int, lines: int) -> bool:
        """Set one paragraph's height; True if it changed (and the starts moved)."""
        if self.heights[slot] == lines:
            return False
        self.heights[slot] = lines
        self.recount(slot)
        return True

    def locate(self, y: int) -> tuple[int, int] | None:
        """(slot, line within the paragraph) at line ``y``; the line may be the blank
        separator (equal to the paragraph's height). None outside the document."""
        if not self.heights or y < 0 or y >= self.height:
            return None
        slot = bisect_right(self.offsets, y) - 1
        return slot, y - self.offsets[slot]

    def start(self, slot: int) -> int:
        return self.offsets[slot]
