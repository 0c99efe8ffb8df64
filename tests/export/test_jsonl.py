"""JSONL: one object per stored annotation, every field, parsed back exactly."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.annotation import Annotation
from annotator.export import from_document
from annotator.export.jsonl import annotation_line, parse_annotation_line, write_jsonl
from annotator.store import DataDir
from tests.export.builders import code, write_document

FIELDS = {
    "id", "doc_id", "document", "paragraph", "sentence", "start", "end", "quote", "prefix",
    "suffix", "annotator", "tags", "note", "codebook", "codebook_version", "created",
    "updated", "schema",
}  # fmt: skip


def test_each_line_carries_the_full_anchor(tmp_path: Path) -> None:
    document = write_document(tmp_path)
    data_dir = DataDir(tmp_path / "data")
    made = code(data_dir, document, {1: (("claim",), "n\u2028ote"), 3: ((), "x")})
    out = io.StringIO(newline="")
    assert write_jsonl(out, [from_document(document, data_dir)]) == 2
    lines = out.getvalue().split("\n")
    assert lines[-1] == ""
    records = [json.loads(line) for line in lines[:-1]]
    assert all(set(r) == FIELDS for r in records)
    assert [parse_annotation_line(line) for line in lines[:-1]] == made
    assert records[0]["prefix"] and records[0]["suffix"]
    assert records[0]["codebook"] == "press-rhetoric"


strings = st.text(st.characters(blacklist_categories=("Cs",)))
names = strings.filter(bool)


@given(
    note=strings,
    quote=names,
    prefix=strings,
    suffix=strings,
    who=names,
    name=strings,
    tags=st.lists(names, unique=True),
    start=st.integers(0, 10**9),
    length=st.integers(1, 10**6),
)
def test_any_annotation_survives_a_line(
    note: str,
    quote: str,
    prefix: str,
    suffix: str,
    who: str,
    name: str,
    tags: list[str],
    start: int,
    length: int,
) -> None:
    annotation = Annotation(
        id="id-1",
        doc_id="abc",
        document=name,
        paragraph=1,
        sentence=2,
        start=start,
        end=start + length,
        quote=quote,
        prefix=prefix,
        suffix=suffix,
        coder=who,
        tags=tuple(tags),
        note=note,
    )
    line = annotation_line(annotation)
    assert line.endswith("\n") and line.count("\n") == 1
    assert parse_annotation_line(line[:-1]) == annotation


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"start": "3"}, "start must be a whole number"),
        ({"tags": "claim"}, "tags must be a list"),
        ({"end": 0}, "start must be less than end"),
        ({"schema": 99}, "schema 99"),
        ({"annotator": ""}, "must not be empty"),
        ({"paragraph": True}, "paragraph must be a whole number"),
    ],
)
def test_bad_records_say_what_is_wrong(change: dict[str, object], message: str) -> None:
    record = json.loads(
        annotation_line(Annotation("i", "d", "n", 1, 1, 0, 3, "abc", "", "", "al", ("claim",), ""))
    )
    record.update(change)
    with pytest.raises(ValueError, match=message):
        parse_annotation_line(json.dumps(record))


def test_missing_fields_and_non_objects_are_rejected() -> None:
    with pytest.raises(ValueError, match="missing field"):
        parse_annotation_line('{"id": "x"}')
    with pytest.raises(ValueError, match="expected a JSON object"):
        parse_annotation_line("[1]")
    with pytest.raises(ValueError, match="not valid JSON"):
        parse_annotation_line("{")


def test_the_line_holds_exactly_the_stored_record(tmp_path: Path) -> None:
    document = write_document(tmp_path)
    (made,) = code(DataDir(tmp_path / "data"), document, {0: (("claim",), "n")})
    record = json.loads(annotation_line(made))
    assert record.pop("schema") == 1
    assert record == made.to_record()
