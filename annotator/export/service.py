"""The export service: what the command line and the reader's export key both call.

Formats and layouts live in their own modules; this one picks the writer, writes to a
file atomically (a temporary name renamed into place, so a failed export never leaves
half a file where a good one was) or to stdout, and reports progress.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.codebook.model import Codebook
from annotator.export.csv_export import write_csv
from annotator.export.html_report import write_html
from annotator.export.jsonl import write_jsonl
from annotator.export.sources import ExportDocument, from_document
from annotator.export.ticker import ticker
from annotator.safe_text import TerminalWriter, TextSink, is_terminal
from annotator.store import DataDir
from annotator.text.document import Document, resegmented
from annotator.text.overrides import EMPTY, SegmentationOverrides
from annotator.wording import plural

FORMATS = ("csv", "jsonl", "html")
UNITS = {"csv": "row", "jsonl": "annotation", "html": "document"}
"""What the count ``write_export`` returns is a count of, per format."""


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """What to write; the defaults are the reader's CSV schema, guarded."""

    format: str = "csv"
    layout: str = "sentences"
    all_sentences: bool = False
    raw: bool = False
    excel: bool = False


def counted(options: ExportOptions, count: int) -> str:
    """``count`` as what was written: "1 row", "12 annotations", "3 documents"."""
    unit = UNITS[options.format]
    return plural(count, unit)


def write_export(
    out: TextSink,
    docs: Sequence[ExportDocument],
    codebook: Codebook,
    options: ExportOptions,
    advance: Callable[[int], None] | None = None,
) -> int:
    """Write ``docs`` in the chosen format; returns rows (CSV), annotations (JSONL lines)
    or documents (HTML)."""
    if options.format == "jsonl":
        return write_jsonl(out, docs, advance=advance)
    if options.format == "html":
        return write_html(out, docs, codebook)
    return write_csv(
        out,
        docs,
        codebook,
        layout=options.layout,
        all_sentences=options.all_sentences,
        raw=options.raw,
        excel=options.excel,
        advance=advance,
    )


def export_to(
    docs: Sequence[ExportDocument],
    codebook: Codebook,
    options: ExportOptions,
    out_path: str | os.PathLike[str] | None,
    *,
    show_progress: bool = False,
) -> int:
    """Export to ``out_path`` (atomically) or to stdout when it is None."""
    total = 0
    if options.format == "jsonl":
        total = sum(len(d.stored) for d in docs)
    elif options.format == "csv" and options.layout == "sentences" and not options.all_sentences:
        total = sum(1 for d in docs for a in d.placed if not a.is_empty)
    with contextlib.ExitStack() as stack:
        advance = stack.enter_context(ticker(total, "exporting")) if show_progress else None
        if out_path is None:
            stdout = sys.stdout
            if hasattr(stdout, "reconfigure"):
                stdout.reconfigure(newline="", encoding="utf-8")
            # A terminal would act on the escape sequences a hostile document holds
            # (retitle the window, write the clipboard): it gets them as symbols, as
            # the reader shows them. A pipe gets the exact text.
            out: TextSink = TerminalWriter(stdout) if is_terminal(stdout) else stdout
            count = write_export(out, docs, codebook, options, advance)
            out.flush()
            return count
        target = Path(out_path)
        temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            with open(temp, "w", encoding="utf-8", newline="") as handle:
                count = write_export(handle, docs, codebook, options, advance)
            os.replace(temp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise
        return count


def export_document_csv(
    document: Document,
    data_dir: DataDir,
    codebook: Codebook,
    out_path: str | None,
    *,
    segmented_with: SegmentationOverrides = EMPTY,
) -> tuple[int, int]:
    """Export one document's coding (all coders) as the default CSV; (rows, unplaced).

    The reader's export key calls this, with the corrections its document is segmented
    with, so the app and ``annotator export DOC -o FILE`` write the same bytes.
    """
    if not document.complete:
        # A large document may still be segmenting in the reader: export all of it.
        document = resegmented(document, overrides=segmented_with)
    source = from_document(document, data_dir, segmented_with=segmented_with)
    rows = export_to([source], codebook, ExportOptions(), out_path)
    return rows, len(source.unplaced)
