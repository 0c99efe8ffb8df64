"""CSV layouts: the rows of the ``sentences``, ``long`` and ``wide`` exports.

Each layout is a header and a stream of rows built from ``ExportDocument`` sources.
Numeric columns are written as Python ints, so they are never guarded or quoted; every
text cell passes through ``cell`` (the formula guard, or the identity under ``--raw``).
The column sets are documented in docs/export.md, column by column.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache

from annotator.annotation import Annotation
from annotator.codebook.model import Codebook
from annotator.export.guard import identity
from annotator.export.sources import ExportDocument
from annotator.text.document import Document, Sentence

LAYOUTS = ("sentences", "long", "wide")

SENTENCE_COLUMNS = (
    "document",
    "doc_id",
    "paragraph",
    "sentence",
    "start",
    "end",
    "text",
    "tags",
    "note",
    "annotator",
    "updated",
)
LONG_COLUMNS = tuple("tag" if c == "tags" else c for c in SENTENCE_COLUMNS)
WIDE_FIXED_BEFORE = ("document", "doc_id", "paragraph", "sentence", "start", "end", "text")
WIDE_FIXED_AFTER = ("annotator",)
WIDE_TRAILING = ("other_tags", "note", "updated")

Cell = str | int
Row = list[Cell]
CellFn = Callable[[str], str]


class TagOrder:
    """Canonical, codebook-ordered tags; cached, since a corpus reuses few combinations."""

    def __init__(self, codebook: Codebook) -> None:
        self.codebook = codebook
        self._ordered = lru_cache(maxsize=4096)(self._compute)
        self.joined = lru_cache(maxsize=4096)(self._join)

    def _compute(self, tags: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(self.codebook.ordered(tags))  # ordered() maps former names too

    def _join(self, tags: tuple[str, ...]) -> str:
        """The ``tags`` cell: codebook order, ``;``-separated."""
        return ";".join(self._ordered(tags))

    def __call__(self, tags: tuple[str, ...]) -> tuple[str, ...]:
        return self._ordered(tags)


def wide_code_columns(codebook: Codebook) -> list[str]:
    """One column name per code; ``code_`` is prefixed where a name meets a fixed column."""
    fixed = set(WIDE_FIXED_BEFORE) | set(WIDE_FIXED_AFTER) | set(WIDE_TRAILING)
    return [f"code_{c.name}" if c.name in fixed else c.name for c in codebook.codes]


def header(layout: str, codebook: Codebook, cell: CellFn) -> list[str]:
    if layout == "sentences":
        return list(SENTENCE_COLUMNS)
    if layout == "long":
        return list(LONG_COLUMNS)
    codes = [cell(name) for name in wide_code_columns(codebook)]
    return [*WIDE_FIXED_BEFORE, *WIDE_FIXED_AFTER, *codes, *WIDE_TRAILING]


def _sentence_anchor(document: Document, s: Sentence, cell: CellFn) -> Row:
    return [
        cell(document.name),
        document.doc_id,
        s.paragraph + 1,
        s.number + 1,
        s.start,
        s.end,
        cell(document.text[s.start : s.end]),
    ]


def _uncoded(doc: ExportDocument, cell: CellFn) -> Iterator[tuple[int, int, Row]]:
    """(start, end, prefix cells) for every sentence of the document's text, in order.

    Coders whose splits and merges differ see different sentences: each sentence any of
    them sees is listed once (numbered as the first segmentation that has it numbers it).
    """
    documents = doc.documents()
    if len(documents) == 1:
        for s in documents[0].sentences:
            yield s.start, s.end, _sentence_anchor(documents[0], s, cell)
        return
    seen: dict[tuple[int, int], Row] = {}
    for document in documents:
        for s in document.sentences:
            if (s.start, s.end) not in seen:
                seen[(s.start, s.end)] = _sentence_anchor(document, s, cell)
    for (start, end), anchor in sorted(seen.items()):
        yield start, end, anchor


def _coder_sentences(
    doc: ExportDocument, coder: str, cell: CellFn
) -> Iterator[tuple[int, int, Row]]:
    """(start, end, prefix cells) for every sentence ``coder`` sees."""
    document = doc.coder_documents.get(coder, doc.document)
    if document is None:
        return
    for s in document.sentences:
        yield s.start, s.end, _sentence_anchor(document, s, cell)


def _anchor(a: Annotation, cell: CellFn) -> Row:
    return [cell(a.document), a.doc_id, a.paragraph, a.sentence, a.start, a.end, cell(a.quote)]


def _by_span(annotations: Iterable[Annotation]) -> dict[tuple[int, int], list[Annotation]]:
    spans: dict[tuple[int, int], list[Annotation]] = {}
    for a in annotations:
        spans.setdefault((a.start, a.end), []).append(a)
    return spans


def sentence_rows(
    docs: Iterable[ExportDocument],
    codebook: Codebook,
    cell: CellFn,
    *,
    all_sentences: bool = False,
    tag_order: TagOrder | None = None,
) -> Iterator[Row]:
    """One row per coded sentence per coder; with ``all_sentences``, uncoded ones too."""
    order = tag_order or TagOrder(codebook)
    for doc in docs:
        kept = [a for a in doc.placed if not a.is_empty]
        if all_sentences and doc.document is not None:
            spans = _by_span(kept)
            for start, end, anchor in _uncoded(doc, cell):
                coded = spans.get((start, end))
                if not coded:
                    yield [*anchor, "", "", "", ""]
                    continue
                for a in coded:
                    tags = order.joined(a.tags)
                    yield [*anchor, cell(tags), cell(a.note), cell(a.coder), cell(a.updated)]
            continue
        joined = order.joined
        for a in kept:
            yield [
                cell(a.document),
                a.doc_id,
                a.paragraph,
                a.sentence,
                a.start,
                a.end,
                cell(a.quote),
                cell(joined(a.tags)),
                cell(a.note),
                cell(a.coder),
                cell(a.updated),
            ]


def long_rows(
    docs: Iterable[ExportDocument],
    codebook: Codebook,
    cell: CellFn,
    *,
    all_sentences: bool = False,
) -> Iterator[Row]:
    """One row per (coded sentence, coder, tag); a note-only annotation has one, tag empty."""
    order = TagOrder(codebook)
    for row in sentence_rows(
        docs, codebook, identity, all_sentences=all_sentences, tag_order=order
    ):
        tags = str(row[7])
        rest = [cell(str(v)) for v in row[8:]]
        anchor = [cell(str(row[0])), *row[1:6], cell(str(row[6]))]
        if not tags:
            yield [*anchor, "", *rest]
            continue
        for tag in tags.split(";"):
            yield [*anchor, cell(tag), *rest]


def wide_rows(
    docs: Iterable[ExportDocument],
    codebook: Codebook,
    cell: CellFn,
) -> Iterator[Row]:
    """Every sentence x every coder of the document, with a 0/1 column per code.

    The coders of a document are those with an annotation on it; a document nobody has
    coded gets one row per sentence with an empty annotator and all zeros. Without the
    document's text only the coded sentences can be listed.
    """
    order = TagOrder(codebook)
    names = [c.name for c in codebook.codes]
    position = {name: i for i, name in enumerate(names)}
    zeros = [0] * len(names)
    for doc in docs:
        kept = [a for a in doc.placed if not a.is_empty]
        coders = sorted({a.coder for a in kept}) or [""]
        by_key = {(a.start, a.end, a.coder): a for a in kept}
        rows: Sequence[tuple[int, int, int, Row]]
        if doc.document is not None:
            # Each coder's rows are that coder's sentences (their own splits and merges).
            rows = sorted(
                (
                    (start, end, rank, anchor)
                    for rank, coder in enumerate(coders)
                    for start, end, anchor in _coder_sentences(doc, coder, cell)
                ),
                key=lambda row: row[:3],
            )
        else:
            first: dict[tuple[int, int], Row] = {}
            for a in kept:
                first.setdefault((a.start, a.end), _anchor(a, cell))
            rows = [
                (s, e, rank, anchor)
                for (s, e), anchor in sorted(first.items())
                for rank in range(len(coders))
            ]
        for start, end, rank, anchor in rows:
            coder = coders[rank]
            found = by_key.get((start, end, coder))
            if found is None:
                yield [*anchor, cell(coder), *zeros, "", "", ""]
                continue
            a = found
            flags = list(zeros)
            other: list[str] = []
            for tag in order(a.tags):
                index = position.get(tag)
                if index is None:
                    other.append(tag)
                else:
                    flags[index] = 1
            yield [
                *anchor,
                cell(coder),
                *flags,
                cell(";".join(other)),
                cell(a.note),
                cell(a.updated),
            ]


def layout_rows(
    layout: str,
    docs: Sequence[ExportDocument],
    codebook: Codebook,
    cell: CellFn,
    *,
    all_sentences: bool = False,
) -> Iterator[Row]:
    if layout == "sentences":
        return sentence_rows(docs, codebook, cell, all_sentences=all_sentences)
    if layout == "long":
        return long_rows(docs, codebook, cell, all_sentences=all_sentences)
    if layout == "wide":
        return wide_rows(docs, codebook, cell)
    raise ValueError(f"unknown layout {layout!r}")
