"""DocumentTable: the corpus list's table, which draws only the rows on screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from annotator.ui.widgets.document_table import DocumentTable

SIZE = (60, 12)
ROWS = 10_000


class TableApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.asked: list[int] = []
        self.selected: list[int] = []

    def compose(self) -> ComposeResult:
        yield DocumentTable(("#", "name"))

    def cells(self, row: int) -> tuple[Text, Text]:
        self.asked.append(row)
        return Text(str(row + 1)), Text(f"document-{row}.txt")

    def on_mount(self) -> None:
        self.query_one(DocumentTable).set_rows(ROWS, self.cells, (5, 20))

    def on_document_table_row_selected(self, message: DocumentTable.RowSelected) -> None:
        self.selected.append(message.row)


def _lines(app: TableApp) -> list[str]:
    table = app.query_one(DocumentTable)
    return [table.render_line(y).text for y in range(table.size.height)]


async def test_only_the_rows_on_screen_are_made() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(DocumentTable)
        assert table.row_count == ROWS
        assert app.asked and max(app.asked) < table.size.height
        lines = _lines(app)
        assert lines[0].split() == ["#", "name"]
        assert lines[1].split() == ["1", "document-0.txt"]


async def test_keys_move_the_cursor_and_the_view_follows() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(DocumentTable)
        table.focus()
        await pilot.press("down", "down")
        assert table.cursor_row == 2
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == ROWS - 1
        assert _lines(app)[-1].split() == [str(ROWS), f"document-{ROWS - 1}.txt"]
        await pilot.press("pageup")
        assert table.cursor_row == ROWS - 1 - (table.size.height - 2)
        await pilot.press("home", "up")
        assert table.cursor_row == 0
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected == [0]


async def test_a_click_moves_the_cursor_and_a_second_one_selects() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(DocumentTable)
        await pilot.click(DocumentTable, offset=(3, 3))  # the header, then rows 0, 1, 2
        assert table.cursor_row == 2
        assert app.selected == []
        await pilot.click(DocumentTable, offset=(3, 3))
        await pilot.pause()
        assert app.selected == [2]
        await pilot.click(DocumentTable, offset=(3, 0))  # the header selects nothing
        assert table.cursor_row == 2


async def test_a_long_cell_is_cut_to_its_column() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(DocumentTable)
        table.set_rows(1, lambda row: (Text("1"), Text("x" * 40)), (1, 10))
        await pilot.pause()
        assert "x" * 9 + "…" in _lines(app)[1]
        assert "x" * 11 not in _lines(app)[1]


async def test_fewer_rows_keep_the_cursor_within_them() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(DocumentTable)
        table.move_cursor(500)
        table.set_rows(3, app.cells, (5, 20))
        assert table.cursor_row == 2
        table.set_rows(0, app.cells, (5, 20))
        await pilot.press("enter")
        assert app.selected == []
