"""Shared fixtures. No test may touch the user's real data or config directory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.opening import open_session
from annotator.coding.session import CodingSession
from annotator.store import DataDir
from annotator.text.document import Document, bundled_sample_path, load_document


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point every platform directory the app could use at a temporary one."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("ANNOTATOR_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
    monkeypatch.setenv("ANNOTATOR_NAME", "tester")


@pytest.fixture
def data_dir(tmp_path: Path) -> DataDir:
    return DataDir(tmp_path / "data")


@pytest.fixture
def sample() -> Document:
    return load_document(bundled_sample_path(), is_sample=True)


@pytest.fixture
def session(data_dir: DataDir, sample: Document) -> Iterator[CodingSession]:
    coding = open_session(data_dir, sample, DEFAULT_CODEBOOK, "tester")
    yield coding
    coding.store.close()


@pytest.fixture(autouse=True)
def _steady_save_state(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshot tests must not depend on how fast the disk is.

    The status bar's save state ("saving…" then "saved") follows the store's writer
    thread, so a screenshot could catch either. In snapshot tests the app ignores store
    status messages and keeps its initial state; tests/ui/test_store.py covers the rest.
    """
    if "snapshots" not in request.node.path.parts:
        return
    from annotator.ui.app import AnnotatorApp

    monkeypatch.setattr(AnnotatorApp, "_post_store_status", lambda self, status: None)
