"""``annotator init``, ``assign`` and ``status``, and every command finding the project."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

from annotator.cli.main import build_parser, run_cli
from annotator.settings.paths import DATA_DIR_ENV
from annotator.settings.project import find_project
from annotator.store.naming import coder_file_name
from tests.helpers import make_project


def no_launch(request: object) -> int:
    raise AssertionError("no screen may open")


def cli(*args: str) -> int:
    return run_cli(list(args), launch=no_launch)


@pytest.fixture(autouse=True)
def _no_data_dir_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    """The project's coding folder is in force only without $ANNOTATOR_DATA_DIR."""
    monkeypatch.delenv(DATA_DIR_ENV)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"<dir>"
        for p in sorted(folder.rglob("*"))
    }


# -- init ---------------------------------------------------------------------------------


def test_init_writes_the_project_file_the_coding_folder_and_its_gitignore(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "press"
    assert cli("init", str(folder)) == 0
    project = find_project(folder)
    assert project is not None and project.name == "press" and project.blind
    text = (folder / "annotator.toml").read_text(encoding="utf-8")
    assert "[project]" in text and "[codebook]" in text and "[[codes]]" in text
    ignore = (folder / "coding" / ".gitignore").read_text(encoding="utf-8")
    for pattern in ("*.lock", ".*.tmp", "*.bak", "*.schema*.bak", "/cache/"):
        assert pattern in ignore
    out = capsys.readouterr().out
    assert "made" in out and "annotator assign" in out


def test_a_second_init_changes_nothing_and_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "press"
    assert cli("init", str(folder)) == 0
    before = snapshot(folder)
    capsys.readouterr()
    assert cli("init", str(folder)) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "already a project" in line and "nothing changed" in line
    assert snapshot(folder) == before


def test_init_inside_another_project_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("init", str(tmp_path / "outer")) == 0
    capsys.readouterr()
    inner = tmp_path / "outer" / "texts"
    inner.mkdir()
    assert cli("init", str(inner)) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "inside the project 'outer'" in line
    assert not (inner / "annotator.toml").exists()


def test_a_codebook_only_annotator_toml_becomes_the_project_file(tmp_path: Path) -> None:
    book = (
        '# our codebook\n[codebook]\nname = "ours"\nversion = "2"\n\n[[codes]]\nname = "x"\n'
        'label = "X"\nkey = "1"\ncolor = "red"\ndefinition = "An x."\n'
    )
    (tmp_path / "annotator.toml").write_text(book, encoding="utf-8")
    assert cli("init", str(tmp_path)) == 0
    text = (tmp_path / "annotator.toml").read_text(encoding="utf-8")
    assert text.startswith(book)
    assert find_project(tmp_path) is not None
    assert cli("init", str(tmp_path)) == 2


def test_init_names_a_codebook_inside_the_project_and_copies_one_outside(
    tmp_path: Path,
) -> None:
    book = (
        '[codebook]\nname = "ours"\nversion = "2"\n\n[[codes]]\nname = "x"\nlabel = "X"\n'
        'key = "1"\ncolor = "red"\ndefinition = "An x."\n'
    )
    inside = tmp_path / "in" / "books" / "cb.toml"
    inside.parent.mkdir(parents=True)
    inside.write_text(book, encoding="utf-8")
    assert cli("init", str(tmp_path / "in"), "--codebook", str(inside)) == 0
    assert 'codebook = "books/cb.toml"' in (tmp_path / "in" / "annotator.toml").read_text()
    outside = tmp_path / "cb.toml"
    outside.write_text(book, encoding="utf-8")
    assert cli("init", str(tmp_path / "out"), "--codebook", str(outside)) == 0
    assert 'name = "ours"' in (tmp_path / "out" / "annotator.toml").read_text()


def test_an_invalid_codebook_stops_init_with_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[codebook]\nname = "x"\n', encoding="utf-8")
    assert cli("init", str(tmp_path / "p"), "--codebook", str(bad)) == 2
    assert "bad.toml" in capsys.readouterr().err
    assert not (tmp_path / "p").exists()


# -- assign -------------------------------------------------------------------------------


def rows(folder: Path) -> list[tuple[str, str]]:
    text = (folder / "assignments.csv").read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text))
    assert next(reader) == ["document", "coder"]
    return [(r[0], r[1]) for r in reader]


