"""Every use of Textual's private API, in one module (Textual is pinned to an exact version).

``tests/ui/test_textual_private.py`` checks each use against the installed Textual, so an
upgrade that changes one fails there, by name, and not as a subtle drawing bug:

- ``bind_key``: a binding added to one screen at run time (``DOMNode._bindings``); the
  reader binds each code of its codebook to the code's key.
- ``replaceable_first_screen``: the app's first (default) screen given the result
  callback a pushed screen has (``Screen._push_result_callback``), so that
  ``switch_screen`` can replace it as it replaces any other.
- ``RowCachingScrollView``: a ``ScrollView`` told of every repaint request
  (``Widget._set_dirty``), which keeps its drawn rows until then, draws them past
  Textual's styles cache (``DrawnRows``, which repeats what the cache does for a plain
  box) and can update its scrollbars without a layout (``ScrollView._scroll_update``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from rich.style import Style
from textual.app import App
from textual.dom import DOMNode
from textual.geometry import Region, Size
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

_AnyScreen = TypeVar("_AnyScreen", bound=Screen[Any])


def bind_key(node: DOMNode, keys: str, action: str, description: str) -> None:
    """Bind ``keys`` to ``action`` on ``node`` alone, hidden from the footer.

    ``BINDINGS`` are per class; the code keys depend on the codebook a screen shows.
    """
    node._bindings.bind(keys, action, description, show=False)


def replaceable_first_screen(app: App[Any], screen: _AnyScreen) -> _AnyScreen:
    """``screen``, to return from ``App.get_default_screen``, made replaceable.

    ``switch_screen`` drops the result callback of the screen it replaces; a pushed
    screen has one, the default screen none, so switching away from it fails. The
    reader is the default screen (it is then drawn once, with the app) and is switched
    for another document's in corpus mode.
    """
    screen._push_result_callback(app, None)
    return screen


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
    """Rows of one widget (widget coordinates) as last drawn.

    Textual's styles cache adds borders, side padding, tint and opacity to every line of
    a widget, at several times the cost of drawing the line itself. For a widget whose
    box has none of those (``plain_box``), ``draw`` does what the cache would: the
    padding rows, then each content row from the widget's ``render_line``, through the
    app's line filters. A test compares the two row by row.
    """

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


class RowCachingScrollView(ScrollView):
    """A ``ScrollView`` that keeps its drawn rows until Textual is asked to repaint them.

    Subclasses draw with ``render_line``. Should their CSS gain a border, side padding,
    tint or opacity, rows are drawn by Textual's styles cache again.
    """

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._drawn_rows = DrawnRows()

    def render_lines(self, crop: Region) -> list[Strip]:
        if not plain_box(self):
            return super().render_lines(crop)
        return self._drawn_rows.draw(self, crop, self.render_line)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn_rows.forget()

    def _set_dirty(self, *regions: Region) -> None:
        # Every repaint request reaches Textual through here (a refresh, a scroll, a
        # style change): forget the drawn rows it names, or all of them.
        super()._set_dirty(*regions)
        if not regions:
            self._drawn_rows.forget()
            return
        offset = self.content_offset
        for region in regions:
            self._drawn_rows.forget(region.translate(offset).line_range)

    def set_virtual_size_quietly(self, size: Size) -> None:
        """Change the virtual size and the scrollbars without a screen-wide layout.

        For a change of length only, in a view that scrolls before and after: a layout
        pass would cost more than the rest of a keystroke.
        """
        self.set_reactive(ScrollView.virtual_size, size)
        self._scroll_update(size)
