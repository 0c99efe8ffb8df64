"""CSV export: RFC 4180, UTF-8, CRLF row ends, in one of three layouts.

The ``sentences`` layout is the reader's schema (docs/export.md): the document's file
name and content id; 1-based paragraph and sentence-within-paragraph numbers; 0-based
code-point offsets into the normalized text, end exclusive; the sentence text; tags
joined by ``;`` in codebook order; the note; the coder; the last update in ISO 8601 UTC.
Text cells are guarded against formula injection unless ``raw`` is set.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence

from annotator.codebook.model import Codebook
from annotator.export.guard import guard, identity
from annotator.export.layouts import SENTENCE_COLUMNS, header, layout_rows
from annotator.export.sources import ExportDocument
from annotator.safe_text import TextSink

UTF8_BOM = "\ufeff"
_BATCH = 2048


def write_csv(
    out: TextSink,
    docs: Sequence[ExportDocument],
    codebook: Codebook,
    *,
    layout: str = "sentences",
    all_sentences: bool = False,
    raw: bool = False,
    excel: bool = False,
    advance: Callable[[int], None] | None = None,
) -> int:
    """Write a header and the layout's rows to ``out``; returns the number of data rows.

    ``out`` must be opened with ``newline=""`` so the CRLF row ends reach the file as
    they are. ``advance`` is told how many rows were written, in batches, for progress.
    """
    cell = identity if raw else guard
    if excel:
        out.write(UTF8_BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header(layout, codebook, cell))
    # Rows are written as they are made: holding them in batches kept thousands of small
    # lists alive and made the garbage collector walk them again and again.
    count = 0
    writerow = writer.writerow
    for count, row in enumerate(
        layout_rows(layout, docs, codebook, cell, all_sentences=all_sentences), start=1
    ):
        writerow(row)
        if advance is not None and count % _BATCH == 0:
            advance(_BATCH)
    if advance is not None and count % _BATCH:
        advance(count % _BATCH)
    return count


__all__ = ["SENTENCE_COLUMNS", "UTF8_BOM", "write_csv"]
