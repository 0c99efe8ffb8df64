"""What several test packages share: where the test data is, and building the app."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.workspace import Workspace
from annotator.settings.config import UserConfig
from annotator.store import DataDir
from annotator.store.writer import Setting
from annotator.text.document import Document, bundled_sample_path, load_document
from annotator.text.overrides import SegmentationOverrides, to_json

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from annotator.ui.app import AnnotatorApp

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
DATA = TESTS / "data"
"""Copies of public-domain texts and gold data (attribution in ``data/corpus/SOURCES.tsv``)."""


def make_app(
    data_dir: DataDir,
    document: Document | None = None,
    coder: str = "tester",
    *,
    config: UserConfig | None = None,
) -> AnnotatorApp:
    """Build the app the way ``annotator.ui.run`` does, on a temporary data dir."""
    from annotator.ui.app import AnnotatorApp

    document = document or load_document(bundled_sample_path(), is_sample=True)
    workspace = Workspace(data_dir, coder, DEFAULT_CODEBOOK)
    return AnnotatorApp(workspace, workspace.open(document), config=config)


async def wait_for_workers(pilot: Pilot[Any]) -> None:
    """Wait until every worker of the app has ended and what they posted is handled.

    Messages already posted are handled first (one may start a worker), and a worker's
    result may start another (a document segmented in full is measured), so this waits
    again until none is left. Cancelled and failed workers count as ended, unlike in
    ``app.workers.wait_for_complete()``. A worker started after the next frame
    (``call_after_refresh``) needs an event of its own.
    """
    app = pilot.app
    await pilot.pause()
    while running := [worker for worker in app.workers if not worker.is_finished]:
        await asyncio.gather(*(worker.wait() for worker in running), return_exceptions=True)
        await pilot.pause()


def write_legacy_corrections(
    data_dir: DataDir, doc_id: str, overrides: SegmentationOverrides
) -> Path:
    """Write a document's shared corrections file as format 1 did (``.segmentation.json``)."""
    path = data_dir.segmentation_path(doc_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_json(overrides), encoding="utf-8")
    return path


def set_corrections(
    data_dir: DataDir, doc_id: str, coder: str, overrides: SegmentationOverrides
) -> None:
    """Save a coder's own sentence corrections in the coder's store file."""
    store = data_dir.open_store(doc_id, coder)
    try:
        store.set(Setting.CORRECTIONS, overrides)
    finally:
        assert store.close()
