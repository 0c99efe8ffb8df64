"""Edits that could not be saved when the process had to end, kept in a recovery file.

When a signal ends annotator (SIGTERM, or SIGHUP from a closed terminal) while a store
still holds edits it cannot write (a full disk, a folder made read-only), they are
written, as the quit dialog writes them, to a file beside the data directory:
``<data dir>.recovery-<UTC time>-<doc id>-<coder file>.jsonl``, one JSON object a line
(``{"op": "save", "annotation": {...}}``, ``{"op": "delete", "id": ...}``, or a split,
merge or state line: see ``records.unsaved_lines``), with the store file's mode. If that
place cannot be written either, the system's temporary folder is tried. The next start
lists the files it finds (``recovery_files``) until they are moved away.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.store.document_store import DocumentStore


@dataclass(frozen=True, slots=True)
class Rescued:
    """What became of one store's unsaved edits."""

    store: Path
    count: int
    path: Path | None
    """Where they were written; None when no place could be written."""
    problem: str = ""
    """Why they could not be written (when ``path`` is None)."""


def _elsewhere(root: Path) -> Path:
    """The temporary folder's name for ``root``'s recovery files (one per data directory)."""
    digest = hashlib.sha256(str(root.absolute()).encode("utf-8", "surrogateescape")).hexdigest()
    return Path(tempfile.gettempdir()) / f"annotator-recovery-{digest[:12]}"


def _name(root: Path, store: Path, stamp: str) -> str:
    return f"{root.name}.recovery-{stamp}-{store.parent.name}-{store.stem}.jsonl"


def rescue_unsaved(root: Path, stores: Iterable[DocumentStore]) -> list[Rescued]:
    """Write each store's unsaved edits to a recovery file for the data directory ``root``.

    Stores with nothing unsaved are passed over. Call it once the stores are closed (or
    their writers stopped), so that what is written is what was left.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    rescued: list[Rescued] = []
    for store in stores:
        count = len(store.unsaved_changes())
        if not count:
            continue
        problem = ""
        for folder in (root.absolute().parent, _elsewhere(root)):
            target = folder / _name(root, store.path, stamp)
            number = 2
            while target.exists():
                target = folder / _name(root, store.path, f"{stamp}-{number}")
                number += 1
            try:
                folder.mkdir(parents=True, exist_ok=True)
                # Notes are private as the store file is (its mode, 0600 in the user's
                # data directory), not as the umask would leave them.
                count = store.export_unsaved(target, mode=store.mode)
            except OSError as exc:
                problem = f"{folder}: {exc.strerror or exc}"
                continue
            rescued.append(Rescued(store.path, count, target))
            break
        else:
            rescued.append(Rescued(store.path, count, None, problem))
    return rescued


def recovery_files(root: Path) -> list[Path]:
    """Recovery files of the data directory ``root`` still lying where they were written."""
    pattern = f"{root.name}.recovery-*.jsonl"
    found: list[Path] = []
    for folder in (root.absolute().parent, _elsewhere(root)):
        try:
            found.extend(sorted(folder.glob(pattern)))
        except OSError:
            continue
    return found
