"""Registering a document as it opens: written only when something changed, and the
catalog read once when the record read at opening already says it all."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.catalog import already_recorded
from annotator.coding.workspace import Workspace
from annotator.store import DataDir
from annotator.text.document import Document, load_document


@pytest.fixture
def document(tmp_path: Path) -> Document:
    path = tmp_path / "release.txt"
    path.write_text("First sentence here. A second one.\n\nAnd a paragraph.\n", encoding="utf-8")
    return load_document(path)


def _registers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    register = DataDir.register

    def counted(self: DataDir, **fields: Any) -> Any:
        calls.append(fields["doc_id"])
        return register(self, **fields)

    monkeypatch.setattr(DataDir, "register", counted)
    return calls


def test_a_document_opened_again_is_not_registered_again(
    data_dir: DataDir, document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _registers(monkeypatch)
    workspace = Workspace(data_dir, "tester", DEFAULT_CODEBOOK)
    workspace.open(document).close()
    assert calls == [document.doc_id]
    (first,) = data_dir.catalog()
    workspace.open(document).close()
    assert calls == [document.doc_id], "the record read at opening was already right"
    assert data_dir.catalog() == [first]


def test_a_record_that_differs_is_written(
    data_dir: DataDir, document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = Workspace(data_dir, "tester", DEFAULT_CODEBOOK)
    workspace.open(document).close()
    (known,) = data_dir.catalog()
    assert already_recorded(data_dir, document, None, known)
    for changed in (
        replace(known, name="other.txt"),
        replace(known, path="/elsewhere/release.txt"),
        replace(known, sentences=known.sentences + 1),
        replace(known, paragraphs=known.paragraphs + 1),
    ):
        assert not already_recorded(data_dir, document, None, changed)
    # A link is written to a record that has none, and a recorded one is kept.
    earlier = "0" * 16
    assert not already_recorded(data_dir, document, earlier, known)
    assert already_recorded(data_dir, document, earlier, replace(known, previous="1" * 16))
    assert already_recorded(data_dir, document, document.doc_id, known)
    assert not already_recorded(data_dir, document, None, None)


def test_in_a_project_only_the_coder_s_own_record_counts(
    tmp_path: Path, document: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each coder registers in their own catalog file: a teammate's record of the same
    document does not spare the coder's registration; the coder's own does."""
    (tmp_path / "project").mkdir()
    project_dir = DataDir(tmp_path / "data", project_root=tmp_path / "project")
    calls = _registers(monkeypatch)
    Workspace(project_dir, "ana", DEFAULT_CODEBOOK).open(document).close()
    assert document.doc_id not in project_dir.catalog_read("ben").own
    Workspace(project_dir, "ben", DEFAULT_CODEBOOK).open(document).close()
    assert calls == [document.doc_id] * 2, "ana's record is not ben's"
    Workspace(project_dir, "ben", DEFAULT_CODEBOOK).open(document).close()
    assert calls == [document.doc_id] * 2, "ben's own record was read with the catalog"
    read = project_dir.catalog_read("ben")
    assert read.own[document.doc_id].path == str(document.path)
    assert [entry.doc_id for entry in read.entries] == [document.doc_id]
