"""Issue 16 item 4: one coder's split never hides another coder's annotations.

Corrections were shared by every coder of a document, so alice's split of a sentence bob
had coded left bob's annotation unplaced: gone from bob's view and from the CSV and HTML
exports (JSONL kept it). Each coder's corrections are now the coder's own, and each
coder's annotations are placed on that coder's sentences everywhere.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from annotator.cli.main import run_cli
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.opening import open_session
from annotator.coding.session import CodingSession
from annotator.export.service import export_document_csv
from annotator.store import DataDir
from annotator.text.document import Document
from tests.export.builders import write_document

TEXT = "Officials said the plan works and the budget holds. Critics disagreed.\n"


def _no_launch(request: object) -> int:
    raise AssertionError("no screen may open")


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _open(data_dir: DataDir, document: Document, coder: str) -> CodingSession:
    return open_session(data_dir, document, DEFAULT_CODEBOOK, coder)


def _coded(tmp_path: Path) -> tuple[DataDir, Document, int]:
    """Bob codes the first sentence whole; then alice splits it and codes its halves."""
    data_dir = DataDir(tmp_path / "data")
    document = write_document(tmp_path, TEXT)
    bob = _open(data_dir, document, "bob")
    bob.toggle_tag(0, "claim")
    bob.set_note(0, "bob's note")
    assert bob.close()
    offset = TEXT.index("and the budget") + len("and ")
    alice = _open(data_dir, document, "alice")
    assert alice.split(0, offset) == 0
    alice.toggle_tag(0, "appeal")
    alice.toggle_tag(1, "statistic")
    assert alice.close()
    return data_dir, document, offset


def _export(data_dir: DataDir, document: Document, *options: str) -> str:
    args = ["export", str(document.path), "--data-dir", str(data_dir.root), *options]
    assert run_cli(args, launch=_no_launch) == 0
    return Path("out").read_text(encoding="utf-8") if "-o" in options else ""


def test_each_coder_sees_their_own_sentences_and_coding(tmp_path: Path) -> None:
    data_dir, document, offset = _coded(tmp_path)
    bob = _open(data_dir, document, "bob")
    assert bob.tags(0) == ["claim"] and bob.note(0) == "bob's note"
    assert bob.unplaced == []
    assert len(bob.document.sentences) == 2
    assert bob.close()
    alice = _open(data_dir, document, "alice")
    assert len(alice.document.sentences) == 3
    assert alice.document.sentences[1].start == offset
    assert [alice.tags(i) for i in range(3)] == [["appeal"], ["statistic"], []]
    assert alice.close()


def test_csv_rows_of_a_coder_are_on_that_coders_sentences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir, document, offset = _coded(tmp_path)
    rows = list(csv.DictReader(io.StringIO(_export(data_dir, document, "-o", "out"))))
    found = [(r["annotator"], int(r["start"]), r["tags"]) for r in rows]
    assert found == [("alice", 0, "appeal"), ("bob", 0, "claim"), ("alice", offset, "statistic")]
    assert "could not be placed" not in capsys.readouterr().err
    # The reader's export key writes the same bytes (alice's document, her corrections).
    alice = _open(data_dir, document, "alice")
    export_document_csv(
        alice.document,
        data_dir,
        DEFAULT_CODEBOOK,
        str(tmp_path / "app.csv"),
        segmented_with=alice.corrections,
    )
    alice.close()
    assert (tmp_path / "app.csv").read_text(encoding="utf-8") == Path("out").read_text(
        encoding="utf-8"
    )


def test_every_sentence_and_wide_layouts_list_each_coders_sentences(tmp_path: Path) -> None:
    data_dir, document, offset = _coded(tmp_path)
    everything = _export(data_dir, document, "--all-sentences", "-o", "out")
    spans = [(int(r["start"]), r["annotator"]) for r in csv.DictReader(io.StringIO(everything))]
    assert spans == [(0, "alice"), (0, "bob"), (offset, "alice"), (TEXT.index("Critics"), "")]
    wide = _export(data_dir, document, "--layout", "wide", "-o", "out")
    rows = [
        (int(r["start"]), r["annotator"], r["claim"]) for r in csv.DictReader(io.StringIO(wide))
    ]
    critics = TEXT.index("Critics")
    assert rows == [
        (0, "alice", "0"),
        (0, "bob", "1"),
        (offset, "alice", "0"),
        (critics, "alice", "0"),
        (critics, "bob", "0"),
    ]


def test_html_shows_every_coders_codes_and_notes(tmp_path: Path) -> None:
    data_dir, document, _offset = _coded(tmp_path)
    page = _export(data_dir, document, "--format", "html", "-o", "out")
    assert "bob&#x27;s note" in page
    # Bob's claim covers both of alice's halves, each marked with her code beside it.
    assert 'title="claim; appeal">Officials said the plan works and</mark>' in page
    assert 'title="claim; statistic">the budget holds.</mark>' in page
    assert page.count('class="ref"') == 1, "one note, referenced once"


def test_jsonl_keeps_every_record(tmp_path: Path) -> None:
    data_dir, document, _offset = _coded(tmp_path)
    lines = _export(data_dir, document, "--format", "jsonl", "-o", "out").splitlines()
    assert sorted((json.loads(line)["annotator"]) for line in lines) == ["alice", "alice", "bob"]
