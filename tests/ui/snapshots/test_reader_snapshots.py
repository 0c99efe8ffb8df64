"""Screens at a fixed terminal size, compared with stored SVG snapshots.

Update the snapshots after an intended visual change with ``pytest --snapshot-update``.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import TextArea

from annotator.store import DataDir
from annotator.text.document import Document
from tests.helpers import make_app

SIZE = (120, 36)


def test_sample_opened(snap_compare: Any, data_dir: DataDir, sample: Document) -> None:
    assert snap_compare(make_app(data_dir, sample), terminal_size=SIZE)


def test_tagged_sentence_with_note(snap_compare: Any, data_dir: DataDir, sample: Document) -> None:
    app = make_app(data_dir, sample)
    app.session.toggle_tag(3, "claim")
    app.session.toggle_tag(3, "statistic")
    app.session.set_note(3, "Numbers need a source.")
    app.session.toggle_tag(5, "appeal")
    assert snap_compare(app, press=["j", "j", "j"], terminal_size=SIZE)


def test_note_editor(snap_compare: Any, data_dir: DataDir, sample: Document) -> None:
    async def write(pilot: Pilot[Any]) -> None:
        await pilot.press("j", "enter")
        pilot.app.screen.query_one(TextArea).insert("Who counted the visitors?\nAsk the UN.")
        await pilot.pause()

    assert snap_compare(make_app(data_dir, sample), run_before=write, terminal_size=SIZE)
