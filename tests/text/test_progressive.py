"""Large documents: the beginning first, the rest in the background, nothing lost."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.session import open_session
from annotator.store import DataDir
from annotator.text.overrides import EMPTY, split_at
from annotator.text.progressive import LARGE_CHARS, load_progressively, prefix_end
from annotator.ui.app import AnnotatorApp, DocumentCompleted
from annotator.ui.reader.view import ReaderView
from annotator.ui.screens.reader_screen import ReaderScreen
from tests.helpers import DATA

BOOK = DATA / "corpus" / "en_book_gutenberg1404_federalist_papers.txt"


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


async def test_cursor_keys_work_while_the_rest_is_segmented(data_dir: DataDir) -> None:
    assert BOOK.stat().st_size > LARGE_CHARS
    partial, pending = load_progressively(BOOK)
    session = open_session(data_dir, partial, DEFAULT_CODEBOOK, "tester")
    app = AnnotatorApp(session, data_dir, pending=pending)
    async with app.run_test(size=(120, 36)) as pilot:
        reader = app.screen.query_one(ReaderView)
        await pilot.press("j", "j", "j")
        assert reader.cursor == 3
        for _ in range(200):
            if app.pending is None:
                break
            await asyncio.sleep(0.05)
        assert app.pending is None, "background segmentation did not finish"
        await pilot.pause()
        assert session.document.complete
        assert reader.cursor == 3
        await pilot.press("G")
        assert reader.cursor == len(session.document.sentences) - 1
        assert data_dir.catalog()[0].sentences == len(session.document.sentences)


async def test_a_one_megabyte_paragraph_without_a_full_stop_stays_responsive(
    data_dir: DataDir,
) -> None:
    from annotator.text.progressive import split_for_display

    text = ("lorem ipsum dolor sit amet, consectetur adipiscing " * 21000)[:1_000_000]
    partial, pending = split_for_display(text + "\n", name="run-on.txt")
    assert pending is not None
    session = open_session(data_dir, partial, DEFAULT_CODEBOOK, "tester")
    app = AnnotatorApp(session, data_dir, pending=pending)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1")
        for _ in range(200):
            if app.pending is None:
                break
            await asyncio.sleep(0.05)
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
    session = open_session(data_dir, partial, DEFAULT_CODEBOOK, "tester")
    app = AnnotatorApp(session, data_dir, pending=pending)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        first = partial.sentences[0]
        offset = first.start + partial.text[first.start : first.end].index(" ", 10) + 1
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        screen._resegment(split_at(EMPTY, offset), offset)
        session.toggle_tag(1, "claim")
        assert session.document.sentences[1].start == offset
        # What the worker produced from the corrections it read before the split.
        app.post_message(DocumentCompleted(pending.build(EMPTY), EMPTY))
        for _ in range(100):
            if session.document.complete:
                break
            await asyncio.sleep(0.05)
        assert session.document.complete
        assert session.document.sentences[1].start == offset
        assert session.tags(1) == ["claim"]
        assert not session.unplaced


async def test_a_damaged_corrections_file_does_not_stop_background_segmentation(
    data_dir: DataDir,
) -> None:
    partial, pending = load_progressively(BOOK)
    data_dir.segmentation_path(partial.doc_id).parent.mkdir(parents=True, exist_ok=True)
    data_dir.segmentation_path(partial.doc_id).write_text("not json", encoding="utf-8")
    session = open_session(data_dir, partial, DEFAULT_CODEBOOK, "tester")
    app = AnnotatorApp(session, data_dir, pending=pending)
    async with app.run_test(size=(120, 36)):
        for _ in range(200):
            if app.pending is None:
                break
            await asyncio.sleep(0.05)
        assert app.pending is None and app.is_running
        assert session.document.complete
