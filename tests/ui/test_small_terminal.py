"""The documented minimum terminal, 60×15: every screen keeps what it is for; below it a
notice covers everything, open dialogs included."""

from __future__ import annotations

from textual.widgets import TextArea

from annotator.store import DataDir
from annotator.text.document import Document
from annotator.ui.dialogs.note_editor import NoteEditor
from annotator.ui.screens.reader_screen import ReaderScreen
from annotator.ui.widgets.status_bar import StatusBar
from tests.helpers import make_app

MINIMUM = (60, 15)


async def test_the_status_bar_keeps_the_save_state(data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=MINIMUM) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(StatusBar)
        shown = bar.render_line(0).text
        assert "● saved" in shown
        assert "q7x2" in shown and "0/24" in shown


async def test_the_note_editor_keeps_its_text_box_and_keys(
    data_dir: DataDir, sample: Document
) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=MINIMUM) as pilot:
        await pilot.press("enter")
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        area = editor.query_one(TextArea)
        assert area.region.height >= 4
        hint = editor.query_one("#note-keys")
        assert hint.region.height == 1 and hint.region.bottom <= MINIMUM[1]


async def test_help_keeps_its_descriptions(data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=MINIMUM) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        keys = app.screen.query_one("#help-keys")
        assert keys.region.width >= 50
        assert any("Next sentence" in keys.render_line(y).text for y in range(5))


async def test_below_the_minimum_the_notice_covers_an_open_dialog(
    data_dir: DataDir, sample: Document
) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, NoteEditor)
        await pilot.resize_terminal(50, 12)
        await pilot.pause()
        notice = app.screen.query_one("#too-small")
        assert notice.region == app.screen.region
        assert app.screen.is_modal
        await pilot.press("x")  # keys do nothing beneath it
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one(TextArea).text == ""
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)
