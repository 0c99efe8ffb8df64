"""Every screen and dialog at the documented minimum terminal, 60×15; and below it.

At 60×15 each must still show what it is for (the note editor's text box, help's
descriptions, the status bar's save state); below the minimum the "too small" notice
covers everything, a dialog that was open included.

Update after an intended visual change with ``pytest --snapshot-update``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.workspace import Workspace
from annotator.store import DataDir
from annotator.text.corpus import discover_corpus
from annotator.text.document import Document
from annotator.ui.app import AnnotatorApp
from annotator.ui.dialogs.export_path import ExportPathScreen
from annotator.ui.dialogs.quit_confirm import QuitConfirmScreen
from tests.helpers import make_app, wait_for_workers
from tests.ui.snapshots.test_workflow_snapshots import _code_sample, _frozen_rate

MINIMUM = (60, 15)
TOO_SMALL = (50, 12)


def test_reader(snap_compare: Any, data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    _code_sample(app)
    assert snap_compare(app, press=["j"], terminal_size=MINIMUM, run_before=_frozen_rate)


def test_reader_without_the_panel(snap_compare: Any, data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    assert snap_compare(app, press=["p"], terminal_size=MINIMUM, run_before=_frozen_rate)


def test_note_editor(snap_compare: Any, data_dir: DataDir, sample: Document) -> None:
    async def write(pilot: Pilot[Any]) -> None:
        await _frozen_rate(pilot)
        await pilot.press("j", "enter")
        pilot.app.screen.query_one(TextArea).insert("Who counted the visitors?")
        await pilot.pause()

    assert snap_compare(make_app(data_dir, sample), run_before=write, terminal_size=MINIMUM)


def test_split_picker(snap_compare: Any, data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    assert snap_compare(app, press=["j", "j", "s"], terminal_size=MINIMUM, run_before=_frozen_rate)


def test_search_prompt(snap_compare: Any, data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    keys = ["slash", *"mission"]
    assert snap_compare(app, press=keys, terminal_size=MINIMUM, run_before=_frozen_rate)


def test_help(snap_compare: Any, data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    assert snap_compare(app, press=["f1"], terminal_size=MINIMUM)


def test_statistics(snap_compare: Any, data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    _code_sample(app)
    assert snap_compare(app, press=["S"], terminal_size=MINIMUM)


def _steady_cursor(pilot: Pilot[Any]) -> None:
    """Show the field's cursor whenever the snapshot is taken: it blinks every half second,
    and on a loaded machine the snapshot could come in either half."""
    pilot.app.screen.query_one(Input).cursor_blink = False


def test_export_path(snap_compare: Any, data_dir: DataDir, sample: Document) -> None:
    async def ask(pilot: Pilot[Any]) -> None:
        pilot.app.push_screen(ExportPathScreen("exports/q7x2.annotations.csv", "It is a sample."))
        await pilot.pause()
        _steady_cursor(pilot)

    assert snap_compare(make_app(data_dir, sample), run_before=ask, terminal_size=MINIMUM)


def test_quit_confirm(snap_compare: Any, data_dir: DataDir, sample: Document) -> None:
    async def ask(pilot: Pilot[Any]) -> None:
        problem = "The disk is full (No space left on device)."
        pilot.app.push_screen(QuitConfirmScreen(3, problem, "exports/unsaved.jsonl"))
        await pilot.pause()
        _steady_cursor(pilot)

    assert snap_compare(make_app(data_dir, sample), run_before=ask, terminal_size=MINIMUM)


def test_corpus_list(snap_compare: Any, tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("a-statement.txt", "b-release.txt", "c-speech-with-a-long-name.txt"):
        (folder / name).write_text("One sentence here. Another one there.\n", encoding="utf-8")
    entries = tuple(discover_corpus([str(folder)]))
    workspace = Workspace(DataDir(tmp_path / "data"), "tester", DEFAULT_CODEBOOK)
    app = AnnotatorApp(workspace, None, corpus=entries)

    async def listed(pilot: Pilot[Any]) -> None:
        await wait_for_workers(pilot)

    assert snap_compare(app, run_before=listed, terminal_size=MINIMUM)


def test_too_small_covers_an_open_dialog(
    snap_compare: Any, data_dir: DataDir, sample: Document
) -> None:
    app = make_app(data_dir, sample)
    assert snap_compare(app, press=["enter"], terminal_size=TOO_SMALL)


def test_too_small_covers_help(snap_compare: Any, data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    assert snap_compare(app, press=["f1"], terminal_size=TOO_SMALL)
