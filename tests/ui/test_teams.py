"""The reader in a project: blind coding, the other coders' codes once allowed, the coder's
assigned documents as the corpus with their states, and the data directory in the
status bar."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text

from annotator.cli.main import run_cli
from annotator.codebook.discovery import discover_codebook
from annotator.coding.open_request import OpenRequest
from annotator.coding.workspace import Workspace
from annotator.settings.paths import DATA_DIR_ENV, locate_data_dir
from annotator.store import DataDir
from annotator.text.document import load_document
from annotator.ui.app import AnnotatorApp
from annotator.ui.others import BLIND
from annotator.ui.screens.corpus_screen import CorpusScreen
from annotator.ui.screens.reader_screen import ReaderScreen
from annotator.ui.widgets.document_table import DocumentTable
from annotator.ui.widgets.text_lines import TextLines
from tests.helpers import make_project, wait_for_workers

WAIT = 10.0
"""Seconds a held read waits for the test to let it go."""
SIZE = (140, 36)


@pytest.fixture(autouse=True)
def _no_data_dir_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(DATA_DIR_ENV)


def workspace_for(folder: Path, coder: str) -> Workspace:
    location = locate_data_dir(None, folder)
    return Workspace(
        DataDir.at(location), coder, discover_codebook(start=folder), location=location
    )


def code_as(folder: Path, coder: str, document: Path, code: str, *, finish: bool) -> None:
    session = workspace_for(folder, coder).open(load_document(document))
    session.toggle_tag(0, code)
    session.set_note(0, f"{coder}'s reason")
    if finish:
        session.set_finished(True)
    assert session.close()


def reader_app(folder: Path, coder: str, document: Path) -> AnnotatorApp:
    workspace = workspace_for(folder, coder)
    return AnnotatorApp(workspace, workspace.open(load_document(document)))


def screen_of(app: AnnotatorApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def others_shown(app: AnnotatorApp) -> str | None:
    panel = screen_of(app).side_panel
    if not panel.has_class("-others"):
        return None
    return panel.query_one("#others", TextLines).text.plain


def notices(app: AnnotatorApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_blind_by_default_and_the_others_once_finished(tmp_path: Path) -> None:
    folder = make_project(tmp_path / "p", documents=1)
    document = folder / "texts" / "release-1.txt"
    code_as(folder, "ana", document, "claim", finish=True)
    app = reader_app(folder, "ben", document)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert others_shown(app) is None
        await pilot.press("O")
        assert others_shown(app) is None
        assert BLIND in notices(app)
        await pilot.press("D", "O")
        shown = others_shown(app)
        assert shown is not None
        assert "ana" in shown and "claim" in shown and "ana's reason" in shown
        await pilot.press("j")
        assert "no code" in (others_shown(app) or "")
        await pilot.press("k", "D")  # re-opened: blind again
        assert others_shown(app) is None


async def test_not_blind_shows_the_others_from_the_start(tmp_path: Path) -> None:
    folder = make_project(tmp_path / "p", documents=1, blind=False)
    document = folder / "texts" / "release-1.txt"
    code_as(folder, "ana", document, "appeal", finish=False)
    app = reader_app(folder, "ben", document)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)  # the others' files are read by a worker
        shown = others_shown(app)
        assert shown is not None and "ana (not finished)" in shown and "appeal" in shown
        await pilot.press("O")
        assert others_shown(app) is None
        await pilot.press("O")
        assert others_shown(app) is not None


async def test_the_others_are_read_off_the_ui_thread_and_o_first_decides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At opening a worker reads the other coders' files; if ``O`` hides them before the
    worker's answer arrives, the late answer does not show them again."""
    folder = make_project(tmp_path / "p", documents=1, blind=False)
    document = folder / "texts" / "release-1.txt"
    code_as(folder, "ana", document, "appeal", finish=False)
    release = threading.Event()
    threads: list[int] = []
    peers = Workspace.peers

    def held(self: Workspace, session: Any) -> Any:
        threads.append(threading.get_ident())
        if len(threads) == 1:  # the worker's read waits; the read ``O`` makes does not
            assert release.wait(WAIT)
        return peers(self, session)

    monkeypatch.setattr(Workspace, "peers", held)
    app = reader_app(folder, "ben", document)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert others_shown(app) is None, "nothing before the worker's answer"
        await pilot.press("O")  # read now, on the UI thread: shown
        assert others_shown(app) is not None
        await pilot.press("O")  # and hidden
        release.set()
        await wait_for_workers(pilot)
        assert others_shown(app) is None, "the late answer changed nothing"
        assert threads[0] != threading.get_ident() and threads[1] == threading.get_ident()


