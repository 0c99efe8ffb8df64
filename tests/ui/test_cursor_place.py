"""Issue 17 item 3: the reader comes back to the sentence the coder was on.

The place is kept per coder per document, in the coder's store file. It is remembered in
memory as the cursor moves and written when the coder leaves the document (quits, or
moves to another one with ``[``/``]``) and on an idle timer, never once per keystroke.
"""

from __future__ import annotations

from pathlib import Path

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.workspace import Workspace
from annotator.store import DataDir
from annotator.text.corpus import discover_corpus
from annotator.text.document import Document
from annotator.ui.app import AnnotatorApp
from annotator.ui.screens.corpus_screen import CorpusScreen
from annotator.ui.screens.reader_screen import ReaderScreen
from tests.helpers import make_app, wait_for_workers

SIZE = (120, 36)


def _reader(app: AnnotatorApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


async def test_reopening_a_document_starts_where_the_coder_left(
    data_dir: DataDir, sample: Document
) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        before = app.session.store.last_seq
        await pilot.press(*["j"] * 5)
        assert _reader(app).reader.cursor == 5
        assert app.session.store.last_seq == before, "moving writes nothing"
        await pilot.press("q")
        await wait_for_workers(pilot)
    again = make_app(data_dir, sample)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert _reader(again).reader.cursor == 5
        assert _reader(again).side_panel.is_mounted
    other = make_app(data_dir, sample, coder="someone else")
    async with other.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert _reader(other).reader.cursor == 0, "the place is each coder's own"


async def test_coming_back_with_brackets_returns_to_the_place(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for i in range(2):
        sentences = " ".join(f"Sentence {n} of release {i}." for n in range(6))
        (folder / f"release-{i}.txt").write_text(sentences + "\n", encoding="utf-8")
    entries = tuple(discover_corpus([folder]))
    workspace = Workspace(DataDir(tmp_path / "data"), "tester", DEFAULT_CODEBOOK)
    app = AnnotatorApp(workspace, None, corpus=entries)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        assert isinstance(app.screen, CorpusScreen)
        await pilot.press("escape")
        await pilot.press("j", "j", "j")
        assert _reader(app).reader.cursor == 3
        await pilot.press("right_square_bracket")
        await wait_for_workers(pilot)
        assert app.session.document.name == "release-1.txt"
        assert _reader(app).reader.cursor == 0
        await pilot.press("j")
        await pilot.press("left_square_bracket")
        await wait_for_workers(pilot)
        assert app.session.document.name == "release-0.txt"
        assert _reader(app).reader.cursor == 3
        await pilot.press("right_square_bracket")
        await wait_for_workers(pilot)
        assert _reader(app).reader.cursor == 1


async def test_saving_the_place_writes_only_a_moved_cursor(
    data_dir: DataDir, sample: Document
) -> None:
    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j")
        assert app.session.save_cursor(), "the timer's call queues the new place"
        assert not app.session.save_cursor(), "and nothing more until it moves again"
        assert app.session.flush(5)
        work = data_dir.work(sample.doc_id, "tester")
        assert work is not None and work.cursor == sample.sentences[2].start
