"""A few lines of Rich text drawn with the Line API, for fields redrawn on every keystroke.

A ``Static`` turns its text into Textual's ``Content`` and renders it through the visual
pipeline on every update: for the status bar that was the largest single cost of a
tagging keystroke. This widget wraps its ``rich.text.Text`` once per change and width,
and hands the lines out as ``Strip``s. The text is always a ``Text`` built from
sanitized strings, so nothing in it is parsed as markup.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget


class TextLines(Widget):
    """Shows a ``Text``, wrapped to the widget's width; its height follows the text."""

    DEFAULT_CSS = """
    TextLines {
        height: auto;
    }
    """

    def __init__(
        self,
        text: Text | str = "",
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._text = Text(text) if isinstance(text, str) else text
        self._strips: list[Strip] = []
        self._strips_key: tuple[int, Style] | None = None  # (width, base style) drawn for

    @property
    def text(self) -> Text:
        return self._text

    def render(self) -> Text:
        """The text shown (drawing itself goes through ``render_line``)."""
        return self._text

    def update(self, text: Text | str, *, layout: bool = True) -> None:
        """Show ``text``; ``layout=False`` when its height cannot have changed."""
        self._text = Text(text) if isinstance(text, str) else text
        self._strips_key = None
        self.refresh(layout=layout)

    def _wrap(self, width: int) -> list[Text]:
        text = self._text
        if "\n" not in text.plain and text.cell_len <= width:
            return [text]  # the usual case, and the status bar's: one line that fits
        return list(text.wrap(self.app.console, max(1, width)))

    def _lines(self, width: int) -> list[Strip]:
        # The widget's style is cached by Textual until its CSS or theme changes, so
        # comparing it here is cheap, and a new colour draws the lines again.
        base = self.visual_style.rich_style
        if (width, base) != self._strips_key:
            console = self.app.console
            self._strips = [
                Strip(list(Segment.apply_style(line.render(console), base)), line.cell_len)
                .extend_cell_length(width, base)
                .crop(0, width)
                for line in self._wrap(width)
            ]
            self._strips_key = (width, base)
        return self._strips

    def render_line(self, y: int) -> Strip:
        width = self.content_size.width
        lines = self._lines(width)
        if y < len(lines):
            return lines[y]
        return Strip.blank(width, self.visual_style.rich_style)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max((line.cell_len for line in self._text.split(allow_blank=True)), default=0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._wrap(width))
