"""An edited file in the reader: the coding carried over on open, and the review screen."""

from __future__ import annotations

import asyncio
import inspect
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

from annotator.store import DataDir
from annotator.text.document import Document
from annotator.ui.palette import reader_commands
from annotator.ui.screens.reader_screen import ReaderScreen
from annotator.ui.screens.review_screen import ReviewScreen
from annotator.ui.widgets.status_bar import StatusBar
from tests.helpers import code_then_edit, make_app, wait_for_workers

SIZE = (120, 36)


def _texts(document: Document) -> dict[str, int]:
    return {document.sentence_text(i): i for i in range(len(document.sentences))}


def _status(app: Any) -> str:
    return str(app.screen.query_one(StatusBar).render())


async def test_the_reader_carries_the_coding_over_when_it_opens_an_edited_file(
    tmp_path: Path, data_dir: DataDir
) -> None:
    before, after = code_then_edit(tmp_path / "doc.txt", data_dir)
    app = make_app(data_dir, after)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session = app.session
        texts = _texts(session.document)
        assert session.tags(texts["Alpha is first."]) == ["claim"]
        assert session.note(texts["Gamma is thrid."]) == "gamma note"  # a typo: fuzzy
        assert session.tags(texts["Delta is a rather long sentence that goes on."]) == ["statistic"]
        assert session.carried_over == 3
        assert "⚑ 2 to review" in _status(app)
        assert any("carried over to the new text" in n.message for n in app._notifications)
        assert session.flush(5)
    # Saved under the new version in one go; the old version's file keeps every record.
    work = data_dir.work(after.doc_id, "tester")
    assert work is not None and work.carried_from == before.doc_id
    assert {a.quote for a in work.annotations} == {
        "Alpha is first.",
        "Gamma is thrid.",
        "Delta is a rather long sentence that goes on.",
    }
    assert len(work.held) == 2
    old = data_dir.work(before.doc_id, "tester")
    assert old is not None and len(old.annotations) == 5
    # The catalog knows which version follows which.
    [entry] = [e for e in data_dir.catalog() if e.doc_id == after.doc_id]
    assert entry.previous == before.doc_id


async def test_r_lists_the_held_annotations_and_a_accepts_the_proposal(
    tmp_path: Path, data_dir: DataDir
) -> None:
    _, after = code_then_edit(tmp_path / "doc.txt", data_dir)
    app = make_app(data_dir, after)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("R")
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == 2
        assert [str(c) for c in table.get_row_at(0)][:3] == ["review", "0.56", "Beta is second."]
        assert str(table.get_row_at(1)[0]) == "orphan"
        await pilot.press("a")
        assert table.row_count == 1
        texts = _texts(app.session.document)
        assert app.session.tags(texts["Beta was edited."]) == ["appeal"]
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)
        assert "⚑ 1 to review" in _status(app)
        assert app.session.flush(5)
    work = data_dir.work(after.doc_id, "tester")
    assert work is not None and len(work.held) == 1
    assert "Beta is second." not in {a.quote for a in work.annotations}
    assert any(a.quote == "Beta was edited." and a.tags == ("appeal",) for a in work.annotations)


async def test_r_rejects_an_annotation_which_stays_an_orphan(
    tmp_path: Path, data_dir: DataDir
) -> None:
    before, after = code_then_edit(tmp_path / "doc.txt", data_dir)
    app = make_app(data_dir, after)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("R", "r")
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1  # Beta decided; Epsilon still undecided
        rejected = [o for o in app.session.held.orphaned if o.reason == "rejected by the coder"]
        assert [o.annotation.quote for o in rejected] == ["Beta is second."]
        await pilot.press("escape")
        assert app.session.flush(5)
    work = data_dir.work(after.doc_id, "tester")
    assert work is not None and len(work.rejected) == 1 and len(work.held) == 1
    old = data_dir.work(before.doc_id, "tester")
    assert old is not None and "Beta is second." in {a.quote for a in old.annotations}
    # Opened again, it is not proposed again: only Epsilon waits.
    again = make_app(data_dir, after)
    async with again.run_test(size=SIZE) as pilot:
        assert [i.annotation.quote for i in again.session.held.undecided] == [
            "Epsilon closes the text here."
        ]
        assert "⚑ 1 to review" in _status(again)


