"""``annotator [PATH ...]``: check everything the reader needs, then hand over to it.

The user config, the codebook, the corpus and the document are loaded and checked here,
before any screen, so that a mistake ends in one line on stderr like any other command.
Inside a project, ``annotator`` with no path (or the project folder) opens the coder's
assigned documents as the corpus, or every document of a project without assignments.
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
    load_document_argument,
    locate,
    print_notices,
)
from annotator.codebook.discovery import discover_codebook
from annotator.codebook.model import Codebook
from annotator.codebook.source import CodebookError
from annotator.coding.open_request import OpenRequest
from annotator.safe_text import one_line
from annotator.settings.config import ConfigError, UserConfig, bound_keys, load_config
from annotator.settings.paths import NAME_ENV, DataLocation, resolve_coder
from annotator.settings.project import Project
from annotator.text.document import Document, resolve_document_path
from annotator.text.loading import LoadError
from annotator.text.progressive import PendingDocument, load_progressively

if TYPE_CHECKING:
    from annotator.store import DataDir
    from annotator.text.corpus import CorpusEntry


def project_corpus(project: Project, coder: str) -> tuple[CorpusEntry, ...]:
    """The documents ``annotator`` opens in a project: the coder's assigned ones, or
    every document when the project has no assignments."""
    from annotator.coding.assignments import assigned_entries, project_documents, read_assignments
    from annotator.text.corpus import CorpusError

    assignments = read_assignments(project)
    if assignments is None:
        try:
            return tuple(project_documents(project))
        except CorpusError as exc:
            raise CliError(f"the project {project.name!r} has no documents: {exc}") from None
    # A row naming a document that is gone must not keep every coder from the rest.
    print_notices(assignments.problems, "warning")
    entries = tuple(e for e in assigned_entries(project, assignments, coder) if e.path.is_file())
    if not entries:
        coders = ", ".join(assignments.coders())
        raise CliError(
            f"{coder!r} has no documents in {project.assignments_path.name} (its coders: "
            f"{coders}); set --annotator or ${NAME_ENV} to your name there, or name "
            "a folder or files to open them"
        )
    return entries


def _is_project_root(path: str, location: DataLocation) -> bool:
    found = location.found
    return found is not None and os.path.abspath(path) == os.path.abspath(found.root)


def open_context(
    args: argparse.Namespace,
) -> tuple[UserConfig, Codebook, tuple[CorpusEntry, ...], DataLocation]:
    """The user config, the codebook in force, the corpus and the data directory,
    checked before any screen.

    Several paths, or one directory, make a corpus; so does the project with no path
    (or the project folder). ``args.path`` is left holding the single path to open (None
    for the bundled sample); for a corpus, its first document, which is not read: the
    reader starts with the list.
    """
    paths: list[str] = list(args.path)
    corpus: tuple[CorpusEntry, ...] = ()
    location = locate(args.data_dir, paths)
    if location.found is not None and (
        not paths or (len(paths) == 1 and _is_project_root(paths[0], location))
    ):
        corpus = project_corpus(location.found, resolve_coder(args.coder))
        args.path = str(corpus[0].path)
        start = location.found.root
    elif len(paths) > 1 or (paths and paths[0] != "-" and Path(paths[0]).is_dir()):
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
    return config, codebook, corpus, location


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
    config, codebook, corpus, location = open_context(args)
    from annotator.store import DataDir

    data_dir = DataDir.at(location)
    document: Document | None = None
    pending: PendingDocument | None = None
    # A corpus starts with its list: its documents are read as the coder opens them.
    if not corpus:
        document, pending = load_for_reader(
            args.path, lang=args.lang, encoding=args.encoding, data_dir=data_dir
        )
    if args.path == STDIN_ARGUMENT:
        reattach_stdin_to_terminal()
    request = OpenRequest(
        document=document,
        data_dir=data_dir,
        location=location,
        coder=resolve_coder(args.coder),
        codebook=codebook,
        corpus=corpus,
        lang=args.lang,
        encoding=args.encoding,
        config=config,
        pending=pending,
    )
    return launch(request)
