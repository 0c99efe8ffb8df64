"""What the command-line commands share: options, the one-line error, loading, messages.

The work itself is in the core (``annotator.export``, ``annotator.import_``, ...), which
raises its own errors and returns what the user must be told as data; the commands turn
those errors into ``CliError`` and print the messages here, made safe for a terminal.

``annotator.cli.main`` imports this module for every command, and for ``--help``: the
store and the segmenter are imported by the functions that use them, not here.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from annotator.safe_text import for_terminal, is_terminal, one_line
from annotator.settings.paths import DataLocation, locate_data_dir
from annotator.settings.project import Project, ProjectError, find_project
from annotator.text.language import normalize_language
from annotator.text.loading import STDIN_ARGUMENT, LoadError

if TYPE_CHECKING:
    from annotator.codebook.model import Codebook
    from annotator.coding.session import CodingSession
    from annotator.coding.workspace import Workspace
    from annotator.export.remarks import Remark
    from annotator.store import DataDir
    from annotator.text.document import Document

__all__ = [
    "STDIN_ARGUMENT",
    "CliError",
    "ParagraphHelpFormatter",
    "add_common_options",
    "add_documents_argument",
    "codebook_failure",
    "codebook_for",
    "data_dir_option",
    "describe_option",
    "is_terminal",
    "load_catalogued",
    "load_document_argument",
    "locate",
    "named_coder",
    "parse_arguments",
    "print_notices",
    "print_remarks",
    "project_failure",
    "reserved_keys",
    "start_folder",
    "stdin_bytes",
    "writable_session",
    "write_stdout",
]


class CliError(Exception):
    """A user-facing failure: printed as one line (or one line per problem), exit status 2."""

    def __init__(self, *lines: str) -> None:
        super().__init__(*lines)
        self.lines = lines or ("failed",)

    def __str__(self) -> str:
        return self.lines[0]


def codebook_failure(problems: Sequence[object], summary: str) -> CliError:
    """Every problem of a codebook, one line each, so they can all be fixed in one go."""
    return CliError(*(one_line(str(p)) for p in problems)) if problems else CliError(summary)


class ParagraphHelpFormatter(argparse.HelpFormatter):
    """Fills each paragraph of a description or epilog, but keeps as written a paragraph
    with indented lines: a command's help can end with examples that are never wrapped.
    ``--data-dir``'s help says which data directory is in force here, found only when
    help is shown (``data_dir_help``), not each time a parser is made."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if "--data-dir" in action.option_strings:
            return data_dir_help()
        return super()._get_help_string(action)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        blocks = []
        for paragraph in text.split("\n\n"):
            if any(line.startswith("  ") for line in paragraph.splitlines()):
                blocks.append("\n".join(indent + line for line in paragraph.splitlines()))
            else:
                blocks.append(super()._fill_text(paragraph, width, indent))
        return "\n\n".join(blocks)


DATA_DIR_HELP = (
    "where annotations are kept (default: $ANNOTATOR_DATA_DIR, else the coding folder of the "
    "project the documents are in, else the user data dir)"
)


def data_dir_help() -> str:
    """``--data-dir``'s help, saying which data directory is in force here (for documents
    under the current directory), so that ``--help`` answers "where does my work go?"."""
    try:
        here = locate_data_dir(None, Path.cwd()).describe()
    except (ProjectError, OSError) as exc:
        here = f"none: {exc}"
    return f"{DATA_DIR_HELP}; in force here: {one_line(here, 300)}".replace("%", "%%")


def add_data_dir_option(parser: argparse.ArgumentParser) -> None:
    """``--data-dir``; its help, with where the data goes from here, is written when
    shown, by ``ParagraphHelpFormatter`` (every parser with this option uses it)."""
    parser.add_argument("--data-dir", metavar="DIR", help=DATA_DIR_HELP)


DOCUMENT_HELP = (
    "a document file (- for stdin), or the id or file name of a document in the data directory"
)


def add_documents_argument(parser: argparse.ArgumentParser, *, at_least_one: bool) -> None:
    """The commands' ``DOC ...``: files, ``-``, or documents the data directory knows."""
    parser.add_argument(
        "docs", nargs="+" if at_least_one else "*", metavar="DOC", help=DOCUMENT_HELP
    )


