"""JSON Lines export and parsing: one object per annotation, nothing lost.

Each line is the stored record (``Annotation.to_record``) plus a ``schema`` number, with
keys sorted and non-ASCII kept as it is, so the same store always gives the same bytes.
Lines end in a bare LF; a reader must split on LF only (``str.splitlines`` would also
split inside a note holding U+2028 or a form feed).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from annotator.annotation import RECORD_FIELDS, Annotation
from annotator.export.sources import ExportDocument
from annotator.safe_text import TextSink
from annotator.store.schema import annotation_problem
from annotator.wording import plural_form

JSONL_SCHEMA = 1

_STR_FIELDS = (
    "id",
    "doc_id",
    "document",
    "quote",
    "prefix",
    "suffix",
    "annotator",
    "note",
    "codebook",
    "codebook_version",
    "created",
    "updated",
)
_INT_FIELDS = ("paragraph", "sentence", "start", "end")


_ENCODE = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def annotation_record(annotation: Annotation) -> dict[str, Any]:
    """``Annotation.to_record()`` plus the schema, built without ``asdict``'s deep copy."""
    record: dict[str, Any] = {key: getattr(annotation, name) for name, key in RECORD_FIELDS}
    record["tags"] = list(annotation.tags)
    record["schema"] = JSONL_SCHEMA
    return record


def annotation_line(annotation: Annotation) -> str:
    return _ENCODE(annotation_record(annotation)) + "\n"


def write_jsonl(
    out: TextSink,
    docs: Sequence[ExportDocument],
    *,
    advance: Callable[[int], None] | None = None,
) -> int:
    """Write every stored annotation of ``docs``; returns the number of lines."""
    count = 0
    for doc in docs:
        out.write("".join(annotation_line(a) for a in doc.stored))
        count += len(doc.stored)
        if advance is not None and doc.stored:
            advance(len(doc.stored))
    return count


def parse_annotation_line(line: str) -> Annotation:
    """The annotation on one JSONL line; ValueError with a short reason if it is not one."""
    return annotation_from_object(json_object(line))


def json_object(line: str) -> dict[str, Any]:
    """The JSON object on one line; ValueError with a short reason if it is not one."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, found a JSON {type(record).__name__}")
    return record


def annotation_from_object(record: dict[str, Any]) -> Annotation:
    schema = record.get("schema", JSONL_SCHEMA)
    if not isinstance(schema, int) or isinstance(schema, bool) or schema > JSONL_SCHEMA:
        raise ValueError(f"schema {schema!r} is not one this annotator understands")
    missing = [f for f in (*_STR_FIELDS, *_INT_FIELDS, "tags") if f not in record]
    if missing:
        raise ValueError(f"missing {plural_form(len(missing), 'field')}: " + ", ".join(missing))
    for name in _STR_FIELDS:
        if not isinstance(record[name], str):
            raise ValueError(f"{name} must be a string")
    for name in _INT_FIELDS:
        value = record[name]
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"{name} must be a whole number, 0 or more")
    tags = record["tags"]
    if not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags):
        raise ValueError("tags must be a list of non-empty strings")
    if record["start"] >= record["end"]:
        raise ValueError("start must be less than end")
    if record["paragraph"] < 1 or record["sentence"] < 1:
        raise ValueError("paragraph and sentence are counted from 1")
    if not record["id"] or not record["annotator"] or not record["doc_id"]:
        raise ValueError("id, doc_id and annotator must not be empty")
    problem = annotation_problem(record)  # the store's schema has the last word
    if problem is not None:
        raise ValueError(f"the record {problem}")
    return Annotation.from_record(record)
