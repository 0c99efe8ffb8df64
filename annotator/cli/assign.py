"""``annotator assign --coders A,B,C``: give out a project's documents in ``assignments.csv``.

The plan is ``annotator.coding.assignments.plan_assignments``; this module finds the
project and its documents, checks the options, writes the file and says what it holds.
Bad input (an unknown document, a single coder, an overlap outside 0..1) is one line
with exit status 2 and nothing written.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from annotator.cli.support import CliError, ParagraphHelpFormatter, project_of
from annotator.coding.assignments import (
    AssignmentError,
    assignments_csv,
    plan_assignments,
    project_documents,
    read_assignments,
    select_documents,
)
from annotator.files import atomic_write_bytes
from annotator.safe_text import one_line
from annotator.settings.project import ASSIGNMENTS_FILE
from annotator.store.places import FileModes
from annotator.text.corpus import CorpusError
from annotator.wording import plural

DEFAULT_OVERLAP = 0.2

EPILOG = f"""\
Every document goes to one coder, in shares that differ by one document at most; the
overlap sample (that share of the documents, rounded) goes to every coder, so that
'annotator agree --all' can measure agreement on it (it is the default there). The same
documents, coders, overlap and seed give the same file. {ASSIGNMENTS_FILE} has the columns
document (the path relative to the project, with /) and coder; commit it. 'annotator'
in the project then opens each coder's documents (--annotator, else $ANNOTATOR_NAME,
else the login name), and 'annotator status' shows how far everyone is.

examples:
  annotator assign --coders ana,ben,cem
  annotator assign --coders ana,ben,cem --overlap 0.25 --seed 7
  annotator assign texts/batch-2 --coders ana,ben --force"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator assign",
        description=(
            f"Give the project's documents out to coders: write {ASSIGNMENTS_FILE} at the "
            "project's root."
        ),
        epilog=EPILOG,
        formatter_class=ParagraphHelpFormatter,
    )
    parser.add_argument(
        "docs",
        nargs="*",
        metavar="DOC",
        help="documents or folders of the project to give out (default: all of them)",
    )
    parser.add_argument(
        "--coders", metavar="A,B,...", required=True, help="the coders, comma-separated"
    )
    parser.add_argument(
        "--overlap",
        metavar="SHARE",
        default=str(DEFAULT_OVERLAP),
        help=f"the share of documents every coder codes, 0 to 1 (default: {DEFAULT_OVERLAP})",
    )
    parser.add_argument(
        "--seed",
        metavar="N",
        default="0",
        help="the seed of the draw, a whole number from 0 (default: 0)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help=f"replace an existing {ASSIGNMENTS_FILE} that would change",
    )
    return parser


def _overlap(value: str) -> float:
    try:
        share = float(value.strip())
    except ValueError:
        raise CliError(
            f"--overlap takes a share from 0 to 1, not {one_line(value, 40)!r}"
        ) from None
    if not 0.0 <= share <= 1.0:
        raise CliError(f"--overlap takes a share from 0 to 1, not {one_line(value, 40)}")
    return share


def _seed(value: str) -> int:
    try:
        seed = int(value.strip())
    except ValueError:
        raise CliError(f"--seed takes a whole number, not {one_line(value, 40)!r}") from None
    if seed < 0:
        raise CliError(f"--seed takes a whole number from 0, not {seed}")
    return seed


def run(args: argparse.Namespace) -> int:
    coders = [name.strip() for name in args.coders.split(",") if name.strip()]
    overlap = _overlap(args.overlap)
    seed = _seed(args.seed)
    project = project_of([], "annotator assign")
    try:
        if args.docs:
            documents = select_documents(project, [Path(os.path.abspath(d)) for d in args.docs])
        else:
            documents = [entry.name for entry in project_documents(project)]
        planned = plan_assignments(documents, coders, overlap=overlap, seed=seed)
    except (AssignmentError, CorpusError) as exc:
        raise CliError(one_line(str(exc))) from None
    text = assignments_csv(planned)
    target = project.assignments_path
    existing = read_assignments(project)
    if existing is not None:
        if target.read_text(encoding="utf-8-sig") == text:
            print(f"{ASSIGNMENTS_FILE} is unchanged (the same documents, coders and seed)")
            return 0
        if not args.force:
            raise CliError(
                f"{ASSIGNMENTS_FILE} exists and would change: coding may have started on it; "
                "--force replaces it (nothing changed)"
            )
    try:
        atomic_write_bytes(target, text.encode("utf-8"), mode=FileModes.like(project.root).file)
    except OSError as exc:
        raise CliError(f"cannot write {one_line(str(target))}: {exc.strerror or exc}") from None
    sample = planned.overlap()
    shares = ", ".join(f"{c} {len(planned.of_coder(c))}" for c in planned.coders())
    print(
        f"wrote {ASSIGNMENTS_FILE}: {plural(len(planned.documents()), 'document')}, "
        f"{plural(len(coders), 'coder')}, seed {seed}"
    )
    print(f"  overlap sample: {plural(len(sample), 'document')}, coded by every coder")
    print(f"  documents per coder: {one_line(shares)}")
    print("next: commit it (git add assignments.csv; git commit); coders then pull and run")
    print("      'annotator' in the project to open their documents")
    return 0
