"""``annotator init [DIR]``: make a folder a project a team shares through git.

The work is ``annotator.coding.project_init``; this module parses, prints what was made
and what to do next. A folder that is already a project, or lies inside one, is refused
in one line with nothing changed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from annotator.cli.support import CliError, ParagraphHelpFormatter, codebook_failure, reserved_keys
from annotator.codebook.source import CodebookError
from annotator.coding.project_init import InitError, init_project
from annotator.safe_text import one_line
from annotator.settings.project import DEFAULT_CODING, DEFAULT_DOCUMENTS, PROJECT_FILE

EPILOG = """\
A project is a folder with an annotator.toml that has a [project] table and the
codebook, the documents, and a coding folder: the data directory of everyone who codes
in the project. Every annotator command on a document inside the project finds it by
looking upward from the document, as git finds .git, and uses its coding folder and
codebook (--data-dir and $ANNOTATOR_DATA_DIR still win). Each coder's work goes to that
coder's own files, so coders push their own branches and the lead merges them with no
conflicts. The coding folder's .gitignore keeps locks, temp files, backups and caches,
which only one machine needs, out of git. See 'annotator help teams'.

examples:
  annotator init press-2026
  annotator init . --codebook codebooks/persuasion.toml --documents texts
  cd press-2026 && git init -b main && git add . && git commit -m 'New project'"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator init",
        description=(
            "Make DIR (default: the current folder; made if missing) a project: write "
            f"{PROJECT_FILE} with a [project] table and the codebook, and the coding folder "
            "with its .gitignore."
        ),
        epilog=EPILOG,
        formatter_class=ParagraphHelpFormatter,
    )
    parser.add_argument("dir", nargs="?", default=".", metavar="DIR", help="default: .")
    parser.add_argument("--name", metavar="NAME", help="the project's name (default: DIR's name)")
    parser.add_argument(
        "--codebook",
        metavar="FILE",
        help="the project's codebook: named in the project file when FILE is inside DIR, "
        "copied into it otherwise (default: the built-in codebook, written out to edit)",
    )
    parser.add_argument(
        "--coding",
        metavar="FOLDER",
        default=DEFAULT_CODING,
        help=f"the coding folder, relative to DIR (default: {DEFAULT_CODING})",
    )
    parser.add_argument(
        "--documents",
        metavar="FOLDER",
        default=DEFAULT_DOCUMENTS,
        help="the folder of the documents, relative to DIR (default: . , every text file of "
        "the project)",
    )
    return parser


def run(args: argparse.Namespace) -> int:
    folder = Path(args.dir).expanduser()
    name = args.name.strip() if args.name is not None else None
    if name is not None and not name:
        raise CliError("--name names nothing")
    try:
        made = init_project(
            folder,
            name=name,
            codebook=Path(args.codebook).expanduser() if args.codebook else None,
            coding=args.coding,
            documents=args.documents,
            reserved=reserved_keys(),
        )
    except InitError as exc:
        raise CliError(one_line(str(exc))) from None
    except CodebookError as exc:
        raise codebook_failure(exc.problems, one_line(str(exc))) from None
    except OSError as exc:
        raise CliError(f"cannot write the project: {one_line(str(exc))}; nothing changed") from None
    project = made.project
    codebook = made.codebook
    print(f"made {one_line(str(project.root))} the project {one_line(project.name)!r}")
    for path in made.written:
        print(f"  wrote {one_line(str(path.relative_to(project.root)))}")
    print(
        f"  codebook {one_line(codebook.name)!r} version {one_line(codebook.version)}, "
        f"{len(codebook.codes)} codes; coding folder {project.coding}/; documents "
        f"{project.documents}"
    )
    print("next: put the documents in, then commit (git init -b main; git add .; git commit)")
    print("      and give them out: annotator assign --coders A,B,C --overlap 0.2")
    print(
        "annotator: note: coding is blind: each coder sees only their own codes until they "
        "finish a document (blind = false in [project] shows everyone's)",
        file=sys.stderr,
    )
    return 0
