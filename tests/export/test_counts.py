"""Counts per code and the coded share, as a table and as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli.main import run_cli
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.export import from_document
from annotator.export.counts import compute_stats
from annotator.store import DataDir
from tests.export.builders import code, write_document


def no_launch(request: object) -> int:
    raise AssertionError("no screen may open")


@pytest.fixture
def data_dir(tmp_path: Path) -> DataDir:
    data_dir = DataDir(tmp_path / "data")
    document = write_document(tmp_path)
    code(data_dir, document, {0: (("claim", "statistic"), ""), 1: (("claim",), ""), 2: ((), "n")})
    code(data_dir, document, {0: (("claim",), ""), 4: (("[bold]x",), "")}, coder="bob")
    return data_dir


def test_counts_per_code_and_share(data_dir: DataDir, tmp_path: Path) -> None:
    document = write_document(tmp_path)
    stats = compute_stats([from_document(document, data_dir)], DEFAULT_CODEBOOK)
    (doc,) = stats.documents
    counts = {c.name: (c.annotations, c.sentences) for c in doc.codes}
    assert counts == {
        "claim": (3, 2),
        "assertion": (0, 0),
        "appeal": (0, 0),
        "statistic": (1, 1),
        "[bold]x": (1, 1),
    }
    assert (doc.sentences, doc.coded_sentences, doc.noted_sentences) == (6, 3, 1)
    assert doc.coded_share == pytest.approx(0.5)
    assert doc.coders == ["alice", "bob"]
    assert stats.total.coded_sentences == 3


def test_json_output(data_dir: DataDir, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["stats", "--json", "--data-dir", str(data_dir.root)], launch=no_launch) == 0
    payload = json.loads(capsys.readouterr().out)
    (doc,) = payload["documents"]
    assert doc["coded_sentences"] == 3 and doc["sentences"] == 6
    assert payload["total"]["codes"][0] == {
        "code": "claim",
        "label": "CLM",
        "annotations": 3,
        "sentences": 2,
    }


def test_table_shows_untrusted_labels_literally(
    data_dir: DataDir, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    args = ["stats", str(tmp_path / "release.txt"), "--data-dir", str(data_dir.root)]
    assert run_cli(args, launch=no_launch) == 0
    out = capsys.readouterr().out
    assert "[bold]x" in out
    assert "3 of 6 sentences coded (50.0%)" in out


def test_several_documents_get_a_per_document_table(
    data_dir: DataDir, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = write_document(tmp_path, "One. Two.", "other.txt")
    code(data_dir, other, {0: (("appeal",), "")})
    assert run_cli(["stats", "--data-dir", str(data_dir.root)], launch=no_launch) == 0
    out = capsys.readouterr().out
    assert "per document" in out and "other.txt" in out
    assert "4 of 8 sentences coded" in out


def test_an_empty_data_dir_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["stats", "--data-dir", str(tmp_path / "none")], launch=no_launch) == 2
    assert "holds no documents" in capsys.readouterr().err
