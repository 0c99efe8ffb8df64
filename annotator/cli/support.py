"""Pieces shared by the command-line commands: options, errors, document loading."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from annotator.codebook.model import Codebook
from annotator.safe_text import one_line
from annotator.text.document import (
    Document,
    load_document,
    load_document_stream,
    resolve_document_path,
)
from annotator.text.language import normalize_language
from annotator.text.loading import LoadError
from annotator.text.progressive import PendingDocument, load_progressively


class CliError(Exception):
    """A user-facing failure: printed as one line, exit status 2."""


def add_common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where annotations are kept (default: $ANNOTATOR_DATA_DIR, else the user data dir)",
    )
    parser.add_argument(
        "--annotator",
        dest="coder",
        metavar="NAME",
        help="the coder's name recorded with each annotation "
        "(default: $ANNOTATOR_NAME, else the login name)",
    )
    parser.add_argument(
        "--lang",
        metavar="CODE",
        type=_language_option,
        help="the document's language for sentence splitting, e.g. en, de, ru "
        "(default: detected from the text)",
    )
    parser.add_argument(
        "--encoding",
        metavar="NAME",
        help="the document's text encoding, e.g. cp1252, latin-1, utf-16 "
        "(default: UTF-8, or what a byte-order mark says)",
    )


def _language_option(value: str) -> str:
    try:
        return normalize_language(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


STDIN_ARGUMENT = "-"


def load_document_argument(
    argument: str | None, lang: str | None = None, encoding: str | None = None
) -> Document:
    """Load the document named on the command line, or raise CliError in one line.

    ``lang`` is the ``--lang`` option; None detects the language from the text.
    ``encoding`` is the ``--encoding`` option. ``-`` reads the document from stdin.
    Loading notices (a guessed encoding, control characters) are printed to stderr, so
    headless commands show them too.
    """
    try:
        if argument == STDIN_ARGUMENT:
            if sys.stdin is None:
                raise CliError("there is no stdin to read a document from")
            document = load_document_stream(sys.stdin.buffer, lang=lang, encoding=encoding)
        else:
            path, is_sample = resolve_document_path(argument, Path.cwd())
            document = load_document(path, is_sample=is_sample, lang=lang, encoding=encoding)
    except LoadError as exc:
        raise CliError(one_line(str(exc))) from None
    for notice in document.notices:
        print(f"annotator: note: {one_line(notice)}", file=sys.stderr)
    return document


def load_for_reader(
    argument: str | None, lang: str | None = None, encoding: str | None = None
) -> tuple[Document, PendingDocument | None]:
    """Like ``load_document_argument``, but a large file comes back partly segmented.

    The reader shows the beginning at once and segments the rest in the background.
    """
    if argument == STDIN_ARGUMENT:
        return load_document_argument(argument, lang=lang, encoding=encoding), None
    try:
        path, is_sample = resolve_document_path(argument, Path.cwd())
        return load_progressively(path, is_sample=is_sample, lang=lang, encoding=encoding)
    except LoadError as exc:
        raise CliError(one_line(str(exc))) from None


def codebook_for(option: str | None, documents: Sequence[str] = ()) -> Codebook:
    """The codebook in force for a headless command, found as the reader finds it.

    ``option`` is ``--codebook``; otherwise the search for a project file starts in the
    first named document's folder, or in the current directory. Its keys are checked
    against the user's keymap, as the reader checks them, so a codebook the reader opens
    is one the commands accept (the defaults if the config cannot be read: these
    commands bind no keys).
    """
    from annotator.codebook.discovery import discover_codebook
    from annotator.codebook.source import CodebookError
    from annotator.settings.config import ConfigError, bound_keys, load_config

    first = next((d for d in documents if d != STDIN_ARGUMENT), None)
    start = Path(first).expanduser().resolve().parent if first else Path.cwd()
    try:
        keymap = load_config().keymap
    except ConfigError:
        keymap = {}
    try:
        return discover_codebook(option=option, start=start, reserved=bound_keys(keymap))
    except CodebookError as exc:
        raise CliError(one_line(str(exc))) from None


def reattach_stdin_to_terminal() -> None:
    """After reading a document from a pipe, take keys from the terminal instead.

    The reader reads keystrokes from file descriptor 0, which ``annotator -`` has used
    up; like ``less``, point it at the controlling terminal.
    """
    if sys.stdin.isatty():
        return
    try:
        terminal = os.open("/dev/tty", os.O_RDWR | os.O_NOCTTY)
    except OSError:
        raise CliError(
            "the document came from stdin and there is no terminal to read keys from"
        ) from None
    try:
        os.dup2(terminal, 0)
    finally:
        os.close(terminal)
