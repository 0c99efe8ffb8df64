"""Edits a signal left unsaved: written beside the data directory, else elsewhere, else
named as lost; and found again by the next start."""

from __future__ import annotations

import errno
import stat
import tempfile
from pathlib import Path

import pytest

from annotator.store import DocumentStore
from annotator.store.recovery import recovery_files, rescue_unsaved
from annotator.store.signals import report_rescued
from tests.store.helpers import annotation, store_file


def _unsaved_store(root: Path, monkeypatch: pytest.MonkeyPatch) -> DocumentStore:
    """A closed store holding two edits its full disk refused."""
    from annotator.store import storage as storage_module

    store = DocumentStore(store_file(root))

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(storage_module, "atomic_write_bytes", full)
        store.save(annotation("a", note="one"))
        store.save(annotation("b", note="two"))
        assert not store.close(0.2)
    return store


def test_unsaved_edits_go_beside_the_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "data"
    store = _unsaved_store(root, monkeypatch)
    (rescued,) = rescue_unsaved(root, [store])
    assert rescued.count == 2 and rescued.path is not None
    assert rescued.path.parent == tmp_path
    assert rescued.path.name.startswith("data.recovery-")
    # The document's folder and the coder's file name, both safe in a file name.
    assert rescued.path.name.endswith(f"-{store.path.parent.name}-{store.path.stem}.jsonl")
    assert store.path.stem.startswith("alice-")
    assert recovery_files(root) == [rescued.path]
    assert stat.S_IMODE(rescued.path.stat().st_mode) == 0o600, "as private as the store file"
    again = rescue_unsaved(root, [store])[0].path
    assert again is not None and again != rescued.path, "an earlier file is never replaced"


def test_the_temporary_folder_is_next_and_then_the_loss_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "data"
    store = _unsaved_store(root, monkeypatch)
    real = DocumentStore.export_unsaved
    beside = tmp_path.absolute()

    def refuse_beside(self: DocumentStore, destination: Path, *, mode: int | None) -> int:
        if destination.parent == beside:
            raise OSError(errno.EROFS, "Read-only file system")
        return real(self, destination, mode=mode)

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    monkeypatch.setattr(DocumentStore, "export_unsaved", refuse_beside)
    (rescued,) = rescue_unsaved(root, [store])
    assert rescued.path is not None and rescued.path.parent.parent == tmp_path / "tmp"
    assert recovery_files(root) == [rescued.path]

    def refuse(self: DocumentStore, destination: Path, *, mode: int | None) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(DocumentStore, "export_unsaved", refuse)
    said = report_rescued(root, [store])
    assert said.startswith("annotator: 2 unsaved edits of ")
    assert "are LOST: no recovery file could be written" in said
    assert "No space left on device" in said
