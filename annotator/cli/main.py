"""The command line: the top-level parser, and dispatch to the reader or a command.

This module is core: it never imports Textual. ``annotator [PATH ...]`` opens the reader
(``annotator.cli.open``, through the ``launch`` function handed in by
``annotator.entry``); each headless command lives in its own module under
``annotator.cli`` and is listed in ``COMMANDS``. Every user error ends in one line on
stderr and exit status 2, never a traceback.

Importing this module loads no store, segmenter, export or TOML code: the reader's
modules are imported when the reader is asked for, a command's when it runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from typing import TYPE_CHECKING

from annotator import __version__
from annotator.cli.support import (
    CliError,
    ParagraphHelpFormatter,
    add_common_options,
    parse_arguments,
)
from annotator.codebook.discovery import add_codebook_option
from annotator.safe_text import one_line

if TYPE_CHECKING:
    from annotator.coding.open_request import OpenRequest

EXIT_USAGE = 2

# name -> module under annotator.cli with build_parser() and run(args) -> int (run(args,
# launch) when the module sets OPENS_READER).
COMMANDS: dict[str, str] = {
    "adjudicate": "annotator.cli.adjudicate",
    "agree": "annotator.cli.agree",
    "assign": "annotator.cli.assign",
    "done": "annotator.cli.done",
    "export": "annotator.cli.export",
    "import": "annotator.cli.import_",
    "init": "annotator.cli.init",
    "reanchor": "annotator.cli.reanchor",
    "stats": "annotator.cli.stats",
    "status": "annotator.cli.status",
    "doctor": "annotator.cli.doctor",
    "help": "annotator.cli.help",
}


def build_parser() -> argparse.ArgumentParser:
    """``annotator [PATH ...]``; its epilog lists the commands."""
    parser = argparse.ArgumentParser(
        formatter_class=ParagraphHelpFormatter,
        prog="annotator",
        description=(
            "A keyboard-first terminal reader and annotator. Opens PATH (default: the bundled "
            "sample press release) for tagging sentences and writing notes. Several files, or "
            "a directory (searched recursively for .txt, .text, .md and .markdown files), open "
            "as a corpus: "
            "its document list first, each document read when you open it."
        ),
        epilog=(
            "commands: "
            + ", ".join(sorted(COMMANDS))
            + ". Run 'annotator COMMAND --help' for details, and 'annotator help' for short "
            "pages on keys, codebooks, exports, import, storage, agreement, edited "
            "documents and teams. Inside a project (annotator init), 'annotator' with no "
            "PATH opens your assigned documents. To open a file named like a command, "
            "write it as ./NAME."
        ),
    )
    parser.add_argument(
        "path",
        nargs="*",
        metavar="PATH",
        help="a text file to read and annotate, or - for stdin "
        "(default: the bundled sample q7x2.txt)",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    add_common_options(parser)
    add_codebook_option(parser)
    return parser


def _run_command(name: str, argv: Sequence[str], launch: Callable[[OpenRequest], int]) -> int:
    module = import_module(COMMANDS[name])
    args = parse_arguments(module.build_parser(), argv)
    # A command that ends in the reader (``adjudicate``) is handed the function opening it.
    status: int = (
        module.run(args, launch) if getattr(module, "OPENS_READER", False) else module.run(args)
    )
    return status


def run_cli(argv: Sequence[str] | None, *, launch: Callable[[OpenRequest], int]) -> int:
    """Parse ``argv`` and run the command; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in COMMANDS:
            return _run_command(args[0], args[1:], launch)
        parsed = parse_arguments(build_parser(), args)
        from annotator.cli.open import open_reader

        return open_reader(parsed, launch)
    except CliError as exc:
        for line in exc.lines:
            print(f"annotator: error: {one_line(line)}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        # Only the store raises StoreDamaged, so the store is loaded by the time it does.
        from annotator.store import StoreDamaged

        if not isinstance(exc, StoreDamaged):
            raise
        print(f"annotator: error: store file damaged: {one_line(str(exc))}", file=sys.stderr)
        print("annotator: run 'annotator doctor' to see backups and restore", file=sys.stderr)
        return EXIT_USAGE
