"""The coding workflow keys, through Textual's Pilot: one test per key or key family."""

from __future__ import annotations

import inspect
import os
from pathlib import Path
from typing import Any

from textual.widgets import Input

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.codebook.toml_parse import load_codebook
from annotator.coding.session import CodingSession
from annotator.coding.workspace import Workspace
from annotator.settings.config import UserConfig
from annotator.store import DataDir
from annotator.text.corpus import discover_corpus
from annotator.text.document import Document, load_document
from annotator.ui.app import AnnotatorApp
from annotator.ui.dialogs.prompt import Prompt
from annotator.ui.palette import reader_commands
from annotator.ui.reader.view import ReaderView
from annotator.ui.screens.corpus_screen import CorpusScreen
from annotator.ui.screens.help_screen import HelpScreen
from annotator.ui.screens.reader_screen import ReaderScreen
from annotator.ui.screens.stats_screen import StatisticsScreen
from annotator.ui.widgets.document_table import DocumentTable
from annotator.ui.widgets.side_panel import SidePanel
from annotator.ui.widgets.status_bar import StatusBar
from annotator.ui.widgets.text_lines import TextLines
from tests.helpers import REPO, make_app, wait_for_workers

SIZE = (120, 36)


def _screen(app: Any) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def _reader(app: Any) -> ReaderView:
    return _screen(app).query_one(ReaderView)


def _session(app: Any) -> CodingSession:
    return _screen(app).session


def _status(app: Any) -> str:
    return str(_screen(app).query_one(StatusBar).render())


async def test_tag_and_advance_takes_one_key_per_sentence(
    data_dir: DataDir, sample: Document
) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        assert "ADVANCE" in _status(app)
        await pilot.press("1", "2", "3", "4")
        session = _session(app)
        assert [session.tags(i) for i in range(4)] == [
            ["claim"],
            ["assertion"],
            ["appeal"],
            ["statistic"],
        ]
        assert _reader(app).cursor == 4
        # Toggling a code off is a correction: it stays on the sentence.
        await pilot.press("k", "4")
        assert session.tags(3) == []
        assert _reader(app).cursor == 3
        await pilot.press("a")
        assert "ADVANCE" not in _status(app)
        await pilot.press("1")
        assert session.tags(3) == ["claim"]
        assert _reader(app).cursor == 3


