"""A damaged catalog.json: the reader and export behave alike.

Both name the file and offer ``annotator doctor``; where the catalog is not needed
(a document named by its file) they carry on with a warning, where it is (``--all``, a
document named by id) they stop. The damaged file is never overwritten.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.cli.main import run_cli
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.workspace import Workspace
from annotator.store import DataDir
from annotator.text.document import Document
from tests.export.builders import code, write_document

DAMAGE = b"{broken"


def no_launch(request: object) -> int:
    raise AssertionError("no screen may open during an export")


@pytest.fixture
def damaged(tmp_path: Path) -> tuple[DataDir, Document]:
    data_dir = DataDir(tmp_path / "data")
    document = write_document(tmp_path)
    code(data_dir, document, {0: (("claim",), "")})
    data_dir.register(
        doc_id="ab" * 8, name="other.txt", path="other.txt", sentences=1, paragraphs=1
    )
    data_dir.catalog_path.write_bytes(DAMAGE)
    return data_dir, document


def test_export_of_a_file_carries_on_with_a_warning(
    damaged: tuple[DataDir, Document], capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir, document = damaged
    args = ["export", str(document.path), "--data-dir", str(data_dir.root)]
    assert run_cli(args, launch=no_launch) == 0
    captured = capsys.readouterr()
    assert ",claim," in captured.out
    assert f"annotator: warning: {data_dir.catalog_path}: " in captured.err
    assert "annotator doctor" in captured.err
    assert data_dir.catalog_path.read_bytes() == DAMAGE


def test_export_all_needs_the_catalog_and_stops(
    damaged: tuple[DataDir, Document], capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir, _ = damaged
    assert run_cli(["export", "--all", "--data-dir", str(data_dir.root)], launch=no_launch) == 2
    err = capsys.readouterr().err
    assert f"annotator: error: store file damaged: {data_dir.catalog_path}: " in err
    assert "annotator doctor" in err


def test_the_reader_opens_with_a_warning_and_leaves_the_catalog_alone(
    damaged: tuple[DataDir, Document],
) -> None:
    data_dir, document = damaged
    session = Workspace(data_dir, "alice", DEFAULT_CODEBOOK).open(document)
    try:
        assert session.tags(0) == ["claim"]
        assert len(session.warnings) == 1
        assert str(data_dir.catalog_path) in session.warnings[0]
        assert "annotator doctor" in session.warnings[0]
    finally:
        session.close()
    assert data_dir.catalog_path.read_bytes() == DAMAGE
