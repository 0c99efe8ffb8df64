"""``annotator stats``: counts per code and the share of sentences coded."""

from __future__ import annotations

import argparse
import json

from rich.console import Console
from rich.table import Table
from rich.text import Text

from annotator.cli.support import (
    CliError,
    ParagraphHelpFormatter,
    add_common_options,
    codebook_for,
    data_dir_option,
    describe_option,
    named_coder,
    print_notices,
    print_remarks,
    stdin_bytes,
    write_stdout,
)
from annotator.codebook.discovery import add_codebook_option
from annotator.export import remarks, resolve_sources
from annotator.export.counts import DocumentStats, Stats, compute_stats
from annotator.safe_text import one_line
from annotator.text.loading import LoadError
from annotator.wording import plural


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        formatter_class=ParagraphHelpFormatter,
        prog="annotator stats",
        description="Count the coding per code, and the share of sentences coded.",
    )
    parser.add_argument(
        "docs",
        nargs="*",
        metavar="DOC",
        help="document files or ids (default: every document in the data directory, at "
        "its current version)",
    )
    parser.add_argument(
        "--all-versions",
        action="store_true",
        help="with no DOC: every version of every document (the history, each with its own "
        "coding), not only the current one",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--by-coder",
        action="store_true",
        help="in a project: each coder's documents assigned, finished and in progress, and "
        "the overlap sample's readiness for agreement (as 'annotator status')",
    )
    add_common_options(parser)
    add_codebook_option(parser)
    describe_option(parser, "coder", "count only this coder's annotations (default: all)")
    return parser


def _share(stats: DocumentStats) -> str:
    share = stats.coded_share
    if share is None:
        return f"{plural(stats.coded_sentences, 'sentence')} coded (text unavailable)"
    coded = f"{stats.coded_sentences} of {plural(stats.sentences or 0, 'sentence')}"
    return f"{coded} coded ({100 * share:.1f}%)"


def code_table(stats: DocumentStats, title: str) -> Table:
    """Counts per code. Every cell is a Text, so no label is read as markup."""
    table = Table(title=Text(one_line(title)), caption=Text(_share(stats)))
    table.add_column("code")
    table.add_column("badge")
    table.add_column("annotations", justify="right")
    table.add_column("sentences", justify="right")
    table.add_column("share", justify="right")
    for code in stats.codes:
        share = f"{100 * code.sentences / stats.sentences:.1f}%" if stats.sentences else ""
        table.add_row(
            Text(one_line(code.name)),
            Text(one_line(code.label)),
            Text(str(code.annotations)),
            Text(str(code.sentences)),
            Text(share),
        )
    return table


def document_table(stats: Stats) -> Table:
    table = Table(title="per document")
    for name in ("document", "sentences", "coded", "share", "annotations", "coders"):
        table.add_column(name, justify="left" if name in ("document", "coders") else "right")
    for d in stats.documents:
        share = d.coded_share
        table.add_row(
            Text(one_line(d.name, 40)),
            Text("" if d.sentences is None else str(d.sentences)),
            Text(str(d.coded_sentences)),
            Text("" if share is None else f"{100 * share:.1f}%"),
            Text(str(d.annotations)),
            Text(one_line(", ".join(d.coders), 40)),
        )
    return table


def run(args: argparse.Namespace) -> int:
    if args.by_coder:
        from annotator.cli.status import show_status

        return show_status(args.data_dir, as_json=args.json, command="annotator stats --by-coder")
    try:
        selection = resolve_sources(
            args.docs,
            data_dir_option(args.data_dir, args.docs),
            everything=not args.docs,
            all_versions=args.all_versions,
            coder=named_coder(args.coder),
            encoding=args.encoding,
            lang=args.lang,
            stdin=stdin_bytes(),
            show_progress=True,
        )
    except LoadError as exc:
        raise CliError(one_line(str(exc))) from None
    print_notices(selection.notices)
    print_notices(selection.warnings, "warning")
    sources = selection.sources
    if not sources:
        raise CliError("the data directory holds no documents; name a DOC")
    stats = compute_stats(sources, codebook_for(args.codebook, args.docs))
    if args.json:
        write_stdout(json.dumps(stats.to_json(), ensure_ascii=False, indent=2) + "\n")
        return 0
    console = Console(markup=False, highlight=False, emoji=False)
    if len(stats.documents) == 1:
        console.print(code_table(stats.documents[0], stats.documents[0].name))
    else:
        console.print(document_table(stats))
        console.print(code_table(stats.total, plural(len(stats.documents), "document")))
    print_remarks(remarks(sources))
    return 0
