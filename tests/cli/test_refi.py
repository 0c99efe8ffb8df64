"""``annotator export --format qdpx|qdc`` and ``annotator import FILE.qdpx|FILE.qdc``.

The round trip runs the commands as a user does, in subprocesses; the rest runs them in
process. Every file written is checked against the REFI-QDA schemas.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from annotator.cli.main import run_cli
from annotator.cli.support import locate
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.codebook.toml_parse import load_codebook
from annotator.settings.paths import DATA_DIR_ENV
from annotator.store import DataDir
from annotator.store.writer import Setting
from annotator.text.document import Document
from tests.export.builders import code, write_document
from tests.helpers import make_project
from tests.refi.helpers import REFI, validate_codebook, validate_project

TIMEOUT = 120


def annotator(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m annotator ARGS`` as a user runs it, in ``cwd``."""
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        cwd=cwd,
        env=dict(os.environ, NO_COLOR="1", TERM="dumb"),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        check=False,
    )


def no_launch(request: object) -> int:
    raise AssertionError("no screen may open")


def cli(*args: str) -> int:
    return run_cli(list(args), launch=no_launch)


def records(data_dir: DataDir) -> list[tuple[object, ...]]:
    """Everything of the coding that must survive a round trip, for every document."""
    found = [a for e in data_dir.catalog() for a in data_dir.annotations(e.doc_id)]
    return sorted(
        (a.doc_id, a.start, a.end, a.coder, a.tags, a.note, a.created, a.updated) for a in found
    )


