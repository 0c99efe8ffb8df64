"""A reference layer in the store: the coder record says so, the state lists what was decided.

Adjudication (issue 11) writes the reference codes into a coder's own file (``gold``);
the file's ``coder`` record carries ``reference: true`` and its ``state`` record the start
offsets of the sentences the adjudicator decided. Both are checked like every record, read
without a writer, and written in the queue with the rest.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.store import DataDir, StoreDamaged
from annotator.store.records import unsaved_lines
from annotator.store.schema import check_tables, coder_problem, state_problem
from annotator.store.writer import QueuedChange, Setting
from tests.store.helpers import annotation, doc_key


def test_the_reference_mark_and_the_decided_sentences_round_trip(tmp_path: Path) -> None:
    data_dir = DataDir(tmp_path / "data")
    doc_id = doc_key("doc1")
    store = data_dir.open_store(doc_id, "gold")
    assert store.reference is False and store.adjudicated == ()
    store.save(annotation("a1"))
    store.set(Setting.REFERENCE, True)
    store.set(Setting.ADJUDICATED, (40, 0, 12))
    assert store.flush(5)
    assert store.reference is True and store.adjudicated == (0, 12, 40)
    assert store.close()
    tables = json.loads(data_dir.store_path(doc_id, "gold").read_bytes())["tables"]
    assert tables["coder"] == {"1": {"name": "gold", "reference": True}}
    assert tables["state"]["1"]["adjudicated"] == [0, 12, 40]
    work = data_dir.work(doc_id, "gold")
    assert work is not None and work.reference and work.adjudicated == (0, 12, 40)
    assert not work.bad
    again = data_dir.open_store(doc_id, "gold")
    assert again.reference and again.adjudicated == (0, 12, 40) and not again.read_only
    assert again.close()


def test_an_ordinary_coder_file_is_no_reference_layer(tmp_path: Path) -> None:
    data_dir = DataDir(tmp_path / "data")
    store = data_dir.open_store(doc_key("doc1"), "alice")
    store.save(annotation("a1"))
    assert store.close()
    work = data_dir.work(doc_key("doc1"), "alice")
    assert work is not None and not work.reference and work.adjudicated == ()


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        ({"name": "gold", "reference": "yes"}, "'reference' is a string, not true or false"),
        ({"name": "gold", "reference": 1}, "'reference' is a number, not true or false"),
        ({"name": "gold", "reference": None}, "'reference' is null, not true or false"),
    ],
)
def test_a_reference_mark_that_is_not_true_or_false_is_a_bad_record(
    record: dict[str, object], problem: str
) -> None:
    assert coder_problem(record) == problem
    assert coder_problem({"name": "gold", "reference": False}) is None


@pytest.mark.parametrize("decided", [[-1], [1.5], ["12"], [True], "0,12", {"0": 1}, None])
def test_decided_sentences_that_are_not_offsets_are_a_bad_record(decided: object) -> None:
    record = {"finished": None, "cursor": None, "adjudicated": decided}
    assert state_problem(record) == "'adjudicated' must be a list of offsets (whole numbers from 0)"
    assert state_problem({"finished": None, "adjudicated": [0, 7]}) is None
    checked = check_tables({"state": {"1": record}})
    assert [bad.table for bad in checked.bad] == ["state"]


def test_a_file_with_a_bad_reference_mark_opens_read_only(tmp_path: Path) -> None:
    data_dir = DataDir(tmp_path / "data")
    doc_id = doc_key("doc1")
    store = data_dir.open_store(doc_id, "gold")
    store.save(annotation("a1"))
    assert store.close()
    path = data_dir.store_path(doc_id, "gold")
    envelope = json.loads(path.read_bytes())
    envelope["tables"]["coder"]["1"]["reference"] = "yes"
    path.write_text(json.dumps(envelope), encoding="utf-8")
    before = path.read_bytes()
    reopened = data_dir.open_store(doc_id, "gold")
    assert reopened.read_only and "'reference'" in reopened.read_only_reason
    assert reopened.close()
    assert path.read_bytes() == before
    work = data_dir.work(doc_id, "gold")
    assert work is not None and not work.reference and work.bad


def test_unsaved_reference_changes_are_exported_as_json_lines() -> None:
    lines = unsaved_lines(
        [
            QueuedChange(1, Setting.REFERENCE, True),
            QueuedChange(2, Setting.ADJUDICATED, (9, 3)),
        ]
    ).decode()
    assert [json.loads(line) for line in lines.splitlines()] == [
        {"op": "coder", "reference": True},
        {"op": "state", "adjudicated": [3, 9]},
    ]


def test_all_work_can_leave_a_damaged_file_out_instead_of_failing(tmp_path: Path) -> None:
    data_dir = DataDir(tmp_path / "data")
    doc_id = doc_key("doc1")
    for coder in ("alice", "bob"):
        store = data_dir.open_store(doc_id, coder)
        store.save(annotation(f"{coder}-1").with_changes(coder=coder))
        assert store.close()
    data_dir.store_path(doc_id, "bob").write_bytes(b"{not json")
    with pytest.raises(StoreDamaged):
        data_dir.all_work(doc_id)
    damaged: list[StoreDamaged] = []
    works = data_dir.all_work(doc_id, damaged=damaged)
    assert [w.coder for w in works] == ["alice"]
    assert [exc.path for exc in damaged] == [data_dir.store_path(doc_id, "bob")]
