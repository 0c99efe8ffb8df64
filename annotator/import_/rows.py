"""Reading an import file in passes, never all of it at once.

A first pass (``scan``) reads the file once from start to end: it checks what can be
checked row by row, decides the format and (for CSV) whether cells were guarded, and
notes where each document's rows are, as runs of consecutive rows. Later passes read one
document's rows at a time from those runs (``jsonl_rows``, ``csv_rows``), so what an
import holds in memory follows the largest document, not the file: a 1,000,000-row
file used to be held whole, parsed, at 2.8 GB.

Lines are counted as before: JSONL splits on LF only (a note may hold U+2028 or a form
feed); CSV on LF, CR LF or a lone CR, as the csv module reads a file opened with
``newline=""``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from annotator.annotation import Annotation
from annotator.export.guard import looks_unguarded
from annotator.export.jsonl import annotation_from_object, json_object
from annotator.export.layouts import LONG_COLUMNS, SENTENCE_COLUMNS, WIDE_FIXED_BEFORE
from annotator.import_.problems import ImportFailed, Problem

BOM = b"\xef\xbb\xbf"
TEXT_COLUMNS = ("document", "doc_id", "text", "note", "annotator", "updated")
_LONE_CR = re.compile(rb"(?<=\r)(?!\n|$)")


@dataclass(frozen=True, slots=True)
class Run:
    """Consecutive good rows of one document: where the first starts, its line, how many."""

    offset: int
    line: int
    count: int


@dataclass(slots=True)
class ScannedFile:
    """What the first pass learnt: the format, and where each document's rows are."""

    path: Path
    format: str
    layout: str
    tag_column: str = ""
    header: tuple[str, ...] = ()
    guarded: bool = True
    runs: dict[str, list[Run]] = field(default_factory=dict)
    """Per document (its ``doc_id`` as written), in the order documents first appear."""
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0

    def add(self, doc_id: str, offset: int, line: int, previous: str | None) -> None:
        """Note a good row of ``doc_id``; ``previous`` is the document of the row before."""
        self.rows += 1
        runs = self.runs.setdefault(doc_id, [])
        if previous == doc_id and runs:
            last = runs[-1]
            runs[-1] = Run(last.offset, last.line, last.count + 1)
        else:
            runs.append(Run(offset, line, 1))


