"""``annotator agree``, ``done`` and ``adjudicate --auto`` on the command line: every error in
one line with exit status 2, what is left out named on stderr, and the whole path from
three coders' sessions to agreement figures and an exported reference layer."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.agreement import (
    AgreementOptions,
    BootstrapSettings,
    CodedSentence,
    CoderWork,
    DocumentWork,
    compute_agreement,
    report_json,
)
from annotator.cli.main import run_cli
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.opening import open_session
from annotator.store import DataDir
from annotator.store.progress import finished_mark
from annotator.text.document import Document, bundled_sample_path, load_document

CODES = [c.name for c in DEFAULT_CODEBOOK.codes]


def no_launch(request: object) -> int:
    raise AssertionError("no screen may open")


def _code_sample(data_dir: DataDir, coders: dict[str, int], finished: set[str]) -> Document:
    """Each coder codes every sentence of the sample, sentence i with code i mod 4, except
    every third sentence, which coder with offset k codes with code i + k."""
    sample = load_document(bundled_sample_path(), is_sample=True)
    for coder, offset in coders.items():
        session = open_session(data_dir, sample, DEFAULT_CODEBOOK, coder)
        for i in range(len(sample.sentences)):
            shift = offset if i % 3 == 0 else 0
            session.toggle_tag(i, CODES[(i + shift) % len(CODES)])
        session.set_note(1, f"{coder}'s note")
        if coder in finished:
            session.set_finished(True)
        assert session.close()
    return sample


def _agree(*args: str) -> int:
    return run_cli(["agree", *args], launch=no_launch)


@pytest.fixture
def three(data_dir: DataDir, monkeypatch: pytest.MonkeyPatch) -> DataDir:
    """ana and ben finished the sample, cem coded it without finishing."""
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(data_dir.root))
    _code_sample(data_dir, {"ana": 0, "ben": 1, "cem": 2}, {"ana", "ben"})
    return data_dir


def _one_error(capsys: pytest.CaptureFixture[str], status: int) -> str:
    err = capsys.readouterr().err
    assert status == 2, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("annotator: error: ")
    return lines[0]


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--all", "--coders", "ana,zoe"], "unknown coder 'zoe'"),
        (["--all", "--codes", "claim,rhetoric"], "unknown code 'rhetoric'"),
        (["--all", "--coders", "ana"], "--coders names one coder"),
        (["--all", "--coders", "ana,ana"], "--coders names one coder"),
        (["--all", "--coders", "ana,cem"], "no finished documents"),
        (["--all", "--bootstrap", "0"], "--bootstrap takes a whole number from 1 to 100,000"),
        (["--all", "--bootstrap", "many"], "--bootstrap takes a whole number, not 'many'"),
        (["--all", "--bootstrap", "100001"], "--bootstrap takes a whole number from 1"),
        (["--all", "--seed", "-1"], "--seed takes a whole number from 0, not -1"),
        (["--all", "--seed", "1.5"], "--seed takes a whole number, not '1.5'"),
        (["--all", "-o", "no/such/folder/out.json"], "no such folder"),
        (["--all", "-o", "."], "it is a directory"),
        ([], "name at least one DOC, or use --all"),
        (["missing.txt"], "no such file"),
    ],
)
def test_every_error_is_one_line_and_status_2(
    three: DataDir,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    args: list[str],
    said: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    line = _one_error(capsys, _agree(*args))
    assert said in line


def test_a_single_coder_in_the_data_is_an_error(
    data_dir: DataDir, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(data_dir.root))
    _code_sample(data_dir, {"ana": 0}, {"ana"})
    line = _one_error(capsys, _agree("--all"))
    assert "at least two coders; the selection has 1 (ana)" in line


def test_no_finished_document_is_an_error(
    data_dir: DataDir, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(data_dir.root))
    _code_sample(data_dir, {"ana": 0, "ben": 1}, set())
    line = _one_error(capsys, _agree("q7x2.txt"))
    assert "no finished documents" in line and "annotator done DOC" in line


def test_an_unwritable_output_leaves_nothing_behind(
    three: DataDir, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "taken").mkdir()
    line = _one_error(capsys, _agree("--all", "-o", str(folder / "taken")))
    assert "it is a directory" in line
    assert sorted(p.name for p in folder.iterdir()) == ["taken"]


def test_what_is_left_out_is_named_on_stderr(
    three: DataDir, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "agreement.csv"
    assert _agree("--all", "--format", "csv", "-o", str(target), "--bootstrap", "50") == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"wrote csv to {target}" in captured.err
    assert "annotator: note: left out cem on 1 document (not finished): q7x2.txt" in captured.err
    rows = target.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("scope,document,doc_id,row,code,alpha")


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "html"])
def test_each_format_is_written(
    three: DataDir, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    assert _agree("q7x2.txt", "--format", fmt, "--bootstrap", "50") == 0
    out = capsys.readouterr().out
    marker = {
        "table": "Agreement: 1 document, 2 coders (ana, ben)",
        "json": '"coders": [',
        "csv": "selection,,,code,claim,",
        "html": "<!DOCTYPE html>",
    }[fmt]
    assert marker in out


def test_done_marks_and_undo_reopens(
    data_dir: DataDir, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(data_dir.root))
    sample = _code_sample(data_dir, {"ana": 0}, set())
    assert run_cli(["done", "q7x2.txt", "--annotator", "ana"], launch=no_launch) == 0
    mark = finished_mark(data_dir, sample.doc_id, "ana")
    assert mark is not None
    assert "q7x2.txt: finished by ana" in capsys.readouterr().err
    assert run_cli(["done", sample.doc_id, "--annotator", "ana"], launch=no_launch) == 0
    assert finished_mark(data_dir, sample.doc_id, "ana") == mark, "the first time is kept"
    assert f"already finished by ana (since {mark})" in capsys.readouterr().err
    monkeypatch.setenv("ANNOTATOR_NAME", "ana")
    assert run_cli(["done", "q7x2.txt", "--undo"], launch=no_launch) == 0
    assert finished_mark(data_dir, sample.doc_id, "ana") is None
    assert "q7x2.txt: re-opened for ana" in capsys.readouterr().err


def test_done_with_an_unknown_document_marks_nothing(
    data_dir: DataDir, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(data_dir.root))
    sample = _code_sample(data_dir, {"ana": 0}, set())
    status = run_cli(["done", "q7x2.txt", "nothing.txt", "--annotator", "ana"], launch=no_launch)
    assert "no such file" in _one_error(capsys, status)
    assert finished_mark(data_dir, sample.doc_id, "ana") is None


def test_done_on_an_uncoded_document_says_what_it_means(
    data_dir: DataDir, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(data_dir.root))
    assert run_cli(["done", "q7x2.txt", "--annotator", "new"], launch=no_launch) == 0
    assert "every sentence of it now counts as 'no code applies'" in capsys.readouterr().err


def test_adjudicate_auto_fills_the_agreed_sentences_and_reports_what_is_left(
    three: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(["adjudicate", "q7x2.txt", "--auto"], launch=no_launch) == 0
    err = capsys.readouterr().err
    assert "q7x2.txt: gold filled 16 sentences that every finished coder (ana, ben)" in err
    assert "not finished, so not compared: cem" in err
    assert "8 disagreements left to adjudicate of 8 (0 decided)" in err
    sample = load_document(bundled_sample_path(), is_sample=True)
    work = three.work(sample.doc_id, "gold")
    assert work is not None and work.reference and len(work.annotations) == 16


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--coders", "ana,zoe"], "unknown coder 'zoe'"),
        (["--coders", "ana,cem"], "adjudication needs two coders who finished"),
        (["--as", "cem"], "'cem' has coded q7x2.txt as a coder"),
        (["--coders", "ana,ben", "--as", "ben"], "'ben' is the reference layer"),
    ],
)
def test_adjudicate_refuses_what_it_cannot_do(
    three: DataDir, capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    status = run_cli(["adjudicate", "q7x2.txt", "--auto", *args], launch=no_launch)
    assert said in _one_error(capsys, status)
    sample = load_document(bundled_sample_path(), is_sample=True)
    assert three.work(sample.doc_id, "gold") is None


def test_adjudicate_opens_the_reader_in_adjudication_mode(
    three: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    asked: list[object] = []

    def launch(request: object) -> int:
        asked.append(request)
        return 0

    assert run_cli(["adjudicate", "q7x2.txt", "--coders", "ben,ana"], launch=launch) == 0
    (request,) = asked
    plan = getattr(request, "adjudication", None)
    assert plan is not None and getattr(request, "coder", None) == "gold"
    assert [c.coder for c in plan.coders.coders] == ["ben", "ana"], "numbered as asked"


def _run(*args: str, data_dir: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ANNOTATOR_DATA_DIR=str(data_dir), NO_COLOR="1", TERM="dumb")
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
        text=True,
    )


def _as_the_core_takes_it(sample: Document, coders: dict[str, int]) -> DocumentWork:
    """The same coding as ``_code_sample``, written out as the core's input."""
    work = []
    for coder, offset in sorted(coders.items()):
        sentences = tuple(
            CodedSentence(
                s.start,
                s.end,
                frozenset({CODES[(s.index + (offset if s.index % 3 == 0 else 0)) % len(CODES)]}),
                f"{coder}'s note" if s.index == 1 else "",
            )
            for s in sample.sentences
        )
        work.append(CoderWork(coder, True, sentences))
    return DocumentWork(sample.doc_id, sample.name, tuple(work), sample.text)


