"""Edited documents in a team project: every coder's coding follows the new text.

Where the two features meet: a project keeps one catalog per coder with paths relative
to the project root, and versions of a document are told by those paths and by the link
a coder's catalog records. These tests code a document with two coders, edit it, and
check the reader's carry (each coder's own files only, in this folder and in a clone
elsewhere), ``reanchor``, ``status``, ``agree``, ``export`` and the other coders' codes
in the reader.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from annotator.cli.main import run_cli
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.workspace import Workspace
from annotator.settings.paths import DATA_DIR_ENV, locate_data_dir
from annotator.store import DataDir
from annotator.store.naming import coder_file_name
from annotator.store.texts import text_path
from annotator.text.corpus import CorpusEntry
from annotator.text.document import Document, Sentence, load_document
from tests.helpers import BEFORE_EDIT, code_then_edit, make_project

DOCUMENT = "texts/release-1.txt"
TYPO_FIXED = BEFORE_EDIT.replace("rather long sentence", "rather long sentense")
"""An edit that keeps every annotation and every finished mark: a typo in one sentence."""


def no_launch(request: object) -> int:
    raise AssertionError("no screen may open")


def cli(*args: str) -> int:
    return run_cli(list(args), launch=no_launch)


@pytest.fixture(autouse=True)
def _no_data_dir_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    """The project's coding folder is in force only without $ANNOTATOR_DATA_DIR."""
    monkeypatch.delenv(DATA_DIR_ENV)


def workspace(folder: Path, coder: str) -> Workspace:
    """``coder``'s workspace in the project ``folder`` lies in, as the reader makes it."""
    location = locate_data_dir(None, folder)
    assert location.project is not None
    return Workspace(DataDir.at(location), coder, DEFAULT_CODEBOOK, location=location)


@pytest.fixture
def coded(tmp_path: Path) -> tuple[Path, Document]:
    """A project whose first document ana and then ben coded (both finished, assigned
    to both) before its file was edited into ``AFTER_EDIT``; the earlier version."""
    folder = make_project(tmp_path / "p", documents=2, blind=False)
    data_dir = workspace(folder, "ana").data_dir
    path = folder / DOCUMENT
    before, _ = code_then_edit(path, data_dir, "ana", finished=True)
    code_then_edit(path, data_dir, "ben", finished=True)
    return folder, before


def open_and_close(folder: Path, coder: str) -> Document:
    session = workspace(folder, coder).open(load_document(folder / DOCUMENT))
    document = session.document
    assert session.close()
    return document


def sentence(document: Document, word: str) -> Sentence:
    return next(s for s in document.sentences if word in document.sentence_text(s.index))


def own_files(data_dir: DataDir, doc_id: str) -> list[str]:
    return sorted(p.name for p in data_dir.document_dir(doc_id).glob("*.json"))


def catalog_records(data_dir: DataDir, coder: str) -> list[dict[str, object]]:
    stored = json.loads((data_dir.root / "catalog" / coder_file_name(coder)).read_text())
    return list(stored["tables"]["documents"].values())


def test_each_coder_s_reader_carries_their_own_coding_into_their_own_files(
    coded: tuple[Path, Document],
) -> None:
    folder, before = coded
    data_dir = workspace(folder, "ana").data_dir
    after = open_and_close(folder, "ana")
    assert own_files(data_dir, after.doc_id) == [coder_file_name("ana")]
    ana = data_dir.work(after.doc_id, "ana")
    assert ana is not None and ana.carried_from == before.doc_id
    assert len(ana.annotations) == 3 and len(ana.held) == 2  # Beta held, Epsilon orphaned
    (record,) = [r for r in catalog_records(data_dir, "ana") if r["doc_id"] == after.doc_id]
    assert record["path"] == DOCUMENT and record["previous"] == before.doc_id
    # ben has not opened the new text: nothing of his was written for it.
    assert all(r["doc_id"] != after.doc_id for r in catalog_records(data_dir, "ben"))

    open_and_close(folder, "ben")
    assert own_files(data_dir, after.doc_id) == sorted(map(coder_file_name, ("ana", "ben")))
    ben = data_dir.work(after.doc_id, "ben")
    assert ben is not None and ben.carried_from == before.doc_id
    assert {a.quote for a in ben.annotations} == {a.quote for a in ana.annotations}
    for version in (before.doc_id, after.doc_id):
        assert text_path(data_dir, version).is_file()


def test_a_clone_elsewhere_finds_the_earlier_version_by_the_relative_path(
    coded: tuple[Path, Document], tmp_path: Path
) -> None:
    """The project as another coder's clone has it: another absolute root. The edit is
    made there; the catalog's paths (relative) still name the edited file."""
    folder, before = coded
    (folder / DOCUMENT).write_text(BEFORE_EDIT, encoding="utf-8")
    clone = tmp_path / "elsewhere" / "clone"
    shutil.copytree(folder, clone)
    (clone / DOCUMENT).write_text(TYPO_FIXED, encoding="utf-8")
    after = open_and_close(clone, "ben")
    ben = workspace(clone, "ben").data_dir.work(after.doc_id, "ben")
    assert ben is not None and ben.carried_from == before.doc_id
    assert len(ben.annotations) == 5 and ben.held == ()
    assert ben.finished is not None  # nothing held, no sentence new to ben
    # The folder the clone was made from is untouched by the clone's carry.
    assert not workspace(folder, "ben").data_dir.document_dir(after.doc_id).exists()


