"""``annotator reanchor DOC``: carry coding over to a document's edited text, and report.

The same carry the reader makes when it opens an edited file (and that exports, counts
and agreement compute in memory): each annotation of the earlier version is placed, held
for review or orphaned (``annotator.coding.reanchoring.carry``). This command saves the result into
the coder's file for the new version (``--dry-run``: only reports) and lists every
annotation of the earlier version in exactly one of the three groups, as a table or as
JSON. Finding the work to carry is ``annotator.coding.document_coders.read_coders``; the
saving is the reader's own (``annotator.coding.opening``).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from annotator.cli.support import (
    STDIN_ARGUMENT,
    CliError,
    ParagraphHelpFormatter,
    add_common_options,
    data_dir_option,
    describe_option,
    load_catalogued,
    print_notices,
    stdin_bytes,
    writable_session,
    write_stdout,
)
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.carry_report import CoderReport, Entry, coder_report
from annotator.coding.document_coders import DocumentCoders, read_coders
from annotator.coding.workspace import Workspace
from annotator.safe_text import one_line
from annotator.settings.paths import resolve_coder
from annotator.store import DataDir
from annotator.store.segment_cache import SegmentCache
from annotator.text.document import SAMPLE_NAME, Document
from annotator.text.loading import LoadError
from annotator.wording import plural

EPILOG = """\
When a document's file changes, each annotation of the earlier version is placed when its
quote is found once (or, found several times or with small edits, when its context and
position decide it), held for review when they do not, and orphaned when its text is
gone; never placed on a wrong sentence, never deleted. The reader does this when it opens
the file, and export, stats and agree compute it without saving; this command saves it
for the coder (--annotator, else $ANNOTATOR_NAME, else the login name), or for every
coder with --all-coders, and lists each annotation once: placed, review or orphaned.
Held annotations are decided in the reader's review screen (R). In a project (annotator
init) each coder's files are written by that coder alone, so that their branches merge
without conflicts: --all-coders reports every coder there but saves only your own.

examples:
  annotator reanchor release-01.txt
  annotator reanchor release-01.txt --all-coders --json
  annotator reanchor release-01.txt --dry-run"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator reanchor",
        description=(
            "Carry the coding of a document's earlier version over to its edited text, "
            "save it, and report where each annotation went."
        ),
        epilog=EPILOG,
        formatter_class=ParagraphHelpFormatter,
    )
    parser.add_argument(
        "doc",
        metavar="DOC",
        help="the document's file (- for stdin), or the id or file name of a document in "
        "the data directory (its file is read)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help='print JSON: {"placed": n, "review": n, "orphaned": n, "annotations": [...]}',
    )
    parser.add_argument(
        "--all-coders",
        action="store_true",
        help="carry over (and report) every coder's work, not only the coder's own",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="report what would be carried; save nothing"
    )
    add_common_options(parser)
    describe_option(parser, "coder", "whose work (default: $ANNOTATOR_NAME, else the login name)")
    return parser


def _load(args: argparse.Namespace, data_dir: DataDir) -> Document:
    """The document's current text: the file named, or the file of the catalogued one."""
    reference = args.doc
    try:
        if reference in (STDIN_ARGUMENT, SAMPLE_NAME) or Path(reference).exists():
            document = SegmentCache(data_dir).load_named(
                reference, stdin=stdin_bytes(), lang=args.lang, encoding=args.encoding
            )
        else:
            found = load_catalogued(reference, data_dir, args.lang, args.encoding)
            if len(found) > 1:
                raise LoadError(
                    f"{reference} names {len(found)} documents; name one by its file or id"
                )
            document = found[0]
    except LoadError as exc:
        raise CliError(one_line(str(exc))) from None
    print_notices(document.notices)
    return document