def test_assign_balanced_shares_an_overlap_sample_and_the_same_file_for_a_seed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_project(tmp_path / "p", documents=10)
    monkeypatch.chdir(folder)
    assert cli("assign", "--coders", "ana,ben,cem", "--overlap", "0.3", "--seed", "4") == 0
    first = rows(folder)
    documents = {d for d, _ in first}
    assert len(documents) == 10
    per_document = {d: [c for dd, c in first if dd == d] for d in documents}
    sample = [d for d, coders in per_document.items() if len(coders) > 1]
    assert len(sample) == 3
    assert all(sorted(per_document[d]) == ["ana", "ben", "cem"] for d in sample)
    shares = [sum(1 for _, c in first if c == who) for who in ("ana", "ben", "cem")]
    assert max(shares) - min(shares) <= 1 and sum(shares) == 10 + 2 * 3
    assert cli("assign", "--coders", "ana,ben,cem", "--overlap", "0.3", "--seed", "4") == 0
    assert rows(folder) == first
    assert cli("assign", "--coders", "ana,ben,cem", "--overlap", "0.3", "--seed", "5") == 2
    assert rows(folder) == first
    assert (
        cli("assign", "--coders", "ana,ben,cem", "--overlap", "0.3", "--seed", "5", "--force") == 0
    )
    assert rows(folder) != first


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--coders", "ana"], "at least two coders"),
        (["--coders", "ana,ana"], "twice"),
        (["--coders", "ana,ben", "--overlap", "1.5"], "from 0 to 1"),
        (["--coders", "ana,ben", "--overlap", "-0.1"], "from 0 to 1"),
        (["--coders", "ana,ben", "--overlap", "half"], "from 0 to 1"),
        (["--coders", "ana,ben", "--seed", "-1"], "from 0"),
        (["texts/nope.txt", "--coders", "ana,ben"], "unknown document"),
        (["../elsewhere.txt", "--coders", "ana,ben"], "unknown document"),
    ],
)
def test_assign_bad_input_is_one_line_with_exit_two(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    message: str,
) -> None:
    folder = make_project(tmp_path / "p", documents=3)
    (tmp_path / "elsewhere.txt").write_text("Text.\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    capsys.readouterr()
    assert cli("assign", *args) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert message in line
    assert not (folder / "assignments.csv").exists()


def test_assign_outside_a_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli("assign", "--coders", "a,b") == 2
    assert "not inside a project" in capsys.readouterr().err


def test_assign_a_folder_of_the_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = make_project(tmp_path / "p", documents=4)
    (folder / "other").mkdir()
    (folder / "other" / "note.txt").write_text("Not for coding.\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    assert cli("assign", "texts", "--coders", "a,b", "--overlap", "0") == 0
    assert {d for d, _ in rows(folder)} == {f"texts/release-{n}.txt" for n in range(1, 5)}


# -- every command finds the project ------------------------------------------------------


def test_commands_on_a_document_in_the_project_use_its_coding_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_project(tmp_path / "p", documents=2)
    monkeypatch.chdir(tmp_path)
    document = folder / "texts" / "release-1.txt"
    assert cli("done", str(document), "--annotator", "ana") == 0
    coding = folder / "coding"
    assert list(coding.glob(f"documents/*/{coder_file_name('ana')}"))
    assert (coding / "catalog" / coder_file_name("ana")).is_file()
    assert not (tmp_path / "data").exists()
    elsewhere = tmp_path / "mine"
    assert cli("done", str(document), "--annotator", "ben", "--data-dir", str(elsewhere)) == 0
    assert list(elsewhere.glob(f"documents/*/{coder_file_name('ben')}"))
    assert not list(coding.glob(f"documents/*/{coder_file_name('ben')}"))


def test_the_environment_variable_wins_and_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_project(tmp_path / "p", documents=1)
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "env"))
    capsys.readouterr()
    assert cli("done", str(folder / "texts" / "release-1.txt"), "--annotator", "ana") == 0
    err = capsys.readouterr().err
    assert "is in force, not the coding folder of the project 'press'" in err
    assert list((tmp_path / "env").glob("documents/*/*.json"))


