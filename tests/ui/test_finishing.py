"""Finishing a document in the reader: the D key, the status bar and the document list."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

from rich.text import Text

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.workspace import Workspace
from annotator.store import DataDir
from annotator.store.progress import finished_mark
from annotator.text.corpus import discover_corpus
from annotator.text.document import Document
from annotator.ui.app import AnnotatorApp
from annotator.ui.palette import reader_commands
from annotator.ui.screens.corpus_screen import CorpusScreen
from annotator.ui.screens.reader_screen import ReaderScreen
from annotator.ui.widgets.document_table import DocumentTable
from annotator.ui.widgets.status_bar import StatusBar
from tests.helpers import make_app, wait_for_workers

SIZE = (120, 36)


def _status(app: Any) -> str:
    return str(app.screen.query_one(StatusBar).render())


async def test_d_marks_the_document_finished_and_again_reopens_it(
    data_dir: DataDir, sample: Document
) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        assert "finished" not in _status(app)
        await pilot.press("D")
        mark = app.session.finished
        assert mark is not None
        assert "✓ finished" in _status(app)
        assert any("Marked finished" in n.message for n in app._notifications)
        assert app.session.flush(5)
        assert finished_mark(data_dir, sample.doc_id, "tester") == mark
        await pilot.press("D")
        assert app.session.finished is None
        assert "finished" not in _status(app)
        assert any(n.message.startswith("Re-opened") for n in app._notifications)
        assert app.session.flush(5)
        assert finished_mark(data_dir, sample.doc_id, "tester") is None


async def test_the_mark_is_there_when_the_document_opens_again(
    data_dir: DataDir, sample: Document
) -> None:
    first = make_app(data_dir, sample)
    async with first.run_test(size=SIZE) as pilot:
        await pilot.press("D")
    assert first.session.close()
    again = make_app(data_dir, sample)
    async with again.run_test(size=SIZE):
        assert "✓ finished" in _status(again)
    assert again.session.close()


async def test_a_read_only_document_cannot_be_marked(data_dir: DataDir, sample: Document) -> None:
    holder = make_app(data_dir, sample)
    app = make_app(data_dir, sample)
    assert app.session.read_only
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("D")
        assert app.session.finished is None
        assert any("read-only" in n.message for n in app._notifications)
    assert holder.session.close()


async def test_the_palette_offers_finishing(data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE):
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        (command,) = [c for c in reader_commands(screen) if c[0].startswith("Mark the document")]
        done = command[2]()
        assert inspect.isawaitable(done)
        await done
        assert app.session.finished is not None


async def test_the_document_list_shows_which_documents_are_finished(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(2):
        (folder / f"release-{i}.txt").write_text(
            f"Release {i} opens. It has a second sentence.\n", encoding="utf-8"
        )
    entries = tuple(discover_corpus([folder]))
    workspace = Workspace(DataDir(tmp_path / "data"), "tester", DEFAULT_CODEBOOK)
    app = AnnotatorApp(workspace, None, corpus=entries)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await pilot.press("escape", "1", "D", "L")
        await wait_for_workers(pilot)
        screen = app.screen
        assert isinstance(screen, CorpusScreen)
        table = screen.query_one(DocumentTable)
        coded = [table.get_row_at(row)[3] for row in range(table.row_count)]
        assert [c.plain if isinstance(c, Text) else str(c) for c in coded] == [
            "1/2 ✓",
            "",
        ]
        await pilot.press("escape", "D", "L")  # re-opened
        await wait_for_workers(pilot)
        table = app.screen.query_one(DocumentTable)
        cell = table.get_row_at(0)[3]
        assert isinstance(cell, Text) and cell.plain == "1/2"
