"""Slow work off the UI thread: corpus progress, the export key and the wait on quitting.

Each test holds the slow part (reading progress, writing the CSV, the store's write) on a
``threading.Event`` it sets itself, checks that the screen is shown and keys still work
meanwhile, then lets the work finish and checks what the screen says.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.workspace import Workspace
from annotator.store import DataDir
from annotator.store import progress as progress_module
from annotator.store import storage as storage_module
from annotator.text.corpus import discover_corpus
from annotator.text.document import Document, load_document
from annotator.ui import exporting
from annotator.ui.app import AnnotatorApp
from annotator.ui.reader.view import ReaderView
from annotator.ui.screens.corpus_screen import CorpusScreen
from annotator.ui.screens.reader_screen import ReaderScreen
from annotator.ui.widgets.document_table import DocumentTable
from annotator.ui.widgets.status_bar import StatusBar
from tests.helpers import make_app, wait_for_workers

SIZE = (120, 36)
WAIT = 10.0
"""Seconds a held worker waits for the test at most (a failing test must not hang)."""


def _status(app: Any) -> str:
    return str(app.screen.query_one(StatusBar).render())


def _coded_column(screen: CorpusScreen) -> list[str]:
    table = screen.query_one(DocumentTable)
    cells = (table.get_row_at(row)[3] for row in range(table.row_count))
    return [cell.plain if isinstance(cell, Text) else str(cell) for cell in cells]


def _corpus_app(tmp_path: Path, count: int) -> AnnotatorApp:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(count):
        (folder / f"release-{i}.txt").write_text(
            f"Release {i} opens. It has a second sentence.\n", encoding="utf-8"
        )
    entries = tuple(discover_corpus([folder]))
    workspace = Workspace(DataDir(tmp_path / "data"), "tester", DEFAULT_CODEBOOK)
    return AnnotatorApp(workspace, None, corpus=entries)


async def test_the_document_list_is_shown_before_its_progress_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _corpus_app(tmp_path, 3)
    release = threading.Event()
    read = Workspace.progress

    def held(self: Workspace, entries: Any) -> Any:
        assert release.wait(WAIT)
        return read(self, entries)

    monkeypatch.setattr(Workspace, "progress", held)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CorpusScreen)
        assert _coded_column(screen) == ["…", "…", "…"]
        await pilot.press("down")  # the list answers keys while progress is read
        assert screen.query_one(DocumentTable).cursor_row == 1
        release.set()
        await wait_for_workers(pilot)
        # No document is opened by listing them: none has a store file yet.
        assert _coded_column(screen) == ["", "", ""]
        assert screen.query_one(DocumentTable).cursor_row == 1, "the cursor stays where it was"


async def test_the_list_shown_again_rereads_only_changed_store_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = _corpus_app(tmp_path, 3)
    parsed: list[Path] = []
    parse = progress_module._file_progress

    def counting(path: Path, data: bytes) -> progress_module.FileProgress:
        parsed.append(path)
        return parse(path, data)

    monkeypatch.setattr(progress_module, "_file_progress", counting)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await pilot.press("enter")  # opens release-0
        await pilot.press("right_square_bracket")  # release-1
        await wait_for_workers(pilot)
        await pilot.press("1", "L")
        await wait_for_workers(pilot)
        screen = app.screen
        assert isinstance(screen, CorpusScreen)
        assert _coded_column(screen) == ["0/2", "1/2", ""]
        first = len(parsed)
        await pilot.press("escape", "L")
        await wait_for_workers(pilot)
        assert len(parsed) == first, "nothing changed: no store file parsed again"
        await pilot.press("escape", "j", "1", "L")
        await wait_for_workers(pilot)
        screen = app.screen
        assert isinstance(screen, CorpusScreen)
        assert _coded_column(screen) == ["0/2", "2/2", ""]
        assert len(parsed) == first + 1, "only the file just written is parsed again"


async def test_export_runs_in_a_worker_and_reports_in_the_status_bar(
    data_dir: DataDir, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "release.txt"
    path.write_text("First claim here. Second one.\n\nNext paragraph.\n", encoding="utf-8")
    app = make_app(data_dir, load_document(path))
    release = threading.Event()
    write = exporting.export_document_csv

    def held(*args: Any, **options: Any) -> tuple[int, int]:
        assert release.wait(WAIT)
        return write(*args, **options)

    monkeypatch.setattr(exporting, "export_document_csv", held)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "E")
        assert "exporting…" in _status(app)
        await pilot.press("j")  # keys work while the export waits
        assert app.screen.query_one(ReaderView).cursor == 1
        await pilot.press("E")
        await pilot.pause()
        assert any("already running" in n.message for n in app._notifications)
        release.set()
        await wait_for_workers(pilot)
        assert "exported 1 row" in _status(app)
        assert any(n.message.startswith("Wrote 1 row to") for n in app._notifications)
    header, row = (tmp_path / "release.annotations.csv").read_text(encoding="utf-8").splitlines()
    assert header.startswith("document,") and ",First claim here.,claim," in row


async def test_an_export_that_cannot_be_written_says_so(
    data_dir: DataDir, sample: Document, tmp_path: Path
) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        screen.export.export_to(tmp_path / "missing-folder" / "out.csv")
        await wait_for_workers(pilot)
        assert "export failed" in _status(app)
        assert any(n.message.startswith("Could not write") for n in app._notifications)


async def test_quit_waits_for_the_writes_off_the_ui_thread(
    data_dir: DataDir, sample: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(data_dir, sample)
    release = threading.Event()
    write = storage_module.atomic_write_bytes

    def held(path: Path, data: bytes, **options: Any) -> None:
        assert release.wait(WAIT)
        write(path, data, **options)

    monkeypatch.setattr(storage_module, "atomic_write_bytes", held)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1", "q")
        assert app.is_running
        assert "● saving…" in _status(app)
        await pilot.press("j", "2")  # the coder can still work while the app waits
        assert app.session.tags(1) == ["assertion"]
        release.set()
        # The edit made while waiting may need a second wait on its own write: wait
        # for each quit worker in turn until the app has ended (a bounded number).
        for _ in range(5):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if app.return_code is not None:
                break
    assert app.return_code == 0
    reopened = make_app(data_dir, sample)
    assert reopened.session.tags(0) == ["claim"]
    assert reopened.session.tags(1) == ["assertion"], "an edit made while waiting is kept"
    assert reopened.session.close()
