"""The command line as a user runs it: subprocesses, exit codes, CSV on stdout."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.opening import open_session
from annotator.store import DataDir
from annotator.text.document import bundled_sample_path, load_document
from tests.helpers import REPO

HEADER = "document,doc_id,paragraph,sentence,start,end,text,tags,note,annotator,updated"


def _run(*args: str, data_dir: Path, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, ANNOTATOR_DATA_DIR=str(data_dir))
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=60,
        check=False,
    )


def test_help_and_version(tmp_path: Path) -> None:
    result = _run("--help", data_dir=tmp_path / "d", cwd=tmp_path)
    assert result.returncode == 0
    assert b"usage: annotator" in result.stdout
    version = _run("--version", data_dir=tmp_path / "d", cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith(b"annotator ")


def test_export_writes_csv_to_stdout(tmp_path: Path) -> None:
    data_dir = DataDir(tmp_path / "data")
    sample = load_document(bundled_sample_path(), is_sample=True)
    session = open_session(data_dir, sample, DEFAULT_CODEBOOK, "coder one")
    session.toggle_tag(4, "statistic")
    session.toggle_tag(0, "claim")
    session.set_note(0, 'Title, "quoted"\nnext line ü')
    flush = getattr(session.store, "flush", None)
    if callable(flush):
        flush()
    session.store.close()

    result = _run("export", "q7x2.txt", data_dir=data_dir.root, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(HEADER.encode() + b"\r\n")
    rows = list(csv.DictReader(io.StringIO(result.stdout.decode("utf-8"), newline="")))
    expected = [sample.sentences[i] for i in (0, 4)]
    assert [int(r["paragraph"]) for r in rows] == [s.paragraph + 1 for s in expected]
    assert [int(r["sentence"]) for r in rows] == [s.number + 1 for s in expected]
    assert rows[0]["note"] == 'Title, "quoted"\nnext line ü'
    for row in rows:
        start, end = int(row["start"]), int(row["end"])
        assert sample.text[start:end] == row["text"]


def test_missing_file_is_one_line_and_status_2(tmp_path: Path) -> None:
    result = _run("export", "nope.txt", data_dir=tmp_path / "d", cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("annotator: error:")
    assert b"Traceback" not in result.stderr


def test_export_uses_the_project_codebook_beside_the_document(tmp_path: Path) -> None:
    import shutil

    repo = REPO
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(repo / "sample_docs" / "ten-codes.toml", project / "annotator.toml")
    doc = project / "statement.txt"
    doc.write_text("The regime's thugs struck. Everyone knows it.\n")
    data_dir = DataDir(tmp_path / "data")
    from annotator.codebook.discovery import discover_codebook

    codebook = discover_codebook(start=project)
    assert codebook.name == "persuasion-techniques"
    session = open_session(data_dir, load_document(doc), codebook, "tester")
    session.toggle_tag(0, "loaded-language")
    session.toggle_tag(0, "name-calling")
    session.store.close()

    result = _run("export", str(doc), "--layout", "wide", data_dir=data_dir.root, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    header = result.stdout.decode("utf-8").split("\r\n")[0].split(",")
    assert "loaded-language" in header and "claim" not in header
    sentences = _run("export", str(doc), data_dir=data_dir.root, cwd=tmp_path)
    row = next(iter(csv.DictReader(io.StringIO(sentences.stdout.decode("utf-8"), newline=""))))
    assert row["tags"] == "loaded-language;name-calling"
    # --codebook wins over the project file.
    forced = _run(
        "export",
        str(doc),
        "--layout",
        "wide",
        "--codebook",
        "missing.toml",
        data_dir=data_dir.root,
        cwd=tmp_path,
    )
    assert forced.returncode == 2 and b"missing.toml" in forced.stderr


def test_the_data_directory_in_force_is_found_only_when_help_is_shown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Building the parser (every start of the reader) does not look for a project; the
    help text does, when asked for."""
    from annotator.cli import main, support

    found: list[Path] = []
    locate = support.locate_data_dir

    def counted(option: str | None, start: Path) -> Any:
        found.append(start)
        return locate(option, start)

    monkeypatch.setattr(support, "locate_data_dir", counted)
    parser = main.build_parser()
    assert found == []
    assert "in force here:" in parser.format_help()
    assert len(found) == 1
