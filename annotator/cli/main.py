"""The command line: open a document, or run a headless command (export, ...).

This module is core: it never imports Textual. Opening the reader is delegated to the
``launch`` function handed in by ``annotator.entry``. Each headless command lives in its
own module under ``annotator.cli`` and is listed in ``COMMANDS``. Every user error
ends in one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from importlib import import_module
from pathlib import Path

from annotator import __version__
from annotator.cli.support import (
    STDIN_ARGUMENT,
    CliError,
    add_common_options,
    load_for_reader,
    reattach_stdin_to_terminal,
)
from annotator.codebook.discovery import add_codebook_option, discover_codebook
from annotator.codebook.model import Codebook
from annotator.codebook.source import CodebookError
from annotator.coding.open_request import OpenRequest
from annotator.safe_text import one_line
from annotator.settings.config import ConfigError, UserConfig, bound_keys, load_config
from annotator.settings.paths import resolve_coder, resolve_data_dir
from annotator.store import DataDir, StoreDamaged
from annotator.text.corpus import CorpusEntry, CorpusError, discover_corpus

EXIT_USAGE = 2

# name -> module under annotator.cli with build_parser() and run(args) -> int.
COMMANDS: dict[str, str] = {
    "export": "annotator.cli.export",
    "import": "annotator.cli.import_",
    "stats": "annotator.cli.stats",
    "doctor": "annotator.cli.doctor",
}


def build_open_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description=(
            "A keyboard-first terminal reader and annotator. Opens PATH (default: the bundled "
            "sample press release) for tagging sentences and writing notes. Several files, or "
            "a directory (searched recursively for .txt and .md files), open as a corpus."
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
        nargs="*",
        metavar="PATH",
        help="a text file to read and annotate, or - for stdin "
        "(default: the bundled sample q7x2.txt)",
    )
    parser.add_argument("--version", action="version", version=f"annotator {__version__}")
    add_common_options(parser)
    add_codebook_option(parser)
    return parser


def _open_context(
    args: argparse.Namespace,
) -> tuple[UserConfig, Codebook, tuple[CorpusEntry, ...]]:
    """The user config, the codebook in force and the corpus, checked before any screen.

    Several paths, or one directory, make a corpus; ``args.path`` is left holding the
    first document to open (or the single path, or None for the bundled sample).
    """
    paths: list[str] = list(args.path)
    corpus: tuple[CorpusEntry, ...] = ()
    if len(paths) > 1 or (paths and paths[0] != "-" and Path(paths[0]).is_dir()):
        if "-" in paths:
            raise CliError("stdin (-) cannot be part of a corpus; name files or a directory")
        try:
            corpus = tuple(discover_corpus(paths))
        except CorpusError as exc:
            raise CliError(one_line(str(exc))) from None
        args.path = str(corpus[0].path)
        start = Path(paths[0]) if Path(paths[0]).is_dir() else corpus[0].path.parent
    else:
        args.path = paths[0] if paths else None
        start = Path(args.path).parent if args.path not in (None, "-") else Path.cwd()
    try:
        config = load_config()
        codebook = discover_codebook(
            option=args.codebook, start=start, reserved=bound_keys(config.keymap)
        )
    except (ConfigError, CodebookError) as exc:
        raise CliError(one_line(str(exc))) from None
    for warning in config.warnings:
        print(f"annotator: warning: {warning}", file=sys.stderr)
    return config, codebook, corpus


def _run_open(argv: Sequence[str], launch: Callable[[OpenRequest], int]) -> int:
    args = build_open_parser().parse_args(list(argv))
    config, codebook, corpus = _open_context(args)
    document, pending = load_for_reader(args.path, lang=args.lang, encoding=args.encoding)
    if args.path == STDIN_ARGUMENT:
        reattach_stdin_to_terminal()
    request = OpenRequest(
        document=document,
        data_dir=DataDir(resolve_data_dir(args.data_dir)),
        coder=resolve_coder(args.coder),
        codebook=codebook,
        corpus=corpus,
        config=config,
        pending=pending,
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
