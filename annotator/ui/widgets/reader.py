"""The document view: draws only the lines on screen, with Textual's Line API.

No widget is mounted per sentence or paragraph. Paragraph layouts are computed on demand
and cached per width; a change to one sentence's coding re-lays out only its paragraph.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from annotator.document import Document
from annotator.session import CodingSession
from annotator.ui.layout import BADGE, NOTE, TEXT, ParagraphLayout, layout_paragraph

GUTTER = 2
# Estimated share of each line that word wrapping fills, in percent.
ESTIMATE_FILL = 92
MIN_WIDTH = 10


class ReaderView(ScrollView, can_focus=True, inherit_bindings=False):
    """Shows the document paragraph by paragraph with a sentence cursor."""

    COMPONENT_CLASSES = {
        "reader--cursor",
        "reader--current-paragraph",
        "reader--gutter",
        "reader--note",
        "reader--tagged",
        "reader--unknown-tag",
        "reader--dimmed",
    }

    DEFAULT_CSS = """
    ReaderView {
        background: $surface;
    }
    """

    cursor: reactive[int] = reactive(0, repaint=False, init=False)
    focus_mode: reactive[bool] = reactive(False, init=False)

    class CursorMoved(Message):
        """The sentence cursor moved (by key or by click)."""

        def __init__(self, sentence: int) -> None:
            super().__init__()
            self.sentence = sentence

    def __init__(
        self,
        session: CodingSession,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.session = session
        self._width = 0
        self._layouts: dict[int, ParagraphLayout] = {}
        self._visible: list[int] = []
        self._offsets: list[int] = []
        self._heights: list[int] = []
        self._height = 0
        self._tag_styles: dict[str, Style] = {}
        self.style_for_tag: Callable[[str], Style] | None = None
        self._dimmed: Callable[[int], bool] | None = None

    def set_dimming(self, dimmed: Callable[[int], bool] | None) -> None:
        """Dim every sentence for which ``dimmed`` is true (a filter); None shows all."""
        self._dimmed = dimmed
        self.refresh()

    @property
    def document(self) -> Document:
        return self.session.document

    # -- layout ----------------------------------------------------------------------

    def _text_width(self) -> int:
        return max(MIN_WIDTH, self.scrollable_content_region.width - GUTTER - 1)

    def _layout(self, paragraph: int) -> ParagraphLayout:
        layout = self._layouts.get(paragraph)
        if layout is None:
            document = self.document
            para = document.paragraphs[paragraph]
            session = self.session
            codebook = session.codebook
            sentences = [
                (i, document.sentences[i].start, document.sentences[i].end)
                for i in para.sentence_range
            ]
            badges: dict[int, list[tuple[str, str]]] = {}
            notes: set[int] = set()
            for i in para.sentence_range:
                annotation = session.annotation(i)
                if annotation is None:
                    continue
                if annotation.tags:
                    badges[i] = [
                        (tag, code.label if (code := codebook.by_name(tag)) else f"{tag}?")
                        for tag in session.tags(i)
                    ]
                if annotation.note:
                    notes.add(i)
            layout = layout_paragraph(
                document.text, para.start, para.end, sentences, badges, notes, self._width
            )
            self._layouts[paragraph] = layout
            self._set_height(paragraph, len(layout.lines))
        return layout

    def _slot(self, paragraph: int) -> int | None:
        """Where ``paragraph`` is among the shown paragraphs (all, or one in focus mode)."""
        if self.focus_mode:
            return 0 if self._visible and self._visible[0] == paragraph else None
        return paragraph if 0 <= paragraph < len(self._visible) else None

    def _estimate(self, paragraph: int) -> int:
        """Lines a paragraph will take, before it is laid out: about its length / width."""
        para = self.document.paragraphs[paragraph]
        return max(1, -(-(para.end - para.start) * 100 // (self._width * ESTIMATE_FILL)))

    def _set_height(self, paragraph: int, lines: int) -> None:
        slot = self._slot(paragraph)
        if slot is None or self._heights[slot] == lines:
            return
        self._heights[slot] = lines
        self._recount(slot)

    def _recount(self, first_slot: int = 0) -> None:
        """Recompute where each shown paragraph starts, from ``first_slot`` on."""
        offsets = self._offsets
        heights = self._heights
        total = offsets[first_slot] if first_slot < len(offsets) else 0
        for slot in range(first_slot, len(heights)):
            offsets[slot] = total
            total += heights[slot] + 1
        height = max(0, total - 1)
        if height != self._height:
            self._height = height
            self.call_after_refresh(self._sync_virtual_size)

    def _sync_virtual_size(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self._height)

    def _rebuild(self) -> None:
        """Recompute which paragraphs show and where each starts; keep cached layouts.

        Paragraphs not laid out yet get an estimated height, replaced by the real one
        when they are first drawn, so a 1 MB book opens without wrapping all of it.
        """
        width = self._text_width()
        if width != self._width:
            self._width = width
            self._layouts.clear()
        if self.focus_mode:
            current = self.document.sentences[self.cursor].paragraph
            self._visible = [current]
        else:
            self._visible = list(range(len(self.document.paragraphs)))
        layouts = self._layouts
        self._heights = [
            len(layouts[p].lines) if p in layouts else self._estimate(p) for p in self._visible
        ]
        self._offsets = [0] * len(self._visible)
        self._height = -1
        self._recount()
        self._sync_virtual_size()

    def reset(self, cursor: int) -> None:
        """The document's sentences changed (split, merge, or the whole of a large
        document arrived): lay everything out again."""
        self._layouts.clear()
        self.set_reactive(ReaderView.cursor, cursor)
        self._rebuild()
        self.refresh()
        self.scroll_to_cursor()
        self.post_message(self.CursorMoved(cursor))

    def invalidate_sentence(self, sentence: int) -> None:
        """The coding of ``sentence`` changed: re-lay out its paragraph only."""
        paragraph = self.document.sentences[sentence].paragraph
        self._layouts.pop(paragraph, None)
        self._layout(paragraph)
        self.refresh()

    def _locate(self, y: int) -> tuple[int, int] | None:
        """The (paragraph, line within it) at virtual line ``y``, or None for blank."""
        if not self._visible or y < 0 or y >= self._height:
            return None
        slot = bisect_right(self._offsets, y) - 1
        paragraph = self._visible[slot]
        lines = len(self._layout(paragraph).lines)
        line = y - self._offsets[slot]
        if line >= lines:
            return None
        return paragraph, line

    def sentence_region(self, sentence: int) -> Region | None:
        paragraph = self.document.sentences[sentence].paragraph
        slot = self._slot(paragraph)
        if slot is None:
            return None
        first, last = self._layout(paragraph).sentence_lines.get(sentence, (0, 0))
        top = self._offsets[slot] + first
        return Region(0, top, self.scrollable_content_region.width, last - first + 1)

    # -- events ----------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._rebuild()
        self.call_after_refresh(self.scroll_to_cursor)

    def on_mount(self) -> None:
        self._rebuild()

    def watch_cursor(self, previous: int, current: int) -> None:
        if self.focus_mode and (
            self.document.sentences[previous].paragraph
            != self.document.sentences[current].paragraph
        ):
            self._rebuild()
        self.refresh()
        self.scroll_to_cursor()
        self.post_message(self.CursorMoved(current))

    def watch_focus_mode(self) -> None:
        self._rebuild()
        self.refresh()
        self.scroll_to_cursor()

    def scroll_to_cursor(self) -> None:
        region = self.sentence_region(self.cursor)
        if region is not None:
            self.scroll_to_region(region, animate=False, spacing=None, force=True)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        sentence = self.sentence_at(offset.x, offset.y + int(self.scroll_offset.y))
        if sentence is not None:
            self.cursor = sentence

    def sentence_at(self, x: int, y: int) -> int | None:
        """The sentence drawn at content column ``x`` of virtual line ``y``."""
        located = self._locate(y)
        if located is None:
            return None
        paragraph, line = located
        layout = self._layout(paragraph)
        start, end = layout.lines[line]
        if end <= start:
            return None
        index = layout.index_at_cell(line, x - GUTTER)
        piece = layout.piece_at(index)
        return piece.sentence if piece is not None else None

    # -- drawing ---------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        located = self._locate(y + int(self.scroll_offset.y))
        if located is None:
            return Strip.blank(width, base)
        paragraph, line = located
        layout = self._layout(paragraph)
        cursor = self.cursor
        current_paragraph = self.document.sentences[cursor].paragraph == paragraph
        line_style = base
        if current_paragraph:
            line_style = base + self.get_component_rich_style("reader--current-paragraph")
        gutter_style = line_style + self.get_component_rich_style("reader--gutter")
        segments = [Segment("▌ " if current_paragraph else "  ", gutter_style)]
        start, end = layout.lines[line]
        display = layout.display
        cursor_style = self.get_component_rich_style("reader--cursor")
        dimmed = self._dimmed
        dim_style = self.get_component_rich_style("reader--dimmed") if dimmed else base
        for piece in layout.pieces:
            if piece.end <= start:
                continue
            if piece.start >= end:
                break
            fragment = display[max(piece.start, start) : min(piece.end, end)]
            style = line_style
            if piece.kind == BADGE and piece.tag is not None:
                style = line_style + self._badge_style(piece.tag)
            elif piece.kind == NOTE:
                style = line_style + self.get_component_rich_style("reader--note")
            elif piece.kind == TEXT and piece.sentence is not None:
                tags = self.session.tags(piece.sentence)
                if tags:
                    style = line_style + self._text_style(tags[0])
                if piece.sentence == cursor:
                    style = style + cursor_style
            elif piece.sentence is not None and piece.sentence == cursor and piece.kind != BADGE:
                style = style + cursor_style
            if (
                dimmed is not None
                and piece.sentence is not None
                and piece.sentence != cursor
                and dimmed(piece.sentence)
            ):
                style = line_style + dim_style
            segments.append(Segment(fragment, style))
        return Strip(segments).extend_cell_length(width, line_style).crop(0, width)

    def _badge_style(self, tag: str) -> Style:
        style = self._tag_styles.get(tag)
        if style is None:
            code = self.session.codebook.by_name(tag)
            if code is None:
                style = self.get_component_rich_style("reader--unknown-tag")
            else:
                style = Style(color="black", bgcolor=code.color, bold=True)
            self._tag_styles[tag] = style
        return style

    def _text_style(self, tag: str) -> Style:
        """Coded text is underlined in its first code's colour; badges carry the names."""
        style = self._tag_styles.get(f"text:{tag}")
        if style is None:
            code = self.session.codebook.by_name(tag)
            style = self.get_component_rich_style("reader--tagged")
            if code is not None:
                style = style + Style(color=code.color, underline=True)
            self._tag_styles[f"text:{tag}"] = style
        return style
