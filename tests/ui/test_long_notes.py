"""Notes are bounded (issue 16): a 10 MB note made every keystroke on its sentence take
10-13 s. New notes stop at ``MAX_NOTE`` characters, and a note already stored, however
long, is drawn only as far as it can be seen."""

from __future__ import annotations

from textual.widgets import Static, TextArea

from annotator.annotation import MAX_NOTE
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.opening import open_session
from annotator.store import DataDir
from annotator.text.document import Document
from annotator.ui.dialogs.note_editor import NoteEditor
from annotator.ui.screens.reader_screen import ReaderScreen
from annotator.ui.widgets.side_panel import SidePanel
from annotator.ui.widgets.text_lines import TextLines
from tests.helpers import make_app

SIZE = (120, 36)


def _store_note(data_dir: DataDir, document: Document, note: str) -> None:
    """A note on sentence 1 written straight to the store, as an older version could."""
    session = open_session(data_dir, document, DEFAULT_CODEBOOK, "tester")
    try:
        session.set_tags(1, ("claim",))
        session.store.save(session.annotations[1].with_changes(note=note))
    finally:
        assert session.close(30)


async def test_the_editor_refuses_a_note_over_the_bound_in_one_line(
    data_dir: DataDir, sample: Document
) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "enter")
        assert isinstance(app.screen, NoteEditor)
        app.screen.query_one(TextArea).text = "x" * (MAX_NOTE + 1)
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, NoteEditor), "the editor stays open with the text"
        said = str(app.screen.query_one("#note-problem", Static).render())
        assert said == (
            f"The note is {MAX_NOTE + 1:,} characters long; a note holds at most "
            f"{MAX_NOTE:,}. Shorten it to save."
        )
        assert app.session.note(1) == ""
        app.screen.query_one(TextArea).text = "x" * MAX_NOTE
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ReaderScreen)
        assert len(app.session.note(1)) == MAX_NOTE


async def test_a_huge_stored_note_is_drawn_only_as_far_as_it_shows(
    data_dir: DataDir, sample: Document
) -> None:
    huge = ("A line of a very long note.\n" * 400_000)[: 10 * 2**20]
    _store_note(data_dir, sample, huge)
    again = make_app(data_dir, sample)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        field = again.screen.query_one(SidePanel).query_one("#note", TextLines)
        shown = field.text.plain
        assert shown.startswith("A line of a very long note.\nA line")
        assert len(shown) < 2_000, "only the beginning of the note is laid out"
        head = shown[: shown.index("\n…")]
        assert huge.startswith(head)
        assert shown.endswith(f"… {len(huge) - len(head):,} more characters; enter shows all")
        assert again.session.note(1) == huge, "the note itself is kept whole"


async def test_a_huge_stored_note_opens_cut_to_the_bound_and_escape_keeps_it(
    data_dir: DataDir, sample: Document
) -> None:
    huge = "y" * (MAX_NOTE + 5_000)
    _store_note(data_dir, sample, huge)
    again = make_app(data_dir, sample)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("j", "enter")
        assert isinstance(again.screen, NoteEditor)
        assert len(again.screen.query_one(TextArea).text) == MAX_NOTE
        said = str(again.screen.query_one("#note-problem", Static).render())
        assert f"{MAX_NOTE + 5_000:,} characters long" in said and "escape keeps it all" in said
        await pilot.press("escape")
        assert again.session.note(1) == huge
        await pilot.press("enter", "ctrl+s")
        assert again.session.note(1) == huge[:MAX_NOTE]
