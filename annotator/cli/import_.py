"""``annotator import``: read a JSONL or CSV export back into the data directory.

REFI-QDA projects and codebooks from other QDA tools are told apart by ``file_kind`` and
handed to ``annotator.cli.refi``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from annotator.cli.refi import IMPORT_HELP, import_refi
from annotator.cli.refi import add_import_options as add_refi_import_options
from annotator.cli.refi import refuse_import_options as refuse_refi_options
from annotator.cli.support import (
    CliError,
    ParagraphHelpFormatter,
    add_common_options,
    codebook_failure,
    codebook_for,
    data_dir_option,
    describe_option,
    load_document_argument,
    named_coder,
)
from annotator.codebook.discovery import USER_CODEBOOK_FILE, add_codebook_option
from annotator.codebook.extend import add_codes
from annotator.codebook.model import Codebook
from annotator.codebook.source import CodebookError
from annotator.export.layouts import SENTENCE_COLUMNS
from annotator.import_ import ImportFailed, ImportInterrupted, Problem, UnknownCodes, import_file
from annotator.refi.detect import file_kind
from annotator.safe_text import one_line
from annotator.settings.config import ConfigError, bound_keys, load_config
from annotator.settings.paths import resolve_config_dir
from annotator.wording import plural

SHOWN_PROBLEMS = 50
OWN_SUFFIXES = (".jsonl", ".ndjson", ".json", ".csv")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator import",
        description=(
            "Read coding exported as JSONL or CSV (sentences or long layout) into the data "
            "directory. Nothing is written if any row is bad, unless --skip-bad is given. "
            "Also imports a REFI-QDA project (.qdpx) from NVivo, ATLAS.ti, MAXQDA, QualCoder "
            "or another QDA tool, and converts a REFI-QDA codebook (.qdc) to annotator's "
            "codebook format; the kind of file is told from its content, else its suffix."
        ),
        epilog=IMPORT_HELP,
        formatter_class=ParagraphHelpFormatter,
    )
    parser.add_argument(
        "file", metavar="FILE", help="the .jsonl, .csv, .qdpx or .qdc file to import"
    )
    parser.add_argument(
        "--doc",
        metavar="PATH",
        action="append",
        default=[],
        help="the text of a document the data directory does not know (repeatable)",
    )
    parser.add_argument(
        "--skip-bad", action="store_true", help="import the good rows and list the bad ones"
    )
    parser.add_argument(
        "--add-codes",
        action="store_true",
        help="add codes the codebook lacks to the codebook file in force (without it, an "
        "unknown code such as a typo refuses the import)",
    )
    parser.add_argument(
        "--raw",
        action="store_true",
        help="CSV: the file was exported with --raw; keep a leading ' as text",
    )
    add_refi_import_options(parser)
    add_common_options(parser)
    add_codebook_option(parser)
    describe_option(
        parser,
        "coder",
        "the coder for CSV rows whose annotator cell is empty, and for .qdpx codings that "
        "name no user",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        raise CliError(f"no such file: {one_line(args.file)}")
    kind = file_kind(path)
    if kind is not None:
        return import_refi(args, path, kind)
    refuse_refi_options(args)
    _refuse_unknown(path)
    data_dir = data_dir_option(args.data_dir)
    documents = [
        load_document_argument(path, lang=args.lang, encoding=args.encoding) for path in args.doc
    ]
    coder = named_coder(args.coder)
    codebook = codebook_for(args.codebook, args.doc)
    try:
        result = import_file(
            data_dir,
            path,
            codebook,
            documents=documents,
            skip_bad=args.skip_bad,
            raw=True if args.raw else None,
            default_coder=coder,
            show_progress=True,
            add_codes=partial(_add_codes, codebook, path.name) if args.add_codes else None,
        )
    except UnknownCodes as unknown:
        for name, lines in unknown.codes.items():
            rows = plural(len(lines), "row")
            where = ", ".join(map(str, lines[:5])) + (", ..." if len(lines) > 5 else "")
            print(f"unknown code {one_line(repr(name))}: {rows} (line {where})", file=sys.stderr)
        raise CliError(
            f"{one_line(args.file)}: {plural(len(unknown.codes), 'code')} not in the codebook "
            f"{one_line(codebook.name)}; nothing was imported (fix the file, or pass "
            "--add-codes to add them to the codebook)"
        ) from None
    except ImportFailed as failed:
        _list_problems(failed.problems)
        raise CliError(
            f"{one_line(args.file)}: {plural(len(failed.problems), 'bad row')}; nothing was "
            "imported (fix them, or pass --skip-bad to import the rest)"
        ) from None
    except ImportInterrupted as stopped:
        done = stopped.result
        raise CliError(
            f"import stopped: {one_line(str(stopped))} ({done.added} added and "
            f"{done.updated} updated before that are kept; importing again is safe)"
        ) from None
    _list_problems(result.skipped, prefix="skipped ")
    for name in result.registered:
        print(f"registered {one_line(name)} in the data directory", file=sys.stderr)
    print(
        f"imported {one_line(args.file)}: {result.added} added, {result.updated} updated, "
        f"{result.unchanged} unchanged"
        + (f", {plural(len(result.skipped), 'bad row')} skipped" if result.skipped else ""),
        file=sys.stderr,
    )
    return 0


def _refuse_unknown(path: Path) -> None:
    """Refuse a file that is neither named nor begun like a JSONL or CSV export.

    Its content decides where the suffix is another (an export saved as ``.txt``); a file
    that looks like neither is not worth a guess and a list of bad rows.
    """
    if path.suffix.lower() in OWN_SUFFIXES:
        return
    try:
        with open(path, "rb") as handle:
            head = handle.read(4096).decode("utf-8", "replace")
    except OSError:
        return  # the import says why it cannot read the file
    if head.lstrip("\ufeff \t\r\n").startswith(("{", f"{SENTENCE_COLUMNS[0]},")):
        return
    suffix = f"a {path.suffix} file" if path.suffix else "a file without a suffix"
    raise CliError(
        f"{one_line(path.name)} is {one_line(suffix)} that is neither a JSONL or CSV export "
        "of annotator nor a REFI-QDA project or codebook: annotator imports .jsonl, .csv, "
        ".qdpx and .qdc files"
    )


def _add_codes(codebook: Codebook, source: str, names: list[str]) -> Codebook:
    """Add ``names`` to the codebook's file, say where, and return the new codebook."""
    try:
        keymap = load_config().keymap
    except ConfigError:
        keymap = {}
    try:
        extended = add_codes(
            codebook,
            names,
            reserved=bound_keys(keymap),
            source=source,
            user_codebook=resolve_config_dir(None) / USER_CODEBOOK_FILE,
        )
    except CodebookError as exc:
        raise codebook_failure(exc.problems, one_line(str(exc))) from None
    except OSError as exc:
        raise CliError(f"cannot add the codes to the codebook: {exc.strerror or exc}") from None
    for code in extended.codes[len(codebook.codes) :]:
        print(
            f"added code {one_line(repr(code.name))} (key {one_line(code.key)}, label "
            f"{one_line(code.label)}) to {one_line(str(extended.path))}: write its definition",
            file=sys.stderr,
        )
    return extended


def _list_problems(problems: Sequence[Problem], prefix: str = "") -> None:
    for problem in problems[:SHOWN_PROBLEMS]:
        print(f"{prefix}{one_line(str(problem))}", file=sys.stderr)
    if len(problems) > SHOWN_PROBLEMS:
        print(f"... and {len(problems) - SHOWN_PROBLEMS} more", file=sys.stderr)
