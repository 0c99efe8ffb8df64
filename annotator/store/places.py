"""Where the store may write, and with which permissions.

Everything inside the data directory is ours: a symlink there is never followed (one
planted by a ``git pull`` of a shared folder would have a writer truncate its target),
every path made from an id or a name is checked to stay inside the directory, and new
folders and files get the directory's ``FileModes`` whatever the umask. The data
directory itself may be a symlink (a user's choice of where it lives); nothing below it
may be.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path


class UnsafePath(OSError):
    """A path inside the data directory that the store refuses: a symlink, or outside."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(errno.ELOOP, problem, str(path))
        self.path = path
        self.problem = problem

    def __str__(self) -> str:
        return f"{self.path}: {self.problem}"


def symlink_problem(path: Path) -> str:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    return (
        f"is a symbolic link (to {target}); annotator never follows links inside the "
        "data directory: replace it with the file itself, or remove it"
    )


@dataclass(frozen=True, slots=True)
class FileModes:
    """Permission bits for new folders and files of a data directory.

    ``private()`` (the default) keeps a coder's notes to the coder: 0700 folders and
    0600 files. ``like(folder)`` follows a shared folder's own mode (a project folder a
    team shares through git), files without the execute bits.
    """

    directory: int = 0o700
    file: int = 0o600

    @classmethod
    def private(cls) -> FileModes:
        return cls()

    @classmethod
    def like(cls, folder: Path) -> FileModes:
        mode = stat.S_IMODE(os.stat(folder).st_mode)
        return cls(directory=mode, file=mode & 0o666)


def refuse_symlink(path: Path) -> None:
    """Raise UnsafePath if ``path`` is a symlink (a missing path is fine)."""
    if path.is_symlink():
        raise UnsafePath(path, symlink_problem(path))


def check_inside(root: Path, path: Path) -> Path:
    """``path`` if it lies inside ``root`` once both are resolved, else UnsafePath."""
    real_root = root.resolve()
    real = path.resolve()
    if real != real_root and real_root not in real.parents:
        raise UnsafePath(path, f"lies outside the data directory {root}")
    return path


def ensure_directory(root: Path, path: Path, modes: FileModes) -> None:
    """Create ``path`` (inside ``root``) and the folders between, with ``modes``.

    Existing folders are kept as they are, but none between ``root`` and ``path`` may be a
    symlink or anything other than a folder.
    """
    if not root.is_dir():
        root.mkdir(parents=True, exist_ok=True, mode=modes.directory)
        os.chmod(root, modes.directory)
    relative = path.relative_to(root)
    current = root
    for part in relative.parts:
        current = current / part
        try:
            info = os.lstat(current)
        except FileNotFoundError:
            try:
                os.mkdir(current, modes.directory)
            except FileExistsError:
                info = os.lstat(current)
            else:
                os.chmod(current, modes.directory)
                continue
        if stat.S_ISLNK(info.st_mode):
            raise UnsafePath(current, symlink_problem(current))
        if not stat.S_ISDIR(info.st_mode):
            raise UnsafePath(current, "is not a folder")