def test_reanchor_finds_the_project_and_saves_only_the_coder_s_own_file(
    coded: tuple[Path, Document],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder, before = coded
    monkeypatch.chdir(tmp_path)  # outside the project: the document's project counts
    capsys.readouterr()
    path = str(folder / DOCUMENT)
    assert cli("reanchor", path, "--all-coders", "--annotator", "ana", "--json") == 0
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert report["previous"] == before.doc_id
    assert (report["placed"], report["review"], report["orphaned"]) == (6, 2, 2)
    saved = {c["coder"]: c["saved"] for c in report["coders"]}
    assert saved == {"ana": True, "ben": False}
    assert "not saved for ben" in captured.err and "written by that coder alone" in captured.err
    data_dir = workspace(folder, "ana").data_dir
    assert own_files(data_dir, report["doc_id"]) == [coder_file_name("ana")]
    # ben runs it himself: his own file, and no problem.
    assert cli("reanchor", path, "--annotator", "ben") == 0
    assert "saved" in capsys.readouterr().out
    assert len(own_files(data_dir, report["doc_id"])) == 2


def test_status_on_an_edited_document_follows_each_coder_s_carried_coding(
    coded: tuple[Path, Document],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder, _ = coded
    monkeypatch.chdir(folder)
    assert cli("assign", "--coders", "ana,ben", "--overlap", "1") == 0

    def states() -> tuple[dict[str, tuple[int, int]], bool]:
        capsys.readouterr()
        assert cli("status", "--json") == 0
        status = json.loads(capsys.readouterr().out)
        assert status["problems"] == []
        coders = {c["coder"]: (c["finished"], c["in_progress"]) for c in status["coders"]}
        ready = {d["document"]: d["agreement_ready"] for d in status["overlap_sample"]}
        return coders, ready[DOCUMENT]

    # Rewritten sentences are held for review: neither finished mark follows, yet
    # neither coder has opened the new text.
    assert states() == ({"ana": (0, 1), "ben": (0, 1)}, False)
    (folder / DOCUMENT).write_text(TYPO_FIXED, encoding="utf-8")
    assert states() == ({"ana": (1, 0), "ben": (1, 0)}, True)
    open_and_close(folder, "ana")  # saved for ana; the same for ben, computed
    assert states() == ({"ana": (1, 0), "ben": (1, 0)}, True)


def test_agree_and_export_read_the_edited_document_once_on_its_new_text(
    coded: tuple[Path, Document],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder, before = coded
    (folder / DOCUMENT).write_text(TYPO_FIXED, encoding="utf-8")
    monkeypatch.chdir(folder)
    assert cli("assign", "--coders", "ana,ben", "--overlap", "1") == 0
    open_and_close(folder, "ana")
    capsys.readouterr()
    assert cli("agree", "--all", "--format", "json", "--bootstrap", "20") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["coders"] == ["ana", "ben"]
    assert report["documents"] == ["release-1.txt"]
    after = load_document(folder / DOCUMENT)

    out = folder / "all.csv"
    assert cli("export", "--all", "-o", str(out)) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {r["doc_id"] for r in rows} == {after.doc_id} != {before.doc_id}
    assert sorted(r["annotator"] for r in rows) == ["ana"] * 5 + ["ben"] * 5
    assert "Delta is a rather long sentense that goes on." in {r["text"] for r in rows}


def test_the_reader_shows_a_coder_who_has_not_opened_the_new_text_yet(
    coded: tuple[Path, Document],
) -> None:
    folder, _ = coded
    session = workspace(folder, "ana").open(load_document(folder / DOCUMENT))
    try:
        peers = workspace(folder, "ana").peers(session)
        assert peers.coders == ("ben",)
        delta = sentence(session.document, "Delta")
        (answer,) = peers.over(delta.start, delta.end)
        assert answer.codes == ("statistic",) and answer.finished is False
        # Beta was rewritten: ben's code on it is held for his review, not shown.
        beta = sentence(session.document, "Beta")
        assert peers.over(beta.start, beta.end)[0].codes == ()
    finally:
        assert session.close()


def test_a_coder_s_own_carry_is_read_from_their_file_once_saved(
    coded: tuple[Path, Document],
) -> None:
    folder, _ = coded
    open_and_close(folder, "ben")
    session = workspace(folder, "ana").open(load_document(folder / DOCUMENT))
    try:
        peers = workspace(folder, "ana").peers(session)
        assert peers.coders == ("ben",)
        answers = [a for s in session.document.sentences for a in peers.over(s.start, s.end)]
        assert sum(bool(a.codes or a.note) for a in answers) == 3
    finally:
        assert session.close()


def test_the_document_list_shows_each_coder_s_own_latest_version(
    coded: tuple[Path, Document],
) -> None:
    """ana opened the edited text; ben has not: his list still shows his work on the
    version he coded (started, five coded, finished), not a document he never began."""
    folder, before = coded
    open_and_close(folder, "ana")
    entries = [CorpusEntry(folder / DOCUMENT, "release-1.txt")]
    ben = workspace(folder, "ben").progress(entries)[folder / DOCUMENT]
    assert ben is not None and ben.started
    assert (ben.coded, ben.total) == (4, len(before.sentences))
    assert ben.finished is not None
    ana = workspace(folder, "ana").progress(entries)[folder / DOCUMENT]
    assert ana is not None and ana.started and ana.finished is None  # Beta is held
    cem = workspace(folder, "cem").progress(entries)[folder / DOCUMENT]
    assert cem == (0, len(load_document(folder / DOCUMENT).sentences), None, False)
