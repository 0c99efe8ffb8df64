"""Read an export file into annotations, listing every bad row with its line number.

JSONL lines carry whole records. CSV rows (``sentences`` or ``long`` layout) carry the
anchor, tags, note, coder and time but not the context or the record id: the context is
taken from the document's text, and the id is derived from document, span and coder,
so the same row always becomes the same annotation and importing twice adds nothing.
Guarded cells (a leading ``'``) are restored to their original text.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from annotator.annotation import CONTEXT_WIDTH, Annotation, utc_now
from annotator.codebook.model import Codebook
from annotator.export.guard import looks_unguarded, unguard
from annotator.export.jsonl import parse_annotation_line
from annotator.export.layouts import LONG_COLUMNS, SENTENCE_COLUMNS, WIDE_FIXED_BEFORE
from annotator.text.document import Document
from annotator.wording import plural

_ID_NAMESPACE = uuid.UUID("6f1c2a9e-4b7d-4c3e-9a51-2d8e0f7b3c10")
_NUMBERS = ("paragraph", "sentence", "start", "end")
_TEXTS = ("document", "doc_id", "text", "note", "annotator", "updated")


@dataclass(frozen=True, slots=True)
class Problem:
    """A bad row: its first line in the file (1-based) and what is wrong with it."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class ImportFailed(Exception):
    """The file has bad rows (or cannot be read at all); nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(plural(len(problems), "problem"))
        self.problems = problems


class Texts(Protocol):
    """Where the importer finds documents (see ``apply.DocumentFinder``)."""

    def document(self, doc_id: str, coder: str | None = None) -> Document | None:
        """The document segmented as ``coder`` sees it, for CSV rows (checked against
        its sentences)."""

    def text(self, doc_id: str) -> str | None:
        """Only the normalized text, for JSONL quotes: no segmentation needed."""

    def given(self, doc_id: str) -> Document | None:
        """The document if it came from ``--doc`` (it will be added to the catalog)."""

    def known(self, doc_id: str) -> bool:
        """Whether the catalog or ``--doc`` knows the document at all."""


@dataclass(frozen=True, slots=True)
class Incoming:
    """One annotation to import, and where it came from."""

    line: int
    annotation: Annotation
    from_csv: bool


@dataclass(slots=True)
class ParsedImport:
    """What a file holds: annotations ready to merge, blank rows, and bad rows."""

    format: str
    layout: str
    incoming: list[Incoming] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    blank: int = 0
    needed_documents: dict[str, Document] = field(default_factory=dict)


def csv_annotation_id(doc_id: str, start: int, end: int, coder: str) -> str:
    """The id a CSV row's annotation gets: the same row always gives the same id."""
    return str(uuid.uuid5(_ID_NAMESPACE, f"{doc_id}\x1f{start}\x1f{end}\x1f{coder}"))