async def test_advance_stops_at_the_last_sentence(data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G", "a", "1")
        last = len(sample.sentences) - 1
        assert _reader(app).cursor == last
        assert _session(app).tags(last) == ["claim"]


async def test_repeat_applies_the_last_tagging(data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        session = _session(app)
        await pilot.press("full_stop")
        assert session.tagged_count == 0
        await pilot.press("2", "j", "full_stop")
        assert session.tags(0) == ["assertion"]
        assert session.tags(1) == ["assertion"]
        # Repeating an "add" on a sentence that already has the code leaves it on.
        await pilot.press("full_stop")
        assert session.tags(1) == ["assertion"]
        # In tag-and-advance, a count repeats down the document.
        await pilot.press("a", "j", "5", "full_stop")
        assert [session.tags(i) for i in range(2, 7)] == [["assertion"]] * 5
        assert _reader(app).cursor == 7
        # Removing is repeated as removing.
        await pilot.press("a", "g", "2", "j", "full_stop")
        assert session.tags(0) == []
        assert session.tags(1) == []


async def test_counts_repeat_movement(data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        reader = _reader(app)
        await pilot.press("5", "j")
        assert reader.cursor == 5
        await pilot.press("number_sign", "2", "k")
        assert reader.cursor == 3
        await pilot.press("g", "number_sign", "3", "right_curly_bracket")
        assert reader.cursor == sample.paragraphs[3].first_sentence
        # A digit bound to a code tags; "#" starts a count with any digit.
        await pilot.press("g", "1")
        assert _session(app).tags(0) == ["claim"]
        assert reader.cursor == 0
        await pilot.press("number_sign", "1", "2", "j")
        assert reader.cursor == 12
        # Once a count has started, every digit extends it.
        await pilot.press("g", "5", "1", "j")
        assert reader.cursor == min(51, len(sample.sentences) - 1)
        assert _session(app).tags(0) == ["claim"]
        # Escape forgets a count.
        await pilot.press("g", "7", "escape", "j")
        assert reader.cursor == 1
        # A count is used by the next key only.
        await pilot.press("g", "6", "f", "j")
        assert reader.cursor == 1


async def test_n_and_shift_n_find_untagged_sentences(data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        reader = _reader(app)
        session = _session(app)
        for index in (1, 2, 4):
            session.toggle_tag(index, "claim")
        await pilot.press("n")
        assert reader.cursor == 3
        await pilot.press("n")
        assert reader.cursor == 5
        await pilot.press("N", "N")
        assert reader.cursor == 0
        await pilot.press("n")
        assert reader.cursor == 3
        await pilot.press("2", "n")
        assert reader.cursor == 5


async def test_t_then_code_key_jumps_to_that_code(data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        reader = _reader(app)
        session = _session(app)
        session.toggle_tag(6, "appeal")
        session.toggle_tag(9, "appeal")
        await pilot.press("t")
        assert "t…" in _status(app)
        await pilot.press("3")
        assert reader.cursor == 6
        assert session.tags(0) == []  # the code key jumped, it did not tag
        await pilot.press("t", "3")
        assert reader.cursor == 9
        await pilot.press("g", "number_sign", "2", "t", "3")
        assert reader.cursor == 9
        await pilot.press("g", "t", "escape", "1")
        assert session.tags(0) == ["claim"]


async def test_search_and_stepping_through_matches(data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        reader = _reader(app)
        word = sample.sentence_text(5).split()[0]
        expected = [
            i
            for i in range(len(sample.sentences))
            if word.lower() in " ".join(sample.sentence_text(i).lower().split())
        ]
        await pilot.press("slash")
        assert isinstance(app.screen, Prompt)
        await pilot.press(*word.upper(), "enter")
        await pilot.pause()
        assert reader.cursor == expected[0] if expected[0] > 0 else expected[1]
        here = reader.cursor
        await pilot.press("ctrl+n")
        position = expected.index(here)
        assert reader.cursor == expected[(position + 1) % len(expected)]
        await pilot.press("ctrl+b")
        assert reader.cursor == here
        # Escape in the prompt cancels and keeps the cursor.
        await pilot.press("slash", "z", "escape")
        await pilot.pause()
        assert not isinstance(app.screen, Prompt)
        assert reader.cursor == here


async def test_search_matches_are_highlighted_in_the_drawn_rows(
    data_dir: DataDir, sample: Document
) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        reader = _reader(app)
        await pilot.press("slash", *"MISSION", "enter")
        await pilot.pause()
        match = reader.get_component_rich_style("reader--match")

        def lit() -> list[str]:
            rows = reader.render_lines(reader.scrollable_content_region.reset_offset)
            return [
                s.text for row in rows for s in row if s.style and s.style.bgcolor == match.bgcolor
            ]

        found = lit()
        assert found and all(text.lower() == "mission" for text in found)
        await pilot.press("slash", *"no such words", "enter")
        await pilot.pause()
        assert lit() == []


async def test_search_without_a_query_says_so(data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert any("Search first" in n.message for n in app._notifications)
        assert _reader(app).cursor == 0


async def test_colon_goes_to_a_paragraph(data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        reader = _reader(app)
        await pilot.press("colon")
        await pilot.pause()
        assert isinstance(app.screen, Prompt)
        await pilot.press("4", "enter")
        await pilot.pause()
        assert reader.cursor == sample.paragraphs[3].first_sentence
        await pilot.press("colon", "9", "9", "9", "enter")
        await pilot.pause()
        assert reader.cursor == sample.paragraphs[3].first_sentence
        # A count before ":" is the paragraph number, with no prompt.
        await pilot.press("number_sign", "2", "colon")
        await pilot.pause()
        assert reader.cursor == sample.paragraphs[1].first_sentence


async def test_filter_dims_all_but_the_chosen_code(data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        reader = _reader(app)
        session = _session(app)
        session.toggle_tag(2, "claim")
        session.toggle_tag(3, "appeal")
        await pilot.press("x", "1")
        dimmed = reader._dimmed
        assert dimmed is not None
        assert [dimmed(i) for i in range(5)] == [True, True, False, True, True]
        assert "filter: claim" in _status(app)
        await pilot.press("x", "minus")
        dimmed = reader._dimmed
        assert dimmed is not None
        assert [dimmed(i) for i in range(5)] == [False, False, True, True, False]
        assert "filter: uncoded" in _status(app)
        await pilot.press("x", "x")
        assert reader._dimmed is None
        await pilot.press("x", "3", "escape")
        assert reader._dimmed is None


async def test_rate_shows_sentences_per_minute(data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        now = [1000.0]
        rate = app.sitting.rate
        rate._clock = lambda: now[0]
        await pilot.press("a", "1", "1")
        assert "/min" not in _status(app)
        now[0] += 60
        _screen(app).refresh_workflow()
        assert "2.0/min" in _status(app)


async def test_statistics_and_help_screens_open_and_close(
    data_dir: DataDir, sample: Document
) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("S")
        assert isinstance(app.screen, StatisticsScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, ReaderScreen)


async def test_d_shows_definitions_of_the_current_codes(
    data_dir: DataDir, sample: Document
) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        panel = _screen(app).query_one(SidePanel)
        assert not panel.has_class("-definitions")
        await pilot.press("d")
        assert panel.has_class("-definitions")
        shown = str(panel.query_one("#definitions").render())
        assert all(code.name in shown for code in DEFAULT_CODEBOOK.codes)
        await pilot.press("3")
        shown = str(panel.query_one("#definitions").render())
        assert "appeal" in shown and "claim" not in shown
        await pilot.press("d")
        assert not panel.has_class("-definitions")


async def test_clicking_a_code_in_the_legend_applies_it(
    data_dir: DataDir, sample: Document
) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await pilot.click("#legend", offset=(4, 1))
        await pilot.pause()
        assert _session(app).tags(1) == ["assertion"]


async def test_undo_returns_to_the_changed_sentence(data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a", "1", "1", "1")
        assert _reader(app).cursor == 3
        await pilot.press("u")
        assert _reader(app).cursor == 2
        assert _session(app).tags(2) == []
        await pilot.press("ctrl+r")
        assert _session(app).tags(2) == ["claim"]


async def test_palette_offers_every_action_code_and_theme(
    data_dir: DataDir, sample: Document
) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        screen = _screen(app)
        commands = {name: callback for name, _, callback in reader_commands(screen)}
        assert "Code: toggle claim" in commands
        assert "Statistics" in commands
        assert "Tag-and-advance mode" in commands
        assert "Export CSV" in commands
        assert "Filter: only appeal" in commands
        assert any(name.startswith("Theme: ") for name in commands)
        commands["Code: toggle claim"]()
        assert screen.session.tags(0) == ["claim"]
        commands["Filter: only uncoded sentences"]()
        assert screen.workflow.filter == ""
        opened = commands["Help"]()
        if inspect.isawaitable(opened):
            await opened
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.__class__.__name__ == "CommandPalette"
        await pilot.press(*"statistics")
        await wait_for_workers(pilot)  # the palette searches in a worker
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StatisticsScreen)


async def test_palette_and_legend_show_keys_as_typed_and_remapped(
    data_dir: DataDir, sample: Document
) -> None:
    app = make_app(data_dir, sample, config=UserConfig(keymap={"next-untagged": ("z",)}))
    async with app.run_test(size=SIZE) as pilot:
        helps = {name: help_text for name, help_text, _ in reader_commands(_screen(app))}
        assert helps["Next paragraph"] == "Move · key }, PgDn"
        assert helps["Search the text (literal, any case)"] == "Jump · key /"
        assert helps["Next untagged sentence"] == "Jump · key z"
        assert not any("_" in text for text in helps.values() if "· key" in text)
        await pilot.pause()  # the panel is filled after the first frame
        legend = _screen(app).side_panel.query_one("#legend", TextLines).text.plain
        assert "z/N" in legend


async def test_user_keymap_and_theme_are_applied_and_saved(
    data_dir: DataDir, sample: Document
) -> None:
    config_dir = Path(os.environ["ANNOTATOR_CONFIG_DIR"])
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "config.toml").write_text(
        'theme = "nord"\n\n[keymap]\nnext-untagged = "z"\n', encoding="utf-8"
    )
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        assert app.theme == "nord"
        _session(app).toggle_tag(1, "claim")
        await pilot.press("z")
        assert _reader(app).cursor == 2
        await pilot.press("n")
        assert _reader(app).cursor == 2
        app.theme = "gruvbox"
        await pilot.pause()
    text = (config_dir / "config.toml").read_text(encoding="utf-8")
    assert 'theme = "gruvbox"' in text
    assert 'next-untagged = "z"' in text


async def test_the_config_the_cli_checked_is_the_one_in_force(
    data_dir: DataDir, sample: Document
) -> None:
    """run_app hands over the config the CLI read: the file is not read again, so a file
    changed in between cannot bring keys the codebook was not checked against."""
    config_dir = Path(os.environ["ANNOTATOR_CONFIG_DIR"])
    config_dir.mkdir(parents=True, exist_ok=True)
    (config_dir / "config.toml").write_text('[keymap]\nnext-untagged = "y"\n', encoding="utf-8")
    app = make_app(data_dir, sample, config=UserConfig(keymap={"next-untagged": ("z",)}))
    async with app.run_test(size=SIZE) as pilot:
        _session(app).toggle_tag(1, "claim")
        await pilot.press("y")
        assert _reader(app).cursor == 0
        await pilot.press("z")
        assert _reader(app).cursor == 2


def _corpus_app(tmp_path: Path, count: int) -> tuple[AnnotatorApp, DataDir]:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(count):
        (folder / f"release-{i}.txt").write_text(
            f"Release {i} opens. It has a second sentence.\n\nAnd a paragraph {i}.\n",
            encoding="utf-8",
        )
    entries = tuple(discover_corpus([folder]))
    data_dir = DataDir(tmp_path / "data")
    workspace = Workspace(data_dir, "tester", DEFAULT_CODEBOOK)
    app = AnnotatorApp(workspace, None, corpus=entries)
    return app, data_dir


async def test_corpus_list_opens_documents_and_brackets_move(tmp_path: Path) -> None:
    app, _ = _corpus_app(tmp_path, 12)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, CorpusScreen)
        table = app.screen.query_one(DocumentTable)
        assert table.row_count == 12
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert _session(app).document.name == "release-2.txt"
        await pilot.press("1", "right_square_bracket")
        await pilot.pause()
        assert _session(app).document.name == "release-3.txt"
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert _session(app).document.name == "release-2.txt"
        assert _session(app).tags(0) == ["claim"]
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, CorpusScreen)
        await pilot.press("slash", *"release-1", "enter")
        await pilot.pause()
        # release-1, release-10, release-11
        assert app.screen.query_one(DocumentTable).row_count == 3
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)


async def test_corpus_list_sorts_by_progress(tmp_path: Path) -> None:
    app, _ = _corpus_app(tmp_path, 3)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("1", "L")
        await wait_for_workers(pilot)  # progress is read by a worker
        screen = app.screen
        assert isinstance(screen, CorpusScreen)
        await pilot.press("s")
        table = screen.query_one(DocumentTable)
        names = [str(table.get_row_at(row)[1]) for row in range(table.row_count)]
        # Never-opened documents first, then by coded share; release-0 is partly coded.
        assert names[-1] == "release-0.txt"
        assert screen.query_one("#corpus-filter", Input).value == ""


async def test_brackets_without_a_corpus_say_so(data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket", "L")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert _session(app).document.name == sample.name


async def test_search_and_filter_follow_a_resegmented_document(
    data_dir: DataDir, sample: Document
) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        screen = _screen(app)
        session = screen.session
        word = sample.sentence_text(3).split()[-1].strip(".")
        await pilot.press("slash", *word, "enter")
        await pilot.pause()
        old = screen.search.current(session.document)
        assert old is not None and old.matches
        await pilot.press("x", "minus")
        # A split or merge gives the session a new document and new annotation maps.
        session.document = load_document(sample.path, is_sample=True)  # type: ignore[arg-type]
        session.annotations = dict(session.annotations)
        session.toggle_tag(0, "claim")
        fresh = screen.search.current(session.document)
        assert fresh is not None and fresh is not old
        assert fresh.document is session.document
        assert fresh.query == old.query and fresh.matches == old.matches
        dimmed = _reader(app)._dimmed
        assert dimmed is not None
        assert dimmed(0) and not dimmed(1)


async def test_the_side_panel_names_the_codebook_in_force(
    data_dir: DataDir, sample: Document
) -> None:
    codebook = load_codebook(
        REPO / "sample_docs" / "ten-codes.toml", source="ten.toml (--codebook)"
    )
    workspace = Workspace(data_dir, "tester", codebook)
    app = AnnotatorApp(workspace, workspace.open(sample))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        panel = _screen(app).side_panel.query_one("#codebook", TextLines).text.plain
        assert codebook.name in panel and f"version {codebook.version}" in panel
        assert "ten.toml (--codebook)" in panel
