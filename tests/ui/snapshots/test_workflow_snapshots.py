"""Workflow screens at a fixed terminal size: help, statistics, the filter, a 10-code codebook.

Update the snapshots after an intended visual change with ``pytest --snapshot-update``.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from annotator.codebook.toml_parse import load_codebook
from annotator.coding.workspace import Workspace
from annotator.store import DataDir
from annotator.text.document import Document
from annotator.ui.app import AnnotatorApp
from annotator.ui.screens.reader_screen import ReaderScreen
from tests.helpers import REPO, make_app

SIZE = (120, 36)
TEN_CODES = REPO / "sample_docs" / "ten-codes.toml"


def _code_sample(app: AnnotatorApp) -> None:
    session = app.session
    for index, tags in {
        0: ["claim"],
        1: ["assertion", "appeal"],
        2: ["claim"],
        3: ["claim", "statistic"],
        5: ["appeal"],
        8: ["assertion"],
        12: ["claim"],
        20: ["statistic"],
    }.items():
        for tag in tags:
            session.toggle_tag(index, tag)


async def _frozen_rate(pilot: Pilot[Any]) -> None:
    """No rate on screen: snapshot timing must not change the picture."""
    app = pilot.app
    assert isinstance(app, AnnotatorApp)
    app.sitting.rate._clock = lambda: 0.0
    await pilot.pause()


def test_help_screen(snap_compare: Any, data_dir: DataDir, sample: Document) -> None:
    assert snap_compare(make_app(data_dir, sample), press=["question_mark"], terminal_size=SIZE)


def test_statistics_screen(snap_compare: Any, data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    _code_sample(app)
    assert snap_compare(app, press=["S"], terminal_size=SIZE)


def test_filter_view(snap_compare: Any, data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    _code_sample(app)
    assert snap_compare(app, press=["x", "1", "j", "j"], terminal_size=SIZE)


def test_filter_uncoded_with_definitions(
    snap_compare: Any, data_dir: DataDir, sample: Document
) -> None:
    app = make_app(data_dir, sample)
    _code_sample(app)
    assert snap_compare(app, press=["x", "minus", "j", "d"], terminal_size=SIZE)


def _ten_code_app(data_dir: DataDir, sample: Document) -> AnnotatorApp:
    codebook = load_codebook(TEN_CODES, source="sample_docs/ten-codes.toml")
    workspace = Workspace(data_dir, "tester", codebook)
    return AnnotatorApp(workspace, workspace.open(sample))


def test_ten_code_codebook(snap_compare: Any, data_dir: DataDir, sample: Document) -> None:
    async def code(pilot: Pilot[Any]) -> None:
        await _frozen_rate(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ReaderScreen)
        screen.workflow.advance = True  # as the "a" key does, without its passing notice
        await pilot.press(*"1234567890")
        screen.workflow.advance = False
        screen.refresh_workflow()
        await pilot.pause()

    app = _ten_code_app(data_dir, sample)
    assert snap_compare(app, run_before=code, terminal_size=SIZE)


def test_ten_code_help(snap_compare: Any, data_dir: DataDir, sample: Document) -> None:
    app = _ten_code_app(data_dir, sample)
    assert snap_compare(app, press=["f1"], terminal_size=SIZE)


def test_search_matches_highlighted(snap_compare: Any, data_dir: DataDir, sample: Document) -> None:
    assert snap_compare(
        make_app(data_dir, sample),
        press=["slash", *"azerbaijan", "enter"],
        terminal_size=SIZE,
        run_before=_frozen_rate,
    )