def test_help_says_which_data_directory_is_in_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = make_project(tmp_path / "p", documents=1)
    monkeypatch.chdir(folder / "texts")
    text = " ".join(build_parser().format_help().split())
    assert "in force here:" in text and "coding folder of the project 'press'" in text
    for command in ("export", "agree", "doctor", "status"):
        parser = __import__(f"annotator.cli.{command}", fromlist=["build_parser"]).build_parser()
        assert "coding folder of the project 'press'" in " ".join(parser.format_help().split())


def test_a_broken_project_table_stops_every_command_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_project(tmp_path / "p", documents=1)
    toml = folder / "annotator.toml"
    toml.write_text(toml.read_text().replace("blind = true", 'blind = "no"'), encoding="utf-8")
    capsys.readouterr()
    assert cli("done", str(folder / "texts" / "release-1.txt")) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "annotator.toml:" in line and "blind must be true or false" in line


def test_doctor_in_a_project_checks_its_coding_folder_and_assignments(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_project(tmp_path / "p", documents=2)
    monkeypatch.chdir(folder)
    assert cli("done", "texts/release-1.txt", "--annotator", "ana") == 0
    assert cli("assign", "--coders", "ana,ben") == 0
    capsys.readouterr()
    assert cli("doctor") == 0
    assert "healthy" in capsys.readouterr().out
    text = (folder / "assignments.csv").read_text()
    (folder / "assignments.csv").write_text(
        "<<<<<<< HEAD\n" + text + "=======\n" + text + ">>>>>>> ben\n", encoding="utf-8"
    )
    assert cli("doctor") == 1
    out = capsys.readouterr().out
    assert "assignments.csv" in out and "conflict markers" in out


# -- status -------------------------------------------------------------------------------


def test_status_per_coder_and_the_overlap_sample(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_project(tmp_path / "p", documents=4)
    monkeypatch.chdir(folder)
    assert cli("assign", "--coders", "ana,ben", "--overlap", "0.5") == 0
    sample = [d for d, c in rows(folder) if c == "ben" and (d, "ana") in rows(folder)]
    assert len(sample) == 2
    assert cli("done", sample[0], "--annotator", "ana") == 0
    assert cli("done", sample[0], "--annotator", "ben") == 0
    assert cli("done", sample[1], "--annotator", "ana") == 0
    capsys.readouterr()
    assert cli("status", "--json") == 0
    status = json.loads(capsys.readouterr().out)
    coders = {c["coder"]: c for c in status["coders"]}
    assert coders["ana"]["finished"] == 2 and coders["ben"]["finished"] == 1
    assert coders["ana"]["assigned"] == 3 and coders["ana"]["not_started"] == 1
    ready = {d["document"]: d["agreement_ready"] for d in status["overlap_sample"]}
    assert ready == {sample[0]: True, sample[1]: False}
    assert cli("stats", "--by-coder") == 0
    out = capsys.readouterr().out
    assert "agreement can be computed on 1 of 2 documents" in " ".join(out.split())
    assert "waiting for ben" in out


def test_status_outside_a_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli("status") == 2
    assert "not inside a project" in capsys.readouterr().err


def test_file_modes_follow_the_project_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    os.chmod(folder, 0o775)
    make_project(folder, documents=1)
    assert cli("done", str(folder / "texts" / "release-1.txt"), "--annotator", "ana") == 0
    (store,) = (folder / "coding").glob("documents/*/*.json")
    assert oct(store.stat().st_mode & 0o777) == oct(0o664)
