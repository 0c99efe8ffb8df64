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


ADJUDICATED = {"ana": 0, "ben": 1, "cem": 2}
"""Coders of ``make_adjudication_app``: offset k codes every third sentence with code i + k."""


def code_for_adjudication(data_dir: DataDir, document: Document) -> None:
    """ana, ben and cem code every sentence of ``document`` with code i mod 4, except every
    third one, which each codes with code i + their offset; ana and ben finish it, cem
    does not; each writes a note on sentence 3."""
    from annotator.coding.opening import open_session

    codes = [c.name for c in DEFAULT_CODEBOOK.codes]
    for coder, offset in ADJUDICATED.items():
        session = open_session(data_dir, document, DEFAULT_CODEBOOK, coder)
        for i in range(len(document.sentences)):
            session.toggle_tag(i, codes[(i + (offset if i % 3 == 0 else 0)) % len(codes)])
        session.set_note(3, f"{coder} thinks it is borderline")
        if coder != "cem":
            session.set_finished(True)
        assert session.close()


def make_adjudication_app(data_dir: DataDir, document: Document | None = None) -> AnnotatorApp:
    """The app as ``annotator adjudicate`` opens it, on coding by ana, ben and cem (see
    ``code_for_adjudication``), writing the reference layer ``gold``."""
    from annotator.coding.adjudication import open_adjudication, plan_adjudication
    from annotator.coding.document_coders import read_coders
    from annotator.ui.app import AnnotatorApp

    document = document or load_document(bundled_sample_path(), is_sample=True)
    code_for_adjudication(data_dir, document)
    plan = plan_adjudication(read_coders(data_dir, document), None, "gold")
    workspace = Workspace(data_dir, "gold", DEFAULT_CODEBOOK)
    adjudication = open_adjudication(workspace, plan)
    return AnnotatorApp(workspace, adjudication.session, adjudication=adjudication)


BEFORE_EDIT = (
    "Alpha is first. Beta is second.\n\n"
    "Gamma is third. Delta is a rather long sentence that goes on.\n\n"
    "Epsilon closes the text here.\n"
)
AFTER_EDIT = (
    "New opening. Alpha is first. Beta was edited.\n\n"
    "Gamma is thrid. Delta is a rather long sentence that goes on.\n\n"
    "Something else entirely now.\n"
)
"""An edit of ``BEFORE_EDIT``: a sentence put first, one reworded, a typo made in one,
and the last paragraph replaced. Its coding (``code_then_edit``) carries over as: Alpha,
Gamma (a fuzzy match) and Delta placed; Beta held for review, proposing "Beta was
edited."; Epsilon orphaned."""


def code_then_edit(
    path: Path, data_dir: DataDir, coder: str = "tester", *, finished: bool = False
) -> tuple[Document, Document]:
    """Write ``BEFORE_EDIT`` to ``path`` and code it in the reader's way (so that the
    catalog keeps its text), then replace the file with ``AFTER_EDIT``; returns both
    versions as loaded."""
    path.write_text(BEFORE_EDIT, encoding="utf-8")
    before = load_document(path)
    session = Workspace(data_dir, coder, DEFAULT_CODEBOOK).open(before)
    session.toggle_tag(0, "claim")  # Alpha
    session.toggle_tag(1, "appeal")  # Beta
    session.set_note(2, "gamma note")  # Gamma
    session.toggle_tag(3, "statistic")  # Delta
    session.toggle_tag(4, "assertion")  # Epsilon
    if finished:
        session.set_finished(True)
    assert session.close()
    path.write_text(AFTER_EDIT, encoding="utf-8")
    return before, load_document(path)
