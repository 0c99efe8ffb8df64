"""``annotator agree``: intercoder agreement on finished documents, with no screen.

This module parses the arguments and prints; which documents and coders, and their work,
is ``annotator.agreement.gather``, and the figures are the core's
(``annotator.agreement.compute_agreement``). What was left out is named on stderr, one
line per coder and reason.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from dataclasses import replace
from pathlib import Path

from rich.console import Console

from annotator.agreement import (
    AgreementOptions,
    AgreementReport,
    BootstrapSettings,
    agreement_table,
    compute_agreement,
    render_html,
    report_json,
    write_csv,
)
from annotator.agreement.gather import SelectionError, agreement_input, gather
from annotator.agreement.output_table import left_out_lines
from annotator.cli.support import (
    CliError,
    ParagraphHelpFormatter,
    add_data_dir_option,
    add_documents_argument,
    codebook_for,
    locate,
    print_notices,
    stdin_bytes,
    write_stdout,
)
from annotator.codebook.discovery import add_codebook_option
from annotator.codebook.model import Codebook
from annotator.coding.assignments import ProjectAssignments, read_assignments
from annotator.export.ticker import ticker
from annotator.files import atomic_write_bytes
from annotator.safe_text import one_line
from annotator.settings.paths import DataLocation
from annotator.store import DataDir
from annotator.text.language import normalize_language
from annotator.text.loading import LoadError

FORMATS = ("table", "json", "csv", "html")
MAX_RESAMPLES = 100_000
"""More would take minutes and change no reported digit."""

EPILOG = """\
Only finished documents count: a coder marks a document finished with D in the reader
or 'annotator done DOC'; until then that coder's work on it is left out (never read as
'no code'), and so is everything else that cannot be used (a coder with no coding on a
document, a damaged store file, a document whose file is gone), each named on stderr.
Once finished, a sentence a coder left uncoded means 'no code applies' there. Reference
layers made by 'annotator adjudicate' are left out unless --coders names them.

In a project with assignments (annotator assign), --all is the overlap sample, the
documents given to every coder (--every-document takes every catalogued one instead),
and a coder who was not given a document is not counted as missing from it.

Units are sentences; where coders split or merged sentences differently, the common
refinement of their sentences. Per code: Krippendorff's alpha with a seeded bootstrap
interval (resampling units), observed agreement, Cohen's kappa (two coders) and Fleiss'
kappa; overall: alpha with the MASI distance, and nominal alpha when the codebook says
its codes are exclusive. A figure without a value is given with the reason. Alpha of
0.800 or more is reliable, 0.667 to 0.800 tentative, less not reliable.

examples:
  annotator agree --all
  annotator agree release-01.txt release-02.txt --coders ana,ben
  annotator agree --all --codes claim,appeal --format json -o agreement.json
  annotator agree --all --format html -o agreement.html --bootstrap 2000 --seed 7"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator agree",
        description=(
            "Intercoder agreement on documents coded by several coders: per code and "
            "overall, per document and for the whole selection, as a table, JSON, CSV or "
            "a self-contained HTML page."
        ),
        epilog=EPILOG,
        formatter_class=ParagraphHelpFormatter,
    )
    add_documents_argument(parser, at_least_one=False)
    parser.add_argument(
        "--all",
        action="store_true",
        help="every document in the data directory, by name; in a project with assignments, "
        "the overlap sample",
    )
    parser.add_argument(
        "--every-document",
        action="store_true",
        help="with --all in a project with assignments: every catalogued document, not only "
        "the overlap sample",
    )
    parser.add_argument(
        "--coders",
        metavar="A,B,...",
        help="compare only these coders, comma-separated (default: every coder who coded "
        "a selected document, reference layers left out)",
    )
    parser.add_argument(
        "--codes",
        metavar="C,...",
        help="only these codes of the codebook, comma-separated (default: all); overall "
        "figures then compare each coder's codes within them",
    )
    parser.add_argument("--format", choices=FORMATS, default="table", help="default: table")
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    parser.add_argument(
        "--bootstrap",
        metavar="N",
        default="1000",
        help=f"resamples of units for each interval, 1 to {MAX_RESAMPLES:,} (default: 1000)",
    )
    parser.add_argument(
        "--seed",
        metavar="S",
        default="0",
        help="seed of the resampling, a whole number from 0: the same seed gives the same "
        "intervals (default: 0)",
    )
    add_data_dir_option(parser)
    parser.add_argument(
        "--lang",
        metavar="CODE",
        help="the language of documents named as files, for sentence splitting "
        "(default: detected from the text)",
    )
    parser.add_argument(
        "--encoding",
        metavar="NAME",
        help="the text encoding of documents named as files (default: UTF-8, or what a "
        "byte-order mark says)",
    )
    add_codebook_option(parser)
    return parser


def _whole_number(value: str, option: str, low: int, high: int | None = None) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        raise CliError(f"{option} takes a whole number, not {one_line(value, 40)!r}") from None
    if number < low or (high is not None and number > high):
        bounds = f"from {low}" if high is None else f"from {low} to {high:,}"
        raise CliError(f"{option} takes a whole number {bounds}, not {number}")
    return number


