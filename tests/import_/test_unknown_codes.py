"""``annotator import`` and codes the codebook lacks: named and refused, or added."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from annotator.cli.main import run_cli
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.codebook.toml_parse import load_codebook
from annotator.export import from_document
from annotator.export.service import ExportOptions, export_to
from annotator.store import DataDir
from annotator.text.document import Document
from tests.export.builders import code, write_document


def no_launch(request: object) -> int:
    raise AssertionError("no screen may open")


@pytest.fixture
def typo_csv(tmp_path: Path) -> tuple[Document, Path]:
    """An export whose second row was edited by hand: ``clam`` for ``claim``."""
    document = write_document(tmp_path)
    data_dir = DataDir(tmp_path / "data")
    code(data_dir, document, {0: (("claim",), ""), 1: (("claim", "appeal"), "")})
    target = tmp_path / "coded.csv"
    export_to([from_document(document, data_dir)], DEFAULT_CODEBOOK, ExportOptions(), target)
    lines = target.read_bytes().decode("utf-8").split("\r\n")
    lines[2] = lines[2].replace(",claim;appeal,", ",clam;appeal;cheer,")
    target.write_text("\r\n".join(lines), encoding="utf-8", newline="")
    return document, target


def _import(csv_path: Path, document: Document, data: Path, *extra: str) -> int:
    args = ["import", str(csv_path), "--doc", str(document.path), "--data-dir", str(data)]
    return run_cli([*args, *extra], launch=no_launch)


def test_unknown_codes_are_named_and_nothing_is_imported(
    tmp_path: Path, typo_csv: tuple[Document, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    document, csv_path = typo_csv
    fresh = tmp_path / "fresh"
    assert _import(csv_path, document, fresh) == 2
    err = capsys.readouterr().err
    assert "unknown code 'clam': 1 row (line 3)" in err
    assert "unknown code 'cheer': 1 row (line 3)" in err
    assert "2 codes not in the codebook" in err and "--add-codes" in err
    assert DataDir(fresh).annotations(document.doc_id) == []


def test_add_codes_appends_them_to_the_codebook_file(
    tmp_path: Path, typo_csv: tuple[Document, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    document, csv_path = typo_csv
    book = tmp_path / "book.toml"
    original = "# our codes\n" + Path("sample_docs/codebook.toml").read_text(encoding="utf-8")
    book.write_text(original, encoding="utf-8")
    fresh = tmp_path / "fresh"
    assert _import(csv_path, document, fresh, "--codebook", str(book), "--add-codes") == 0
    err = capsys.readouterr().err
    assert "added code 'clam' (key " in err and ", label CLAM) to " in err
    assert "added code 'cheer' (key " in err
    text = book.read_text(encoding="utf-8")
    assert text.startswith(original)  # comments and codes kept as written
    codes = [c.name for c in load_codebook(book).codes]
    assert codes[:4] == ["claim", "assertion", "appeal", "statistic"]
    assert sorted(codes[4:]) == ["cheer", "clam"]
    tags = {a.start: a.tags for a in DataDir(fresh).annotations(document.doc_id)}
    assert sorted(set(t) for t in tags.values()) == [{"claim"}, {"appeal", "cheer", "clam"}]


def test_add_codes_to_the_built_in_default_writes_the_user_codebook(
    tmp_path: Path, typo_csv: tuple[Document, Path]
) -> None:
    document, csv_path = typo_csv
    assert _import(csv_path, document, tmp_path / "fresh", "--add-codes") == 0
    user = Path(os.environ["ANNOTATOR_CONFIG_DIR"]) / "codebook.toml"
    data = tomllib.loads(user.read_text(encoding="utf-8"))
    names = [c["name"] for c in data["codes"]]
    assert names[:4] == ["claim", "assertion", "appeal", "statistic"]
    assert sorted(names[4:]) == ["cheer", "clam"]
    assert load_codebook(user).codes[:4] == DEFAULT_CODEBOOK.codes
