"""Check one document's rows of an export file and turn them into annotations.

JSONL lines carry whole records. CSV rows (``sentences`` or ``long`` layout) carry the
anchor, tags, note, coder and time but not the context or the record id: the context is
taken from the document's text, and the id is derived from document, span and coder,
so the same row always becomes the same annotation and importing twice adds nothing.
Guarded cells (a leading ``'``) are restored to their original text.

Rows come one document at a time (see ``rows``), so every check that spans rows (a
repeated id, two rows on one sentence) is made within the document, where it matters:
each document's annotations live in their own stores.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from annotator.annotation import CONTEXT_WIDTH, Annotation, note_too_long, utc_now
from annotator.codebook.model import Codebook
from annotator.export.guard import unguard
from annotator.import_.problems import ImportFailed, Problem
from annotator.import_.rows import CsvRow, ScannedFile, csv_rows, jsonl_rows, scan
from annotator.text.document import Document

_ID_NAMESPACE = uuid.UUID("6f1c2a9e-4b7d-4c3e-9a51-2d8e0f7b3c10")
_NUMBERS = ("paragraph", "sentence", "start", "end")

__all__ = ["ImportFailed", "Problem"]


class Texts(Protocol):
    """Where the importer finds documents (see ``finder.DocumentFinder``)."""

    def document(self, doc_id: str, coder: str | None = None) -> Document | None:
        """The document segmented as ``coder`` sees it, for CSV rows (checked against
        its sentences)."""

    def text(self, doc_id: str) -> str | None:
        """Only the normalized text, for JSONL quotes: no segmentation needed."""

    def given(self, doc_id: str) -> Document | None:
        """The document if it came from ``--doc`` (it will be added to the catalog)."""

    def known(self, doc_id: str) -> bool:
        """Whether the catalog or ``--doc`` knows the document at all."""

    def text_of(self, doc_id: str) -> DocumentText | None:
        """The document's id, name and text, without segmenting it."""


@dataclass(frozen=True, slots=True)
class DocumentText:
    """What building an annotation from a checked CSV row needs of its document."""

    doc_id: str
    name: str
    text: str


@dataclass(frozen=True, slots=True)
class Incoming:
    """One annotation to import, and where it came from."""

    line: int
    annotation: Annotation
    from_csv: bool


@dataclass(slots=True)
class DocumentRows:
    """One document's rows, checked: annotations to merge, blank rows, bad rows."""

    incoming: list[Incoming] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    blank: int = 0
    needed: Document | None = None
    """The ``--doc`` document the rows need recorded in the catalog, if any."""


@dataclass(slots=True)
class ParsedImport:
    """What a file holds, all at once: for small files, tests and REFI-QDA projects.

    ``annotator import`` streams instead (see ``apply.import_file``).
    """

    format: str
    layout: str
    incoming: list[Incoming] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    blank: int = 0
    needed_documents: dict[str, Document] = field(default_factory=dict)


def csv_annotation_id(doc_id: str, start: int, end: int, coder: str) -> str:
    """The id a CSV row's annotation gets: the same row always gives the same id."""
    return str(uuid.uuid5(_ID_NAMESPACE, f"{doc_id}\x1f{start}\x1f{end}\x1f{coder}"))


@dataclass(frozen=True, slots=True)
class Reading:
    """How to read the rows of a scanned file: what the CSV options say."""

    scanned: ScannedFile
    codebook: Codebook
    default_coder: str | None = None

    def document_rows(
        self, doc_id: str, finder: Texts, *, checked: frozenset[int] | None = None
    ) -> DocumentRows:
        """Check the rows of ``doc_id`` (as written in the file) against ``finder``.

        ``checked`` says the rows were checked already and holds the lines found bad
        then: those are left out, and CSV rows are not checked against the segmented
        document again (its text is enough to build them; segmenting a document a
        second time was a third of a large import's time).
        """
        if self.scanned.format == "jsonl":
            return _jsonl_document(doc_id, jsonl_rows(self.scanned, doc_id), finder)
        restore: Callable[[str], str] = unguard if self.scanned.guarded else str
        return _csv_document(
            csv_rows(self.scanned, doc_id), self, restore, finder, self.default_coder, checked
        )


def read_import(
    path: Path,
    *,
    finder: Texts,
    codebook: Codebook,
    raw: bool | None = None,
    default_coder: str | None = None,
) -> ParsedImport:
    """Parse and check all of ``path`` against the documents ``finder`` finds.

    Holds every row: for small files and measurements. ``raw`` None means: tell from the
    cells whether the file was written with the guard.
    """
    scanned = scan(path, raw=raw)
    reading = Reading(scanned, codebook, default_coder)
    parsed = ParsedImport(scanned.format, scanned.layout, problems=list(scanned.problems))
    for doc_id in scanned.runs:
        rows = reading.document_rows(doc_id, finder)
        parsed.incoming.extend(rows.incoming)
        parsed.problems.extend(rows.problems)
        parsed.blank += rows.blank
        if rows.needed is not None:
            parsed.needed_documents[rows.needed.doc_id] = rows.needed
    return parsed


