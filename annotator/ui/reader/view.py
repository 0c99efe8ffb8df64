"""The document view: draws only the lines on screen, with Textual's Line API.

No widget is mounted per sentence or paragraph. Paragraph layouts are computed on demand
and cached per width (``DocumentLines``); a change to one sentence's coding re-lays out
only its paragraph. This module turns lines into regions, scrolls, and draws.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from annotator.coding.session import CodingSession
from annotator.text.document import Document
from annotator.ui.reader.document_lines import DocumentLines, measure
from annotator.ui.reader.line_render import line_segments
from annotator.ui.reader.styles import ReaderStyles
from annotator.ui.textual_private import RowCachingScrollView

GUTTER = 2
# Documents with at least this many paragraphs get exact heights from a worker.
MEASURE_IN_BACKGROUND = 200
MIN_WIDTH = 10


class ReaderView(RowCachingScrollView, can_focus=True, inherit_bindings=False):
    """Shows the document paragraph by paragraph with a sentence cursor."""

    COMPONENT_CLASSES = {
        "reader--cursor",
        "reader--current-paragraph",
        "reader--gutter",
        "reader--note",
        "reader--tagged",
        "reader--unknown-tag",
        "reader--dimmed",
        "reader--match",
    }

    DEFAULT_CSS = """
    ReaderView {
        background: $surface;
    }
    """

    cursor: reactive[int] = reactive(0, repaint=False, init=False)
    focus_mode: reactive[bool] = reactive(False, init=False)

    class CursorMoved(Message):
        """The document was laid out anew (``reset``) and the cursor set without a move.

        An ordinary move is seen through the ``cursor`` reactive instead (``watch``), so
        that what follows it is drawn in the same frame as the move itself.
        """

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
        self._lines = DocumentLines(session, self._height_changed)
        self.measured = False
        self._height = 0  # the line count the virtual size was last set from
        self._styles = ReaderStyles(self)
        self._frame: tuple[int, int] | None = None  # (width, scroll top) while drawing
        self._dimmed: Callable[[int], bool] | None = None
        self._matches: Callable[[int], Sequence[tuple[int, int]]] | None = None

    def set_dimming(self, dimmed: Callable[[int], bool] | None) -> None:
        """Dim every sentence for which ``dimmed`` is true (a filter); None shows all."""
        self._dimmed = dimmed
        self.refresh()

    def set_matches(self, matches: Callable[[int], Sequence[tuple[int, int]]] | None) -> None:
        """Highlight search matches: ``matches(sentence)`` gives their document offsets.

        Called when a new search is made (or cleared), which changes which rows show a
        match anywhere in the view, so the view is drawn again; moving between matches
        changes no highlight and draws only what the move changes.
        """
        self._matches = matches
        self.refresh()

    @property
    def document(self) -> Document:
        return self.session.document

    # -- layout ----------------------------------------------------------------------

    def _text_width(self) -> int:
        return max(MIN_WIDTH, self.scrollable_content_region.width - GUTTER - 1)

    # -- measuring a long document in the background ---------------------------------

    class HeightsMeasured(Message):
        """Exact line counts of every paragraph at one width, from the measuring worker."""

        def __init__(self, width: int, document: Document, heights: list[int]) -> None:
            super().__init__()
            self.width = width
            self.document = document
            self.heights = heights

    def _start_measuring(self) -> None:
        """Replace estimated heights by exact ones off the UI thread, for long documents.

        Until then a newly drawn paragraph may change the document's height, and each
        change costs a screen layout; after it, moving the cursor costs the same in a
        book as in a press release.
        """
        self.measured = self._lines.shown < MEASURE_IN_BACKGROUND or self.focus_mode
        if self.measured:
            return
        session, width, document = self.session, self._lines.width, self.document

        def measure_all() -> None:
            heights = measure(session, document, width)
            self.post_message(self.HeightsMeasured(width, document, heights))

        self.run_worker(measure_all, thread=True, exclusive=True, group="measure")

    def on_reader_view_heights_measured(self, message: HeightsMeasured) -> None:
        lines = self._lines
        if message.width != lines.width or message.document is not self.document:
            return
        if self.focus_mode:
            return
        lines.use_heights(message.heights)
        self._height = lines.height
        self._sync_virtual_size()
        self.measured = True
        self.refresh()
        self.scroll_to_cursor()

    def _height_changed(self) -> None:
        """A paragraph laid out for the first time (or again) changed its height."""
        if self._lines.height != self._height:
            self._height = self._lines.height
            self.call_after_refresh(self._sync_virtual_size)

    def _sync_virtual_size(self) -> None:
        new = Size(self.scrollable_content_region.width, self._height)
        old = self.virtual_size
        if new == old:
            return
        viewport = self.scrollable_content_region.height
        if new.width == old.width and min(old.height, new.height) > viewport > 0:
            # Only the length of a document that already scrolls changed (a badge wrapped
            # onto a new line): no screen-wide layout pass for that.
            self.set_virtual_size_quietly(new)
            self.refresh()
            return
        self.virtual_size = new

    def _rebuild(self) -> None:
        """Recompute which paragraphs show and where each starts; keep cached layouts.

        Paragraphs not laid out yet get an estimated height, replaced by the real one
        when they are first drawn, so a 1 MB book opens without wrapping all of it.
        """
        only = self.document.sentences[self.cursor].paragraph if self.focus_mode else None
        self._lines.show(self._text_width(), only)
        self._height = self._lines.height
        self._sync_virtual_size()
        self._start_measuring()

    def reset(self, cursor: int) -> None:
        """The document's sentences changed (split, merge, or the whole of a large
        document arrived): lay everything out again."""
        self._lines.forget()
        self.set_reactive(ReaderView.cursor, cursor)
        self._rebuild()
        self.refresh()
        self.scroll_to_cursor()
        self.post_message(self.CursorMoved(cursor))

    def invalidate_sentence(self, sentence: int) -> None:
        """The coding of ``sentence`` changed: re-lay out its paragraph only."""
        paragraph = self.document.sentences[sentence].paragraph
        old = self._lines.forget(paragraph)
        new = self._lines.layout(paragraph)
        region = self._paragraph_region(paragraph)
        if old is None or region is None:
            self.refresh()
            return
        if len(old.lines) != len(new.lines):
            # The paragraph grew or shrank: it and everything below it moved, nothing above.
            top = int(self.scroll_offset.y)
            start = max(region.y - 1, top)
            count = top + self.scrollable_content_region.height - start
            if count > 0:
                self.refresh_lines(start, count)
            return
        # Same height, so nothing below moves, and nothing above the sentence changed:
        # draw from the sentence's first line to the paragraph's end (and a line of
        # margin), not the whole paragraph or view. This is a tagging keystroke.
        first = min(
            old.sentence_lines.get(sentence, (0, 0))[0],
            new.sentence_lines.get(sentence, (0, 0))[0],
        )
        self.refresh_lines(region.y + first, region.height - first + 1)

    def sentence_region(self, sentence: int) -> Region | None:
        """Where ``sentence`` is, in virtual lines; None if its paragraph is not shown."""
        lines = self._lines.sentence_lines(sentence)
        if lines is None:
            return None
        return Region(0, lines[0], self.scrollable_content_region.width, lines[1])

    # -- events ----------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._rebuild()
        self.call_after_refresh(self.scroll_to_cursor)

    def on_mount(self) -> None:
        self._rebuild()

    def watch_cursor(self, previous: int, current: int) -> None:
        sentences = self.document.sentences
        if previous >= len(sentences):
            previous = current
        old_paragraph = sentences[previous].paragraph
        new_paragraph = sentences[current].paragraph
        if self.focus_mode and old_paragraph != new_paragraph:
            self._rebuild()
            self.refresh()
        elif not self.scroll_to_cursor():
            # Only the lines whose look changed are drawn again: the old and new
            # sentence, or both paragraphs when the current paragraph changed.
            if old_paragraph != new_paragraph:
                changed = [
                    self._paragraph_region(old_paragraph),
                    self._paragraph_region(new_paragraph),
                ]
            else:
                changed = [self.sentence_region(previous), self.sentence_region(current)]
            top = int(self.scroll_offset.y)
            self.refresh(*(r.translate((0, -top)) for r in changed if r is not None))
            if not self.focus_mode and current != previous:
                self._look_ahead(current, 1 if current > previous else -1)
        else:
            self.refresh()

    def _look_ahead(self, cursor: int, step: int) -> None:
        """If the sentence after the cursor (in the direction of travel) is not wholly in
        view, scroll once this move has been drawn.

        The move's own frame then repaints only the lines that changed, and the next
        move finds its sentence already on screen. A scroll repaints every line, so it
        is done between keystrokes instead of inside one: a coder moving down a long
        document never waits for it. It also keeps the coming sentence in sight.
        """
        after = cursor + step
        if not 0 <= after < len(self.document.sentences):
            return
        region = self.sentence_region(after)
        if region is None:
            return
        top = int(self.scroll_offset.y)
        if top <= region.y and region.bottom <= top + self.scrollable_content_region.height:
            return

        def scroll_ahead() -> None:
            if self.cursor == cursor and self.is_mounted:
                self._center_cursor()

        self.call_after_refresh(scroll_ahead)

    def _paragraph_region(self, paragraph: int) -> Region | None:
        lines = self._lines.paragraph_lines(paragraph)
        if lines is None:
            return None
        return Region(0, lines[0], self.scrollable_content_region.width, lines[1])

    def watch_focus_mode(self) -> None:
        self._rebuild()
        self.refresh()
        self.scroll_to_cursor()

    def scroll_to_cursor(self) -> bool:
        """Keep the cursor's sentence in view, scrolling as seldom as possible; True if it
        scrolled.

        When the sentence leaves the view it is brought to the middle (or to the top if
        it is taller than the view), so the next moves need no scrolling: a scroll
        repaints every line, a cursor move within the view does not move any.
        """
        region = self.sentence_region(self.cursor)
        if region is None:
            return False
        top = int(self.scroll_offset.y)
        height = self.scrollable_content_region.height
        if top <= region.y and region.bottom <= top + height:
            return False
        self._center_cursor()
        return True

    def _center_cursor(self) -> None:
        """Bring the cursor's sentence to the middle of the view (to its top if taller)."""
        region = self.sentence_region(self.cursor)
        if region is None:
            return
        tall = region.height >= self.scrollable_content_region.height
        if self.scroll_to_region(
            region, animate=False, spacing=None, force=True, center=not tall, top=tall
        ):
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        sentence = self.sentence_at(offset.x, offset.y + int(self.scroll_offset.y))
        if sentence is not None:
            self.cursor = sentence

    def sentence_at(self, x: int, y: int) -> int | None:
        """The sentence drawn at content column ``x`` of virtual line ``y``."""
        located = self._lines.locate(y)
        if located is None:
            return None
        paragraph, line = located
        layout = self._lines.layout(paragraph)
        start, end = layout.lines[line]
        if end <= start:
            return None
        index = layout.index_at_cell(line, x - GUTTER)
        piece = layout.piece_at(index)
        return piece.sentence if piece is not None else None

    # -- drawing ---------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()

    def render_lines(self, crop: Region) -> list[Strip]:
        """The rows of ``crop`` (see ``RowCachingScrollView``); the width and scroll
        position are read once here, not once per line."""
        if self._lines.width != self._text_width():
            # The first frame is drawn before this view hears of its size (the Resize
            # event comes after): lay out at the real width now, not in ten columns
            # drawn once in vain and laid out again.
            self._rebuild()
        self._frame = (self.scrollable_content_region.width, int(self.scroll_offset.y))
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        width, top = self._frame or (
            self.scrollable_content_region.width,
            int(self.scroll_offset.y),
        )
        lines = self._lines
        located = lines.locate(y + top)
        if located is None:
            return Strip.blank(width, self._styles.line(False).line)
        paragraph, line = located
        cursor = self.cursor
        current = self.document.sentences[cursor].paragraph == paragraph
        styles = self._styles.line(current)
        line_style = styles.line
        segments = line_segments(
            lines.layout(paragraph),
            line,
            current_paragraph=current,
            cursor=cursor,
            styles=styles,
            code_styles=self._styles.codes(self.session.codebook),
            first_tag=self._first_tag,
            dimmed=self._dimmed,
            matches=self._matches,
        )
        return Strip(segments).extend_cell_length(width, line_style).crop(0, width)

    def _first_tag(self, sentence: int) -> str | None:
        tags = self.session.tags(sentence)
        return tags[0] if tags else None