async def test_the_coders_own_codes_never_appear_among_the_others(tmp_path: Path) -> None:
    folder = make_project(tmp_path / "p", documents=1, blind=False)
    document = folder / "texts" / "release-1.txt"
    code_as(folder, "ben", document, "claim", finish=False)
    app = reader_app(folder, "ben", document)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert others_shown(app) is None
        await pilot.press("O")
        assert "No other coder has coded this document yet." in notices(app)


async def test_the_status_bar_says_which_data_directory_is_in_force(tmp_path: Path) -> None:
    folder = make_project(tmp_path / "p", documents=1)
    app = reader_app(folder, "ben", folder / "texts" / "release-1.txt")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        bar = screen_of(app).status_bar.text.plain
        assert "coder: ben · data: press/coding" in bar


def request_in_project(folder: Path, monkeypatch: pytest.MonkeyPatch, coder: str) -> OpenRequest:
    """What ``annotator`` (no path) run in the project asks the reader to open."""
    captured: list[OpenRequest] = []

    def launch(request: OpenRequest) -> int:
        captured.append(request)
        return 0

    monkeypatch.chdir(folder / "texts")
    monkeypatch.setenv("ANNOTATOR_NAME", coder)
    assert run_cli([], launch=launch) == 0
    (request,) = captured
    return request


def state_column(screen: CorpusScreen) -> list[tuple[str, str]]:
    table = screen.query_one(DocumentTable)
    rows = [table.get_row_at(row) for row in range(table.row_count)]
    return [
        (cell(row[1]), cell(row[2]))
        for row in rows  # (document, state)
    ]


def cell(value: Any) -> str:
    return value.plain if isinstance(value, Text) else str(value)


async def test_annotator_in_a_project_opens_the_assigned_documents_with_their_states(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_project(tmp_path / "p", documents=5)
    monkeypatch.chdir(folder)
    assert run_cli(["assign", "--coders", "ana,ben", "--overlap", "0.4"], launch=print) == 0
    request = request_in_project(folder, monkeypatch, "ana")
    names = [entry.name for entry in request.corpus]
    rows = (folder / "assignments.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert names == sorted(
        (row.split(",")[0] for row in rows if row.endswith(",ana")),
        key=lambda n: int(n.split("-")[1].split(".")[0]),
    )
    assert request.location is not None and request.location.source == "project"
    assert request.document is None, "a corpus starts with its list: no document read"
    code_as(folder, "ana", request.corpus[0].path, "claim", finish=True)
    code_as(folder, "ana", request.corpus[1].path, "claim", finish=False)
    code_as(folder, "ben", request.corpus[2].path, "claim", finish=True)  # not ana's start
    workspace = Workspace(
        request.data_dir, request.coder, request.codebook, location=request.location
    )
    app = AnnotatorApp(workspace, None, corpus=request.corpus)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        screen = app.screen
        assert isinstance(screen, CorpusScreen)
        states = [state for _, state in state_column(screen)]
        assert states[:2] == ["finished", "in progress"]
        assert set(states[2:]) == {"not started"}
        assert [name for name, _ in state_column(screen)] == names


def test_a_coder_with_no_assigned_document_is_told_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_project(tmp_path / "p", documents=2)
    monkeypatch.chdir(folder)
    assert run_cli(["assign", "--coders", "ana,ben"], launch=print) == 0
    capsys.readouterr()
    monkeypatch.setenv("ANNOTATOR_NAME", "zed")
    assert run_cli([], launch=print) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "'zed' has no documents in assignments.csv" in line and "ana, ben" in line


def test_without_assignments_the_project_opens_every_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_project(tmp_path / "p", documents=3)
    request = request_in_project(folder, monkeypatch, "ana")
    assert [e.name for e in request.corpus] == [f"texts/release-{n}.txt" for n in (1, 2, 3)]


def test_a_document_gone_from_the_project_is_named_and_the_rest_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_project(tmp_path / "p", documents=3)
    monkeypatch.chdir(folder)
    assert run_cli(["assign", "--coders", "ana,ben", "--overlap", "1"], launch=print) == 0
    (folder / "texts" / "release-2.txt").unlink()
    capsys.readouterr()
    request = request_in_project(folder, monkeypatch, "ana")
    assert [e.name for e in request.corpus] == ["texts/release-1.txt", "texts/release-3.txt"]
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("annotator: warning:") and "texts/release-2.txt" in line
