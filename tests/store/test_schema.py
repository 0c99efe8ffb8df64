"""The one record schema: what each check accepts, refuses and says."""

from __future__ import annotations

from typing import Any

import pytest

from annotator.store.schema import annotation_problem, check_tables


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"tags": None}, "'tags' is null, not a list"),
        ({"tags": "claim"}, "'tags' is a string, not a list"),
        ({"tags": ["claim", ""]}, "'tags' must be a list of non-empty strings"),
        ({"start": "3"}, "'start' is a string, not a whole number"),
        ({"start": True}, "'start' is true/false, not a whole number"),
        ({"start": 1.5}, "'start' is a number, not a whole number"),
        ({"end": -1, "start": 0}, "not a span"),
        ({"start": 9, "end": 3}, "not a span"),
        ({"paragraph": 0}, "count from 1"),
        ({"sentence": -2}, "count from 1"),
        ({"id": ""}, "'id' is empty"),
        ({"annotator": ""}, "the coder) is empty"),
        ({"note": 3}, "'note' is a number, not a string"),
        ({"quote": None}, "'quote' is null, not a string"),
    ],
)
def test_the_annotation_schema_names_what_is_wrong(change: dict[str, object], problem: str) -> None:
    record = {
        "id": "x",
        "doc_id": "0123456789abcdef",
        "document": "a.txt",
        "paragraph": 1,
        "sentence": 1,
        "start": 0,
        "end": 4,
        "quote": "Text",
        "prefix": "",
        "suffix": "",
        "annotator": "alice",
        "tags": ["claim"],
    }
    assert annotation_problem(record) is None
    found = annotation_problem({**record, **change})
    assert found is not None and problem in found
    missing = dict(record)
    del missing["doc_id"]
    assert annotation_problem(missing) == "has no 'doc_id'"
    assert annotation_problem("text") == "is a string, not an object"


def test_the_other_tables_are_checked_and_bad_ones_left_out() -> None:
    tables: dict[str, dict[str, Any]] = {
        "annotations": {"x1": {}},
        "coder": {"1": {"name": ""}},
        "state": {"1": {"finished": "yesterday", "cursor": -1}},
        "corrections": {"1": {"splits": [1, "2"], "merges": []}, "2": {"splits": []}},
        "future": {"1": "kept as it is"},
    }
    checked = check_tables(tables)
    assert {(b.table, b.key) for b in checked.bad} == {
        ("annotations", "x1"),
        ("coder", "1"),
        ("state", "1"),
        ("corrections", "1"),
    }
    assert checked.tables["corrections"] == {"2": {"splits": []}}
    assert checked.tables["future"] == {"1": "kept as it is"}
    assert tables["coder"] == {"1": {"name": ""}}, "the caller's tables are not changed"
    good = check_tables({"state": {"1": {"finished": "2026-01-02T03:04:05.678Z", "cursor": 4}}})
    assert good.bad == []
    two = check_tables({"coder": {"1": {"name": "a"}, "2": {"name": "b"}}})
    assert [b.key for b in two.bad] == ["2"]
