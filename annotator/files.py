"""Writing files so that a crash never leaves half of one: the primitive every saved file uses.

A file is written to a temporary name in the same directory, fsynced, renamed over the old
one, and the directory is fsynced: readers see the old file or the new one, never a mix.
It sits below every package (stores, sentence corrections, the user's config) because all
of them save this way.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def backup_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.bak")


def temp_path(path: Path, tag: str = "") -> Path:
    return path.with_name(f".{path.name}{tag}.{os.getpid()}.tmp")


def fsync_directory(directory: Path) -> None:
    """Make a rename in ``directory`` durable."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_synced(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _link_backup(path: Path) -> None:
    """Point ``<path>.bak`` at the current file, atomically, without copying it."""
    staged = temp_path(path, ".bak")
    with contextlib.suppress(FileNotFoundError):
        staged.unlink()
    try:
        os.link(path, staged)
    except FileNotFoundError:
        return
    except OSError:
        # A filesystem without hard links: copy instead.
        _write_synced(staged, path.read_bytes())
    os.replace(staged, backup_path(path))


def atomic_write_bytes(path: Path, data: bytes, *, keep_backup: bool = False) -> None:
    """Replace ``path`` with ``data`` so that readers see the old file or the new one.

    With ``keep_backup`` the replaced version survives as ``<path>.bak``.
    """
    temp = temp_path(path)
    try:
        _write_synced(temp, data)
        if keep_backup:
            _link_backup(path)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    fsync_directory(path.parent)
