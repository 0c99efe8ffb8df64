"""``annotator status``: the team's state in a project (also ``annotator stats --by-coder``).

Per coder: documents assigned, finished, in progress and not started; per document of
the overlap sample: who finished it, and whether agreement can be computed on it yet.
The figures are ``annotator.coding.team``'s; this module prints them.
"""

from __future__ import annotations

import argparse
import json

from rich.console import Console
from rich.table import Table
from rich.text import Text

from annotator.cli.support import (
    ParagraphHelpFormatter,
    add_data_dir_option,
    locate,
    print_notices,
    project_of,
    write_stdout,
)
from annotator.coding.assignments import read_assignments
from annotator.coding.team import TeamStatus, team_status
from annotator.safe_text import one_line
from annotator.store import DataDir
from annotator.wording import plural

EPILOG = """\
A coder's document is in progress once the coder has a store file on it (they opened
or coded it) and finished once they marked it finished (D in the reader, or 'annotator
done'). A document edited since it was coded counts as each coder's coding carried over
to the new text has it: finished only where the finished mark follows the edit (nothing
held for review, no sentence new to the coder). Agreement can be computed on a document
of the overlap sample once two of its coders finished it; 'annotator agree --all' then
takes the overlap sample. Run it after 'git pull' (or, for the lead, after merging the
coders' branches) to see everyone's work.

examples:
  annotator status
  annotator status --json > status.json"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator status",
        description="The team's state in the project: each coder's documents, and which "
        "documents of the overlap sample are ready for agreement.",
        epilog=EPILOG,
        formatter_class=ParagraphHelpFormatter,
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
    add_data_dir_option(parser)
    return parser


def coder_table(status: TeamStatus) -> Table:
    table = Table(title=Text(f"coders of {one_line(status.project.name, 60)}"))
    table.add_column("coder")
    for name in ("assigned", "finished", "in progress", "not started"):
        table.add_column(name, justify="right")
    for state in status.coders:
        table.add_row(
            Text(one_line(state.coder, 40)),
            Text("-" if state.assigned is None else str(state.assigned)),
            Text(str(state.finished)),
            Text(str(state.in_progress)),
            Text("-" if state.not_started is None else str(state.not_started)),
        )
    return table


def sample_table(status: TeamStatus) -> Table:
    ready = sum(d.ready for d in status.sample)
    table = Table(
        title=Text(
            f"overlap sample: agreement can be computed on {ready} of "
            f"{plural(len(status.sample), 'document')}"
        )
    )
    table.add_column("document")
    table.add_column("finished by")
    table.add_column("agreement")
    for document in status.sample:
        finished = ", ".join(document.finished) or "nobody yet"
        table.add_row(
            Text(one_line(document.document, 60)),
            Text(one_line(f"{len(document.finished)} of {len(document.coders)}: {finished}", 60)),
            Text("ready", style="green")
            if document.ready
            else Text(one_line(f"waiting for {', '.join(document.waiting_for)}", 60)),
        )
    return table


def run(args: argparse.Namespace) -> int:
    return show_status(args.data_dir, as_json=args.json, command="annotator status")


def show_status(data_dir: str | None, *, as_json: bool, command: str) -> int:
    """Print the team's state of the project around the current folder."""
    project = project_of([], command)
    location = locate(data_dir)
    assignments = read_assignments(project)
    if assignments is not None:
        print_notices(assignments.problems, "warning")
    status = team_status(project, DataDir.at(location), assignments)
    print_notices(status.problems, "warning")
    if as_json:
        write_stdout(json.dumps(status.to_json(), ensure_ascii=False, indent=2) + "\n")
        return 0
    console = Console(markup=False, highlight=False, emoji=False)
    console.print(
        Text(
            f"project {one_line(project.name, 60)!r} · {plural(status.documents, 'document')} · "
            f"data directory {one_line(location.describe(), 200)}"
        )
    )
    if assignments is None:
        console.print(
            Text("no assignments.csv: every coder may code every document (annotator assign)")
        )
    console.print(coder_table(status))
    if assignments is not None:
        console.print(sample_table(status))
    return 0
