"""``annotator done DOC... [--undo]``: mark documents finished (or re-open them), no screen.

The same mark as ``D`` in the reader, kept in the coder's own store file: once a coder
has finished a document, a sentence they left without codes means "no code applies"
there, and agreement counts their work on it. Every document named is found before any
mark is written, so a mistyped one changes nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.cli.support import (
    STDIN_ARGUMENT,
    CliError,
    ParagraphHelpFormatter,
    add_common_options,
    add_documents_argument,
    data_dir_option,
    describe_option,
    load_catalogued,
    print_notices,
    stdin_bytes,
    writable_session,
)
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.workspace import Workspace
from annotator.safe_text import one_line
from annotator.settings.paths import resolve_coder
from annotator.store import DataDir
from annotator.store.segment_cache import SegmentCache
from annotator.text.document import SAMPLE_NAME, Document
from annotator.text.loading import LoadError
from annotator.wording import plural, plural_form

EPILOG = """\
A sentence left without codes means "no code applies" only once its coder says the
document is finished; until then agreement leaves that coder's work on it out. The mark
is the coder's own (--annotator, else $ANNOTATOR_NAME, else the login name), and shows in
the reader's status bar and document list. --undo re-opens a document. Marking a
document finished again keeps the time it was first marked.

examples:
  annotator done release-01.txt release-02.txt
  annotator done release-02.txt --undo --annotator ana"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator done",
        description=(
            "Mark documents as finished by a coder (the same as D in the reader), or "
            "re-open them with --undo."
        ),
        epilog=EPILOG,
        formatter_class=ParagraphHelpFormatter,
    )
    add_documents_argument(parser, at_least_one=True)
    parser.add_argument(
        "--undo", action="store_true", help="re-open the documents: take the mark away"
    )
    add_common_options(parser)
    describe_option(parser, "coder", "whose mark (default: $ANNOTATOR_NAME, else the login name)")
    return parser


def _find(reference: str, data_dir: DataDir, args: argparse.Namespace) -> list[Document]:
    """The document(s) ``reference`` names: a file, or catalogued ones, loaded."""
    if reference in (STDIN_ARGUMENT, SAMPLE_NAME) or Path(reference).exists():
        document = SegmentCache(data_dir).load_named(
            reference, stdin=stdin_bytes(), lang=args.lang, encoding=args.encoding
        )
        print_notices(document.notices)
        return [document]
    return load_catalogued(reference, data_dir, args.lang, args.encoding)


def run(args: argparse.Namespace) -> int:
    data_dir = data_dir_option(args.data_dir, args.docs)
    coder = resolve_coder(args.coder)
    documents: dict[str, Document] = {}
    try:
        for reference in args.docs:
            for document in _find(reference, data_dir, args):
                documents.setdefault(document.doc_id, document)
    except LoadError as exc:
        raise CliError(one_line(str(exc))) from None
    # The session only orders codes; marking a document touches none.
    workspace = Workspace(data_dir, coder, DEFAULT_CODEBOOK)
    failed = 0
    for document in documents.values():
        problem = _mark(workspace, document, finished=not args.undo)
        if problem:
            failed += 1
            print(f"annotator: error: {one_line(document.name)}: {problem}", file=sys.stderr)
    return 2 if failed else 0


def _mark(workspace: Workspace, document: Document, *, finished: bool) -> str:
    """Set the mark on one document and say what happened; a problem, or ""."""
    session = writable_session(workspace, document)
    if isinstance(session, str):
        return session
    try:
        held = len(session.held.undecided)
        if session.carried is not None and (session.carried_over or held):
            carried = session.carried_over
            waiting = f"; {held} {plural_form(held, 'awaits', 'await')} review" if held else ""
            print(
                f"annotator: note: {one_line(document.name)} changed since it was coded: "
                f"{plural(carried, 'annotation')} of {one_line(workspace.coder)} "
                f"{plural_form(carried, 'was')} carried over to the new text{waiting} "
                "(annotator reanchor lists them)",
                file=sys.stderr,
            )
        before = session.finished
        session.set_finished(finished)
        coded = session.tagged_count
    finally:
        saved = session.close()
    if not saved:
        return "the mark could not be saved (see 'annotator doctor')"
    name, who = one_line(document.name), one_line(workspace.coder)
    if finished and before:
        print(f"{name}: already finished by {who} (since {before})", file=sys.stderr)
    elif finished:
        print(f"{name}: finished by {who}", file=sys.stderr)
        if not coded:
            print(
                f"annotator: note: {who} coded no sentence of {name}: every sentence of it "
                "now counts as 'no code applies'",
                file=sys.stderr,
            )
    elif before:
        print(f"{name}: re-opened for {who}", file=sys.stderr)
    else:
        print(f"{name}: was not finished by {who}", file=sys.stderr)
    return ""