def run(args: argparse.Namespace) -> int:
    data_dir = data_dir_option(args.data_dir, [args.doc])
    document = _load(args, data_dir)
    coder = resolve_coder(args.coder)
    coders = None if args.all_coders else [coder]
    found = read_coders(data_dir, document, coders, keep_bad=True)
    print_notices(found.warnings, "warning")
    reports = [r for c in found.coders if (r := coder_report(data_dir, c)) is not None]
    saved: dict[str, str] = {}
    theirs: set[str] = set()
    if not args.dry_run:
        for report in reports:
            if not report.pending:
                continue
            if data_dir.project_root is not None and report.coder != coder:
                theirs.add(report.coder)  # another coder's file: only they write it
            else:
                saved[report.coder] = _save(data_dir, document, report.coder)
    state = _SaveStates(saved, theirs, dry_run=args.dry_run)
    if args.json:
        out = _json(document, found, reports, state)
        write_stdout(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    else:
        _print(document, reports, state)
    if theirs:
        print(
            f"annotator: note: not saved for {one_line(', '.join(sorted(theirs)), 200)}: in a "
            "project each coder's files are written by that coder alone (their reader, or "
            "their own 'annotator reanchor', saves it; export and agree carry it meanwhile)",
            file=sys.stderr,
        )
    if not reports:
        who = "any coder" if args.all_coders else one_line(coder)
        print(
            f"annotator: note: nothing to carry over: no earlier version of "
            f"{one_line(document.name)} holds work of {who}",
            file=sys.stderr,
        )
    return 2 if any(problem for problem in saved.values()) else 0


def _save(data_dir: DataDir, document: Document, coder: str) -> str:
    """Carry ``coder``'s work over and save it, as the reader does; a problem, or ""."""
    session = writable_session(Workspace(data_dir, coder, DEFAULT_CODEBOOK), document)
    if isinstance(session, str):
        return session
    return "" if session.close() else "could not be saved (see 'annotator doctor')"


# -- output ------------------------------------------------------------------------------


def _where(document: Document, sentence: int | None) -> dict[str, Any] | None:
    if sentence is None:
        return None
    s = document.sentences[sentence]
    return {
        "paragraph": s.paragraph + 1,
        "sentence": s.number + 1,
        "start": s.start,
        "end": s.end,
        "quote": document.sentence_text(sentence),
    }


def _entry_json(report: CoderReport, entry: Entry) -> dict[str, Any]:
    a = entry.annotation
    return {
        "id": a.id,
        "coder": a.coder,
        "outcome": entry.outcome,
        "method": entry.method,
        "score": None if entry.score is None else round(entry.score, 4),
        "context": None if entry.context is None else round(entry.context, 4),
        "reason": entry.reason,
        "tags": list(a.tags),
        "note": a.note,
        "from": {
            "doc_id": a.doc_id,
            "paragraph": a.paragraph,
            "sentence": a.sentence,
            "start": a.start,
            "end": a.end,
            "quote": a.quote,
            "prefix": a.prefix,
            "suffix": a.suffix,
        },
        "to": _where(report.document, entry.sentence),
    }


def _json(
    document: Document, found: DocumentCoders, reports: list[CoderReport], state: _SaveStates
) -> dict[str, Any]:
    entries = [(r, e) for r in reports for e in r.entries]
    return {
        "document": document.name,
        "doc_id": document.doc_id,
        "previous": found.previous.doc_id if found.previous is not None else None,
        "placed": sum(1 for _, e in entries if e.outcome == "placed"),
        "review": sum(1 for _, e in entries if e.outcome == "review"),
        "orphaned": sum(1 for _, e in entries if e.outcome == "orphaned"),
        "coders": [
            {
                "coder": r.coder,
                "from": r.source,
                "placed": r.count("placed"),
                "review": r.count("review"),
                "orphaned": r.count("orphaned"),
                "saved": state.holds(r),
                "problem": state.saved.get(r.coder) or None,
                "dropped_corrections": [
                    {"kind": d.kind, "offset": d.offset, "reason": d.reason} for d in r.dropped
                ],
                "finished_not_carried": r.finished_dropped or None,
            }
            for r in reports
        ],
        "annotations": [_entry_json(r, e) for r, e in entries],
    }


@dataclass(frozen=True, slots=True)
class _SaveStates:
    """What became of each coder's carry: ``saved`` (coder -> a problem, or ""),
    ``theirs`` (another coder's, in a project: left for them), or ``dry_run``."""

    saved: dict[str, str]
    theirs: set[str]
    dry_run: bool

    def holds(self, report: CoderReport) -> bool:
        """Whether the coder's file for the new version holds the carry now."""
        if not report.pending:
            return True
        if self.dry_run or report.coder in self.theirs:
            return False
        return not self.saved.get(report.coder)

    def describe(self, report: CoderReport) -> str:
        if self.holds(report):
            return "saved"
        if self.dry_run:
            return "not saved (--dry-run)"
        if report.coder in self.theirs:
            return "not saved (another coder's file in a project)"
        return f"NOT SAVED: {self.saved.get(report.coder)}"


def _print(document: Document, reports: list[CoderReport], state: _SaveStates) -> None:
    out = sys.stdout
    for report in reports:
        methods: dict[str, int] = {}
        for entry in report.entries:
            if entry.outcome == "placed" and entry.method:
                methods[entry.method] = methods.get(entry.method, 0) + 1
        how = ", ".join(f"{n} {m}" for m, n in methods.items())
        print(
            f"{one_line(document.name)}, {one_line(report.coder, 40)} "
            f"(from version {report.source}): "
            f"{report.count('placed')} placed{f' ({how})' if how else ''}, "
            f"{report.count('review')} held for review, {report.count('orphaned')} orphaned; "
            f"{state.describe(report)}",
            file=out,
        )
        for entry in report.entries:
            if entry.outcome == "placed":
                continue
            quote = one_line(entry.annotation.quote, 60)
            line = f"  {entry.outcome:8} {quote!r}"
            if entry.sentence is not None:
                s = report.document.sentences[entry.sentence]
                proposal = one_line(report.document.sentence_text(entry.sentence), 50)
                line += f" -> paragraph {s.paragraph + 1}, sentence {s.number + 1} {proposal!r}"
                line += f" ({entry.score or 0:.2f})"
            print(line, file=out)
            if entry.reason:
                print(f"           {one_line(entry.reason, 100)}", file=out)
        for dropped in report.dropped:
            print(
                f"  a {dropped.kind} at offset {dropped.offset} did not follow: "
                f"{one_line(dropped.reason, 80)}",
                file=out,
            )
        if report.finished_dropped:
            print(
                f"  the finished mark did not follow ({one_line(report.finished_dropped)}): "
                "mark it finished again once checked",
                file=out,
            )
        held = report.count("review")
        if held and state.holds(report):
            print(
                f"  {plural(held, 'annotation')} held: decide in the reader's review screen (R)",
                file=out,
            )
