"""``annotator adjudicate DOC``: settle the coders' disagreements in a reference layer.

The document and its coders' work are read and checked here (at least two coders who
finished it, known names, a reference name that is not a coder's own coding), before any
screen. Then either the reader opens in adjudication mode through the ``launch`` function
``annotator.entry`` passes in, or, with ``--auto``, the agreed sentences are filled in
without a screen and what is left is reported.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from annotator.cli.agree import names
from annotator.cli.open import reattach_stdin_to_terminal
from annotator.cli.support import (
    STDIN_ARGUMENT,
    CliError,
    ParagraphHelpFormatter,
    add_data_dir_option,
    codebook_failure,
    load_catalogued,
    locate,
    print_notices,
    stdin_bytes,
)
from annotator.codebook.discovery import add_codebook_option, discover_codebook
from annotator.codebook.model import Codebook
from annotator.codebook.source import CodebookError
from annotator.coding.adjudication import (
    DEFAULT_REFERENCE,
    AdjudicationError,
    AdjudicationPlan,
    open_adjudication,
    plan_adjudication,
)
from annotator.coding.document_coders import read_coders
from annotator.coding.open_request import OpenRequest
from annotator.coding.workspace import DamagedStoreFile, Workspace
from annotator.safe_text import one_line
from annotator.settings.config import ConfigError, bound_keys, load_config
from annotator.settings.paths import DataLocation
from annotator.store import DataDir
from annotator.store.segment_cache import SegmentCache
from annotator.text.document import SAMPLE_NAME, Document
from annotator.text.language import normalize_language
from annotator.text.loading import LoadError
from annotator.wording import plural

OPENS_READER = True
"""``run`` takes the function that opens the reader (see ``annotator.cli.main``)."""

EPILOG = """\
The reference layer is the store of the coder named by --as (default: gold), marked in
its file as an adjudicated reference layer: 'annotator agree' leaves it out unless
--coders names it, and 'annotator export --annotator gold' exports it like any coder.
Only coders who finished the document count (D in the reader, or 'annotator done');
sentences every one of them coded alike are filled in at once. A new reference is
segmented so that every sentence start of any finished coder starts a sentence.

keys in adjudication mode (besides every reader key):
  n / N        next / previous disagreement (the keys of next-untagged, prev-untagged)
  = then 1-9   make the reference's codes those of coder 1-9 as the side panel numbers them
  code keys    set the reference's codes
  enter        write the adjudicator's note
  D            mark the reference finished

examples:
  annotator adjudicate release-01.txt
  annotator adjudicate release-01.txt --coders ana,ben --as gold
  annotator adjudicate release-01.txt --auto"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator adjudicate",
        description=(
            "Open the reader in adjudication mode on one document: the side panel shows "
            "each coder's codes and notes, and the keys write the reference codes and "
            "notes into a reference layer. With --auto, only fill in the sentences every "
            "finished coder coded alike, and report what is left."
        ),
        epilog=EPILOG,
        formatter_class=ParagraphHelpFormatter,
    )
    parser.add_argument(
        "doc",
        metavar="DOC",
        help="a document file, or the id or file name of a document in the data directory",
    )
    parser.add_argument(
        "--coders",
        metavar="A,B,...",
        help="the coders to compare, comma-separated, numbered in this order (default: "
        "every coder of the document but reference layers)",
    )
    parser.add_argument(
        "--as",
        dest="reference",
        metavar="NAME",
        default=DEFAULT_REFERENCE,
        help=f"the coder whose store holds the reference layer (default: {DEFAULT_REFERENCE})",
    )
    parser.add_argument(
        "--auto",
        action="store_true",
        help="no screen: fill in the agreed sentences and say how many disagreements are left",
    )
    add_data_dir_option(parser)
    parser.add_argument(
        "--lang",
        metavar="CODE",
        help="the document's language for sentence splitting (default: detected)",
    )
    parser.add_argument(
        "--encoding",
        metavar="NAME",
        help="the document's text encoding (default: UTF-8, or what a byte-order mark says)",
    )
    add_codebook_option(parser)
    return parser


