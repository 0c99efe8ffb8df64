"""The export test builders store what they are given."""

from __future__ import annotations

from pathlib import Path

from annotator.store import DataDir
from tests.export.builders import code, write_document


def test_helpers_store_what_they_are_given(tmp_path: Path) -> None:
    document = write_document(tmp_path)
    data_dir = DataDir(tmp_path / "data")
    made = code(data_dir, document, {0: (("claim",), "n")})
    assert data_dir.annotations(document.doc_id) == made
