"""Pieces shared by the command-line commands: options, errors, document loading."""

from __future__ import annotations

import argparse
from pathlib import Path

from annotator.document import Document, load_document, resolve_document_path
from annotator.loading import LoadError
from annotator.safe_text import one_line


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
        metavar="NAME",
        help="the coder's name recorded with each annotation "
        "(default: $ANNOTATOR_NAME, else the login name)",
    )


def load_document_argument(argument: str | None) -> Document:
    """Load the document named on the command line, or raise CliError in one line."""
    path, is_sample = resolve_document_path(argument, Path.cwd())
    try:
        return load_document(path, is_sample=is_sample)
    except LoadError as exc:
        raise CliError(one_line(str(exc))) from None
