"""The reader's rows as drawn, kept until Textual is asked to repaint them.

Textual's styles cache adds borders, side padding, tint and opacity to every line of a
widget, at several times the cost of drawing the line itself: on a keystroke that
scrolls, most of the reader's share of the frame. The reader's box has none of those,
only a background and a top padding, so ``DrawnRows`` draws its rows itself: the padding
row, then each content row from the reader's ``render_line``, through the app's line
filters, exactly as the styles cache would (a test compares the two row by row). Rows
are kept until a repaint request names them, or the size, background or filters change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget


def plain_box(widget: Widget) -> bool:
    """True if ``widget``'s box is only a background and top or bottom padding."""
    styles = widget.styles
    gutter = styles.gutter
    return (
        not gutter.left
        and not gutter.right
        and styles.border_top[0] in ("", "none")
        and styles.border_bottom[0] in ("", "none")
        and not styles.tint.a
        and widget.opacity == 1.0
        and styles.text_opacity == 1.0
        and not (styles.has_rule("hatch") and styles.hatch != "none")
    )


class DrawnRows:
    """Rows of one widget (widget coordinates) as last drawn."""

    def __init__(self) -> None:
        self._rows: dict[int, Strip] = {}
        self._drawn_for: tuple[object, ...] = ()

    def forget(self, rows: Iterable[int] | None = None) -> None:
        """Forget ``rows``, or every row."""
        if rows is None:
            self._rows.clear()
            return
        for y in rows:
            self._rows.pop(y, None)

    def draw(
        self, widget: Widget, crop: Region, render_line: Callable[[int], Strip]
    ) -> list[Strip]:
        """The rows of ``crop``, from the kept ones or drawn now (for a plain box)."""
        width, height = widget.region.size
        gutter = widget.styles.gutter
        base_background, background = widget.background_colors
        filters = widget.get_line_filters()
        drawn_for = (width, height, base_background, background, tuple(map(id, filters)))
        rows = self._rows
        if drawn_for != self._drawn_for:
            rows.clear()
            self._drawn_for = drawn_for
        padding = Style(bgcolor=(base_background + background).rich_color)
        content_height = height - gutter.top - gutter.bottom
        strips: list[Strip] = []
        for y in crop.line_range:
            strip = rows.get(y)
            if strip is None:
                content_y = y - gutter.top
                if 0 <= content_y < content_height:
                    strip = render_line(content_y).adjust_cell_length(width, padding)
                else:
                    strip = Strip.blank(width, padding)
                for line_filter in filters:
                    strip = strip.apply_filter(line_filter, background)
                rows[y] = strip
            strips.append(strip)
        if crop.column_span != (0, width):
            x1, x2 = crop.column_span
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips
