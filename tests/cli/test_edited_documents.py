"""An edited document on the command line: export, stats, --all-versions and reanchor."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from annotator.cli.main import run_cli
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.workspace import Workspace
from annotator.store import DataDir
from annotator.text.document import Document
from tests.helpers import code_then_edit

BETA_REVIEW = "Beta is second."
EPSILON_ORPHAN = "Epsilon closes the text here."


def no_launch(request: object) -> int:
    raise AssertionError("no screen may open")


def cli(*args: str) -> int:
    return run_cli(list(args), launch=no_launch)


def rows(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out, newline="")))


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def edited(tmp_path: Path, data_dir: DataDir) -> tuple[Document, Document]:
    return code_then_edit(tmp_path / "doc.txt", data_dir)


def _open_in_reader(data_dir: DataDir, document: Document) -> None:
    """What opening the edited file in the reader saves."""
    session = Workspace(data_dir, "tester", DEFAULT_CODEBOOK).open(document)
    assert session.close()


def test_export_of_an_edited_file_writes_the_placed_rows_and_names_the_rest(
    data_dir: DataDir, edited: tuple[Document, Document], capsys: pytest.CaptureFixture[str]
) -> None:
    _, after = edited
    assert cli("export", "doc.txt", "--data-dir", str(data_dir.root)) == 0
    captured = capsys.readouterr()
    found = rows(captured.out)
    assert [r["text"] for r in found] == [
        "Alpha is first.",
        "Gamma is thrid.",
        "Delta is a rather long sentence that goes on.",
    ]
    assert {r["doc_id"] for r in found} == {after.doc_id}
    assert [r["note"] for r in found][1] == "gamma note"
    assert "1 annotation awaits review and 1 annotation is orphaned" in captured.err
    assert "annotator reanchor" in captured.err and "doc.txt" in captured.err
    # Headless: nothing was written for the new version.
    assert data_dir.work(after.doc_id, "tester") is None


def test_stats_count_the_carried_coding(
    data_dir: DataDir, edited: tuple[Document, Document], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("stats", "doc.txt", "--json", "--data-dir", str(data_dir.root)) == 0
    [document] = json.loads(capsys.readouterr().out)["documents"]
    assert (document["coded_sentences"], document["noted_sentences"]) == (2, 1)
    assert document["sentences"] == 6


def test_all_and_stats_count_the_current_version_once(
    data_dir: DataDir, edited: tuple[Document, Document], capsys: pytest.CaptureFixture[str]
) -> None:
    before, after = edited
    _open_in_reader(data_dir, after)  # both versions are catalogued now
    assert {e.doc_id for e in data_dir.catalog()} == {before.doc_id, after.doc_id}
    assert cli("export", "--all", "--data-dir", str(data_dir.root)) == 0
    found = rows(capsys.readouterr().out)
    assert len(found) == 3 and {r["doc_id"] for r in found} == {after.doc_id}
    assert cli("stats", "--json", "--data-dir", str(data_dir.root)) == 0
    stats = json.loads(capsys.readouterr().out)
    assert [d["doc_id"] for d in stats["documents"]] == [after.doc_id]
    assert stats["total"]["annotations"] == 3


def test_an_edited_file_not_yet_opened_is_one_document_in_all(
    data_dir: DataDir, edited: tuple[Document, Document], capsys: pytest.CaptureFixture[str]
) -> None:
    _, after = edited
    assert cli("export", "doc.txt", "--all", "--data-dir", str(data_dir.root)) == 0
    found = rows(capsys.readouterr().out)
    assert len(found) == 3 and {r["doc_id"] for r in found} == {after.doc_id}


def test_all_versions_shows_the_history(
    data_dir: DataDir, edited: tuple[Document, Document], capsys: pytest.CaptureFixture[str]
) -> None:
    before, after = edited
    _open_in_reader(data_dir, after)
    assert cli("export", "--all-versions", "--data-dir", str(data_dir.root)) == 0
    found = rows(capsys.readouterr().out)
    by_version = {
        doc_id: [r for r in found if r["doc_id"] == doc_id]
        for doc_id in {before.doc_id, after.doc_id}
    }
    # The earlier version on its kept text, with its own five records as they were.
    assert [r["text"] for r in by_version[before.doc_id]] == [
        "Alpha is first.",
        BETA_REVIEW,
        "Gamma is third.",
        "Delta is a rather long sentence that goes on.",
        EPSILON_ORPHAN,
    ]
    assert len(by_version[after.doc_id]) == 3
    assert cli("stats", "--all-versions", "--json", "--data-dir", str(data_dir.root)) == 0
    stats = json.loads(capsys.readouterr().out)
    assert sorted(d["doc_id"] for d in stats["documents"]) == sorted([before.doc_id, after.doc_id])


def _reanchor_json(data_dir: DataDir, capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert cli("reanchor", "doc.txt", "--json", "--data-dir", str(data_dir.root), *args) == 0
    report: dict = json.loads(capsys.readouterr().out)
    return report


def test_reanchor_json_puts_every_annotation_in_exactly_one_group(
    data_dir: DataDir, edited: tuple[Document, Document], capsys: pytest.CaptureFixture[str]
) -> None:
    before, after = edited
    old_ids = {a.id for a in data_dir.annotations(before.doc_id)}
    for run in ("first run, saving", "again, once saved"):
        report = _reanchor_json(data_dir, capsys)
        ids = [a["id"] for a in report["annotations"]]
        assert sorted(ids) == sorted(old_ids), run  # each once, none missing
        groups = {a["outcome"] for a in report["annotations"]}
        assert groups <= {"placed", "review", "orphaned"}
        assert (report["placed"], report["review"], report["orphaned"]) == (3, 1, 1), run
        assert report["previous"] == before.doc_id and report["doc_id"] == after.doc_id
        [coder] = report["coders"]
        assert coder["saved"] is True
        review = next(a for a in report["annotations"] if a["outcome"] == "review")
        assert review["from"]["quote"] == BETA_REVIEW
        assert review["to"]["quote"] == "Beta was edited." and review["score"] == 0.5625
    # Saved for the coder as the reader would: the placed ones under the new version.
    work = data_dir.work(after.doc_id, "tester")
    assert work is not None and work.carried_from == before.doc_id
    assert len(work.annotations) == 3 and len(work.held) == 2


def test_reanchor_dry_run_saves_nothing(
    data_dir: DataDir, edited: tuple[Document, Document], capsys: pytest.CaptureFixture[str]
) -> None:
    _, after = edited
    report = _reanchor_json(data_dir, capsys, "--dry-run")
    assert report["placed"] == 3 and report["coders"][0]["saved"] is False
    assert data_dir.work(after.doc_id, "tester") is None


def test_reanchor_all_coders(
    tmp_path: Path, data_dir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "doc.txt"
    code_then_edit(path, data_dir, "ana")
    before = path.read_text(encoding="utf-8")
    _, after = code_then_edit(path, data_dir, "ben")  # the same two versions
    assert path.read_text(encoding="utf-8") == before
    own = _reanchor_json(data_dir, capsys, "--annotator", "ana")
    assert {a["coder"] for a in own["annotations"]} == {"ana"}
    everyone = _reanchor_json(data_dir, capsys, "--all-coders")
    assert {c["coder"] for c in everyone["coders"]} == {"ana", "ben"}
    assert everyone["placed"] == 6 and len(everyone["annotations"]) == 10
    assert data_dir.work(after.doc_id, "ben") is not None


def test_reanchor_of_a_document_with_no_history_says_so(
    tmp_path: Path, data_dir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "new.txt").write_text("Nothing coded here.\n", encoding="utf-8")
    assert cli("reanchor", "new.txt", "--json", "--data-dir", str(data_dir.root)) == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert (report["placed"], report["review"], report["orphaned"]) == (0, 0, 0)
    assert report["annotations"] == []
    assert "nothing to carry over" in captured.err


def test_reanchor_prints_a_readable_report(
    data_dir: DataDir, edited: tuple[Document, Document], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli("reanchor", "doc.txt", "--data-dir", str(data_dir.root)) == 0
    out = capsys.readouterr().out
    assert "3 placed (2 exact-unique, 1 fuzzy), 1 held for review, 1 orphaned; saved" in out
    assert f"review   {BETA_REVIEW!r} -> paragraph 1, sentence 3 'Beta was edited.'" in out
    assert f"orphaned {EPSILON_ORPHAN!r}" in out


def test_jsonl_writes_every_annotation_once_held_ones_as_they_were_made(
    data_dir: DataDir, edited: tuple[Document, Document], capsys: pytest.CaptureFixture[str]
) -> None:
    before, after = edited
    old_ids = {a.id for a in data_dir.annotations(before.doc_id)}
    for saved in (False, True):  # computed in memory, then as the reader saved it
        if saved:
            _open_in_reader(data_dir, after)
        for args in (["doc.txt"], ["--all"]):
            assert cli("export", *args, "--format", "jsonl", "--data-dir", str(data_dir.root)) == 0
            lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
            if not saved and args == ["--all"]:
                # Without the text (JSONL reads no file), the catalog's current version
                # is the earlier one until the reader catalogues the new text.
                assert {r["doc_id"] for r in lines} == {before.doc_id}
            assert sorted(r["id"] for r in lines) == sorted(old_ids), (saved, args)
            held = {r["quote"]: r["doc_id"] for r in lines}
            assert held[BETA_REVIEW] == held[EPSILON_ORPHAN] == before.doc_id


def test_done_on_an_edited_file_carries_the_coding_over_and_says_so(
    data_dir: DataDir, edited: tuple[Document, Document], capsys: pytest.CaptureFixture[str]
) -> None:
    before, after = edited
    assert cli("done", "doc.txt", "--data-dir", str(data_dir.root)) == 0
    err = capsys.readouterr().err
    assert "3 annotations of tester were carried over to the new text; 2 await review" in err
    work = data_dir.work(after.doc_id, "tester")
    assert work is not None and work.finished is not None
    assert work.carried_from == before.doc_id and len(work.annotations) == 3
