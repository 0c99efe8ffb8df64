"""One writer per store file: a lock held for the whole session.

The lock is ``fcntl.flock`` on ``<store>.lock`` beside the store file, so the kernel
releases it when the holder dies, however it dies. The lock file records who holds it
(pid, host, start time) so that a second instance can say whose it is. A lock file whose
flock is still held but whose recorded holder is a dead process on this host (the lock
descriptor leaked into an orphaned child, say) is broken by unlinking it and locking a
fresh file; after every flock the path is checked to still name the locked file, so two
processes racing to take over cannot both win.

A lock file is never opened through a symlink (``O_NOFOLLOW``): a ``<store>.lock`` that
links elsewhere, planted by a ``git pull`` of a shared folder, would otherwise have its
target truncated. Such a lock is refused (``UnsafePath``), and the doctor reports it.

A store's writer holds its locks as ``WriterLocks``: the store's own and, while the file
still has its format 1 name, the old name's.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from annotator.annotation import utc_now
from annotator.files import NOFOLLOW
from annotator.store.places import UnsafePath, symlink_problem


def lock_path(store_path: Path) -> Path:
    return store_path.with_name(f"{store_path.name}.lock")


@dataclass(frozen=True, slots=True)
class LockHolder:
    """Who holds (or last held) a store's lock, as recorded in the lock file."""

    pid: int
    host: str
    started: str

    def describe(self) -> str:
        return f"pid {self.pid} on host {self.host} (since {self.started})"

    @property
    def on_this_host(self) -> bool:
        return self.host == socket.gethostname()

    def is_dead(self) -> bool:
        """True only when the holder certainly no longer runs (same host, no such pid)."""
        if not self.on_this_host or self.pid <= 0:
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        return False


class LockHeld(Exception):
    """Another live process holds the store's lock."""

    def __init__(self, path: Path, holder: LockHolder | None) -> None:
        who = holder.describe() if holder else "another process (holder unknown)"
        super().__init__(f"{path.name} is being edited by {who}")
        self.path = path
        self.holder = holder


def _open_lock(path: Path, flags: int, mode: int = 0o600) -> int:
    """Open a lock file, never through a symlink (UnsafePath for one)."""
    try:
        return os.open(path, flags | NOFOLLOW, mode)
    except OSError as exc:
        if exc.errno == errno.ELOOP or path.is_symlink():
            raise UnsafePath(path, symlink_problem(path)) from None
        raise


def read_holder(path: Path) -> LockHolder | None:
    """The holder recorded in a lock file, or None when missing, unreadable or a link."""
    try:
        fd = _open_lock(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            record = json.loads(handle.read(4096).decode("utf-8"))
        return LockHolder(int(record["pid"]), str(record["host"]), str(record["started"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _try_flock(fd: int, flags: int) -> bool:
    try:
        fcntl.flock(fd, flags | fcntl.LOCK_NB)
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True


def _same_file(fd: int, path: Path) -> bool:
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    own = os.fstat(fd)
    return (st.st_dev, st.st_ino) == (own.st_dev, own.st_ino)


class StoreLock:
    """The exclusive right to write one store file, held until ``release``."""

    def __init__(self, path: Path, fd: int, holder: LockHolder, previous: LockHolder | None):
        self.path = path
        self.holder = holder
        # Set when a stale lock was taken over: who had it before.
        self.took_over = previous
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, store_path: Path, mode: int = 0o600) -> StoreLock:
        """Take the lock of ``store_path`` or raise LockHeld naming the holder.

        The folder must exist. A new lock file gets ``mode``; a symlink raises UnsafePath.
        """
        path = lock_path(store_path)
        broke_stale: LockHolder | None = None
        for _attempt in range(5):
            fd = _open_lock(path, os.O_RDWR | os.O_CREAT, mode)
            try:
                if not _try_flock(fd, fcntl.LOCK_EX):
                    holder = read_holder(path)
                    if holder is not None and holder.is_dead() and broke_stale is None:
                        broke_stale = holder
                        with contextlib.suppress(FileNotFoundError):
                            path.unlink()
                        os.close(fd)
                        continue
                    raise LockHeld(store_path, holder)
                if not _same_file(fd, path):
                    os.close(fd)
                    continue
                previous = read_holder(path) or broke_stale
                holder = LockHolder(os.getpid(), socket.gethostname(), utc_now())
                record = json.dumps(
                    {"pid": holder.pid, "host": holder.host, "started": holder.started}
                )
                with contextlib.suppress(OSError):  # another user's file, in a project
                    os.fchmod(fd, mode)
                os.ftruncate(fd, 0)
                os.pwrite(fd, (record + "\n").encode("utf-8"), 0)
                return cls(path, fd, holder, previous)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.close(fd)
                raise
        raise LockHeld(store_path, read_holder(path))

    def release(self) -> None:
        """Give the lock up and remove the lock file (only while still holding it)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if _same_file(fd, self.path):
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()
        finally:
            os.close(fd)


class WriterLocks:
    """The locks a store's writer holds: the store's own and, while its file still has its
    format 1 name, the old name's too (an annotator of that format locks the old name).

    ``take`` gets all of them or none. When it cannot, the store opens read-only:
    ``reason`` says why, and ``holder`` names a live process holding the lock.
    """

    def __init__(self) -> None:
        self.main: StoreLock | None = None
        self.legacy: StoreLock | None = None
        self.holder: LockHolder | None = None
        self.reason = ""

    def take(self, path: Path, source: Path, mode: int) -> bool:
        """Lock the store file ``path`` (and ``source``, its old name, when the file is
        still there); False, with ``reason`` set, when the locks cannot be had."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.main = StoreLock.acquire(path, mode)
            if source != path:
                self.legacy = StoreLock.acquire(source, mode)
        except LockHeld as held:
            self.release()
            self.holder = held.holder
            self.reason = f"{held}; opened read-only"
            return False
        except OSError as exc:
            # A read-only or full data directory, or a planted symlink: the coder can
            # still read.
            self.release()
            self.reason = (
                f"cannot lock {path.name} for writing ({exc.strerror or exc}); opened read-only"
            )
            return False
        return True

    def release_legacy(self) -> None:
        """Give up the old name's lock: the file has moved to its new name."""
        if self.legacy is not None:
            self.legacy.release()
            self.legacy = None

    def release(self) -> None:
        for lock in (self.legacy, self.main):
            if lock is not None:
                lock.release()
        self.legacy = None
        self.main = None


def lock_is_stale(path: Path) -> bool:
    """True when a lock file exists but nobody holds it (its holder died).

    Probes with a shared lock for an instant; a live holder's exclusive lock refuses it.
    """
    try:
        fd = _open_lock(path, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        if _try_flock(fd, fcntl.LOCK_SH):
            fcntl.flock(fd, fcntl.LOCK_UN)
            return True
        holder = read_holder(path)
        return holder is not None and holder.is_dead()
    finally:
        os.close(fd)
