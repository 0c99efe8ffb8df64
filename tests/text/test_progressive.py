"""Large documents: the beginning first, the rest in the background, nothing lost."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.completing import WholeDocument
from annotator.coding.opening import open_session
from annotator.coding.session import CodingSession
from annotator.coding.workspace import Workspace
from annotator.store import DataDir
from annotator.text.document import Document
from annotator.text.overrides import EMPTY
from annotator.text.progressive import (
    LARGE_CHARS,
    PendingDocument,
    load_progressively,
    prefix_end,
)
from annotator.ui.app import AnnotatorApp, DocumentCompleted
from annotator.ui.reader.view import ReaderView
from annotator.ui.screens.reader_screen import ReaderScreen
from tests.helpers import DATA, wait_for_workers

BOOK = DATA / "corpus" / "en_book_gutenberg1404_federalist_papers.txt"
WAIT = 120.0
"""Seconds at most for background segmentation (a bound for a failing test, not a pause)."""


def _app(
    data_dir: DataDir, partial: Document, pending: PendingDocument | None
) -> tuple[AnnotatorApp, CodingSession]:
    workspace = Workspace(data_dir, "tester", DEFAULT_CODEBOOK)
    session = workspace.open(partial)
    return AnnotatorApp(workspace, session, pending=pending), session


def _whole_document_shown(monkeypatch: pytest.MonkeyPatch) -> asyncio.Event:
    """Set once the app has swapped in the whole document (segmented by a worker that
    starts after the first frame)."""
    shown = asyncio.Event()
    handle = AnnotatorApp.on_document_completed

    def handled(app: AnnotatorApp, message: DocumentCompleted) -> None:
        handle(app, message)
        shown.set()

    monkeypatch.setattr(AnnotatorApp, "on_document_completed", handled)
    return shown


def test_prefix_end_prefers_a_paragraph_break() -> None:
    text = "word " * 10 + "\n\n" + "more " * 10
    assert prefix_end(text, 30) == text.index("\n\n")
    assert prefix_end("short", 20) == len("short")
    assert prefix_end("x" * 100, 20) == 20


def test_book_opens_partly_and_the_beginning_matches_the_whole() -> None:
    partial, pending = load_progressively(BOOK)
    assert pending is not None and not partial.complete
    full = pending.build()
    assert full.complete and full.doc_id == partial.doc_id
    assert 0 < len(partial.sentences) < len(full.sentences)
    assert full.sentences[: len(partial.sentences)] == partial.sentences


def test_small_documents_are_segmented_at_once(tmp_path: Path) -> None:
    path = tmp_path / "small.txt"
    path.write_text("One sentence. Another.\n")
    document, pending = load_progressively(path)
    assert pending is None and document.complete and len(document.sentences) == 2


def test_annotations_beyond_the_beginning_are_placed_when_the_rest_arrives(
    data_dir: DataDir,
) -> None:
    partial, pending = load_progressively(BOOK)
    assert pending is not None
    full = pending.build()
    late = len(full.sentences) - 5
    session = open_session(data_dir, full, DEFAULT_CODEBOOK, "tester")
    session.toggle_tag(3, "claim")
    session.toggle_tag(late, "appeal")
    session.store.close()

    reopened = open_session(data_dir, partial, DEFAULT_CODEBOOK, "tester")
    assert reopened.tags(3) == ["claim"]
    assert len(reopened.unplaced) == 1  # not yet: its sentence is not segmented
    reopened.toggle_tag(4, "statistic")  # coding goes on meanwhile
    reopened.complete_document(full)
    assert reopened.unplaced == []
    assert reopened.tags(late) == ["appeal"]
    assert reopened.tags(3) == ["claim"] and reopened.tags(4) == ["statistic"]
    reopened.store.close()


async def test_cursor_keys_work_while_the_rest_is_segmented(
    data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert BOOK.stat().st_size > LARGE_CHARS
    partial, pending = load_progressively(BOOK)
    app, session = _app(data_dir, partial, pending)
    whole_shown = _whole_document_shown(monkeypatch)
    async with app.run_test(size=(120, 36)) as pilot:
        reader = app.screen.query_one(ReaderView)
        await pilot.press("j", "j", "j")
        assert reader.cursor == 3
        await asyncio.wait_for(whole_shown.wait(), WAIT)
        await wait_for_workers(pilot)
        assert app.pending is None, "background segmentation did not finish"
        assert session.document.complete
        assert reader.cursor == 3
        await pilot.press("G")
        assert reader.cursor == len(session.document.sentences) - 1
        assert data_dir.catalog()[0].sentences == len(session.document.sentences)


async def test_a_one_megabyte_paragraph_without_a_full_stop_stays_responsive(
    data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotator.text.progressive import split_for_display

    text = ("lorem ipsum dolor sit amet, consectetur adipiscing " * 21000)[:1_000_000]
    partial, pending = split_for_display(text + "\n", name="run-on.txt")
    assert pending is not None
    app, session = _app(data_dir, partial, pending)
    whole_shown = _whole_document_shown(monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        await asyncio.wait_for(whole_shown.wait(), WAIT)
        await wait_for_workers(pilot)
        assert app.pending is None
        await pilot.press("G", "g", "f", "f")
        reader = app.screen.query_one(ReaderView)
        assert reader.cursor == 0
        assert session.document.sentence_text(0) == text.strip()
        assert session.tags(0) == ["claim"]


async def test_a_split_made_while_the_rest_is_segmented_survives_completion(
    data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker segments with the corrections saved when it started; a split saved
    since then must still be there, with its codes, once the whole document arrives."""
    monkeypatch.setattr(AnnotatorApp, "_start_segmenting", lambda self: None)
    partial, pending = load_progressively(BOOK)
    assert pending is not None
    app, session = _app(data_dir, partial, pending)
    whole_shown = _whole_document_shown(monkeypatch)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        first = partial.sentences[0]
        offset = first.start + partial.text[first.start : first.end].index(" ", 10) + 1
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        screen.editing.split_at(0, offset)  # as the split picker does
        session.toggle_tag(1, "claim")
        assert session.document.sentences[1].start == offset
        # What the worker produced from the corrections it read before the split.
        app.post_message(DocumentCompleted(WholeDocument(pending.build(EMPTY), EMPTY)))
        await asyncio.wait_for(whole_shown.wait(), WAIT)
        assert session.document.complete
        assert session.document.sentences[1].start == offset
        assert session.tags(1) == ["claim"]
        assert not session.unplaced


async def test_a_damaged_corrections_file_does_not_stop_background_segmentation(
    data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    partial, pending = load_progressively(BOOK)
    data_dir.segmentation_path(partial.doc_id).parent.mkdir(parents=True, exist_ok=True)
    data_dir.segmentation_path(partial.doc_id).write_text("not json", encoding="utf-8")
    app, session = _app(data_dir, partial, pending)
    whole_shown = _whole_document_shown(monkeypatch)
    async with app.run_test(size=(120, 36)) as pilot:
        await asyncio.wait_for(whole_shown.wait(), WAIT)
        await wait_for_workers(pilot)
        assert app.pending is None and app.is_running
        assert session.document.complete
