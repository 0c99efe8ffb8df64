"""``annotator export``: write the coding of one or more documents, with no screen.

CSV (three layouts), JSONL or an HTML report, to stdout or to a file. This module parses
the arguments and prints what happened; finding the documents is
``annotator.export.selection`` and the writing is ``annotator.export.service``, which the
reader's export key calls too, so the app and the command line write the same bytes.
"""

from __future__ import annotations

import argparse
import os
import sys

from annotator.cli.refi import EXPORT_HELP, REFI_FORMATS, export_codebook, export_project
from annotator.cli.refi import check_export as check_refi_export
from annotator.cli.support import (
    CliError,
    ParagraphHelpFormatter,
    add_common_options,
    add_documents_argument,
    codebook_for,
    data_dir_option,
    describe_option,
    named_coder,
    print_notices,
    print_remarks,
    stdin_bytes,
)
from annotator.codebook.discovery import add_codebook_option
from annotator.export import LAYOUTS
from annotator.export.remarks import remarks
from annotator.export.selection import resolve_sources
from annotator.export.service import FORMATS, ExportOptions, counted, export_to
from annotator.safe_text import one_line
from annotator.text.loading import LoadError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator export",
        description=(
            "Write the coding of documents as CSV, JSONL or an HTML report "
            "(to stdout unless -o is given), or as a REFI-QDA project or codebook to "
            "exchange with other QDA tools. 'annotator help export' lists every column "
            "of each layout."
        ),
        epilog=EXPORT_HELP,
        formatter_class=ParagraphHelpFormatter,
    )
    add_documents_argument(parser, at_least_one=False)
    parser.add_argument(
        "--all",
        action="store_true",
        help="every document in the data directory, by name (its current version: an "
        "edited file once, with its coding carried over)",
    )
    parser.add_argument(
        "--all-versions",
        action="store_true",
        help="every version of every document in the data directory (implies --all): "
        "the history, each version with its own coding as it was stored",
    )
    parser.add_argument(
        "--format",
        choices=(*FORMATS, *REFI_FORMATS),
        default="csv",
        help="default: csv; qdpx is a REFI-QDA project, qdc a REFI-QDA codebook (see below)",
    )
    parser.add_argument(
        "--layout", choices=LAYOUTS, default="sentences", help="CSV layout (default: sentences)"
    )
    parser.add_argument(
        "--all-sentences",
        action="store_true",
        help="CSV: list uncoded sentences too (sentences and long layouts)",
    )
    parser.add_argument(
        "--raw",
        action="store_true",
        help="CSV: no formula guard (text cells exactly as in the document, for pandas and R)",
    )
    parser.add_argument(
        "--excel", action="store_true", help="CSV: start with a UTF-8 byte-order mark for Excel"
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE instead of stdout (qdpx, qdc: needed)"
    )
    add_common_options(parser)
    add_codebook_option(parser)
    describe_option(parser, "coder", "export only this coder's annotations (default: all)")
    return parser


def _check_options(args: argparse.Namespace) -> ExportOptions:
    options = ExportOptions(
        format=args.format,
        layout=args.layout,
        all_sentences=args.all_sentences,
        raw=args.raw,
        excel=args.excel,
    )
    if options.format != "csv":
        used = [
            flag
            for flag, on in (
                ("--layout", options.layout != "sentences"),
                ("--all-sentences", options.all_sentences),
                ("--raw", options.raw),
                ("--excel", options.excel),
            )
            if on
        ]
        if used:
            raise CliError(f"{', '.join(used)} only apply to --format csv")
    if options.format in REFI_FORMATS:
        check_refi_export(args)
    if options.all_sentences and options.layout == "wide":
        raise CliError("--all-sentences is implied by --layout wide (it lists every sentence)")
    if options.format != "qdc" and not args.docs and not (args.all or args.all_versions):
        raise CliError("name at least one DOC to export, or use --all")
    return options


def quiet_broken_pipe() -> int:
    """The reader of stdout went away (``| head``): stop quietly, as Unix tools do."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 0


def run(args: argparse.Namespace) -> int:
    options = _check_options(args)
    if options.format == "qdc":
        return export_codebook(args)
    data_dir = data_dir_option(args.data_dir, args.docs)
    try:
        selection = resolve_sources(
            args.docs,
            data_dir,
            everything=args.all or args.all_versions,
            all_versions=args.all_versions,
            coder=named_coder(args.coder),
            encoding=args.encoding,
            lang=args.lang,
            need_text=options.format != "jsonl",
            stdin=stdin_bytes(),
            show_progress=True,
        )
    except LoadError as exc:
        raise CliError(one_line(str(exc))) from None
    print_notices(selection.notices)
    print_notices(selection.warnings, "warning")
    sources = selection.sources
    if (args.all or args.all_versions) and not sources:
        print("warning: the data directory holds no documents", file=sys.stderr)
    try:
        codebook = codebook_for(args.codebook, args.docs)
        if options.format == "qdpx":
            return export_project(sources, codebook, args.output, data_dir, named_coder(args.coder))
        count = export_to(sources, codebook, options, args.output, show_progress=True)
    except BrokenPipeError:
        if args.output is not None:
            raise CliError(f"cannot write {one_line(str(args.output))}: broken pipe") from None
        return quiet_broken_pipe()
    except OSError as exc:
        target = "standard output" if args.output is None else one_line(str(args.output))
        raise CliError(f"cannot write {target}: {exc.strerror or exc}") from None
    if args.output:
        written = counted(options, count)
        print(f"wrote {written} to {one_line(os.fspath(args.output))}", file=sys.stderr)
    print_remarks(remarks(sources))
    return 0
