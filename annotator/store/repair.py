"""What ``annotator doctor`` may change: leftovers removed, a damaged file restored.

The doctor never changes a file it found damaged: restoring keeps the damaged file aside
(``<file>.damaged-<timestamp>``, a second name for it) and puts the backup's content in
its place, under the store's lock so that no running instance is writing meanwhile. It
restores a store file that is damaged or holds bad records, and the catalog.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from annotator.files import NOFOLLOW, atomic_write_bytes, backup_path, fsync_directory
from annotator.store.cache_check import remove_outdated
from annotator.store.findings import Report, check_file
from annotator.store.locks import LockHeld, StoreLock, lock_is_stale
from annotator.store.naming import CATALOG as CATALOG_NAME
from annotator.store.naming import CATALOG_LOCK, CATALOGS, kind_in_catalog_folder
from annotator.store.storage import CATALOG, STORE, FileFormat, StoreDamaged, read_contents


class RestoreError(Exception):
    """The restore could not be done; nothing was changed."""


def clean(report: Report) -> list[Path]:
    """Remove the leftovers a report found: temp files, stale locks, symlinks that stand
    where a temp or lock file goes (those names are the store's alone), and segmentation
    cache records that are damaged or outdated (the cache is never needed)."""
    removed: list[Path] = []
    for finding in report.findings:
        path = finding.path
        if finding.kind == "outdated-cache":
            removed.extend(remove_outdated(path))
            continue
        if finding.kind in ("damaged-cache", "cache-temp"):
            pass
        elif finding.kind == "symlink":
            if not (path.name.endswith((".lock", ".tmp"))):
                continue
        elif finding.kind == "stale-lock":
            if not lock_is_stale(path):
                continue
        elif finding.kind != "temp":
            continue
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed.append(path)
    return removed


def _timestamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


@dataclass(frozen=True, slots=True)
class Restored:
    path: Path
    kept_aside: Path | None
    backup: Path


def _is_coder_catalog(path: Path) -> bool:
    """A project's catalog file of one coder: ``<coding folder>/catalog/<coder file>``."""
    return path.parent.name == CATALOGS and kind_in_catalog_folder(path.name) == "catalog"


def _format_of(path: Path) -> FileFormat:
    return CATALOG if path.name == CATALOG_NAME or _is_coder_catalog(path) else STORE


@contextlib.contextmanager
def _locked(path: Path, fmt: FileFormat) -> Iterator[None]:
    """The store's own lock; for a catalog file, the data directory's catalog lock."""
    if fmt is CATALOG:
        root = path.parent.parent if _is_coder_catalog(path) else path.parent
        fd = os.open(root / CATALOG_LOCK, os.O_RDWR | os.O_CREAT | NOFOLLOW, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)
        return
    try:
        lock = StoreLock.acquire(path)
    except LockHeld as held:
        raise RestoreError(f"{held}; close it first") from None
    try:
        yield
    finally:
        lock.release()


def restore_from_backup(path: Path) -> Restored:
    """Replace a damaged (or missing) store file or catalog with its backup, keeping the
    damaged file aside.

    A file is damaged when it cannot be read, is a symlink, or holds bad records. The
    damaged file stays where it is until the backup is in place: it is kept aside as a
    second name (a hard link), so a failed write (a full disk, the usual cause of damage)
    leaves the file as it was rather than missing.
    """
    fmt = _format_of(path)
    backup = backup_path(path)
    with _locked(path, fmt):
        if backup.is_symlink():
            raise RestoreError(f"the backup {backup} is a symbolic link; it is not used")
        try:
            data = backup.read_bytes()
        except FileNotFoundError:
            raise RestoreError(f"{path} has no backup ({backup.name})") from None
        except OSError as exc:
            raise RestoreError(
                f"the backup {backup} cannot be read: {exc.strerror or exc}"
            ) from None
        try:
            contents = read_contents(backup, data, fmt)
        except StoreDamaged as exc:
            raise RestoreError(f"the backup {backup} is damaged too: {exc.problem}") from None
        if contents.bad:
            raise RestoreError(
                f"the backup {backup} has bad records too: {contents.bad[0].describe()}"
            )
        present = os.path.lexists(path)
        if present and check_file(path, fmt) is None:
            raise RestoreError(f"{path} is not damaged; nothing to restore")
        kept: Path | None = None
        mode = 0o600
        if present:
            info = os.lstat(path)
            if stat.S_ISREG(info.st_mode):
                mode = stat.S_IMODE(info.st_mode)
            kept = path.with_name(f"{path.name}.damaged-{_timestamp()}")
            os.link(path, kept, follow_symlinks=False)
            fsync_directory(path.parent)
        try:
            atomic_write_bytes(path, data, mode=mode)
        except BaseException:
            if kept is not None:
                kept.unlink(missing_ok=True)
            raise
    return Restored(path, kept, backup)
