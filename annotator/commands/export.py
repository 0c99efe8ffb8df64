"""``annotator export``: write a document's coding as CSV, with no screen."""

from __future__ import annotations

import argparse
import os
import sys

from annotator.anchoring import place_by_coder
from annotator.cli_support import CliError, add_common_options, load_document_argument
from annotator.codebook import DEFAULT_CODEBOOK, Codebook
from annotator.document import Document
from annotator.export import write_sentences_csv
from annotator.paths import resolve_data_dir
from annotator.safe_text import one_line
from annotator.store import DataDir


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator export",
        description="Write the coding of a document as CSV (to stdout unless -o is given).",
    )
    parser.add_argument("doc", metavar="DOC", help="the document file whose coding to export")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    add_common_options(parser)
    return parser


def export_document_csv(
    document: Document, data_dir: DataDir, codebook: Codebook, out_path: str | None
) -> tuple[int, int]:
    """Export one document's coding (all coders); returns (rows written, unplaced).

    The reader's export key calls this too, so the app and the CLI write the same bytes.
    """
    placement = place_by_coder(document, data_dir.annotations(document.doc_id))
    annotations = list(placement.placed.values())
    if out_path is None:
        stdout = sys.stdout
        if hasattr(stdout, "reconfigure"):
            stdout.reconfigure(newline="", encoding="utf-8")
        rows = write_sentences_csv(stdout, annotations, codebook)
        stdout.flush()
    else:
        with open(out_path, "w", encoding="utf-8", newline="") as handle:
            rows = write_sentences_csv(handle, annotations, codebook)
    return rows, len(placement.unplaced)


def run(args: argparse.Namespace) -> int:
    document = load_document_argument(args.doc)
    data_dir = DataDir(resolve_data_dir(args.data_dir))
    try:
        rows, unplaced = export_document_csv(document, data_dir, DEFAULT_CODEBOOK, args.output)
    except OSError as exc:
        raise CliError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    if args.output:
        print(f"wrote {rows} rows to {one_line(os.fspath(args.output))}", file=sys.stderr)
    if unplaced:
        print(
            f"note: {unplaced} annotations could not be placed on the current text of "
            f"{one_line(document.name)} and were not exported (they are kept in the store)",
            file=sys.stderr,
        )
    return 0