def detect_format(path: Path, start: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    if suffix == ".csv":
        return "csv"
    return "jsonl" if start.lstrip().startswith(b"{") else "csv"


def scan(path: Path, *, raw: bool | None = None) -> ScannedFile:
    """The first pass over ``path``; ImportFailed when the file cannot be read at all.

    ``raw`` None means: tell from the cells whether the file was written with the guard.
    """
    try:
        with open(path, "rb") as handle:
            start = handle.read(4096)
            handle.seek(0)
            if detect_format(path, start.removeprefix(BOM)) == "jsonl":
                return _scan_jsonl(path, handle)
            return _scan_csv(path, handle, raw)
    except OSError as exc:
        raise ImportFailed([Problem(0, f"cannot read {path}: {exc.strerror or exc}")]) from None


def _decoded(path: Path, data: bytes, offset: int) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportFailed(
            [Problem(0, f"{path} is not UTF-8 (first bad byte at offset {offset + exc.start})")]
        ) from None


def _binary_lines(handle: BinaryIO, offset: int) -> Iterator[tuple[int, bytes]]:
    """(offset, line) from ``offset`` on, each line with its LF; a BOM at 0 is skipped."""
    handle.seek(offset)
    if offset == 0 and handle.read(len(BOM)) == BOM:
        offset = len(BOM)
    handle.seek(offset)
    for line in handle:
        yield offset, line
        offset += len(line)


# -- JSONL ---------------------------------------------------------------------------------


def parse_jsonl_line(line: str) -> Annotation:
    """The annotation on one line: an export's record, or a recovery file's saved edit.

    A recovery file (edits a signal or the quit dialog could not save) holds
    ``{"op": "save", "annotation": {...}}`` lines, which import, and lines that do not:
    a delete (an import never deletes), a split or merge, or the document's state; each
    is refused with a reason. ValueError with a short reason for anything else that is
    not an annotation.
    """
    record = json_object(line)
    if record.get("op") == "save" and set(record) == {"op", "annotation"}:
        saved = record["annotation"]
        if not isinstance(saved, dict):
            raise ValueError("the saved annotation is not a JSON object")
        return annotation_from_object(saved)
    if record.get("op") == "delete" and set(record) == {"op", "id"}:
        raise ValueError(
            f"deletes annotation {record['id']!r}: an import adds and updates, it never "
            "deletes (remove that annotation in the reader if it should go)"
        )
    if record.get("op") == "corrections":
        raise ValueError(
            "a split or merge that was not saved: an import does not bring those back "
            "(split or merge the sentence again in the reader)"
        )
    if record.get("op") in ("state", "coder"):
        what = next((_NOT_IMPORTED[key] for key in record if key in _NOT_IMPORTED), "state")
        raise ValueError(f"{what}, not saved: an import brings back annotations only")
    return annotation_from_object(record)


_NOT_IMPORTED = {
    "finished": "the finished mark",
    "cursor": "the place in the document",
    "reference": "the mark of a reference layer",
    "adjudicated": "the sentences an adjudicator decided",
    "carried_from": "the earlier version coding was carried from",
    "held": "annotations held for review",
    "rejected": "annotations left orphaned",
}
"""What a recovery file's state lines hold (see ``store.records.unsaved_lines``)."""


def _scan_jsonl(path: Path, handle: BinaryIO) -> ScannedFile:
    scanned = ScannedFile(path, "jsonl", "jsonl")
    previous: str | None = None
    for number, (offset, data) in enumerate(_binary_lines(handle, 0), start=1):
        line = _decoded(path, data, offset)
        if not line.strip():
            continue
        try:
            annotation = parse_jsonl_line(line.removesuffix("\n").removesuffix("\r"))
        except ValueError as exc:
            scanned.problems.append(Problem(number, str(exc)))
            previous = None
            continue
        scanned.add(annotation.doc_id, offset, number, previous)
        previous = annotation.doc_id
    return scanned


def jsonl_rows(scanned: ScannedFile, doc_id: str) -> Iterator[tuple[int, Annotation]]:
    """(line, annotation) of every good row of ``doc_id``, in file order."""
    with open(scanned.path, "rb") as handle:
        for run in scanned.runs.get(doc_id, ()):
            lines = _binary_lines(handle, run.offset)
            number = run.line
            taken = 0
            while taken < run.count:
                offset, data = next(lines)
                line = _decoded(scanned.path, data, offset)
                if line.strip():
                    text = line.removesuffix("\n").removesuffix("\r")
                    yield number, parse_jsonl_line(text)
                    taken += 1
                number += 1


# -- CSV -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CsvRow:
    """A CSV record with the right number of cells: its first line and its cells."""

    line: int
    cells: dict[str, str]


def _text_lines(path: Path, handle: BinaryIO, offset: int, starts: list[int]) -> Iterator[str]:
    """Decoded lines as ``open(newline="")`` gives them; each line's offset is appended to
    ``starts`` as it is handed out. The csv module reads a record's lines and no more, so
    after each record ``starts`` holds where the record's lines began (the caller clears
    it)."""
    for position, data in _binary_lines(handle, offset):
        for piece in _LONE_CR.split(data) if b"\r" in data else (data,):
            starts.append(position)
            yield _decoded(path, piece, position)
            position += len(piece)


def _scan_csv(path: Path, handle: BinaryIO, raw: bool | None) -> ScannedFile:
    starts: list[int] = []
    reader = csv.reader(_text_lines(path, handle, 0, starts))
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
    scanned = ScannedFile(path, "csv", layout, tag_column, tuple(head))
    columns = [head.index(name) for name in (*TEXT_COLUMNS, tag_column)]
    doc_column = head.index("doc_id")
    unguarded = False
    previous: str | None = None
    line = reader.line_num
    starts.clear()
    try:
        for record in reader:
            first_line, offset = line + 1, starts[0]
            line = reader.line_num
            starts.clear()
            if len(record) != len(head):
                scanned.problems.append(
                    Problem(first_line, f"has {len(record)} cells, the header has {len(head)}")
                )
                previous = None
                continue
            unguarded = unguarded or any(looks_unguarded(record[c]) for c in columns)
            scanned.add(record[doc_column], offset, first_line, previous)
            previous = record[doc_column]
    except csv.Error as exc:
        scanned.problems.append(Problem(line + 1, f"not valid CSV: {exc}"))
    scanned.guarded = not raw if raw is not None else not unguarded
    return scanned


def csv_rows(scanned: ScannedFile, doc_id: str) -> Iterator[CsvRow]:
    """Every good row of ``doc_id`` (as written in the file), in file order."""
    head = scanned.header
    with open(scanned.path, "rb") as handle:
        for run in scanned.runs.get(doc_id, ()):
            starts: list[int] = []
            reader = csv.reader(_text_lines(scanned.path, handle, run.offset, starts))
            for _ in range(run.count):
                first_line = run.line + reader.line_num
                record = next(reader)
                starts.clear()
                yield CsvRow(first_line, dict(zip(head, record, strict=True)))
