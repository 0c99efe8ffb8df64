"""Key-driven behaviour of the reader, through Textual's Pilot."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from textual.geometry import Region
from textual.scroll_view import ScrollView
from textual.widgets import TextArea

from annotator.store import DataDir
from annotator.text.document import Document, build_document
from annotator.ui.dialogs.note_editor import NoteEditor
from annotator.ui.reader.view import ReaderView
from annotator.ui.screens.reader_screen import ReaderScreen
from annotator.ui.screens.too_small import TooSmallScreen
from annotator.ui.textual_private import plain_box
from annotator.ui.widgets.text_lines import TextLines
from tests.helpers import make_app

SIZE = (120, 36)


def _reader(app: object) -> ReaderView:
    return app.screen.query_one(ReaderView)  # type: ignore[attr-defined,no-any-return]


async def test_moves_by_sentence_paragraph_and_ends(data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        reader = _reader(app)
        assert reader.cursor == 0
        await pilot.press("j", "j", "down")
        assert reader.cursor == 3
        await pilot.press("k", "up")
        assert reader.cursor == 1
        await pilot.press("right_curly_bracket")
        assert sample.sentences[reader.cursor].paragraph == 2
        assert reader.cursor == sample.paragraphs[2].first_sentence
        await pilot.press("pagedown")
        assert reader.cursor == sample.paragraphs[3].first_sentence
        await pilot.press("j", "left_curly_bracket")
        assert reader.cursor == sample.paragraphs[3].first_sentence
        await pilot.press("pageup")
        assert reader.cursor == sample.paragraphs[2].first_sentence
        await pilot.press("G")
        assert reader.cursor == len(sample.sentences) - 1
        await pilot.press("j")
        assert reader.cursor == len(sample.sentences) - 1
        await pilot.press("g")
        assert reader.cursor == 0
        await pilot.press("end")
        assert reader.cursor == len(sample.sentences) - 1
        await pilot.press("home")
        assert reader.cursor == 0


async def test_view_scrolls_to_keep_cursor_visible(data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=(80, 16)) as pilot:
        reader = _reader(app)
        await pilot.press("G")
        await pilot.pause()
        region = reader.sentence_region(reader.cursor)
        assert region is not None
        top = reader.scroll_offset.y
        assert top > 0
        assert top <= region.y and region.bottom <= top + reader.scrollable_content_region.height


async def test_tags_toggle_and_persist_across_reopen(data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "1", "3", "4")
        session = app.session
        assert session.tags(1) == ["claim", "appeal", "statistic"]
        await pilot.press("3")
        assert session.tags(1) == ["claim", "statistic"]
        await pilot.press("j", "2")
        assert session.tags(2) == ["assertion"]
        await pilot.press("2")
        assert session.annotation(2) is None
        await pilot.press("q")
    assert app.return_code == 0

    reopened = make_app(data_dir, sample)
    async with reopened.run_test(size=SIZE):
        assert reopened.session.tags(1) == ["claim", "statistic"]
        assert reopened.session.tagged_count == 1


async def test_note_is_written_saved_and_cancelled(data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "enter")
        assert isinstance(app.screen, NoteEditor)
        area = app.screen.query_one(TextArea)
        area.insert('Check the, "source"\nsecond line é')
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ReaderScreen)
        assert app.session.note(1) == 'Check the, "source"\nsecond line é'

        await pilot.press("enter")
        app.screen.query_one(TextArea).insert(" more")
        await pilot.press("escape")  # a changed note is not thrown away at once
        assert isinstance(app.screen, NoteEditor)
        assert app.screen.query_one("#note-discard").display
        await pilot.press("escape")  # the second escape discards
        assert isinstance(app.screen, ReaderScreen)
        assert app.session.note(1) == 'Check the, "source"\nsecond line é'

        await pilot.press("enter")
        await pilot.press("escape")  # nothing changed: closes at once
        assert isinstance(app.screen, ReaderScreen)

        await pilot.press("enter")
        app.screen.query_one(TextArea).clear()
        await pilot.press("ctrl+s")
        assert app.session.note(1) == ""
        assert app.session.annotation(1) is None
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_escape_on_a_changed_note_asks_and_keeps_editing(
    data_dir: DataDir, sample: Document
) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        await pilot.press(*"draft")
        await pilot.press("escape")
        editor = app.screen
        assert isinstance(editor, NoteEditor)
        prompt = editor.query_one("#note-discard")
        assert prompt.display
        await pilot.press("!")  # typing on hides the question and keeps the text
        assert not prompt.display
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ReaderScreen)
        assert app.session.note(0) == "draft!"


async def test_click_selects_a_sentence(data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        reader = _reader(app)
        target = sample.paragraphs[2].first_sentence + 1
        region = reader.sentence_region(target)
        assert region is not None
        y = region.y - int(reader.scroll_offset.y) + 1  # +1 for the reader's top padding
        await pilot.click(ReaderView, offset=(40, y + region.height - 1))
        assert reader.cursor == target


async def test_focus_mode_shows_only_current_paragraph(data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        reader = _reader(app)
        await pilot.pause()
        full_height = reader.virtual_size.height
        await pilot.press("right_curly_bracket", "right_curly_bracket", "f")
        await pilot.pause()
        assert reader.focus_mode
        assert reader.virtual_size.height == len(reader._lines.layout(2).lines)
        assert reader.virtual_size.height < full_height
        await pilot.press("f")
        await pilot.pause()
        assert reader.virtual_size.height == full_height


async def test_markup_in_document_is_shown_literally(data_dir: DataDir, tmp_path: Path) -> None:
    text = "Press [bold]here[/] and [@click=app.quit]quit[/].\n\nSecond [link=x]para[/link].\n"
    document = build_document(text, name="[red]evil[/].txt", path=tmp_path / "evil.txt")
    app = make_app(data_dir, document)
    async with app.run_test(size=SIZE) as pilot:
        reader = _reader(app)
        lines = [reader.render_line(y).text for y in range(reader.size.height)]
        joined = "\n".join(lines)
        assert "[bold]here[/]" in joined
        assert "[@click=app.quit]quit[/]" in joined
        await pilot.click(ReaderView, offset=(12, 1))
        await pilot.pause()
        assert app.is_running


async def test_too_small_terminal_shows_a_notice(data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=(50, 12)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert app.screen.query_one("#too-small").region == app.screen.region
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)


async def test_resize_reflows_and_keeps_cursor_in_view(data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=(120, 30)) as pilot:
        reader = _reader(app)
        await pilot.press("right_curly_bracket", "right_curly_bracket", "right_curly_bracket")
        await pilot.press("right_curly_bracket", "right_curly_bracket", "j")
        wide_height = reader.virtual_size.height
        await pilot.resize_terminal(70, 20)
        await pilot.pause()
        await pilot.pause()
        assert reader.virtual_size.height > wide_height
        region = reader.sentence_region(reader.cursor)
        assert region is not None
        top = reader.scroll_offset.y
        assert top <= region.y and region.bottom <= top + reader.scrollable_content_region.height


async def test_loading_notices_are_shown(data_dir: DataDir, tmp_path: Path) -> None:
    from dataclasses import replace

    document = replace(
        build_document("Ünïcode text. Two.\n", name="legacy.txt"),
        notices=("legacy.txt was decoded as cp1252 [bold]guess[/]",),
    )
    app = make_app(data_dir, document)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert "legacy.txt was decoded as cp1252 [bold]guess[/]" in messages


async def test_wide_combining_emoji_and_rtl_lines_fill_exactly_the_width(
    data_dir: DataDir, tmp_path: Path
) -> None:
    from tests.ui.test_paragraph_layout import MIXED

    document = build_document(f"{MIXED} Second one.\n\n{MIXED}\n", name="mixed.txt")
    app = make_app(data_dir, document)
    async with app.run_test(size=(70, 24)) as pilot:
        await pilot.press("1")
        reader = _reader(app)
        width = reader.scrollable_content_region.width
        for y in range(reader.size.height):
            strip = reader.render_line(y)
            assert strip.cell_length == width
            assert "\x1b" not in strip.text and "\t" not in strip.text


async def test_side_panel_follows_the_cursor_in_the_same_frame(
    data_dir: DataDir, sample: Document
) -> None:
    """The panel is updated as the cursor changes, not by a message handled a frame or
    two later: so one keystroke costs one repaint."""
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = _reader(app)
        where = app.screen.query_one("#where", TextLines)
        reader.cursor = 5  # no pause: nothing else gets to run in between
        assert where.text.plain.startswith("Sentence 6 of")


async def test_reader_colours_follow_the_theme(data_dir: DataDir, sample: Document) -> None:
    """Line styles are resolved once per style change, so a new theme must reach them."""
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = _reader(app)
        app.theme = "textual-dark"
        await pilot.pause()
        dark = [seg.style for seg in reader.render_line(1)]
        app.theme = "textual-light"
        await pilot.pause()
        light = [seg.style for seg in reader.render_line(1)]
        assert dark != light
        backgrounds = {s.bgcolor for s in light if s is not None and s.bgcolor is not None}
        assert backgrounds, "lines carry the theme's background"


async def test_long_lived_objects_are_frozen_only_when_asked(
    data_dir: DataDir, sample: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[bool] = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append(True))
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert calls == []
    app = make_app(data_dir, sample)
    app.freeze_long_lived = True
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert calls == [True]


async def test_moving_down_scrolls_ahead_after_the_move_is_drawn(
    data_dir: DataDir, sample: Document
) -> None:
    """When the next sentence is not wholly in view, the move itself is drawn without a
    scroll, and the view scrolls right after, so the next move needs none."""
    app = make_app(data_dir, sample)
    # About 42 columns of text, as 80 columns gave when the side panel was a fixed 38.
    async with app.run_test(size=(64, 16)) as pilot:
        await pilot.pause()
        reader = _reader(app)
        height = reader.scrollable_content_region.height

        def in_view(sentence: int) -> bool:
            region = reader.sentence_region(sentence)
            top = int(reader.scroll_offset.y)
            return region is not None and top <= region.y and region.bottom <= top + height

        edge = next(
            s for s in range(len(sample.sentences) - 1) if in_view(s) and not in_view(s + 1)
        )
        reader.cursor = edge
        assert reader.scroll_offset.y == 0, "the move's own frame does not scroll"
        await pilot.pause()
        await pilot.pause()
        assert in_view(edge) and in_view(edge + 1)
        top = reader.scroll_offset.y
        assert top > 0
        reader.cursor = edge + 1
        assert reader.scroll_offset.y == top, "the next move found its sentence in view"


async def test_reader_draws_the_same_lines_as_textuals_styles_cache(
    data_dir: DataDir, sample: Document
) -> None:
    """The reader draws its lines itself (see ``ReaderView.render_lines``); they must be
    exactly what Textual's own path would draw, in every state a coder meets."""
    app = make_app(data_dir, sample)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        reader = _reader(app)

        def textual_lines() -> list[list[object]]:
            reader._frame = (reader.scrollable_content_region.width, int(reader.scroll_offset.y))
            try:
                strips = ScrollView.render_lines(reader, reader.region.reset_offset)
            finally:
                reader._frame = None
            return [list(strip) for strip in strips]

        def ours() -> list[list[object]]:
            return [list(strip) for strip in reader.render_lines(reader.region.reset_offset)]

        def same() -> None:
            assert plain_box(reader), "the reader's own path is the one under test"
            reader._styles_cache.clear()
            assert ours() == textual_lines()

        same()
        # Moves and tags repaint only some rows: after each, every row must still match.
        for key in ("j", "j", "3", "k", "a", "1", "2", "a", "u", "n", "f", "j", "f", "x", "x"):
            await pilot.press(key)
            same()
        await pilot.resize_terminal(90, 20)
        await pilot.pause()
        same()
        await pilot.press("1", "j", "2", "enter")
        await pilot.press("x", "y", "ctrl+s")
        same()
        await pilot.press("G")
        await pilot.pause()
        same()
        await pilot.press("x", "1")
        same()
        app.theme = "textual-light"
        await pilot.pause()
        same()
        partial = Region(3, 2, 20, 5)
        reader._frame = (reader.scrollable_content_region.width, int(reader.scroll_offset.y))
        expected = [list(s) for s in ScrollView.render_lines(reader, partial)]
        reader._frame = None
        reader._styles_cache.clear()
        assert [list(s) for s in reader.render_lines(partial)] == expected


async def test_p_hides_the_side_panel_and_the_text_takes_its_width(
    data_dir: DataDir, sample: Document
) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        reader = _reader(app)
        panel = screen.side_panel
        assert panel.display and panel.size.width < 30  # follows the terminal's width
        narrow = reader.size.width
        assert narrow >= 50
        await pilot.press("p")
        await pilot.pause()
        assert not panel.display
        assert reader.size.width == 80
        assert app.sitting.panel_hidden
        await pilot.press("p")
        await pilot.pause()
        assert panel.display and reader.size.width == narrow
    wide = make_app(data_dir, sample)
    async with wide.run_test(size=(160, 40)):
        panel = wide.screen.query_one("#side")
        assert 40 <= panel.size.width <= 48
