"""The command line: open a document, or run a headless command (export, ...).

This module is core: it never imports Textual. Opening the reader is delegated to the
``launch`` function handed in by ``annotator.entry``. Each headless command lives in its
own module under ``annotator.commands`` and is listed in ``COMMANDS``. Every user error
ends in one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import import_module

from annotator import __version__
from annotator.cli_support import CliError, add_common_options, load_document_argument
from annotator.codebook import DEFAULT_CODEBOOK, Codebook
from annotator.document import Document
from annotator.paths import resolve_annotator, resolve_data_dir
from annotator.safe_text import one_line
from annotator.store import DataDir, StoreDamaged

EXIT_USAGE = 2

# name -> module under annotator.commands with build_parser() and run(args) -> int.
COMMANDS: dict[str, str] = {
    "export": "annotator.commands.export",
    "import": "annotator.commands.import_",
    "stats": "annotator.commands.stats",
    "doctor": "annotator.commands.doctor",
}


@dataclass(frozen=True, slots=True)
class OpenRequest:
    """Everything the reader needs, resolved and validated before a screen appears."""

    document: Document
    data_dir: DataDir
    annotator: str
    codebook: Codebook


def build_open_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description=(
            "A keyboard-first terminal reader and annotator. Opens PATH (default: the bundled "
            "sample press release) for tagging sentences and writing notes."
        ),
        epilog=(
            "commands: "
            + ", ".join(sorted(COMMANDS))
            + ". Run 'annotator COMMAND --help' for details. To open a file named like a "
            "command, write it as ./NAME."
        ),
    )
    parser.add_argument(
        "path",
        nargs="?",
        metavar="PATH",
        help="a UTF-8 text file to read and annotate (default: the bundled sample q7x2.txt)",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    add_common_options(parser)
    return parser


def _run_open(argv: Sequence[str], launch: Callable[[OpenRequest], int]) -> int:
    args = build_open_parser().parse_args(list(argv))
    document = load_document_argument(args.path, lang=args.lang)
    request = OpenRequest(
        document=document,
        data_dir=DataDir(resolve_data_dir(args.data_dir)),
        annotator=resolve_annotator(args.annotator),
        codebook=DEFAULT_CODEBOOK,
    )
    return launch(request)


def _run_command(name: str, argv: Sequence[str]) -> int:
    module = import_module(COMMANDS[name])
    args = module.build_parser().parse_args(list(argv))
    status: int = module.run(args)
    return status


def run_cli(argv: Sequence[str] | None, *, launch: Callable[[OpenRequest], int]) -> int:
    """Parse ``argv`` and run the command; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in COMMANDS:
            return _run_command(args[0], args[1:])
        return _run_open(args, launch)
    except CliError as exc:
        print(f"annotator: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except StoreDamaged as exc:
        print(f"annotator: error: store file damaged: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
