"""Moving a store file from its format 1 name (``%XX``-escaped) to its new one.

Only the lock holder does this, on its first write. The backups move first and the file
last, each by an atomic rename, so a crash between leaves the file where the next
writer (and every reader) still looks for it.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from annotator.files import backup_path
from annotator.store.storage import migration_backup_path


def present(path: Path) -> bool:
    """A file or a symlink is there (a dangling symlink counts: it must be reported)."""
    return os.path.lexists(path)


def companions(old: Path, new: Path) -> list[tuple[Path, Path]]:
    """The backups of a store file under its old name, paired with their new names."""
    pairs = [(backup_path(old), backup_path(new))]
    with contextlib.suppress(OSError):
        for entry in os.scandir(old.parent):
            prefix = f"{old.name}.schema"
            if entry.name.startswith(prefix) and entry.name.endswith(".bak"):
                version = entry.name[len(prefix) : -len(".bak")]
                if version.isdecimal():
                    pairs.append((Path(entry.path), migration_backup_path(new, int(version))))
    return pairs


def move_to_new_name(old: Path, new: Path) -> None:
    """Rename ``old`` and its backups to ``new``'s names (a backup already there under
    the new name is kept, and the old one left)."""
    for old_companion, new_companion in companions(old, new):
        if present(old_companion) and not present(new_companion):
            os.rename(old_companion, new_companion)
    os.rename(old, new)