async def test_h_places_an_orphan_on_the_sentence_under_the_reader_s_cursor(
    tmp_path: Path, data_dir: DataDir
) -> None:
    _, after = code_then_edit(tmp_path / "doc.txt", data_dir)
    app = make_app(data_dir, after)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("G")  # the last sentence: "Something else entirely now."
        await pilot.press("R", "down")
        await pilot.press("a")  # nothing is proposed for an orphan: a says so
        assert app.screen.query_one(DataTable).row_count == 2
        assert any("Nothing is proposed" in n.message for n in app._notifications)
        await pilot.press("h")
        assert app.screen.query_one(DataTable).row_count == 1
        texts = _texts(app.session.document)
        assert app.session.tags(texts["Something else entirely now."]) == ["assertion"]
        await pilot.press("escape")
        assert app.session.flush(5)


async def test_g_closes_the_screen_on_the_proposed_sentence(
    tmp_path: Path, data_dir: DataDir
) -> None:
    _, after = code_then_edit(tmp_path / "doc.txt", data_dir)
    app = make_app(data_dir, after)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("R", "g")
        assert isinstance(app.screen, ReaderScreen)
        reader = app.screen.reader
        assert app.session.document.sentence_text(reader.cursor) == "Beta was edited."


async def test_r_with_nothing_held_says_so(data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("R")
        assert isinstance(app.screen, ReaderScreen)
        assert any("No annotation awaits review" in n.message for n in app._notifications)
        assert "to review" not in _status(app)


async def test_the_review_screen_is_in_the_palette(tmp_path: Path, data_dir: DataDir) -> None:
    _, after = code_then_edit(tmp_path / "doc.txt", data_dir)
    app = make_app(data_dir, after)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        [(_, help_text, run)] = [
            c for c in reader_commands(screen) if c[0].startswith("Review annotations held")
        ]
        assert "key R" in help_text
        done = run()
        assert inspect.isawaitable(done)
        await done
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


async def test_a_large_edited_file_takes_its_coding_once_it_is_whole(
    tmp_path: Path, data_dir: DataDir, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The carry needs every sentence: a large file opens with its beginning, and the
    coding arrives with the rest, re-anchored by the worker that segments it."""
    from annotator.codebook.model import DEFAULT_CODEBOOK
    from annotator.coding.workspace import Workspace
    from annotator.text.document import load_document
    from annotator.text.progressive import LARGE_CHARS, load_progressively
    from annotator.ui.app import AnnotatorApp, DocumentCompleted

    paragraphs = [f"Paragraph {n} says something of its own, number {n}." for n in range(3200)]
    path = tmp_path / "large.txt"
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    assert path.stat().st_size > LARGE_CHARS
    workspace = Workspace(data_dir, "tester", DEFAULT_CODEBOOK)
    first = workspace.open(load_document(path))
    first.toggle_tag(len(first.document.sentences) - 1, "claim")  # the very end
    assert first.close()
    path.write_text("A new first paragraph.\n\n" + path.read_text(encoding="utf-8"))

    partial, pending = load_progressively(path)
    assert pending is not None
    session = workspace.open(partial)
    assert session.carried is None  # not yet: the beginning only
    app = AnnotatorApp(workspace, session, pending=pending)
    whole = asyncio.Event()  # set once the app swapped the whole document in
    handle = AnnotatorApp.on_document_completed

    def handled(app: AnnotatorApp, message: DocumentCompleted) -> None:
        handle(app, message)
        whole.set()

    monkeypatch.setattr(AnnotatorApp, "on_document_completed", handled)
    async with app.run_test(size=SIZE) as pilot:
        await asyncio.wait_for(whole.wait(), 120)
        await wait_for_workers(pilot)
        assert app.pending is None and session.document.complete
        last = len(session.document.sentences) - 1
        assert session.tags(last) == ["claim"]
        assert session.carried is not None and session.carried_over == 1
        assert any("carried over to the new text" in n.message for n in app._notifications)
        assert session.flush(5)
    work = data_dir.work(session.document.doc_id, "tester")
    assert work is not None and len(work.annotations) == 1
