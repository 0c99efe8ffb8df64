"""Check a data directory for damage and leftovers, and restore a store from its backup.

The doctor never changes a file it found damaged: restoring renames the damaged file
aside (``<file>.damaged-<timestamp>``) and puts the backup's content in its place, under
the store's lock so that no running instance is writing meanwhile.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from annotator.files import atomic_write_bytes, backup_path, fsync_directory
from annotator.store.locks import LockHeld, StoreLock, lock_is_stale, read_holder
from annotator.store.long_notes import long_notes
from annotator.store.storage import StoreDamaged, read_store_bytes, temp_owner


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


class RestoreError(Exception):
    """The restore could not be done; nothing was changed."""


def check_file(path: Path) -> str | None:
    """The problem with a store file, or None when it reads cleanly."""
    try:
        read_store_bytes(path, path.read_bytes())
    except StoreDamaged as exc:
        return exc.problem
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    return None


def _check_store(path: Path, findings: list[Finding]) -> None:
    problem = check_file(path)
    if problem is None:
        findings.extend(Finding("long-note", path, m, is_problem=False) for m in long_notes(path))
        return
    backup = backup_path(path)
    if backup.exists() and check_file(backup) is None:
        advice = f"a good backup exists: restore it with 'annotator doctor --restore {path}'"
    elif backup.exists():
        advice = "its backup is damaged too"
    else:
        advice = "no backup exists"
    findings.append(Finding("damaged", path, f"{problem}; {advice}"))


def _check_lock(path: Path, findings: list[Finding]) -> None:
    holder = read_holder(path)
    who = holder.describe() if holder else "an unknown process"
    if lock_is_stale(path):
        findings.append(
            Finding("stale-lock", path, f"stale lock left by {who}; the next writer takes it over")
        )
    else:
        findings.append(Finding("locked", path, f"in use by {who}", is_problem=False))


def _store_is_locked(store: Path) -> bool:
    lock = store.with_name(f"{store.name}.lock")
    return lock.exists() and not lock_is_stale(lock)


def _scan_directory(directory: Path, findings: list[Finding]) -> int:
    checked = 0
    for entry in sorted(directory.iterdir()):
        name = entry.name
        if not entry.is_file():
            continue
        owner = temp_owner(name)
        if owner is not None:
            if not _store_is_locked(directory / owner):
                findings.append(
                    Finding("temp", entry, "leftover temp file from an interrupted write")
                )
        elif name.endswith(".json"):
            checked += 1
            _check_store(entry, findings)
        elif name.endswith(".json.lock"):
            _check_lock(entry, findings)
        elif name.endswith(".bak"):
            problem = check_file(entry)
            if problem is not None:
                findings.append(Finding("damaged-backup", entry, f"backup is damaged: {problem}"))
        elif ".damaged-" in name:
            findings.append(
                Finding(
                    "kept-aside", entry, "damaged file kept aside by a restore", is_problem=False
                )
            )
    return checked


def examine(root: Path) -> Report:
    """Everything wrong (and worth knowing) under the data directory ``root``."""
    findings: list[Finding] = []
    checked = 0
    if root.is_dir():
        checked += _scan_directory(root, findings)
        documents = root / "documents"
        if documents.is_dir():
            for directory in sorted(documents.iterdir()):
                if directory.is_dir():
                    checked += _scan_directory(directory, findings)
    return Report(findings, checked)


def clean(report: Report) -> list[Path]:
    """Remove the leftover temp files and stale lock files a report found."""
    removed: list[Path] = []
    for finding in report.findings:
        if finding.kind not in ("temp", "stale-lock"):
            continue
        if finding.kind == "stale-lock" and not lock_is_stale(finding.path):
            continue
        with contextlib.suppress(FileNotFoundError):
            finding.path.unlink()
            removed.append(finding.path)
    return removed


def _timestamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


@dataclass(frozen=True, slots=True)
class Restored:
    path: Path
    kept_aside: Path | None
    backup: Path


def restore_from_backup(path: Path) -> Restored:
    """Replace a damaged (or missing) store file with its backup, keeping it aside.

    The damaged file stays where it is until the backup is in place: it is kept aside as
    a second name (a hard link), so a failed write (a full disk, the usual cause of
    damage) leaves the store as it was rather than missing.
    """
    backup = backup_path(path)
    try:
        lock = StoreLock.acquire(path)
    except LockHeld as held:
        raise RestoreError(f"{held}; close it first") from None
    try:
        try:
            data = backup.read_bytes()
        except FileNotFoundError:
            raise RestoreError(f"{path} has no backup ({backup.name})") from None
        except OSError as exc:
            raise RestoreError(
                f"the backup {backup} cannot be read: {exc.strerror or exc}"
            ) from None
        try:
            read_store_bytes(backup, data)
        except StoreDamaged as exc:
            raise RestoreError(f"the backup {backup} is damaged too: {exc.problem}") from None
        if path.exists() and check_file(path) is None:
            raise RestoreError(f"{path} is not damaged; nothing to restore")
        kept: Path | None = None
        if path.exists():
            kept = path.with_name(f"{path.name}.damaged-{_timestamp()}")
            os.link(path, kept)
            fsync_directory(path.parent)
        try:
            atomic_write_bytes(path, data)
        except BaseException:
            if kept is not None:
                kept.unlink(missing_ok=True)
            raise
    finally:
        lock.release()
    return Restored(path, kept, backup)
