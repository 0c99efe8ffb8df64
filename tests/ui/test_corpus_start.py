"""A corpus starts with its list (issue 15): no document is read, and no store file
written, until the coder opens one; the list then behaves as it does over a reader."""

from __future__ import annotations

import asyncio
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.session import CodingSession
from annotator.coding.workspace import Workspace
from annotator.store import DataDir
from annotator.text.corpus import CorpusEntry, discover_corpus
from annotator.ui.app import AnnotatorApp
from annotator.ui.screens.corpus_screen import NAME_WIDTH, CorpusScreen, _name_width
from annotator.ui.screens.reader_screen import ReaderScreen
from annotator.ui.sitting import NoDocumentOpen
from tests.helpers import DATA, wait_for_workers

SIZE = (100, 30)
WAIT = 60.0
"""Seconds a held worker waits for the test to let it go."""
BOOK = DATA / "corpus" / "en_book_gutenberg1404_federalist_papers.txt"


def _corpus(tmp_path: Path, texts: dict[str, bytes]) -> tuple[tuple[CorpusEntry, ...], DataDir]:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, data in texts.items():
        (folder / name).write_bytes(data)
    return tuple(discover_corpus([folder])), DataDir(tmp_path / "data")


def _store_files(data_dir: DataDir) -> list[Path]:
    return (
        sorted(p for p in data_dir.root.rglob("*") if p.is_file()) if data_dir.root.exists() else []
    )


TWO = {"a.txt": b"One sentence. Another.\n", "b.txt": b"Third one. And a fourth.\n"}


def _list_app(tmp_path: Path, **options: Any) -> tuple[AnnotatorApp, DataDir]:
    """The app on a corpus of ``TWO``, with no document open: the list comes first."""
    entries, data_dir = _corpus(tmp_path, TWO)
    workspace = Workspace(data_dir, "tester", DEFAULT_CODEBOOK)
    return AnnotatorApp(workspace, None, corpus=entries, **options), data_dir


async def test_the_list_is_the_first_screen_and_nothing_is_opened_until_chosen(
    tmp_path: Path,
) -> None:
    app, data_dir = _list_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        assert isinstance(app.screen, CorpusScreen)
        assert len(app.screen_stack) == 1
        assert app.sitting.open_session is None
        assert app.title == "annotator — 2 documents"
        with pytest.raises(NoDocumentOpen):
            _ = app.session
        assert _store_files(data_dir) == [], "listing wrote nothing"
        await pilot.press("down", "enter")
        await wait_for_workers(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert len(app.screen_stack) == 1, "the reader replaced the list"
        assert app.session.document.name == "b.txt"
        assert app.title == "annotator — b.txt"


async def test_escape_on_the_first_list_opens_the_first_document(tmp_path: Path) -> None:
    app, _ = _list_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await pilot.press("escape")
        await wait_for_workers(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.session.document.name == "a.txt"


async def test_choosing_the_open_document_in_the_list_goes_back_to_its_reader(
    tmp_path: Path,
) -> None:
    """Over a reader (``L``), enter on the open document dismisses the list: the
    document is not opened again."""
    app, _ = _list_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await pilot.press("enter")
        await wait_for_workers(pilot)
        reader, session = app.screen, app.session
        assert isinstance(reader, ReaderScreen)
        await pilot.press("L")
        await wait_for_workers(pilot)
        assert isinstance(app.screen, CorpusScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is reader
        assert app.session is session


async def test_quitting_from_the_first_list_ends_the_app_at_once(tmp_path: Path) -> None:
    app, data_dir = _list_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert _store_files(data_dir) == []


async def test_a_document_that_cannot_be_read_leaves_the_list_with_a_notice(
    tmp_path: Path,
) -> None:
    """The first document is not read before the app starts, so one that cannot be read
    (gone since it was listed) is said in the list, which stays for another choice."""
    app, _ = _list_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        (tmp_path / "corpus" / "a.txt").unlink()
        await pilot.press("enter")
        await wait_for_workers(pilot)
        assert isinstance(app.screen, CorpusScreen)
        assert app.sitting.open_session is None
        (notice,) = app._notifications
        assert notice.message.startswith("Cannot open a.txt")
        await pilot.press("down", "enter")
        await wait_for_workers(pilot)
        assert isinstance(app.screen, ReaderScreen)


async def test_the_corpus_language_applies_to_every_document_opened(tmp_path: Path) -> None:
    app, _ = _list_app(tmp_path, lang="de")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await pilot.press("down", "enter")
        await wait_for_workers(pilot)
        assert app.session.document.lang == "de"


def test_the_name_column_is_as_wide_as_the_widest_name_as_shown() -> None:
    assert _name_width(["a.txt", "release-10.txt"]) == len("release-10.txt")
    assert _name_width([]) == 0
    # Wide characters take two columns; a control character is shown as one symbol.
    assert _name_width(["a.txt", "東京.txt"]) == 8
    assert _name_width(["a\x1b[31m.txt"]) == len("a?[31m.txt")
    assert _name_width(["x" * 500]) == NAME_WIDTH


def test_an_app_with_neither_a_document_nor_a_corpus_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="a document to show, or a corpus"):
        AnnotatorApp(Workspace(DataDir(tmp_path / "data"), "tester", DEFAULT_CODEBOOK), None)


async def test_a_large_document_opened_from_the_list_says_it_is_being_segmented(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader of a large document opened from the list says "segmenting…" from its
    first frame, not only from the worker's first report."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(BOOK, folder / "book.txt")
    entries = tuple(discover_corpus([folder]))
    started, release = threading.Event(), threading.Event()
    segment = CodingSession.segment_rest

    def held(self: CodingSession, pending: Any, progress: Any = None) -> Any:
        started.set()
        assert release.wait(WAIT)
        return segment(self, pending, progress=progress)

    monkeypatch.setattr(CodingSession, "segment_rest", held)
    workspace = Workspace(DataDir(tmp_path / "data"), "tester", DEFAULT_CODEBOOK)
    app = AnnotatorApp(workspace, None, corpus=entries)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await pilot.press("enter")
        # The worker has started: the reader was told before it was started.
        assert await asyncio.to_thread(started.wait, WAIT)
        await pilot.pause()
        screen = app.screen
        try:
            assert isinstance(screen, ReaderScreen)
            assert "segmenting" in str(screen.status_bar.render())
        finally:
            release.set()
        await wait_for_workers(pilot)
        assert app.session.document.complete
        assert "segmenting" not in str(screen.status_bar.render())
