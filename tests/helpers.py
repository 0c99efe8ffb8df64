"""What several test packages share: where the test data is, and building the app."""

from __future__ import annotations

from pathlib import Path

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.session import open_session
from annotator.store import DataDir
from annotator.text.document import Document, bundled_sample_path, load_document

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
DATA = TESTS / "data"
"""Copies of public-domain texts and gold data (attribution in ``data/corpus/SOURCES.tsv``)."""


def make_app(data_dir: DataDir, document: Document | None = None, coder: str = "tester"):  # type: ignore[no-untyped-def]
    """Build the app the way ``annotator.ui.run`` does, on a temporary data dir."""
    from annotator.ui.app import AnnotatorApp

    document = document or load_document(bundled_sample_path(), is_sample=True)
    coding = open_session(data_dir, document, DEFAULT_CODEBOOK, coder)
    return AnnotatorApp(coding, data_dir)
