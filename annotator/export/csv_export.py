"""CSV export: one row per coded sentence, RFC 4180, UTF-8.

Column by column (see docs/user-guide.md): the document's file name and content id; the
1-based paragraph and sentence-within-paragraph numbers; 0-based code-point offsets into
the normalized text, end exclusive; the sentence text (exactly ``text[start:end]``); tags
joined by ``;`` in codebook order; the note; the coder; the last update in ISO 8601 UTC.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import TextIO

from annotator.annotation import Annotation
from annotator.codebook import Codebook

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


def sentence_rows(annotations: Iterable[Annotation], codebook: Codebook) -> Iterator[list[str]]:
    """Rows in document order (then by coder), skipping annotations with nothing in them."""
    ordered = sorted(annotations, key=lambda a: (a.doc_id, a.start, a.end, a.annotator))
    for a in ordered:
        if a.is_empty:
            continue
        yield [
            a.document,
            a.doc_id,
            str(a.paragraph),
            str(a.sentence),
            str(a.start),
            str(a.end),
            a.quote,
            ";".join(codebook.ordered(codebook.canonical(t) for t in a.tags)),
            a.note,
            a.annotator,
            a.updated,
        ]


def write_sentences_csv(out: TextIO, annotations: Iterable[Annotation], codebook: Codebook) -> int:
    """Write the header and rows to ``out``; returns the number of rows written.

    ``out`` should be opened with ``newline=""`` so the CRLF row ends are not translated.
    """
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(SENTENCE_COLUMNS)
    count = 0
    for row in sentence_rows(annotations, codebook):
        writer.writerow(row)
        count += 1
    return count
