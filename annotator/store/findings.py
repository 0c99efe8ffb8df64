"""What the doctor reports, and the checks it makes of one file on its own.

``Finding`` and ``Report`` are the doctor's answer (``examine``), which ``repair`` and the
command read too; ``check_file`` says whether a file is sound as a whole (damage or bad
records), and the advice for a damaged file, a backup or the fix for git's conflict
markers, is worded here once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from annotator.files import backup_path
from annotator.settings.conflicts import has_conflict_markers
from annotator.store.storage import (
    STORE,
    Contents,
    FileFormat,
    StoreDamaged,
    read_contents,
    read_nofollow,
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the doctor noticed. Findings that are problems make the exit status 1."""

    kind: str
    path: Path
    message: str
    is_problem: bool = True


@dataclass(frozen=True, slots=True)
class Report:
    findings: list[Finding]
    files_checked: int

    @property
    def healthy(self) -> bool:
        return not any(f.is_problem for f in self.findings)


def read_checked(path: Path, fmt: FileFormat = STORE) -> Contents:
    """A file's contents; StoreDamaged for damage, a symlink or an unreadable file."""
    try:
        data = read_nofollow(path)
    except OSError as exc:
        raise StoreDamaged(path, f"cannot be read: {exc.strerror or exc}") from None
    if data is None:
        raise StoreDamaged(path, "the file is missing")
    return read_contents(path, data, fmt)


def check_file(path: Path, fmt: FileFormat = STORE) -> str | None:
    """The problem with a file as a whole (damage or bad records), or None when sound."""
    try:
        contents = read_checked(path, fmt)
    except StoreDamaged as exc:
        return exc.problem
    if contents.bad:
        count = len(contents.bad)
        return f"{count} bad record{'' if count == 1 else 's'} ({contents.bad[0].describe()})"
    return None


CONFLICT_FIX = (
    "git conflict markers: a merge of two versions of this file was committed "
    "unresolved. Take one whole version ('git checkout BRANCH -- FILE', or during the "
    "merge 'git checkout --theirs FILE' or '--ours'), then 'git add' and commit; a coder "
    "who worked in two clones merges one clone's branch into the other before pushing"
)


def has_conflict(path: Path) -> bool:
    """True if the file holds git conflict markers (a merge committed unresolved)."""
    try:
        data = read_nofollow(path)
    except OSError:
        return False
    return data is not None and has_conflict_markers(data)


def backup_advice(path: Path, fmt: FileFormat) -> str:
    """What to do about a damaged file: restore its good backup, or why not."""
    backup = backup_path(path)
    if backup.exists() and not backup.is_symlink() and check_file(backup, fmt) is None:
        return f"a good backup exists: restore it with 'annotator doctor --restore {path}'"
    if os.path.lexists(backup):
        return "its backup is damaged too"
    return "no backup exists"