def test_from_three_coders_to_figures_and_an_exported_reference(tmp_path: Path) -> None:
    data_dir = DataDir(tmp_path / "data")
    coders = {"ana": 0, "ben": 1, "cem": 2}
    sample = _code_sample(data_dir, coders, set(coders))

    agreed = _run(
        "agree", "--all", "--format", "json", "--bootstrap", "200", "--seed", "5",
        data_dir=data_dir.root, cwd=tmp_path,
    )  # fmt: skip
    assert agreed.returncode == 0, agreed.stderr
    expected = compute_agreement(
        [_as_the_core_takes_it(sample, coders)],
        DEFAULT_CODEBOOK,
        AgreementOptions(bootstrap=BootstrapSettings(resamples=200, seed=5)),
    )
    assert json.loads(agreed.stdout) == json.loads(json.dumps(report_json(expected)))
    assert agreed.stderr == ""

    auto = _run("adjudicate", "q7x2.txt", "--auto", data_dir=data_dir.root, cwd=tmp_path)
    assert auto.returncode == 0, auto.stderr
    agreed_sentences = [s for s in sample.sentences if s.index % 3 != 0]
    assert f"gold filled {len(agreed_sentences)} sentences" in auto.stderr

    exported = _run(
        "export", "--all", "--annotator", "gold", "--format", "jsonl",
        data_dir=data_dir.root, cwd=tmp_path,
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    records = [json.loads(line) for line in exported.stdout.splitlines()]
    assert {(r["start"], tuple(r["tags"])) for r in records} == {
        (s.start, (CODES[s.index % len(CODES)],)) for s in agreed_sentences
    }
    assert {r["annotator"] for r in records} == {"gold"}

    wide = _run("export", "q7x2.txt", "--layout", "wide", data_dir=data_dir.root, cwd=tmp_path)
    assert wide.returncode == 0, wide.stderr
    rows = list(csv.DictReader(io.StringIO(wide.stdout, newline="")))
    first = [row["annotator"] for row in rows if row["start"] == str(sample.sentences[1].start)]
    assert first == ["ana", "ben", "cem", "gold"], "coders and the reference side by side"