def names(value: str | None) -> list[str] | None:
    """A comma-separated list of names, blanks dropped; None when not given."""
    if value is None:
        return None
    return [name.strip() for name in value.split(",") if name.strip()]


def _check_output(output: str | None) -> Path | None:
    """Refuse an output path that cannot be written before any work is done."""
    if output is None:
        return None
    target = Path(output)
    folder = target.parent
    if target.is_dir():
        raise CliError(f"cannot write {one_line(output)}: it is a directory")
    if not folder.is_dir():
        raise CliError(f"cannot write {one_line(output)}: no such folder {one_line(str(folder))}")
    if not os.access(folder, os.W_OK):
        raise CliError(f"cannot write {one_line(output)}: the folder cannot be written")
    return target


def run(args: argparse.Namespace) -> int:
    resamples = _whole_number(args.bootstrap, "--bootstrap", 1, MAX_RESAMPLES)
    seed = _whole_number(args.seed, "--seed", 0)
    coders = names(args.coders)
    codes = names(args.codes)
    if coders is not None and len(set(coders)) < 2:
        raise CliError("--coders names one coder; agreement needs at least two")
    if codes is not None and not codes:
        raise CliError("--codes names no code")
    if not args.docs and not args.all:
        raise CliError("name at least one DOC, or use --all")
    lang = _language(args.lang)
    target = _check_output(args.output)
    codebook = codebook_for(args.codebook, args.docs)
    location = locate(args.data_dir, args.docs)
    data_dir = DataDir.at(location)
    team = _team(location, args)
    try:
        if not args.all:
            count = 0
        elif team is not None and team.sample:
            count = len(team.assignments.overlap())
        else:
            count = len(data_dir.catalog())
        with ticker(count, "reading documents") as tick:
            gathered = gather(
                data_dir,
                args.docs,
                everything=args.all,
                lang=lang,
                encoding=args.encoding,
                stdin=stdin_bytes(),
                advance=tick,
                team=team,
            )
        selected = agreement_input(gathered, codebook, coders=coders, codes=codes)
    except LoadError as exc:
        raise CliError(one_line(str(exc))) from None
    except SelectionError as exc:
        raise CliError(one_line(str(exc))) from None
    print_notices(gathered.notices)
    print_notices(gathered.warnings, "warning")
    options = AgreementOptions(
        bootstrap=BootstrapSettings(resamples=resamples, seed=seed),
        document_intervals=args.format != "table",
    )
    report = compute_agreement(selected.documents, selected.codebook, options)
    report = replace(report, excluded=(*report.excluded, *selected.left_out))
    text = _render(report, selected.codebook, args.format, target is None)
    try:
        if target is None:
            # The table is built from made-safe text already, with its colours; the other
            # formats carry names, notes and quotes as they are (see write_stdout).
            if args.format == "table":
                sys.stdout.write(text)
            else:
                write_stdout(text)
            sys.stdout.flush()
        else:
            atomic_write_bytes(target, text.encode("utf-8"))
    except OSError as exc:
        where = "standard output" if target is None else one_line(str(target))
        raise CliError(f"cannot write {where}: {exc.strerror or exc}") from None
    if target is not None:
        print(f"wrote {args.format} to {one_line(str(target))}", file=sys.stderr)
    for line in left_out_lines(report.excluded):
        print(f"annotator: note: left out {one_line(line)}", file=sys.stderr)
    print_notices(selected.notes)
    return 0


def _team(location: DataLocation, args: argparse.Namespace) -> ProjectAssignments | None:
    """The project's assignments when the documents' project is the data's and has them
    (None with --every-document); an overlap sample that is empty is an error."""
    if args.every_document and not args.all:
        raise CliError("--every-document goes with --all")
    project = location.project
    if project is None or location.found is None or project.root != location.found.root:
        return None
    assignments = read_assignments(project)
    if assignments is None:
        return None
    if assignments.problems:
        raise CliError(*assignments.problems)
    if args.every_document:
        return ProjectAssignments(project, assignments, sample=False)
    if args.all and not assignments.overlap():
        raise CliError(
            f"the overlap sample of {project.assignments_path.name} is empty (assigned with "
            "--overlap 0): name documents, or use --all --every-document"
        )
    return ProjectAssignments(project, assignments)


def _language(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return normalize_language(value)
    except ValueError as exc:
        raise CliError(f"--lang: {one_line(str(exc))}") from None


def _render(report: AgreementReport, codebook: Codebook, fmt: str, to_stdout: bool) -> str:
    if fmt == "json":
        return json.dumps(report_json(report), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    if fmt == "csv":
        out = io.StringIO(newline="")
        write_csv(out, report)
        return out.getvalue()
    if fmt == "html":
        return render_html(report, codebook)
    terminal = to_stdout and sys.stdout.isatty()
    console = Console(
        file=io.StringIO(),
        force_terminal=terminal,
        color_system="auto" if terminal else None,
        width=Console().width if terminal else 100,
        markup=False,
        highlight=False,
    )
    console.print(agreement_table(report))
    file = console.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()
