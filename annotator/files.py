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


NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
"""Open flag that refuses a symlink in the last component (0 where the platform lacks it)."""


def create_exclusive(path: Path, mode: int | None = None) -> int:
    """A new file at ``path``, opened for writing; never through a symlink, never an
    existing file.

    A leftover of an earlier crash under the same name (a temp file of a process whose pid
    this one now has, or a planted symlink) is unlinked, not followed, and the file made
    anew. ``mode`` sets the permission bits exactly, whatever the umask; None leaves them
    to the umask (as ``open`` does).
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW
    try:
        fd = os.open(path, flags, 0o644 if mode is None else mode)
    except FileExistsError:
        os.unlink(path)  # removes a symlink itself, never its target
        fd = os.open(path, flags, 0o644 if mode is None else mode)
    if mode is not None:
        try:
            os.fchmod(fd, mode)
        except BaseException:
            os.close(fd)
            raise
    return fd


def _write_synced(path: Path, data: bytes, mode: int | None, durable: bool = True) -> None:
    fd = create_exclusive(path, mode)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        if durable:
            os.fsync(handle.fileno())


def _link_backup(path: Path, mode: int | None) -> None:
    """Point ``<path>.bak`` at the current file, atomically, without copying it."""
    staged = temp_path(path, ".bak")
    with contextlib.suppress(FileNotFoundError):
        staged.unlink()
    try:
        os.link(path, staged, follow_symlinks=False)
    except FileNotFoundError:
        return
    except OSError:
        # A filesystem without hard links: copy instead.
        _write_synced(staged, path.read_bytes(), mode)
    os.replace(staged, backup_path(path))


def atomic_write_bytes(
    path: Path,
    data: bytes,
    *,
    keep_backup: bool = False,
    mode: int | None = None,
    durable: bool = True,
) -> None:
    """Replace ``path`` with ``data`` so that readers see the old file or the new one.

    With ``keep_backup`` the replaced version survives as ``<path>.bak``. The temp file is
    created exclusively and never through a symlink; ``mode`` sets the new file's
    permission bits exactly (None: as the umask leaves them). A symlink at ``path`` is
    replaced by the file, never followed.

    ``durable=False`` skips the two fsyncs, for files that can be made again (a cache):
    readers still never see half a file, but a crash may lose the write, or leave an
    empty file that its reader must take for damaged.
    """
    temp = temp_path(path)
    try:
        _write_synced(temp, data, mode, durable)
        if keep_backup:
            _link_backup(path, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    if durable:
        fsync_directory(path.parent)
