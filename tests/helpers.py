"""What several test packages share: where the test data is, and building the app."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from types import FrameType, ModuleType
from typing import TYPE_CHECKING, Any

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.workspace import Workspace
from annotator.settings.config import UserConfig
from annotator.store import DataDir
from annotator.text.document import Document, bundled_sample_path, load_document

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from annotator.ui.app import AnnotatorApp

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
DATA = TESTS / "data"
"""Copies of public-domain texts and gold data (attribution in ``data/corpus/SOURCES.tsv``)."""


class LineBudget:
    """Counts the lines of one module that run, and fails as soon as they pass ``budget``.

    For "runs in linear time" without timing anything: a quadratic loop blows through a
    budget sized for the linear one long before it would finish.
    """

    def __init__(self, module: ModuleType, budget: int) -> None:
        self.budget = budget
        self.lines = 0
        self._file = module.__file__

    def _local(self, frame: FrameType, event: str, arg: object) -> object:
        if event == "line":
            self.lines += 1
            if self.lines > self.budget:
                raise AssertionError(f"{self._file} ran more than {self.budget} lines")
        return self._local

    def _global(self, frame: FrameType, event: str, arg: object) -> object:
        return self._local if frame.f_code.co_filename == self._file else None

    def __enter__(self) -> LineBudget:
        sys.settrace(self._global)
        return self

    def __exit__(self, *exc: object) -> None:
        sys.settrace(None)


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