def add_common_options(parser: argparse.ArgumentParser) -> None:
    add_data_dir_option(parser)
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


def write_stdout(text: str) -> None:
    """Print ``text``, which may hold document text, notes or names, to stdout.

    On a terminal every control character but line ends and tabs is shown as a symbol
    (an escape sequence in a note could retitle the window or write the clipboard);
    a pipe or a file gets the exact text.
    """
    sys.stdout.write(for_terminal(text) if is_terminal(sys.stdout) else text)


def parse_arguments(parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace:
    """``parser.parse_args(argv)``; a usage error echoes what it was given (a file name,
    an option), so on a terminal it is shown with its control characters as symbols."""
    if not is_terminal(sys.stderr):
        return parser.parse_args(list(argv))
    said = io.StringIO()
    try:
        with contextlib.redirect_stderr(said):
            return parser.parse_args(list(argv))
    finally:
        sys.stderr.write(for_terminal(said.getvalue()))


def describe_option(parser: argparse.ArgumentParser, dest: str, text: str) -> None:
    """Say what a shared option means for this command."""
    for action in parser._actions:
        if action.dest == dest:
            action.help = text


def project_failure(exc: ProjectError) -> CliError:
    """Every problem of a project file, one line each, as for a codebook."""
    return codebook_failure(exc.problems, one_line(str(exc)))


def start_folder(documents: Sequence[str] = ()) -> Path:
    """Where to look for the project: the folder of the first document named that is a
    file (or the folder named), else the current directory."""
    for document in documents:
        if document == STDIN_ARGUMENT:
            continue
        path = Path(document).expanduser()
        if path.is_dir():
            return Path(os.path.abspath(path))
        if path.exists():
            return Path(os.path.abspath(path)).parent
    return Path.cwd()


def project_of(documents: Sequence[str], command: str) -> Project:
    """The project the documents (or the current folder) lie in; CliError outside one,
    or when its file cannot be used."""
    try:
        found = find_project(start_folder(documents))
    except ProjectError as exc:
        raise project_failure(exc) from None
    if found is None:
        raise CliError(
            f"not inside a project: '{command}' works in a project folder or on its documents "
            "(annotator init makes one)"
        )
    return found


def locate(option: str | None, documents: Sequence[str] = ()) -> DataLocation:
    """The data directory in force for ``documents`` (see ``locate_data_dir``); a project
    file that cannot be used is a CliError. Says so on stderr when --data-dir or
    $ANNOTATOR_DATA_DIR overrides the coding folder of the documents' project."""
    try:
        location = locate_data_dir(option, start_folder(documents))
    except ProjectError as exc:
        raise project_failure(exc) from None
    overridden = location.overridden
    if overridden is not None:
        skipped = f"{one_line(overridden.name)!r} ({one_line(str(overridden.coding_dir))})"
        print(
            f"annotator: note: {one_line(location.describe())} is in force, not the coding "
            f"folder of the project {skipped}",
            file=sys.stderr,
        )
    return location


def writable_session(workspace: Workspace, document: Document) -> CodingSession | str:
    """A session on ``document`` that can save (the caller closes it), or why not, in
    words for stderr: a damaged store file, or a data directory that cannot be written."""
    from annotator.coding.workspace import DamagedStoreFile

    try:
        session = workspace.open(document)
    except DamagedStoreFile as exc:
        return f"store file damaged: {one_line(str(exc))}; run 'annotator doctor'"
    if session.read_only:
        session.close()
        return one_line(session.read_only_reason or "the store cannot be written")
    return session


def data_dir_option(option: str | None, documents: Sequence[str] = ()) -> DataDir:
    """The data directory in force for ``documents``: ``--data-dir``, the environment,
    the project's coding folder, or the user data directory."""
    from annotator.store import DataDir

    return DataDir.at(locate(option, documents))


def named_coder(option: str | None) -> str | None:
    """The coder ``--annotator`` names; None when it is not given or blank (for export
    and stats: every coder; for import: the coder the rows name)."""
    return option.strip() if option and option.strip() else None


def stdin_bytes() -> BinaryIO | None:
    """Standard input as bytes, for ``-``; None when the process has none."""
    return getattr(sys.stdin, "buffer", None) if sys.stdin is not None else None


def load_document_argument(
    argument: str | None, lang: str | None = None, encoding: str | None = None
) -> Document:
    """Load the document named on the command line, or raise CliError in one line.

    ``lang`` is the ``--lang`` option; None detects the language from the text.
    ``encoding`` is the ``--encoding`` option. ``-`` reads the document from stdin.
    Loading notices (a guessed encoding, control characters) are printed to stderr, so
    headless commands show them too.
    """
    from annotator.text.document import load_named_document

    try:
        document = load_named_document(argument, stdin=stdin_bytes(), lang=lang, encoding=encoding)
    except LoadError as exc:
        raise CliError(one_line(str(exc))) from None
    print_notices(document.notices)
    return document


def load_catalogued(
    reference: str, data_dir: DataDir, lang: str | None = None, encoding: str | None = None
) -> list[Document]:
    """The current text of each catalogued document ``reference`` names (by id, name or
    recorded path), read from its file: edited since it was coded, it is the new text
    (its coding follows it). LoadError when nothing is named, a file cannot be read, or
    an id names an earlier version (its file holds a later one). StoreDamaged for a
    damaged catalog."""
    from annotator.coding.catalog import catalog_damage
    from annotator.export.selection import find_documents
    from annotator.store.segment_cache import SegmentCache
    from annotator.store.versions import Versions
    from annotator.text.document import load_named_document

    cache = SegmentCache(data_dir)
    damage = catalog_damage(data_dir)
    if damage is not None:
        raise damage
    versions = Versions.of(data_dir.catalog())
    entries = find_documents(data_dir, versions, reference)
    if not entries:
        load_named_document(reference, encoding=encoding)  # its own error
        raise LoadError(f"no such document: {reference}")
    found = []
    for entry in entries:
        latest = versions.latest(entry.doc_id)
        if latest is not None and latest.doc_id != entry.doc_id:
            raise LoadError(
                f"{reference} is an earlier version of {entry.name}; name the document by "
                f"its file or as {latest.doc_id}"
            )
        try:
            found.append(cache.load_named(entry.path, lang=lang, encoding=encoding))
        except LoadError as exc:
            raise LoadError(f"{entry.name}: its text cannot be read: {exc}") from None
    return found


def print_notices(notices: Iterable[str], kind: str = "note") -> None:
    """Loading notices (or warnings, with ``kind``), one line each on stderr."""
    for notice in notices:
        print(f"annotator: {kind}: {one_line(notice)}", file=sys.stderr)


def print_remarks(remarks: Iterable[Remark]) -> None:
    """What an export or a count could not do as usual, one line each on stderr."""
    for remark in remarks:
        print(f"{remark.kind}: {one_line(remark.text)}", file=sys.stderr)


def codebook_for(option: str | None, documents: Sequence[str] = ()) -> Codebook:
    """The codebook in force for a headless command, found as the reader finds it.

    ``option`` is ``--codebook``; otherwise the search for a project file starts in the
    first named document's folder (or the folder named), or in the current directory.
    Its keys are checked against the user's keymap, as the reader checks them, so a
    codebook the reader opens is one the commands accept (the defaults if the config
    cannot be read: these commands bind no keys).
    """
    from annotator.codebook.discovery import discover_codebook
    from annotator.codebook.source import CodebookError

    try:
        return discover_codebook(
            option=option, start=start_folder(documents), reserved=reserved_keys()
        )
    except CodebookError as exc:
        raise codebook_failure(exc.problems, one_line(str(exc))) from None


def reserved_keys() -> Mapping[str, str]:
    """The keys the reader binds under the user's keymap, which no code may take.

    The defaults if the config cannot be read: the headless commands bind no keys, and
    the reader reports a broken config itself.
    """
    from annotator.settings.config import ConfigError, bound_keys, load_config

    try:
        keymap = load_config().keymap
    except ConfigError:
        keymap = {}
    return bound_keys(keymap)