# -- JSONL ---------------------------------------------------------------------------------


def _jsonl_document(
    doc_id: str, rows: Iterable[tuple[int, Annotation]], finder: Texts
) -> DocumentRows:
    result = DocumentRows()
    seen: dict[str, int] = {}
    sentences: dict[tuple[str, int, int], int] = {}
    source: str | None = None
    looked_up = False
    for number, annotation in rows:
        if annotation.id in seen:
            result.problems.append(Problem(number, f"repeats the id on line {seen[annotation.id]}"))
            continue
        seen[annotation.id] = number
        if annotation.is_empty:
            result.blank += 1
            continue
        if not looked_up:
            source, looked_up = finder.text(doc_id), True
        if source is None and not finder.known(doc_id):
            result.problems.append(Problem(number, _unknown(doc_id, annotation.document)))
            continue
        if source is not None and source[annotation.start : annotation.end] != annotation.quote:
            result.problems.append(
                Problem(number, "the quote does not match the document text at start..end")
            )
            continue
        problem = note_too_long(annotation.note)
        if problem:
            result.problems.append(Problem(number, problem))
            continue
        sentence = (annotation.coder, annotation.start, annotation.end)
        if sentence in sentences:
            result.problems.append(
                Problem(
                    number,
                    f"repeats the sentence of line {sentences[sentence]} for coder "
                    f"{annotation.coder!r}: one annotation per sentence per coder",
                )
            )
            continue
        sentences[sentence] = number
        result.needed = result.needed or finder.given(doc_id)
        result.incoming.append(Incoming(number, annotation, from_csv=False))
    return result


def _unknown(doc_id: str, name: str) -> str:
    return f"document {name!r} ({doc_id}) is not in the data directory: pass --doc PATH to its file"


def _text_unavailable(doc_id: str, name: str) -> str:
    return (
        f"the text of document {name!r} ({doc_id}) is not available (its file is missing "
        "or has changed), and CSV rows need it: pass --doc PATH to its file"
    )


# -- CSV -----------------------------------------------------------------------------------


def _csv_document(
    rows: Iterable[CsvRow],
    reading: Reading,
    restore: Callable[[str], str],
    finder: Texts,
    default_coder: str | None,
    checked: frozenset[int] | None = None,
) -> DocumentRows:
    result = DocumentRows()
    codebook = reading.codebook
    tag_column = reading.scanned.tag_column
    groups: dict[tuple[str, int, int, str], Incoming] = {}
    for row in rows:
        if checked is not None and row.line in checked:
            continue
        cells = {name: restore(value) for name, value in row.cells.items()}
        try:
            numbers = {name: int(cells[name]) for name in _NUMBERS}
        except ValueError:
            result.problems.append(
                Problem(row.line, "paragraph, sentence, start and end must be whole numbers")
            )
            continue
        tags_cell = cells[tag_column]
        tags = tuple(tags_cell.split(";")) if tags_cell else ()
        if any(not t for t in tags):
            result.problems.append(Problem(row.line, f"empty tag in {tags_cell!r}"))
            continue
        if not tags and not cells["note"]:
            result.blank += 1
            continue
        coder = cells["annotator"] or (default_coder or "")
        problem = _check_row(cells, numbers, coder)
        if problem:
            result.problems.append(Problem(row.line, problem))
            continue
        doc_id, start, end = cells["doc_id"], numbers["start"], numbers["end"]
        document = finder.document(doc_id, coder) if checked is None else finder.text_of(doc_id)
        if document is None:
            message = (
                _text_unavailable(doc_id, cells["document"])
                if finder.known(doc_id)
                else _unknown(doc_id, cells["document"])
            )
            result.problems.append(Problem(row.line, message))
            continue
        if isinstance(document, Document):
            problem = _check_anchor(document, cells["text"], numbers)
            if problem:
                result.problems.append(Problem(row.line, problem))
                continue
            if document.path is not None and finder.given(doc_id) is not None:
                result.needed = document
        key = (doc_id, start, end, coder)
        canonical = tuple(codebook.ordered(codebook.canonical(t) for t in tags))
        earlier = groups.get(key)
        if earlier is not None:
            if reading.scanned.layout == "sentences":
                result.problems.append(Problem(row.line, f"repeats line {earlier.line}"))
                continue
            a = earlier.annotation
            if (a.note, a.updated) != (cells["note"], cells["updated"]):
                result.problems.append(
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
    result.incoming.extend(groups.values())
    return result


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
    return note_too_long(cells["note"])


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
    document: Document | DocumentText,
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