def project_qde(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("project.qde")


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def coded(tmp_path: Path) -> Document:
    """A press release coded by two coders, with notes a REFI-QDA file must carry intact."""
    document = write_document(tmp_path)
    data_dir = DataDir(tmp_path / "data")
    code(
        data_dir,
        document,
        {
            0: (("claim", "statistic"), 'two lines,\r\nand <markup> & "quotes"'),
            2: (("appeal",), ""),
            4: ((), "a note alone"),
        },
    )
    code(data_dir, document, {0: (("claim",), ""), 3: (("statistic",), "Zoë's ✓")}, coder="bob")
    return document


def test_export_import_export_through_the_commands(tmp_path: Path, coded: Document) -> None:
    """The issue's round trip: codings, notes and coders come back the same."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = annotator(
        "export", "--all", "--format", "qdpx", "-o", "a/study.qdpx", "--data-dir", "data",
        cwd=tmp_path,
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert first.stdout == ""
    assert first.stderr == (
        "wrote a/study.qdpx: 1 document, 5 selections with 5 codings and 3 notes, by alice, bob\n"
    )
    validate_project(project_qde(tmp_path / "a" / "study.qdpx"))

    imported = annotator(
        "import", "a/study.qdpx", "--data-dir", "fresh", "--docs-dir", "texts", cwd=tmp_path
    )
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout == ""
    assert "5 selections: 5 matched sentence boundaries" in imported.stderr
    assert imported.stderr.endswith("5 annotations added, 0 updated, 0 unchanged\n")
    assert (tmp_path / "texts" / "release.txt").read_text(encoding="utf-8") == coded.text

    again = annotator(
        "export", "--all", "--format", "qdpx", "-o", "b/study.qdpx", "--data-dir", "fresh",
        cwd=tmp_path,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert records(DataDir(tmp_path / "fresh")) == records(DataDir(tmp_path / "data"))
    assert (tmp_path / "b" / "study.qdpx").read_bytes() == (
        tmp_path / "a" / "study.qdpx"
    ).read_bytes()


def test_the_codebook_goes_out_as_qdc_and_comes_back(tmp_path: Path) -> None:
    written = annotator("export", "--format", "qdc", "-o", "codes.qdc", cwd=tmp_path)
    assert written.returncode == 0, written.stderr
    count = len(DEFAULT_CODEBOOK.codes)
    assert written.stderr == (
        f"wrote codes.qdc: {count} codes of {DEFAULT_CODEBOOK.name} {DEFAULT_CODEBOOK.version}\n"
    )
    validate_codebook((tmp_path / "codes.qdc").read_bytes())
    converted = annotator("import", "codes.qdc", "-o", "codes.toml", cwd=tmp_path)
    assert converted.returncode == 0, converted.stderr
    assert converted.stderr.splitlines()[-1] == "code with it: --codebook codes.toml"
    codebook = load_codebook(tmp_path / "codes.toml")
    assert [(c.name, c.id, c.color, c.definition) for c in codebook.codes] == [
        (c.name, c.id, c.color, c.definition) for c in DEFAULT_CODEBOOK.codes
    ]


def test_a_qdc_codebook_converts_beside_itself_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "atlas.qdc"
    source.write_bytes((REFI / "atlasti-23.4-codebook.qdc").read_bytes())
    assert cli("import", str(source)) == 0
    assert load_codebook(tmp_path / "atlas.toml").codes[0].name == "code1"
    err = capsys.readouterr().err
    assert "1 set not converted: a codebook has no sets" in err
    assert not (tmp_path / "data").exists()


def test_the_codes_of_a_project_convert_alone(
    tmp_path: Path, coded: Document, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "data")
    assert cli("export", "--all", "--format", "qdpx", "-o", "study.qdpx", "--data-dir", data) == 0
    fresh = tmp_path / "fresh"
    args = ["import", "study.qdpx", "--codebook-only", "-o", "study.toml", "--data-dir", str(fresh)]
    assert cli(*args) == 0
    assert [c.id for c in load_codebook(tmp_path / "study.toml").codes] == [
        c.id for c in DEFAULT_CODEBOOK.codes
    ]
    assert not fresh.exists() and not (tmp_path / "study").exists()
    assert "wrote study.toml: 4 codes" in capsys.readouterr().err


def test_a_project_renamed_by_a_mail_program_is_still_a_project(
    tmp_path: Path, coded: Document
) -> None:
    data = str(tmp_path / "data")
    assert cli("export", "--all", "--format", "qdpx", "-o", "study.qdpx", "--data-dir", data) == 0
    (tmp_path / "study.qdpx").rename(tmp_path / "study.zip")
    fresh = DataDir(tmp_path / "fresh")
    assert cli("import", "study.zip", "--data-dir", str(fresh.root)) == 0
    assert records(fresh) == records(DataDir(tmp_path / "data"))
    assert (tmp_path / "study" / "release.txt").is_file()


def test_codes_a_project_adds_go_to_the_codebook_file_named_by_o(
    tmp_path: Path, coded: Document, capsys: pytest.CaptureFixture[str]
) -> None:
    data = DataDir(tmp_path / "data")
    code(data, coded, {1: (("hedge",), "")}, coder="carol")  # a tag the codebook lacks
    assert (
        cli("export", "--all", "--format", "qdpx", "-o", "study.qdpx", "--data-dir", str(data.root))
        == 0
    )
    validate_project(project_qde(tmp_path / "study.qdpx"))
    fresh = tmp_path / "fresh"
    target = tmp_path / "books" / "study.toml"
    target.parent.mkdir()
    args = ["import", "study.qdpx", "--data-dir", str(fresh), "-o", str(target)]
    assert cli(*args) == 0
    assert load_codebook(target).by_name("hedge") is not None
    assert f"the codebook with them is {target}; use it with --codebook" in capsys.readouterr().err
    assert "carol" in {a.coder for a in DataDir(fresh).annotations(coded.doc_id)}


def test_a_document_whose_file_is_gone_is_left_out_and_named(
    tmp_path: Path, coded: Document, capsys: pytest.CaptureFixture[str]
) -> None:
    other = write_document(tmp_path, "Another text. It stays.", "other.txt")
    code(DataDir(tmp_path / "data"), other, {1: (("claim",), "")})
    assert coded.path is not None
    coded.path.unlink()
    args = ["export", "--all", "--format", "qdpx", "-o", "study.qdpx"]
    assert cli(*args, "--data-dir", str(tmp_path / "data")) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "wrote study.qdpx: 1 document, 1 selection with 1 coding and 0 notes, by alice"
    assert err[1].startswith(f"warning: release.txt ({coded.doc_id}): ")
    assert err[1].endswith(
        "left out with its 5 annotations, since positions need the text "
        "(--format jsonl exports them)"
    )
    assert len(err) == 2


def test_one_coder_and_a_note_on_the_suffix(
    tmp_path: Path, coded: Document, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["export", str(coded.path), "--format", "qdpx", "-o", "bob.zip", "--annotator", "bob"]
    assert cli(*args, "--data-dir", str(tmp_path / "data")) == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "annotator: note: bob.zip does not end in .qdpx; other tools open these files by that "
        "suffix",
        "wrote bob.zip: 1 document, 2 selections with 2 codings and 1 note, by bob",
    ]
    validate_project(project_qde(tmp_path / "bob.zip"))


def test_a_locked_store_stops_a_project_import_and_says_so(
    tmp_path: Path, coded: Document, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "data")
    assert cli("export", "--all", "--format", "qdpx", "-o", "study.qdpx", "--data-dir", data) == 0
    capsys.readouterr()
    fresh = DataDir(tmp_path / "fresh")
    held = fresh.open_store(coded.doc_id, "alice")
    try:
        if held.read_only:
            pytest.skip("this store cannot be locked here")
        assert cli("import", "study.qdpx", "--data-dir", str(fresh.root)) == 2
    finally:
        held.close()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "import stopped: cannot write the store" in err


@pytest.mark.parametrize("command", ["export", "import"])
def test_help_describes_the_refi_formats_on_its_own(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        cli(command, "--help")
    text = capsys.readouterr().out
    assert "docs/" not in text and ".md" not in text
    for word in ("REFI-QDA", "qdpx", "qdc", "NVivo", "ATLAS.ti", "MAXQDA", "QualCoder"):
        assert word in text
    assert f"  annotator {command} " in text  # examples, as written


@pytest.mark.parametrize(
    ("options", "name"),
    [(("--format", "csv", "--excel"), "rows.txt"), (("--format", "jsonl"), "rows"), ((), "r.QDX")],
)
def test_an_export_under_another_suffix_is_told_by_its_content(
    tmp_path: Path, coded: Document, options: tuple[str, ...], name: str
) -> None:
    data = str(tmp_path / "data")
    assert cli("export", "--all", *options, "-o", name, "--data-dir", data) == 0
    fresh = DataDir(tmp_path / "fresh")
    assert cli("import", name, "--data-dir", str(fresh.root), "--doc", str(coded.path)) == 0
    assert records(fresh) == records(DataDir(tmp_path / "data"))


def test_a_project_carries_the_store_s_finished_marks_and_reference_layer(
    tmp_path: Path,
) -> None:
    document = write_document(tmp_path)
    data_dir = DataDir(tmp_path / "data")
    code(data_dir, document, {0: (("claim",), "")}, coder="ana")
    code(data_dir, document, {0: (("appeal",), "")}, coder="ben")
    code(data_dir, document, {0: (("claim",), "")}, coder="gold")
    data_dir_option = ["--data-dir", str(data_dir.root)]
    assert cli("done", str(document.path), "--annotator", "ana", *data_dir_option) == 0
    store = data_dir.open_store(document.doc_id, "gold")
    store.set(Setting.REFERENCE, True)
    assert store.close()
    target = tmp_path / "study.qdpx"
    assert cli("export", "--all", "--format", "qdpx", "-o", str(target), *data_dir_option) == 0
    qde = project_qde(target).decode("utf-8")
    validate_project(project_qde(target))
    assert 'name="finished by ana"' in qde and 'name="finished by ben"' not in qde
    assert 'name="adjudicated reference layer"' in qde
    only_ben = tmp_path / "ben.qdpx"
    args = ["export", "--all", "--annotator", "ben", "--format", "qdpx", "-o", str(only_ben)]
    assert cli(*args, *data_dir_option) == 0
    qde = project_qde(only_ben).decode("utf-8")
    assert "finished by" not in qde and "adjudicated reference layer" not in qde


def test_a_project_imported_into_a_team_project_lands_in_its_coding_folder(
    tmp_path: Path, coded: Document, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The data directory is found from where the texts are written, as every command
    finds it from its documents, not from the folder the command is run in."""
    assert cli("export", "--all", "--format", "qdpx", "-o", "study.qdpx", "--data-dir", "data") == 0
    project = make_project(tmp_path / "team", documents=1)
    monkeypatch.delenv(DATA_DIR_ENV)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    texts = project / "texts" / "imported"  # not made yet
    assert cli("import", str(tmp_path / "study.qdpx"), "--docs-dir", str(texts)) == 0
    coding = DataDir.at(locate(None, [str(project)]))
    assert coding.project_root == project
    assert records(coding) == records(DataDir(tmp_path / "data"))
    assert (texts / "release.txt").read_text(encoding="utf-8") == coded.text
    personal = DataDir.at(locate(None, [str(elsewhere)]))
    assert personal.project_root is None and not personal.catalog()