def detect_format(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    return "jsonl" if text.lstrip().startswith("{") else "csv"


def read_import(
    path: Path,
    *,
    finder: Texts,
    codebook: Codebook,
    raw: bool | None = None,
    default_coder: str | None = None,
) -> ParsedImport:
    """Parse and check ``path`` against the documents ``finder`` finds.

    ``raw`` None means: tell from the cells whether the file was written with the guard.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ImportFailed([Problem(0, f"cannot read {path}: {exc.strerror or exc}")]) from None
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            [Problem(0, f"{path} is not UTF-8 (first bad byte at offset {exc.start})")]
        ) from None
    if detect_format(path, text) == "jsonl":
        return _read_jsonl(text, finder)
    return _read_csv(text, finder, codebook, raw, default_coder)


def _read_jsonl(text: str, finder: Texts) -> ParsedImport:
    parsed = ParsedImport("jsonl", "jsonl")
    seen: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            annotation = parse_annotation_line(line.rstrip("\r"))
        except ValueError as exc:
            parsed.problems.append(Problem(number, str(exc)))
            continue
        if annotation.id in seen:
            parsed.problems.append(Problem(number, f"repeats the id on line {seen[annotation.id]}"))
            continue
        seen[annotation.id] = number
        if annotation.is_empty:
            parsed.blank += 1
            continue
        doc_id = annotation.doc_id
        source = finder.text(doc_id)
        if source is None and not finder.known(doc_id):
            parsed.problems.append(Problem(number, _unknown(doc_id, annotation.document)))
            continue
        if source is not None and source[annotation.start : annotation.end] != annotation.quote:
            parsed.problems.append(
                Problem(number, "the quote does not match the document text at start..end")
            )
            continue
        given = finder.given(doc_id)
        if given is not None:
            parsed.needed_documents[doc_id] = given
        parsed.incoming.append(Incoming(number, annotation, from_csv=False))
    return parsed


def _unknown(doc_id: str, name: str) -> str:
    return f"document {name!r} ({doc_id}) is not in the data directory: pass --doc PATH to its file"


def _text_unavailable(doc_id: str, name: str) -> str:
    return (
        f"the text of document {name!r} ({doc_id}) is not available (its file is missing "
        "or has changed), and CSV rows need it: pass --doc PATH to its file"
    )


@dataclass(frozen=True, slots=True)
class _Row:
    line: int
    cells: dict[str, str]


def _read_csv(
    text: str,
    finder: Texts,
    codebook: Codebook,
    raw: bool | None,
    default_coder: str | None,
) -> ParsedImport:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        head = next(reader)
    except StopIteration:
        raise ImportFailed([Problem(1, "the file is empty")]) from None
    except csv.Error as exc:
        raise ImportFailed([Problem(1, f"not CSV: {exc}")]) from None
    if tuple(head) == SENTENCE_COLUMNS:
        layout, tag_column = "sentences", "tags"
    elif tuple(head) == LONG_COLUMNS:
        layout, tag_column = "long", "tag"
    elif tuple(head[: len(WIDE_FIXED_BEFORE)]) == WIDE_FIXED_BEFORE:
        raise ImportFailed([Problem(1, "the wide layout cannot be imported; export sentences")])
    else:
        raise ImportFailed([Problem(1, "the header is not a sentences or long layout header")])
    parsed = ParsedImport("csv", layout)
    rows: list[_Row] = []
    previous = reader.line_num
    try:
        for record in reader:
            first_line = previous + 1
            previous = reader.line_num
            if len(record) != len(head):
                parsed.problems.append(
                    Problem(first_line, f"has {len(record)} cells, the header has {len(head)}")
                )
                continue
            rows.append(_Row(first_line, dict(zip(head, record, strict=True))))
    except csv.Error as exc:
        parsed.problems.append(Problem(previous + 1, f"not valid CSV: {exc}"))
    guarded = not raw if raw is not None else not _has_unguarded(rows, tag_column)
    restore: Callable[[str], str] = unguard if guarded else str
    _build_csv(parsed, rows, tag_column, restore, finder, codebook, default_coder)
    return parsed


def _has_unguarded(rows: list[_Row], tag_column: str) -> bool:
    columns = (*_TEXTS, tag_column)
    return any(looks_unguarded(row.cells[c]) for row in rows for c in columns)


def _build_csv(
    parsed: ParsedImport,
    rows: list[_Row],
    tag_column: str,
    restore: Callable[[str], str],
    finder: Texts,
    codebook: Codebook,
    default_coder: str | None,
) -> None:
    groups: dict[tuple[str, int, int, str], Incoming] = {}
    for row in rows:
        cells = {name: restore(value) for name, value in row.cells.items()}
        try:
            numbers = {name: int(cells[name]) for name in _NUMBERS}
        except ValueError:
            parsed.problems.append(
                Problem(row.line, "paragraph, sentence, start and end must be whole numbers")
            )
            continue
        tags_cell = cells[tag_column]
        tags = tuple(tags_cell.split(";")) if tags_cell else ()
        if any(not t for t in tags):
            parsed.problems.append(Problem(row.line, f"empty tag in {tags_cell!r}"))
            continue
        if not tags and not cells["note"]:
            parsed.blank += 1
            continue
        coder = cells["annotator"] or (default_coder or "")
        problem = _check_row(cells, numbers, coder)
        if problem:
            parsed.problems.append(Problem(row.line, problem))
            continue
        doc_id, start, end = cells["doc_id"], numbers["start"], numbers["end"]
        document = finder.document(doc_id, coder)
        if document is None:
            message = (
                _text_unavailable(doc_id, cells["document"])
                if finder.known(doc_id)
                else _unknown(doc_id, cells["document"])
            )
            parsed.problems.append(Problem(row.line, message))
            continue
        problem = _check_anchor(document, cells["text"], numbers)
        if problem:
            parsed.problems.append(Problem(row.line, problem))
            continue
        parsed.needed_documents[doc_id] = document
        key = (doc_id, start, end, coder)
        canonical = tuple(codebook.ordered(codebook.canonical(t) for t in tags))
        earlier = groups.get(key)
        if earlier is not None:
            if parsed.layout == "sentences":
                parsed.problems.append(Problem(row.line, f"repeats line {earlier.line}"))
                continue
            a = earlier.annotation
            if (a.note, a.updated) != (cells["note"], cells["updated"]):
                parsed.problems.append(
                    Problem(row.line, f"note or updated differs from line {earlier.line}")
                )
                continue
            merged = tuple(codebook.ordered((*a.tags, *canonical)))
            groups[key] = Incoming(earlier.line, a.with_changes(tags=merged), from_csv=True)
            continue
        groups[key] = Incoming(
            row.line,
            _annotation(document, cells, numbers, coder, canonical, codebook),
            from_csv=True,
        )
    parsed.incoming.extend(groups.values())


def _check_row(cells: Mapping[str, str], numbers: Mapping[str, int], coder: str) -> str:
    if not cells["doc_id"]:
        return "doc_id is empty"
    if not coder:
        return "annotator is empty (pass --annotator NAME to fill it in)"
    if min(numbers.values()) < 0 or numbers["paragraph"] < 1 or numbers["sentence"] < 1:
        return "paragraph and sentence count from 1, offsets from 0"
    if numbers["start"] >= numbers["end"]:
        return "start must be less than end"
    if cells["updated"]:
        try:
            datetime.fromisoformat(cells["updated"])
        except ValueError:
            return f"updated is not an ISO 8601 time: {cells['updated']!r}"
    return ""


def _check_anchor(document: Document, quoted: str, numbers: Mapping[str, int]) -> str:
    start, end = numbers["start"], numbers["end"]
    if document.text[start:end] != quoted:
        return "text does not match the document at start..end"
    index = document.sentence_at_offset(start)
    sentence = document.sentences[index] if index is not None else None
    if sentence is None or (sentence.start, sentence.end) != (start, end):
        return "start..end is not a sentence of the document"
    if (sentence.paragraph + 1, sentence.number + 1) != (
        numbers["paragraph"],
        numbers["sentence"],
    ):
        return "paragraph and sentence numbers do not match the document"
    return ""


def _annotation(
    document: Document,
    cells: Mapping[str, str],
    numbers: Mapping[str, int],
    coder: str,
    tags: tuple[str, ...],
    codebook: Codebook,
) -> Annotation:
    start, end = numbers["start"], numbers["end"]
    updated = cells["updated"] or utc_now()
    return Annotation(
        id=csv_annotation_id(document.doc_id, start, end, coder),
        doc_id=document.doc_id,
        document=cells["document"] or document.name,
        paragraph=numbers["paragraph"],
        sentence=numbers["sentence"],
        start=start,
        end=end,
        quote=document.text[start:end],
        prefix=document.text[max(0, start - CONTEXT_WIDTH) : start],
        suffix=document.text[end : end + CONTEXT_WIDTH],
        coder=coder,
        tags=tags,
        note=cells["note"],
        codebook=codebook.name,
        codebook_version=codebook.version,
        created=updated,
        updated=updated,
    )
