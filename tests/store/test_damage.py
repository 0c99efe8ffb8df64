"""Issue 16 items 1 and 2: damage is damage, and bad records are named, never used.

A store file reduced to ``{}`` used to read as an empty file of the old format: the
doctor called it healthy, exports showed nothing, ``--restore`` refused it and the next
save replaced the good backup with it. Records of the wrong shape (``tags: "claim"``, a
string ``start``, no ``id``, ``paragraph: 0``) gave tracebacks everywhere while the doctor
said healthy, and ``tags: "claim"`` became the tags a;c;i;l;m.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from annotator.cli.main import run_cli
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.workspace import DamagedStoreFile, Workspace
from annotator.store import DataDir, DocumentStore, StoreDamaged
from annotator.store.doctor import examine
from annotator.store.progress import coded_count
from annotator.store.storage import backup_path
from tests.export.builders import code, write_document


def _no_launch(request: object) -> int:
    raise AssertionError("no screen may open")


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize(
    "content",
    [
        b"{}",
        b'{"schema_version": 1, "tables": {}}',
        b'{"schema_version": 2, "tables": {"annotations": []}}',
        b'{"schema_version": 2, "tables": {"annotations": {}, "state": "x"}}',
    ],
)
def test_an_empty_object_or_envelope_is_damage_everywhere(
    tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = DataDir(tmp_path / "data")
    document = write_document(tmp_path)
    code(data_dir, document, {0: (("claim",), ""), 1: (("appeal",), "")})
    code(data_dir, document, {0: (("claim",), ""), 2: (("appeal",), "")})  # a second save
    path = data_dir.store_path(document.doc_id, "alice")
    good_backup = backup_path(path).read_bytes()
    path.write_bytes(content)

    with pytest.raises(StoreDamaged):
        DocumentStore(path)
    workspace = Workspace(data_dir, "alice", DEFAULT_CODEBOOK)
    with pytest.raises(DamagedStoreFile):
        workspace.open(document)
    assert path.read_bytes() == content
    assert backup_path(path).read_bytes() == good_backup, "the good backup is kept"

    assert run_cli(["doctor", "--data-dir", str(data_dir.root)], launch=_no_launch) == 1
    assert f"damaged: {path}" in capsys.readouterr().out
    assert run_cli(["doctor", "--restore", str(path)], launch=_no_launch) == 0
    capsys.readouterr()
    assert len(data_dir.annotations(document.doc_id)) == 2


BAD = {
    "2": {"tags": None},
    "3": {"tags": "claim"},
    "4": {"start": "3"},
    "5": {"id": None},
    "6": {"paragraph": 0},
}


def _with_bad_records(tmp_path: Path) -> tuple[DataDir, Any, Path]:
    data_dir = DataDir(tmp_path / "data")
    document = write_document(tmp_path)
    code(data_dir, document, {0: (("claim",), "kept")})
    code(data_dir, document, {1: (("appeal",), "bob's")}, coder="bob")
    path = data_dir.store_path(document.doc_id, "alice")
    envelope = json.loads(path.read_bytes())
    records = envelope["tables"]["annotations"]
    (record,) = records.values()
    for key, change in BAD.items():
        broken = {**record, "id": f"bad-{key}", **change}
        if change.get("id", "") is None:
            del broken["id"]
        records[key] = broken
    path.write_text(json.dumps(envelope), encoding="utf-8")
    return data_dir, document, path


def test_bad_records_are_named_by_the_doctor(tmp_path: Path) -> None:
    data_dir, _document, path = _with_bad_records(tmp_path)
    report = examine(data_dir.root)
    assert not report.healthy
    named = sorted(f.message for f in report.findings if f.kind == "bad-record")
    assert len(named) == len(BAD)
    assert all(f.path == path for f in report.findings if f.kind == "bad-record")
    assert "record 3 of table 'annotations' 'tags' is a string, not a list" in named
    assert "record 5 of table 'annotations' has no 'id'" in named
    assert "record 6 of table 'annotations' 'paragraph' and 'sentence' count from 1" in named


def test_a_store_with_bad_records_opens_read_only_and_stays_untouched(tmp_path: Path) -> None:
    data_dir, document, path = _with_bad_records(tmp_path)
    before = path.read_bytes()
    session = Workspace(data_dir, "alice", DEFAULT_CODEBOOK).open(document)
    try:
        assert session.read_only
        reason = session.read_only_reason
        assert "\n" not in reason
        assert str(path) in reason and "annotator doctor" in reason
        assert "5 bad records" in reason
        assert [session.tags(i) for i in range(2)] == [["claim"], []]
        with pytest.raises(PermissionError):
            session.toggle_tag(1, "claim")
    finally:
        session.close()
    assert path.read_bytes() == before
    assert coded_count(data_dir, document.doc_id, "alice") == 1


def test_export_and_stats_warn_once_per_file_and_use_the_good_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir, document, path = _with_bad_records(tmp_path)
    before = path.read_bytes()
    root = str(data_dir.root)
    assert run_cli(["export", str(document.path), "--data-dir", root], launch=_no_launch) == 0
    captured = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(captured.out, newline="")))
    assert [(r["annotator"], r["tags"]) for r in rows] == [("alice", "claim"), ("bob", "appeal")]
    (warning,) = captured.err.splitlines()
    assert str(path) in warning and "5 bad records" in warning and "annotator doctor" in warning

    for fmt in ("jsonl", "html"):
        args = ["export", "--all", "--format", fmt, "--data-dir", root]
        assert run_cli(args, launch=_no_launch) == 0
        captured = capsys.readouterr()
        assert "a;c;i;l;m" not in captured.out and "Traceback" not in captured.err
        assert len(captured.err.splitlines()) == 1

    assert run_cli(["stats", "--data-dir", root], launch=_no_launch) == 0
    captured = capsys.readouterr()
    assert len(captured.err.splitlines()) == 1 and "Traceback" not in captured.err
    assert path.read_bytes() == before


def test_an_import_leaves_a_store_with_bad_records_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir, document, path = _with_bad_records(tmp_path)
    before = path.read_bytes()
    root = str(data_dir.root)
    assert (
        run_cli(
            ["export", str(document.path), "--data-dir", root, "-o", "out.csv"], launch=_no_launch
        )
        == 0
    )
    capsys.readouterr()
    status = run_cli(["import", "out.csv", "--data-dir", root], launch=_no_launch)
    captured = capsys.readouterr()
    assert status != 0 and "Traceback" not in captured.err
    assert "bad record" in captured.err
    assert path.read_bytes() == before


def test_offsets_past_the_end_are_unplaceable_and_named_where_the_text_is_known(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = DataDir(tmp_path / "data")
    document = write_document(tmp_path)
    code(data_dir, document, {0: (("claim",), "")})
    path = data_dir.store_path(document.doc_id, "alice")
    envelope = json.loads(path.read_bytes())
    (record,) = envelope["tables"]["annotations"].values()
    end = len(document.text) + 50
    record.update(start=len(document.text) + 10, end=end)
    path.write_text(json.dumps(envelope), encoding="utf-8")
    report = examine(data_dir.root)
    (finding,) = [f for f in report.findings if f.kind == "bad-record"]
    assert f"past the end of the text ({len(document.text)} characters)" in finding.message
    root = str(data_dir.root)
    assert run_cli(["export", str(document.path), "--data-dir", root], launch=_no_launch) == 0
    captured = capsys.readouterr()
    assert "could not be placed" in captured.err and "Traceback" not in captured.err


async def test_the_reader_opens_a_store_with_bad_records_read_only_with_one_line(
    tmp_path: Path,
) -> None:
    from tests.helpers import make_app

    data_dir, document, path = _with_bad_records(tmp_path)
    before = path.read_bytes()
    app = make_app(data_dir, document, coder="alice")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert app.session.read_only
        (notice,) = [n for n in app._notifications if n.title == "Read-only"]
        assert "\n" not in notice.message
        assert str(path) in notice.message and "annotator doctor" in notice.message
        await pilot.press("1")  # a code key changes nothing and writes nothing
        await pilot.pause()
    assert path.read_bytes() == before


def test_restore_replaces_a_store_with_bad_records_and_a_damaged_catalog(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = DataDir(tmp_path / "data")
    document = write_document(tmp_path)
    code(data_dir, document, {0: (("claim",), "")})
    code(data_dir, document, {1: (("appeal",), "")})  # a backup of a sound file
    code(data_dir, write_document(tmp_path, "Another text. Two.", "b.txt"), {0: (("claim",), "")})
    path = data_dir.store_path(document.doc_id, "alice")
    envelope = json.loads(path.read_bytes())
    next(iter(envelope["tables"]["annotations"].values()))["tags"] = "claim"
    path.write_text(json.dumps(envelope), encoding="utf-8")
    data_dir.catalog_path.write_bytes(b"{}")
    root = str(data_dir.root)
    assert run_cli(["doctor", "--data-dir", root], launch=_no_launch) == 1
    out = capsys.readouterr().out
    assert f"bad-record: {path}" in out and f"damaged: {data_dir.catalog_path}" in out
    for broken in (path, data_dir.catalog_path):
        assert run_cli(["doctor", "--restore", str(broken)], launch=_no_launch) == 0
    assert run_cli(["doctor", "--data-dir", root], launch=_no_launch) == 0
    capsys.readouterr()
    assert len(data_dir.catalog()) == 1, "the version before the last write"
    assert sorted(a.tags for a in data_dir.annotations(document.doc_id)) == [("claim",)]
