"""Store format 2: the coder's file holds all of the coder's work on a document.

The coder's name, the finished mark, the cursor and the sentence corrections live beside
the annotations; a format 1 file is brought up to date by its first writer, and a
document's legacy shared ``.segmentation.json`` is adopted by each coder without
corrections of their own (issue 17 item 1: the doctor called it a damaged store).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.cli.main import run_cli
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.opening import open_session
from annotator.store import DataDir
from annotator.store.doctor import examine
from annotator.store.migrate import SCHEMA_VERSION
from annotator.store.progress import ProgressCache, finished_mark
from annotator.text.document import Document
from annotator.text.overrides import SegmentationOverrides
from tests.helpers import write_legacy_corrections


def _no_launch(request: object) -> int:
    raise AssertionError("no screen may open")


def _merge_first_two(document: Document) -> SegmentationOverrides:
    return SegmentationOverrides.of(merges=[document.sentences[5].start])  # 4 and 5


def test_a_new_file_holds_every_table(data_dir: DataDir, sample: Document) -> None:
    session = open_session(data_dir, sample, DEFAULT_CODEBOOK, "Zoë")
    session.toggle_tag(0, "claim")
    assert session.close()
    envelope = json.loads(data_dir.store_path(sample.doc_id, "Zoë").read_bytes())
    assert envelope["schema_version"] == SCHEMA_VERSION == 2
    tables = envelope["tables"]
    assert tables["coder"] == {"1": {"name": "Zoë"}}
    assert tables["state"] == {"1": {"cursor": None, "finished": None}}
    assert "corrections" not in tables, "none until the coder makes one"
    assert len(tables["annotations"]) == 1


def test_the_finished_mark_is_saved_and_read_without_a_writer(
    data_dir: DataDir, sample: Document
) -> None:
    session = open_session(data_dir, sample, DEFAULT_CODEBOOK, "tester")
    assert session.finished is None
    mark = session.set_finished(True)
    assert mark is not None and mark.endswith("Z")
    assert session.set_finished(True) == mark, "marking again keeps the first time"
    assert session.undo() is None, "not an edit: nothing to undo"
    assert session.close()
    cache = ProgressCache()
    assert finished_mark(data_dir, sample.doc_id, "tester", cache) == mark
    work = data_dir.work(sample.doc_id, "tester")
    assert work is not None and work.finished == mark
    again = open_session(data_dir, sample, DEFAULT_CODEBOOK, "tester")
    assert again.finished == mark
    again.set_finished(False)
    assert again.close()
    assert finished_mark(data_dir, sample.doc_id, "tester", cache) is None
    assert finished_mark(data_dir, sample.doc_id, "nobody") is None
    reader = open_session(data_dir, sample, DEFAULT_CODEBOOK, "tester", read_only=True)
    with pytest.raises(PermissionError):
        reader.set_finished(True)
    reader.close()


def test_the_cursor_is_remembered_without_a_write_and_saved_on_close(
    data_dir: DataDir, sample: Document
) -> None:
    session = open_session(data_dir, sample, DEFAULT_CODEBOOK, "tester")
    assert session.saved_cursor is None
    for sentence in range(1, 8):
        session.remember_cursor(sentence)
    assert session.store.last_seq == 0, "no write per keystroke"
    assert session.close()
    work = data_dir.work(sample.doc_id, "tester")
    assert work is not None and work.cursor == sample.sentences[7].start
    again = open_session(data_dir, sample, DEFAULT_CODEBOOK, "tester")
    assert again.saved_cursor == again.remembered_cursor == 7
    # A merge before it renumbers the sentences: the place follows the text.
    again.merge(4)
    assert again.remembered_cursor == 6
    assert again.close()


def test_a_version_1_file_opens_and_becomes_version_2_on_the_first_write(
    data_dir: DataDir, sample: Document
) -> None:
    session = open_session(data_dir, sample, DEFAULT_CODEBOOK, "tester")
    session.toggle_tag(0, "claim")
    assert session.close()
    path = data_dir.store_path(sample.doc_id, "tester")
    envelope = json.loads(path.read_bytes())
    old = {"schema_version": 1, "tables": {"annotations": envelope["tables"]["annotations"]}}
    original = json.dumps(old).encode()
    path.write_bytes(original)

    again = open_session(data_dir, sample, DEFAULT_CODEBOOK, "tester")
    assert again.tags(0) == ["claim"]
    assert path.read_bytes() == original
    again.toggle_tag(1, "appeal")
    assert again.close()
    assert path.with_name(f"{path.name}.schema1.bak").read_bytes() == original
    tables = json.loads(path.read_bytes())["tables"]
    assert tables["coder"] == {"1": {"name": "tester"}}
    assert len(tables["annotations"]) == 2


def test_legacy_shared_corrections_are_adopted_by_each_coder_and_kept(
    data_dir: DataDir, sample: Document, capsys: pytest.CaptureFixture[str]
) -> None:
    overrides = _merge_first_two(sample)
    legacy = write_legacy_corrections(data_dir, sample.doc_id, overrides)
    original = legacy.read_bytes()
    alice = open_session(data_dir, sample, DEFAULT_CODEBOOK, "alice")
    bob = open_session(data_dir, sample, DEFAULT_CODEBOOK, "bob")
    assert len(alice.document.sentences) == len(bob.document.sentences) == 23
    alice.toggle_tag(1, "claim")
    assert alice.close() and bob.close()
    tables = json.loads(data_dir.store_path(sample.doc_id, "alice").read_bytes())["tables"]
    assert tables["corrections"]["1"]["merges"] == list(overrides.merges), "adopted"
    assert not data_dir.store_path(sample.doc_id, "bob").exists(), "bob wrote nothing"
    assert legacy.read_bytes() == original, "read, never deleted or written"

    # The doctor tells it apart from damage: a legacy file, healthy.
    assert run_cli(["doctor", "--data-dir", str(data_dir.root)], launch=_no_launch) == 0
    out = capsys.readouterr().out
    assert f"legacy-corrections: {legacy}" in out and "healthy" in out
    assert "damaged" not in out

    # Alice's own corrections now win over the shared file; bob still adopts it.
    alice = open_session(data_dir, sample, DEFAULT_CODEBOOK, "alice")
    alice.split(4, sample.sentences[5].start)
    assert alice.close()
    legacy.write_bytes(original)
    assert len(open_session(data_dir, sample, DEFAULT_CODEBOOK, "alice").document.sentences) == 24
    assert len(open_session(data_dir, sample, DEFAULT_CODEBOOK, "bob").document.sentences) == 23


def test_the_doctor_knows_every_kind_of_file(
    data_dir: DataDir, sample: Document, tmp_path: Path
) -> None:
    session = open_session(data_dir, sample, DEFAULT_CODEBOOK, "tester")
    session.toggle_tag(0, "claim")
    assert session.flush(5)
    session.toggle_tag(1, "claim")
    assert session.close()
    folder = data_dir.document_dir(sample.doc_id)
    store = data_dir.store_path(sample.doc_id, "tester")
    (folder / f"{store.name}.schema1.bak").write_bytes(store.read_bytes())
    (folder / f"{store.name}.damaged-20260101T000000000000Z").write_bytes(b"{")
    (folder / f".{store.name}.99999999.tmp").write_bytes(b"{")
    (folder / "notes.txt").write_text("a person's file")
    (data_dir.root / "README").write_text("a person's file")
    (data_dir.documents_dir / "not-an-id").mkdir()
    write_legacy_corrections(data_dir, sample.doc_id, _merge_first_two(sample))
    old = folder / "old%20name.json"
    old.write_text(json.dumps({"schema_version": 1, "tables": {"annotations": {}}}))
    report = examine(data_dir.root)
    kinds = {(f.kind, f.path.name, f.is_problem) for f in report.findings}
    assert kinds == {
        ("temp", f".{store.name}.99999999.tmp", True),
        ("kept-aside", f"{store.name}.damaged-20260101T000000000000Z", False),
        ("unknown", "notes.txt", False),
        ("unknown", "README", False),
        ("unknown", "not-an-id", False),
        ("legacy-corrections", ".segmentation.json", False),
        ("old-format", "old%20name.json", False),
    }
    assert report.files_checked == 2
