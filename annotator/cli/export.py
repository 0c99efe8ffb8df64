"""``annotator export``: write the coding of one or more documents, with no screen.

CSV (three layouts), JSONL or an HTML report, to stdout or to a file. This module parses
the arguments and finds the documents; the writing is ``annotator.export.service``, which
the reader's export key calls too, so the app and the command line write the same bytes.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from annotator.cli.support import (
    STDIN_ARGUMENT,
    CliError,
    add_common_options,
    codebook_for,
    load_document_argument,
)
from annotator.codebook.discovery import add_codebook_option
from annotator.export import LAYOUTS, ExportDocument, all_documents, from_document
from annotator.export.service import FORMATS, ExportOptions, export_to
from annotator.export.sources import from_catalog_entry, reader_document
from annotator.export.ticker import ticker
from annotator.safe_text import one_line
from annotator.settings.paths import resolve_data_dir
from annotator.store import DataDir
from annotator.text.document import SAMPLE_NAME


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator export",
        description=(
            "Write the coding of documents as CSV, JSONL or an HTML report "
            "(to stdout unless -o is given). See docs/export.md for every column."
        ),
    )
    parser.add_argument(
        "docs",
        nargs="*",
        metavar="DOC",
        help="a document file (- for stdin), or the id or file name of a document in the "
        "data directory",
    )
    parser.add_argument(
        "--all", action="store_true", help="every document in the data directory, by name"
    )
    parser.add_argument("--format", choices=FORMATS, default="csv", help="default: csv")
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
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    add_common_options(parser)
    add_codebook_option(parser)
    describe_option(parser, "coder", "export only this coder's annotations (default: all)")
    return parser


def describe_option(parser: argparse.ArgumentParser, dest: str, text: str) -> None:
    """Say what a shared option means for this command."""
    for action in parser._actions:
        if action.dest == dest:
            action.help = text


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
    if options.all_sentences and options.layout == "wide":
        raise CliError("--all-sentences is implied by --layout wide (it lists every sentence)")
    if not args.docs and not args.all:
        raise CliError("name at least one DOC to export, or use --all")
    return options


def resolve_sources(
    references: Sequence[str],
    data_dir: DataDir,
    *,
    everything: bool,
    coder: str | None,
    encoding: str | None = None,
    lang: str | None = None,
    need_text: bool = True,
) -> list[ExportDocument]:
    """Sources for the named documents (then the catalog with ``everything``), no repeats.

    A reference that is not a file is looked up in the data directory by id, file name
    or recorded path.
    """
    sources: list[ExportDocument] = []
    for reference in references:
        if reference in (STDIN_ARGUMENT, SAMPLE_NAME) or Path(reference).exists():
            loaded = load_document_argument(reference, lang=lang, encoding=encoding)
            document = reader_document(loaded, data_dir)
            sources.append(from_document(document, data_dir, coder))
            continue
        entries = data_dir.find(reference)
        if not entries:
            load_document_argument(reference, encoding=encoding)  # the one-line error
            raise CliError(f"no such document: {one_line(reference)}")
        sources.extend(from_catalog_entry(e, data_dir, coder, need_text=need_text) for e in entries)
    if everything:
        with ticker(len(data_dir.catalog()), "loading documents") as tick:
            sources.extend(all_documents(data_dir, coder, tick, need_text=need_text))
    unique: dict[str, ExportDocument] = {}
    for source in sources:
        unique.setdefault(source.doc_id, source)
    return list(unique.values())


def report(sources: Sequence[ExportDocument]) -> None:
    """Say on stderr what could not be exported as usual, one line per document."""
    for source in sources:
        name = one_line(source.name)
        if source.problem is not None:
            print(
                f"warning: {name} ({source.doc_id}): {one_line(source.problem)}; exported its "
                f"{len(source.stored)} stored annotations without the document text",
                file=sys.stderr,
            )
        if source.unplaced:
            print(
                f"note: {len(source.unplaced)} annotations could not be placed on the current "
                f"text of {name} and were not exported to CSV or HTML (they are kept in the "
                "store and exported with --format jsonl)",
                file=sys.stderr,
            )


def quiet_broken_pipe() -> int:
    """The reader of stdout went away (``| head``): stop quietly, as Unix tools do."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 0


def run(args: argparse.Namespace) -> int:
    options = _check_options(args)
    data_dir = DataDir(resolve_data_dir(args.data_dir))
    coder = args.coder.strip() if args.coder and args.coder.strip() else None
    sources = resolve_sources(
        args.docs,
        data_dir,
        everything=args.all,
        coder=coder,
        encoding=args.encoding,
        lang=args.lang,
        need_text=options.format != "jsonl",
    )
    if args.all and not sources:
        print("warning: the data directory holds no documents", file=sys.stderr)
    try:
        codebook = codebook_for(args.codebook, args.docs)
        count = export_to(sources, codebook, options, args.output, show_progress=True)
    except BrokenPipeError:
        if args.output is not None:
            raise CliError(f"cannot write {one_line(str(args.output))}: broken pipe") from None
        return quiet_broken_pipe()
    except OSError as exc:
        target = "standard output" if args.output is None else one_line(str(args.output))
        raise CliError(f"cannot write {target}: {exc.strerror or exc}") from None
    if args.output:
        unit = {"csv": "row", "jsonl": "annotation", "html": "document"}[options.format]
        unit += "" if count == 1 else "s"
        print(f"wrote {count} {unit} to {one_line(os.fspath(args.output))}", file=sys.stderr)
    report(sources)
    return 0
