"""A table drawn line by line from its owner's data: the corpus list of 10,000 documents.

Textual's ``DataTable`` measures every cell of every row it is given and keeps a row
object per row: 10,000 documents took seconds to list, and as long again each time the
progress arrived or the filter changed. This table holds only a row count, the column
widths and a function that makes a row's cells, and asks for the rows on screen when it
draws them: filling it costs nothing, whatever the number of rows. The header stays on
the first line; a cursor marks one row; enter or a click on the cursor row selects it.
Cells are ``rich.text.Text`` made by the owner from sanitized strings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

Cells = Callable[[int], Sequence[Text]]
"""The cells of row ``index``, one ``Text`` per column."""

PADDING = 1
"""Blank columns on each side of a cell."""


class DocumentTable(ScrollView, can_focus=True, inherit_bindings=False):
    """Rows drawn on demand under a fixed header; see the module docstring."""

    BINDINGS = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
    ]

    COMPONENT_CLASSES = {
        "document-table--header",
        "document-table--cursor",
        "document-table--even-row",
    }

    DEFAULT_CSS = """
    DocumentTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        &:focus {
            background-tint: $foreground 5%;
            & > .document-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        & > .document-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .document-table--even-row {
            background: $surface-lighten-1 50%;
        }
        &:dark > .document-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .document-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    cursor_row: reactive[int] = reactive(0, repaint=False, init=False)

    class RowSelected(Message):
        """The row ``row`` was chosen (enter, or a click on the cursor's row)."""

        def __init__(self, table: DocumentTable, row: int) -> None:
            super().__init__()
            self.table = table
            self.row = row

        @property
        def control(self) -> DocumentTable:
            return self.table

    def __init__(self, headers: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.headers = tuple(headers)
        self._count = 0
        self._cells: Cells = lambda index: ()
        self._widths: list[int] = [len(header) for header in self.headers]

    # -- what is shown -------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return self._count

    def set_rows(self, count: int, cells: Cells, widths: Sequence[int]) -> None:
        """Show ``count`` rows made by ``cells``; ``widths`` are the columns' content
        widths (at least their headers'). The cursor stays on its row number, within the
        rows."""
        self._count = count
        self._cells = cells
        self._widths = [max(w, len(h)) for w, h in zip(widths, self.headers, strict=True)]
        width = sum(self._widths) + 2 * PADDING * len(self._widths)
        self.virtual_size = Size(width, count + 1)  # the header's line, then the rows
        self.set_reactive(DocumentTable.cursor_row, min(self.cursor_row, max(count - 1, 0)))
        self.refresh()
        self._keep_cursor_in_view()

    def get_row_at(self, row: int) -> Sequence[Text]:
        """The cells of row ``row``, as drawn."""
        if not 0 <= row < self._count:
            raise IndexError(row)
        return self._cells(row)

    def move_cursor(self, row: int) -> None:
        """Put the cursor on ``row`` (kept within the rows) and bring it into view."""
        if self._count:
            self.cursor_row = max(0, min(row, self._count - 1))

    # -- keys and clicks -----------------------------------------------------------------

    def action_cursor(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step)

    def action_page(self, step: int) -> None:
        self.move_cursor(self.cursor_row + step * max(1, self._rows_in_view() - 1))

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(self._count - 1)

    def action_select(self) -> None:
        if self._count:
            self.post_message(self.RowSelected(self, self.cursor_row))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        row = int(self.scroll_offset.y) + offset.y - 1
        if not 0 <= row < self._count:
            return
        if row == self.cursor_row:
            self.action_select()
        else:
            self.cursor_row = row

    def watch_cursor_row(self, previous: int, current: int) -> None:
        top = int(self.scroll_offset.y)
        for row in (previous, current):
            self.refresh(Region(0, row - top + 1, self.size.width, 1))
        self._keep_cursor_in_view()

    def _rows_in_view(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _keep_cursor_in_view(self) -> None:
        top = int(self.scroll_offset.y)
        row = self.cursor_row
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + self._rows_in_view():
            self.scroll_to(y=row - self._rows_in_view() + 1, animate=False)

    # -- drawing -------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        left = int(self.scroll_offset.x)
        base = self.rich_style
        if y == 0:
            return self._strip(
                [Text(header) for header in self.headers],
                base + self.get_component_rich_style("document-table--header"),
                left,
                width,
            )
        row = int(self.scroll_offset.y) + y - 1
        if row >= self._count:
            return Strip.blank(width, base)
        style = base
        if row % 2:
            style += self.get_component_rich_style("document-table--even-row")
        if row == self.cursor_row:
            style += self.get_component_rich_style("document-table--cursor")
        return self._strip(self._cells(row), style, left, width)

    def _strip(self, cells: Sequence[Text], style: Style, left: int, width: int) -> Strip:
        line = Text(no_wrap=True, end="")
        pad = " " * PADDING
        for cell, cell_width in zip(cells, self._widths, strict=True):
            piece = cell.copy()
            piece.truncate(cell_width, overflow="ellipsis", pad=True)
            line.append(pad)
            line.append_text(piece)
            line.append(pad)
        segments = Segment.apply_style(line.render(self.app.console), style)
        return (
            Strip(list(segments), line.cell_len)
            .crop(left, left + width)
            .extend_cell_length(width, style)
        )