def _load(reference: str, data_dir: DataDir, lang: str | None, encoding: str | None) -> Document:
    """The document ``reference`` names, as the segmenter splits it (no corrections)."""
    if reference in (STDIN_ARGUMENT, SAMPLE_NAME) or Path(reference).exists():
        document = SegmentCache(data_dir).load_named(
            reference, stdin=stdin_bytes(), lang=lang, encoding=encoding
        )
        print_notices(document.notices)
        return document
    documents = load_catalogued(reference, data_dir, lang, encoding)
    if len(documents) > 1:
        raise LoadError(f"{reference} names {len(documents)} documents; name one by its file or id")
    return documents[0]


def plan(args: argparse.Namespace) -> tuple[AdjudicationPlan, DataLocation]:
    """Everything checked before anything is opened for writing."""
    reference = args.reference.strip()
    if not reference:
        raise CliError("--as names no coder")
    lang = None
    if args.lang is not None:
        try:
            lang = normalize_language(args.lang)
        except ValueError as exc:
            raise CliError(f"--lang: {one_line(str(exc))}") from None
    location = locate(args.data_dir, [args.doc])
    data_dir = DataDir.at(location)
    try:
        document = _load(args.doc, data_dir, lang, args.encoding)
    except LoadError as exc:
        raise CliError(one_line(str(exc))) from None
    found = read_coders(data_dir, document)
    try:
        checked = plan_adjudication(found, names(args.coders), reference)
    except AdjudicationError as exc:
        raise CliError(one_line(str(exc))) from None
    for item in checked.left_out:
        who = f"{item.coder}: " if item.coder else ""
        print(f"annotator: note: left out {one_line(who + item.reason)}", file=sys.stderr)
    return checked, location


def run(args: argparse.Namespace, launch: Callable[[OpenRequest], int]) -> int:
    checked, location = plan(args)
    data_dir = DataDir.at(location)
    try:
        config = load_config()
        codebook = discover_codebook(
            option=args.codebook,
            start=Path(args.doc).expanduser().resolve().parent
            if Path(args.doc).exists()
            else Path.cwd(),
            reserved=bound_keys(config.keymap),
        )
    except ConfigError as exc:
        raise CliError(one_line(str(exc))) from None
    except CodebookError as exc:
        raise codebook_failure(exc.problems, one_line(str(exc))) from None
    if not args.auto:
        if args.doc == STDIN_ARGUMENT:
            reattach_stdin_to_terminal()
        return launch(
            OpenRequest(
                document=checked.document,
                data_dir=data_dir,
                coder=checked.reference,
                codebook=codebook,
                config=config,
                adjudication=checked,
                location=location,
            )
        )
    return _auto(checked, data_dir, codebook)


def _auto(checked: AdjudicationPlan, data_dir: DataDir, codebook: Codebook) -> int:
    workspace = Workspace(data_dir, checked.reference, codebook)
    try:
        adjudication = open_adjudication(workspace, checked)
    except DamagedStoreFile as exc:
        raise CliError(f"store file damaged: {one_line(str(exc))}") from None
    try:
        session = adjudication.session
        if session.read_only:
            raise CliError(one_line(session.read_only_reason or "the reference cannot be written"))
        disagreements = adjudication.disagreements()
        left = adjudication.open_disagreements()
    finally:
        saved = adjudication.close()
    if not saved:
        raise CliError("the reference layer could not be saved (see 'annotator doctor')")
    name = one_line(checked.document.name)
    who = one_line(checked.reference)
    coders = ", ".join(one_line(c) for c in adjudication.finished_coders)
    print(
        f"{name}: {who} filled {plural(adjudication.filled, 'sentence')} that every finished "
        f"coder ({coders}) coded alike",
        file=sys.stderr,
    )
    unfinished = [c.coder for c in adjudication.coders if c.finished is None]
    if unfinished:
        print(
            f"annotator: note: not finished, so not compared: {one_line(', '.join(unfinished))}",
            file=sys.stderr,
        )
    decided = len(disagreements) - len(left)
    print(
        f"{name}: {plural(len(left), 'disagreement')} left to adjudicate of "
        f"{len(disagreements)} ({decided} decided)"
        + (f"; run 'annotator adjudicate {one_line(checked.document.name)}'" if left else ""),
        file=sys.stderr,
    )
    return 0
