"""Adjudication mode in the reader (``annotator adjudicate``): n and N between disagreements,
code keys and enter on the reference layer, = and a number to take a coder's codes, and
the side panel naming what each coder said.

The coding (``tests.helpers.code_for_adjudication``) has ana and ben, who finished the
sample, disagree on every third sentence (0, 3, 6, ... 21); cem did not finish.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import TextArea

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.adjudication import plan_adjudication
from annotator.coding.document_coders import read_coders
from annotator.coding.open_request import OpenRequest
from annotator.store import DataDir
from annotator.text.document import Document
from annotator.ui.app import AnnotatorApp
from annotator.ui.dialogs.note_editor import NoteEditor
from annotator.ui.palette import reader_commands
from annotator.ui.run import run_app
from annotator.ui.screens.reader_screen import ReaderScreen
from annotator.ui.widgets.status_bar import StatusBar
from annotator.ui.widgets.text_lines import TextLines
from tests.helpers import code_for_adjudication, make_adjudication_app

SIZE = (120, 36)


def _screen(app: Any) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def _status(app: Any) -> str:
    return str(_screen(app).query_one(StatusBar).render())


def _coders_panel(app: Any) -> str:
    return _screen(app).side_panel.query_one("#coders", TextLines).text.plain


def _messages(app: Any) -> list[str]:
    return [n.message for n in app._notifications]


async def test_n_and_shift_n_go_to_the_disagreements(data_dir: DataDir, sample: Document) -> None:
    app = make_adjudication_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        reader = _screen(app).reader
        assert reader.cursor == 0
        await pilot.press("n")
        assert reader.cursor == 3
        await pilot.press("5", "n")  # 5 is no code key: a count
        assert reader.cursor == 18
        await pilot.press("N")
        assert reader.cursor == 15
        await pilot.press("G", "N")
        assert reader.cursor == 21
        await pilot.press("n")
        assert reader.cursor == 21
        assert "No disagreement below." in _messages(app)
        assert "ADJUDICATING" in _status(app) and "8 of 8 disagreements open" in _status(app)
    assert app.sitting.adjudication is not None and app.sitting.adjudication.close()


async def test_the_panel_shows_each_coder_by_name_and_number(
    data_dir: DataDir, sample: Document
) -> None:
    app = make_adjudication_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        panel = _coders_panel(app)
        assert "=1 ana" in panel and "=2 ben" in panel
        assert "=3 cem (not finished: not compared)" in panel
        assert "statistic" in panel and "claim" in panel  # ana's and ben's codes on 3
        assert "ben thinks it is borderline" in panel
        assert "Disagreement · open" in panel
        await pilot.press("j")
        assert "The finished coders agree" in _coders_panel(app)
        heading = _screen(app).side_panel.query_one("#codes-heading")
        assert "Reference codes (gold)" in str(heading.render())
        legend = _screen(app).side_panel.query_one("#legend", TextLines).text.plain
        assert "disagreement/code/filter" in legend and "untagged" not in legend
    assert app.sitting.adjudication is not None and app.sitting.adjudication.close()


async def test_code_keys_set_the_reference_and_decide_the_sentence(
    data_dir: DataDir, sample: Document
) -> None:
    app = make_adjudication_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        session = _screen(app).session
        assert session.coder == "gold"
        assert session.tags(1) == ["assertion"], "agreed: filled in already"
        await pilot.press("n", "1")
        assert session.tags(3) == ["claim"]
        assert "7 of 8 disagreements open" in _status(app)
        assert "Disagreement · decided" in _coders_panel(app)
    assert app.sitting.adjudication is not None and app.sitting.adjudication.close()


async def test_equals_and_a_number_take_that_coder_s_codes(
    data_dir: DataDir, sample: Document
) -> None:
    app = make_adjudication_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        session = _screen(app).session
        await pilot.press("n", "n")  # sentence 6: ana appeal, ben statistic
        await pilot.press("equals_sign")
        assert "=…" in _status(app)
        await pilot.press("1")
        assert session.tags(6) == ["appeal"]
        assert "Took ana's codes: appeal." in _messages(app)
        await pilot.press("equals_sign", "2")
        assert session.tags(6) == ["statistic"]
        await pilot.press("u")
        assert session.tags(6) == ["appeal"], "a take is one undoable change"
        await pilot.press("equals_sign", "9")
        assert session.tags(6) == ["appeal"]
        assert any(m.startswith("=: a coder's number, 1 to 3") for m in _messages(app))
        await pilot.press("equals_sign", "escape")
        assert "=…" not in _status(app)
        assert "7 of 8 disagreements open" in _status(app)
    assert app.sitting.adjudication is not None and app.sitting.adjudication.close()


async def test_enter_writes_the_adjudicator_s_note(data_dir: DataDir, sample: Document) -> None:
    app = make_adjudication_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "enter")
        assert isinstance(app.screen, NoteEditor)
        app.screen.query_one(TextArea).insert("The codebook says statistic.")
        await pilot.press("ctrl+s")
        session = _screen(app).session
        assert session.note(3) == "The codebook says statistic."
        assert "7 of 8 disagreements open" in _status(app)
        assert session.flush(5)
        work = data_dir.work(sample.doc_id, "gold")
        assert work is not None and work.reference
        assert sample.sentences[3].start in work.adjudicated
    assert app.sitting.adjudication is not None and app.sitting.adjudication.close()


async def test_the_palette_offers_each_coder_s_codes(data_dir: DataDir, sample: Document) -> None:
    app = make_adjudication_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        commands = {name: callback for name, _, callback in reader_commands(_screen(app))}
        commands["Adjudicate: take ben's codes"]()
        assert _screen(app).session.tags(3) == ["claim"]
        assert "Adjudicate: take cem's codes" in commands
    assert app.sitting.adjudication is not None and app.sitting.adjudication.close()


async def test_taking_outside_adjudication_says_where_it_belongs(
    data_dir: DataDir, sample: Document
) -> None:
    from tests.helpers import make_app

    app = make_app(data_dir, sample)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("equals_sign", "1")
        assert any("annotator adjudicate DOC" in m for m in _messages(app))
        assert _screen(app).session.tags(0) == ["claim"], "1 went on to its code key"


def test_run_app_opens_the_plan_s_reference_layer(
    data_dir: DataDir, sample: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What ``annotator adjudicate DOC`` hands the reader becomes adjudication mode."""
    code_for_adjudication(data_dir, sample)
    plan = plan_adjudication(read_coders(data_dir, sample), ["ben", "ana"], "gold")
    ran: list[AnnotatorApp] = []

    def run(self: AnnotatorApp) -> int:
        ran.append(self)
        return 0

    monkeypatch.setattr(AnnotatorApp, "run", run)
    request = OpenRequest(sample, data_dir, "gold", DEFAULT_CODEBOOK, adjudication=plan)
    assert run_app(request) == 0
    (app,) = ran
    adjudication = app.sitting.adjudication
    assert adjudication is not None and app.session is adjudication.session
    assert app.session.coder == "gold"
    assert [c.coder for c in adjudication.coders] == ["ben", "ana"]
    again = data_dir.open_store(sample.doc_id, "gold")
    assert not again.read_only, "the reference layer's store was closed on the way out"
    assert again.reference
    assert again.close()
