"""The reader's line and code styles, resolved once and kept until its style changes.

Resolving a widget's style walks its ancestors; done per line, that was half the cost
of drawing a line. The reader asks this object instead and clears it when Textual tells
it that its styles changed (a theme, a class, a focus change).
"""

from __future__ import annotations

from textual.widget import Widget

from annotator.codebook.model import Codebook
from annotator.ui.reader.line_render import CodeStyles, LineStyles


class ReaderStyles:
    """Styles of the reader's lines (current paragraph or not) and of its codes."""

    def __init__(self, widget: Widget) -> None:
        self._widget = widget
        self._lines: dict[bool, LineStyles] = {}
        self._codes: CodeStyles | None = None

    def clear(self) -> None:
        self._lines.clear()
        self._codes = None

    def line(self, current: bool) -> LineStyles:
        """The styles of a line of the current paragraph (``current``) or another."""
        styles = self._lines.get(current)
        if styles is None:
            widget = self._widget
            base = widget.rich_style
            component = widget.get_component_rich_style
            line_style = base + component("reader--current-paragraph") if current else base
            styles = LineStyles(
                line=line_style,
                gutter=line_style + component("reader--gutter"),
                cursor=component("reader--cursor"),
                note=component("reader--note"),
                dimmed=component("reader--dimmed"),
                match=component("reader--match"),
            )
            self._lines[current] = styles
        return styles

    def codes(self, codebook: Codebook) -> CodeStyles:
        """Badge and coded-text styles for ``codebook``, rebuilt if the codebook changes."""
        styles = self._codes
        if styles is None or styles.codebook is not codebook:
            component = self._widget.get_component_rich_style
            styles = CodeStyles(
                codebook,
                unknown_badge=component("reader--unknown-tag"),
                tagged_text=component("reader--tagged"),
            )
            self._codes = styles
        return styles
