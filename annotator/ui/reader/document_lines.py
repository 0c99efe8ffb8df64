"""Where the reader's paragraphs are, in lines, at one width: what the view draws from.

``DocumentLines`` keeps the paragraphs shown (all of them, or one in focus mode), each
one's ``ParagraphLayout`` (made the first time it is needed, at the current width) and
where each starts (``LineIndex``). A paragraph not laid out yet has a height estimated
from its length, replaced by the real one when it is first drawn, so a 1 MB book opens
without wrapping all of it; for a long document the view has exact heights measured in
the background (``measure``). No Textual here: the view turns lines into regions.
"""

from __future__ import annotations

from collections.abc import Callable

from annotator.coding.session import CodingSession
from annotator.text.document import Document
from annotator.ui.reader.line_index import LineIndex
from annotator.ui.reader.paragraph_layout import ParagraphLayout, coded_paragraph_layout

ESTIMATE_FILL = 92
"""Estimated share of each line that word wrapping fills, in percent."""


def measure(session: CodingSession, document: Document, width: int) -> list[int]:
    """Exact line counts of every paragraph at ``width`` (slow: for a worker thread)."""
    return [
        len(coded_paragraph_layout(session, document, p, width).lines)
        for p in range(len(document.paragraphs))
    ]


class DocumentLines:
    """The shown paragraphs' layouts and starting lines; see the module docstring."""

    def __init__(self, session: CodingSession, height_changed: Callable[[], None]) -> None:
        """``height_changed`` is called when laying out a paragraph changed its height."""
        self._session = session
        self._height_changed = height_changed
        self.width = 0
        self._layouts: dict[int, ParagraphLayout] = {}
        self._visible: list[int] = []
        self._focused = False
        self._index = LineIndex([])

    @property
    def height(self) -> int:
        """Lines in all, blank lines between paragraphs included."""
        return self._index.height

    @property
    def shown(self) -> int:
        """How many paragraphs are shown."""
        return len(self._visible)

    def show(self, width: int, only: int | None = None) -> None:
        """Show every paragraph at ``width`` columns, or paragraph ``only`` (focus mode).

        Layouts made at this width are kept; the others are forgotten.
        """
        if width != self.width:
            self.width = width
            self._layouts.clear()
        self._focused = only is not None
        paragraphs = len(self._session.document.paragraphs)
        self._visible = [only] if only is not None else list(range(paragraphs))
        layouts = self._layouts
        self._index = LineIndex(
            [len(layouts[p].lines) if p in layouts else self._estimate(p) for p in self._visible]
        )

    def use_heights(self, heights: list[int]) -> None:
        """Exact heights of every paragraph (from ``measure``), for all shown."""
        layouts = self._layouts
        self._index = LineIndex(
            [len(layouts[p].lines) if p in layouts else height for p, height in enumerate(heights)]
        )

    def layout(self, paragraph: int) -> ParagraphLayout:
        """``paragraph`` laid out at the current width (made now if it was not yet)."""
        layout = self._layouts.get(paragraph)
        if layout is None:
            session = self._session
            layout = coded_paragraph_layout(session, session.document, paragraph, self.width)
            self._layouts[paragraph] = layout
            slot = self._slot(paragraph)
            if slot is not None and self._index.set_height(slot, len(layout.lines)):
                self._height_changed()
        return layout

    def forget(self, paragraph: int | None = None) -> ParagraphLayout | None:
        """Forget the layout of ``paragraph`` (returned, if there was one), or all."""
        if paragraph is None:
            self._layouts.clear()
            return None
        return self._layouts.pop(paragraph, None)

    def _slot(self, paragraph: int) -> int | None:
        """Where ``paragraph`` is among the shown paragraphs, if it is shown."""
        if self._focused:
            return 0 if self._visible and self._visible[0] == paragraph else None
        return paragraph if 0 <= paragraph < len(self._visible) else None

    def _estimate(self, paragraph: int) -> int:
        """Lines a paragraph will take, before it is laid out: about its length / width."""
        para = self._session.document.paragraphs[paragraph]
        return max(1, -(-(para.end - para.start) * 100 // (self.width * ESTIMATE_FILL)))

    def locate(self, y: int) -> tuple[int, int] | None:
        """The (paragraph, line within it) at line ``y``, or None for a blank line."""
        located = self._index.locate(y)
        if located is None:
            return None
        slot, line = located
        paragraph = self._visible[slot]
        if line >= len(self.layout(paragraph).lines):
            return None
        return paragraph, line

    def paragraph_lines(self, paragraph: int) -> tuple[int, int] | None:
        """(first line, line count) of ``paragraph``; None if it is not shown."""
        slot = self._slot(paragraph)
        if slot is None:
            return None
        return self._index.start(slot), len(self.layout(paragraph).lines)

    def sentence_lines(self, sentence: int) -> tuple[int, int] | None:
        """(first line, line count) of ``sentence``; None if its paragraph is not shown."""
        paragraph = self._session.document.sentences[sentence].paragraph
        slot = self._slot(paragraph)
        if slot is None:
            return None
        first, last = self.layout(paragraph).sentence_lines.get(sentence, (0, 0))
        return self._index.start(slot) + first, last - first + 1
