"""The coder's state record read as typed fields: the open store and the readers of a
coder's file agree on it, and a field of the wrong type reads as absent."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.store.document_store import DocumentStore
from annotator.store.state_fields import StateFields
from annotator.store.work import read_work
from annotator.store.writer import Setting


def test_fields_of_the_right_type_are_read_and_others_are_absent() -> None:
    assert StateFields.of(None) == StateFields()
    good = {
        "finished": "2026-11-30T12:00:00Z",
        "cursor": 42,
        "adjudicated": [0, 17],
        "carried_from": "0123456789abcdef",
        "held": ["a-1"],
        "rejected": ["a-2"],
    }
    assert StateFields.of(good) == StateFields(
        "2026-11-30T12:00:00Z", 42, (0, 17), "0123456789abcdef", ("a-1",), ("a-2",)
    )
    wrong = {key: {"not": "this"} for key in good}
    assert StateFields.of(wrong) == StateFields()


def test_the_open_store_and_the_file_reader_agree(tmp_path: Path) -> None:
    path = tmp_path / "tester.json"
    with DocumentStore(path) as store:
        store.set(Setting.FINISHED, "2026-11-30T12:00:00Z")
        store.set(Setting.CURSOR, 7)
        store.set(Setting.ADJUDICATED, (3, 9))
        assert store.flush(5)
        opened = store.state
    work = read_work(path)
    assert work is not None
    assert opened.finished == work.finished == "2026-11-30T12:00:00Z"
    assert opened.cursor == work.cursor == 7
    assert opened.adjudicated == work.adjudicated == (3, 9)
    assert json.loads(path.read_text(encoding="utf-8"))  # a real file was read
