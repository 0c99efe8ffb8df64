"""``annotator export`` end to end: options, several documents, the reader's code path."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli.main import run_cli
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.export.service import export_document_csv
from annotator.export.ticker import Ticker
from annotator.store import DataDir
from tests.export.builders import code, write_document


def no_launch(request: object) -> int:
    raise AssertionError("no screen may open during an export")


def export(*args: str) -> int:
    return run_cli(["export", *args], launch=no_launch)


@pytest.fixture
def data_dir(tmp_path: Path) -> DataDir:
    return DataDir(tmp_path / "data")


def test_cli_and_reader_write_the_same_bytes(tmp_path: Path, data_dir: DataDir) -> None:
    document = write_document(tmp_path)
    code(data_dir, document, {0: (("claim",), "=note"), 2: (("appeal",), "")})
    assert export(str(document.path), "--data-dir", str(data_dir.root), "-o", "cli.csv") == 0
    rows, unplaced = export_document_csv(
        document, data_dir, DEFAULT_CODEBOOK, str(tmp_path / "app.csv")
    )
    assert (rows, unplaced) == (2, 0)
    assert Path("cli.csv").read_bytes() == (tmp_path / "app.csv").read_bytes()


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_all_exports_every_document_and_reports_missing_files(
    tmp_path: Path, data_dir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    kept = write_document(tmp_path, "Kept one. Kept two.", "b-kept.txt")
    gone = write_document(tmp_path, "Gone one. Gone two.", "a-gone.txt")
    code(data_dir, kept, {1: (("claim",), "")})
    code(data_dir, gone, {0: (("statistic",), "still here")})
    assert gone.path is not None
    gone.path.unlink()
    assert export("--all", "--data-dir", str(data_dir.root)) == 0
    captured = capsys.readouterr()
    found = list(csv.DictReader(io.StringIO(captured.out, newline="")))
    assert [(r["document"], r["text"], r["note"]) for r in found] == [
        ("a-gone.txt", "Gone one.", "still here"),
        ("b-kept.txt", "Kept two.", ""),
    ]
    assert "a-gone.txt" in captured.err and "without the document text" in captured.err


def test_remarks_are_printed_one_line_and_control_free(
    tmp_path: Path, data_dir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    gone = write_document(tmp_path, "Gone one. Gone two.", "gone\x1b[31m.txt")
    code(data_dir, gone, {0: (("claim",), "")})
    assert gone.path is not None
    gone.path.unlink()
    assert export("--all", "--data-dir", str(data_dir.root)) == 0
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert err.startswith("warning: gone\u241b[31m.txt (") and err.count("\n") == 1


def test_a_document_can_be_named_by_its_id(
    tmp_path: Path, data_dir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    document = write_document(tmp_path)
    code(data_dir, document, {0: (("claim",), "")})
    assert export(document.doc_id, "--data-dir", str(data_dir.root), "--format", "jsonl") == 0
    assert document.doc_id in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "name at least one DOC"),
        (("x.txt", "--format", "jsonl", "--excel"), "--excel only apply to --format csv"),
        (("x.txt", "--layout", "wide", "--all-sentences"), "implied by --layout wide"),
        (("missing.txt",), "no such file"),
    ],
)
def test_usage_errors_are_one_line_with_status_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str
) -> None:
    write_document(tmp_path, "Some text.", "x.txt")
    assert export(*args) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_a_failed_write_leaves_no_file(tmp_path: Path, data_dir: DataDir) -> None:
    document = write_document(tmp_path)
    target = tmp_path / "no-such-dir" / "out.csv"
    assert export(str(document.path), "-o", str(target)) == 2
    assert not target.parent.exists()


def test_progress_is_quiet_off_a_terminal_and_waits_a_second(tmp_path: Path) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    quiet = io.StringIO()
    ticker = Ticker(10, "x", quiet, delay=0)
    ticker(5)
    ticker.close()
    assert quiet.getvalue() == ""
    waiting = Terminal()
    ticker = Ticker(10, "x", waiting, delay=3600)
    ticker(5)
    ticker.close()
    assert waiting.getvalue() == ""
    shown = Terminal()
    ticker = Ticker(10, "x", shown, delay=0)
    ticker(5)
    assert ticker.enabled and ticker._progress is not None
    ticker.close()


def test_export_runs_as_a_subprocess_with_no_noise(tmp_path: Path, data_dir: DataDir) -> None:
    document = write_document(tmp_path)
    code(data_dir, document, {0: (("claim",), "")})
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "export", str(document.path), "--excel"],
        capture_output=True,
        env={"ANNOTATOR_DATA_DIR": str(data_dir.root), "PATH": ""},
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"\xef\xbb\xbfdocument,doc_id,")
    assert result.stdout.count(b"\r\n") == 2
    assert result.stderr == b""


def test_exports_see_the_coders_split_and_merge_corrections(
    tmp_path: Path, data_dir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    from annotator.coding.resegment import with_overrides
    from annotator.text.overrides import SegmentationOverrides
    from tests.helpers import set_corrections

    plain = write_document(tmp_path, "Pasha Holding Ltd. Participants met. Then they left.")
    first_two = plain.sentences[1].start
    overrides = SegmentationOverrides.of(merges=[first_two])
    set_corrections(data_dir, plain.doc_id, "alice", overrides)
    merged = with_overrides(plain, overrides)
    assert len(merged.sentences) == len(plain.sentences) - 1
    code(data_dir, merged, {0: (("claim",), "")})
    assert export(str(plain.path), "--data-dir", str(data_dir.root), "-o", "cli.csv") == 0
    export_document_csv(
        merged, data_dir, DEFAULT_CODEBOOK, str(tmp_path / "app.csv"), segmented_with=overrides
    )
    assert Path("cli.csv").read_bytes() == (tmp_path / "app.csv").read_bytes()
    assert merged.sentence_text(0) in Path("cli.csv").read_text()
    assert "could not be placed" not in capsys.readouterr().err


def test_annotator_option_exports_one_coder(
    tmp_path: Path, data_dir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    document = write_document(tmp_path)
    code(data_dir, document, {0: (("claim",), "")})
    code(data_dir, document, {1: (("appeal",), "")}, coder="bob")
    args = [str(document.path), "--data-dir", str(data_dir.root), "--annotator", "bob"]
    assert export(*args) == 0
    found = list(csv.DictReader(io.StringIO(capsys.readouterr().out, newline="")))
    assert [(r["annotator"], r["tags"]) for r in found] == [("bob", "appeal")]


def test_the_reader_exports_all_of_a_document_still_segmenting(
    tmp_path: Path, data_dir: DataDir
) -> None:
    from dataclasses import replace

    document = write_document(tmp_path)
    code(data_dir, document, {0: (("claim",), ""), 5: (("appeal",), "late")})
    first = document.paragraphs[0]
    partial = replace(
        document,
        paragraphs=document.paragraphs[:1],
        sentences=document.sentences[: first.sentence_count],
        segmented_upto=first.end,
    )
    export_document_csv(partial, data_dir, DEFAULT_CODEBOOK, str(tmp_path / "app.csv"))
    export_document_csv(document, data_dir, DEFAULT_CODEBOOK, str(tmp_path / "full.csv"))
    assert (tmp_path / "app.csv").read_bytes() == (tmp_path / "full.csv").read_bytes()
    assert "late" in (tmp_path / "app.csv").read_text()


def test_a_closed_pipe_ends_the_export_quietly(tmp_path: Path, data_dir: DataDir) -> None:
    text = " ".join(f"Sentence number {i} is here." for i in range(1500))
    document = write_document(tmp_path, text, "big.txt")
    code(data_dir, document, {i: (("claim",), "") for i in range(len(document.sentences))})
    process = subprocess.Popen(
        [sys.executable, "-m", "annotator", "export", str(document.path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={"ANNOTATOR_DATA_DIR": str(data_dir.root), "PATH": ""},
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith(b"document,")
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == b""
