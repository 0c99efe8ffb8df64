"""The first screen (issue 15): drawn once, at the view's real width, the collector back on,
the side panel filled a frame later."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from rich.text import Text

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.store import DataDir
from annotator.text.document import load_document
from annotator.ui.reader import document_lines
from annotator.ui.reader.view import ReaderView
from annotator.ui.screens.reader_screen import ReaderScreen
from annotator.ui.widgets.side_panel import SidePanel
from annotator.ui.widgets.text_lines import TextLines
from tests.helpers import make_app

SIZE = (100, 30)


async def test_the_reader_is_the_apps_first_screen(data_dir: DataDir) -> None:
    """Composed with the app, not pushed over an empty default screen."""
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert len(app.screen_stack) == 1
        assert isinstance(app.screen, ReaderScreen)


async def test_no_paragraph_is_laid_out_before_the_view_knows_its_width(
    data_dir: DataDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first frame comes before the view's Resize event: its lines must be wrapped at
    the real width then, not at the minimum width, drawn once in vain and wrapped anew."""
    path = tmp_path / "release.txt"
    path.write_text(
        "\n\n".join(f"Paragraph {p} has words enough to wrap. " * 4 for p in range(8)) + "\n",
        encoding="utf-8",
    )
    widths: list[int] = []
    layout = document_lines.coded_paragraph_layout

    def recorded(*args: object, **options: object) -> object:
        widths.append(args[3])  # type: ignore[arg-type]
        return layout(*args, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(document_lines, "coded_paragraph_layout", recorded)
    app = make_app(data_dir, load_document(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        reader = app.screen.query_one(ReaderView)
        final = reader._text_width()
    assert widths
    assert set(widths) == {final}


async def test_the_collector_is_on_once_the_first_screen_is_drawn(data_dir: DataDir) -> None:
    """``annotator.entry`` switches it off while the reader starts; the app, told to keep
    long-lived objects out of its scans, switches it on after the first frame."""
    app = make_app(data_dir)
    app.freeze_long_lived = True
    enabled = gc.isenabled()
    gc.disable()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert gc.isenabled()
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()


async def test_the_side_panel_is_filled_right_after_the_first_frame(data_dir: DataDir) -> None:
    """The document's words come first; the panel's box is there (the reader's width
    depends on it), its fields come a frame later."""
    app = make_app(data_dir)
    in_first_frame: list[int] = []
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        in_first_frame.append(len(screen.side_panel.children))
        width = screen.reader.size.width
        await pilot.pause()
        legend = screen.side_panel.query_one("#legend", TextLines).text.plain
        where = screen.side_panel.query_one("#where", TextLines).text.plain
        assert screen.reader.size.width == width
    assert in_first_frame == [0]
    assert "every key, codebook" in legend
    assert where.startswith("Sentence 1 of ")


async def test_hidden_panel_sections_are_mounted_when_first_shown(data_dir: DataDir) -> None:
    """Coders and definitions are not in the first screen; shown, they take their place
    above the codebook whichever comes first."""
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        panel = app.screen.query_one(SidePanel)
        assert not panel.query("#coders") and not panel.query("#definitions")
        panel.show_definitions(DEFAULT_CODEBOOK, [])
        panel.show_coders(Text("ann: claim"))
        panel.show_definitions(DEFAULT_CODEBOOK, [])  # mounted once
        await pilot.pause()
        ids = [child.id for child in panel.children]
        assert (
            ids.index("coders-heading")
            < ids.index("coders")
            < ids.index("definitions-heading")
            < ids.index("definitions")
            < ids.index("codebook-heading")
        )
        assert len(panel.query("#definitions")) == 1
        assert panel.query_one("#coders", TextLines).text.plain == "ann: claim"
