"""``annotator [PATH ...]``: check everything the reader needs, then hand over to it.

The user config, the codebook, the corpus and the document are loaded and checked here,
before any screen, so that a mistake ends in one line on stderr like any other command.
The reader itself is behind the ``launch`` function that ``annotator.entry`` passes in:
this module, like the rest of the CLI, never imports Textual.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.cli.support import (
    STDIN_ARGUMENT,
    CliError,
    codebook_failure,
    data_dir_option,
    load_document_argument,
)
from annotator.codebook.discovery import discover_codebook
from annotator.codebook.model import Codebook
from annotator.codebook.source import CodebookError
from annotator.coding.open_request import OpenRequest
from annotator.safe_text import one_line
from annotator.settings.config import ConfigError, UserConfig, bound_keys, load_config
from annotator.settings.paths import resolve_coder
from annotator.text.document import Document, resolve_document_path
from annotator.text.loading import LoadError
from annotator.text.progressive import PendingDocument, load_progressively

if TYPE_CHECKING:
    from annotator.store import DataDir
    from annotator.text.corpus import CorpusEntry


def open_context(
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
        from annotator.text.corpus import CorpusError, discover_corpus

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
    except ConfigError as exc:
        raise CliError(one_line(str(exc))) from None
    except CodebookError as exc:
        raise codebook_failure(exc.problems, one_line(str(exc))) from None
    for warning in config.warnings:
        print(f"annotator: warning: {warning}", file=sys.stderr)
    return config, codebook, corpus


def load_for_reader(
    argument: str | None,
    lang: str | None = None,
    encoding: str | None = None,
    data_dir: DataDir | None = None,
) -> tuple[Document, PendingDocument | None]:
    """Like ``load_document_argument``, but a large file comes back partly segmented.

    The reader shows the beginning at once and segments the rest in the background.
    With ``data_dir``, a text segmented before comes whole from its segmentation cache,
    and the segmenter is not even imported.
    """
    if argument == STDIN_ARGUMENT:
        return load_document_argument(argument, lang=lang, encoding=encoding), None
    try:
        path, is_sample = resolve_document_path(argument, Path.cwd())
        if data_dir is None:
            return load_progressively(path, is_sample=is_sample, lang=lang, encoding=encoding)
        from annotator.store.segment_cache import SegmentCache

        return SegmentCache(data_dir).load_for_reading(
            path, is_sample=is_sample, lang=lang, encoding=encoding
        )
    except LoadError as exc:
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


def open_reader(args: argparse.Namespace, launch: Callable[[OpenRequest], int]) -> int:
    """Check and load what ``args`` names, then run the reader through ``launch``."""
    config, codebook, corpus = open_context(args)
    data_dir = data_dir_option(args.data_dir)
    document, pending = load_for_reader(
        args.path, lang=args.lang, encoding=args.encoding, data_dir=data_dir
    )
    if args.path == STDIN_ARGUMENT:
        reattach_stdin_to_terminal()
    request = OpenRequest(
        document=document,
        data_dir=data_dir,
        coder=resolve_coder(args.coder),
        codebook=codebook,
        corpus=corpus,
        config=config,
        pending=pending,
    )
    return launch(request)
