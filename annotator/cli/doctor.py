"""``annotator doctor``: list problems in the data directory, restore a store from backup.

Exit status: 0 when healthy, 1 when problems were found (or a restore failed), 2 on
usage errors.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from annotator.cli.support import ParagraphHelpFormatter, add_data_dir_option, locate
from annotator.coding.assignments import read_assignments
from annotator.safe_text import one_line
from annotator.store.doctor import examine
from annotator.store.repair import RestoreError, clean, restore_from_backup
from annotator.wording import plural


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        formatter_class=ParagraphHelpFormatter,
        prog="annotator doctor",
        description=(
            "Check every file in the data directory: damaged store files and catalog, bad "
            "records, symbolic links, leftover temp files, stale locks, old formats, "
            "available backups and the segmentation cache (whose damaged or outdated records "
            "are noted, not problems: they are never used); in a project, also files a git "
            "merge left with conflict markers, and assignments.csv. Exit status 0 when "
            "healthy, 1 when problems were found, 2 when the data directory does not exist."
        ),
    )
    add_data_dir_option(parser)
    parser.add_argument(
        "--restore",
        metavar="FILE",
        help=(
            "replace the damaged store FILE (or catalog.json), or one with bad records, with "
            "its backup; the damaged file is kept aside"
        ),
    )
    parser.add_argument(
        "--clean",
        action="store_true",
        help="remove leftover temp files, stale lock files, symlinks in their place, and "
        "damaged or outdated segmentation cache records",
    )
    return parser


def _show(path: Path) -> str:
    return one_line(os.fspath(path))


def run(args: argparse.Namespace) -> int:
    if args.restore:
        try:
            restored = restore_from_backup(Path(args.restore))
        except RestoreError as exc:
            print(f"annotator doctor: {one_line(str(exc))}", file=sys.stderr)
            return 1
        except OSError as exc:
            print(
                f"annotator doctor: could not restore: {one_line(str(exc.strerror or exc))}; "
                "the store file was left as it was",
                file=sys.stderr,
            )
            return 1
        if restored.kept_aside is not None:
            print(f"kept the damaged file as {_show(restored.kept_aside)}")
        print(f"restored {_show(restored.path)} from {_show(restored.backup)}")
        return 0
    location = locate(args.data_dir)
    root = location.path
    if not root.is_dir():
        problem = "is not a folder" if root.exists() else "does not exist"
        print(
            f"annotator doctor: error: the data directory {_show(root)} {problem}", file=sys.stderr
        )
        return 2
    project_root = location.project.root if location.project is not None else None
    report = examine(root, project_root=project_root)
    for finding in report.findings:
        print(f"{finding.kind}: {_show(finding.path)}: {one_line(finding.message)}")
    if args.clean:
        for path in clean(report):
            print(f"removed {_show(path)}")
        report = examine(root, project_root=project_root)
    assigned = read_assignments(location.project) if location.project is not None else None
    project_problems = list(assigned.problems) if assigned is not None else []
    for problem in project_problems:
        print(f"assignments: {one_line(problem)}")
    problems = sum(1 for f in report.findings if f.is_problem) + len(project_problems)
    print(
        f"checked {plural(report.files_checked, 'store file')} in {_show(root)}: "
        + ("healthy" if not problems else plural(problems, "problem"))
    )
    return 0 if report.healthy and not project_problems else 1
