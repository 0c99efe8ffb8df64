"""``annotator doctor``: problems listed with exit status 1, restore from backup."""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest

from annotator.cli.main import run_cli
from annotator.coding.open_request import OpenRequest
from annotator.store import DocumentStore
from annotator.store.doctor import examine
from annotator.store.locks import lock_path
from annotator.store.repair import restore_from_backup
from annotator.store.storage import backup_path
from tests.store.helpers import annotation, store_file


def _no_launch(request: OpenRequest) -> int:
    raise AssertionError("doctor must not open the reader")


def _doctor(*args: str) -> int:
    return run_cli(["doctor", *args], launch=_no_launch)


def _two_versions(path: Path) -> None:
    with DocumentStore(path) as store:
        store.save(annotation("a", note="one"))
        assert store.flush(5)
        store.save(annotation("a", note="two"))
        assert store.flush(5)


def test_healthy_data_dir_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _two_versions(store_file(tmp_path))
    assert _doctor("--data-dir", str(tmp_path)) == 0
    out = capsys.readouterr().out
    assert "checked 1 store file" in out and "healthy" in out


def test_a_missing_data_dir_is_an_error_not_healthy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 17 item 9: ``doctor --data-dir /typo`` said healthy."""
    assert _doctor("--data-dir", str(tmp_path / "typo")) == 2
    captured = capsys.readouterr()
    assert "healthy" not in captured.out
    (line,) = captured.err.splitlines()
    assert "does not exist" in line and str(tmp_path / "typo") in line
    (tmp_path / "file").write_text("x")
    assert _doctor("--data-dir", str(tmp_path / "file")) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_problems_are_listed_with_exit_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    damaged = store_file(tmp_path, "doc1")
    _two_versions(damaged)
    damaged.write_bytes(b"[]")
    _two_versions(store_file(tmp_path, "doc2"))
    temp = store_file(tmp_path, "doc2").with_name(f".{store_file(tmp_path).name}.4242.tmp")
    temp.write_bytes(b"{")
    stale = lock_path(store_file(tmp_path, "doc2", "bob"))
    stale.write_text(
        json.dumps({"pid": 4242, "host": socket.gethostname(), "started": "t"}), encoding="utf-8"
    )
    assert _doctor("--data-dir", str(tmp_path)) == 1
    out = capsys.readouterr().out
    assert f"damaged: {damaged}: expected a JSON object, found a JSON list" in out
    assert f"annotator doctor --restore {damaged}" in out
    assert f"temp: {temp}" in out
    assert f"stale-lock: {stale}" in out and "pid 4242" in out
    assert "3 problems" in out

    assert _doctor("--data-dir", str(tmp_path), "--clean") == 1  # the damage remains
    assert not temp.exists() and not stale.exists()
    assert damaged.read_bytes() == b"[]"


def test_restore_keeps_damaged_file_aside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = store_file(tmp_path)
    _two_versions(path)
    path.write_bytes(b"\x00" * 100)
    assert _doctor("--restore", str(path)) == 0
    out = capsys.readouterr().out
    assert "restored" in out
    aside = [p for p in path.parent.iterdir() if ".damaged-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == b"\x00" * 100
    with DocumentStore(path) as store:
        assert [a.note for a in store.load()] == ["one"]
    assert backup_path(path).exists()
    report = examine(tmp_path)
    assert report.healthy
    assert [f.kind for f in report.findings] == ["kept-aside"]


def test_restore_refusals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = store_file(tmp_path)
    _two_versions(path)
    assert _doctor("--restore", str(path)) == 1
    assert "not damaged" in capsys.readouterr().err
    path.write_bytes(b"{")
    backup_path(path).write_bytes(b"")
    assert _doctor("--restore", str(path)) == 1
    assert "damaged too" in capsys.readouterr().err
    os.unlink(backup_path(path))
    assert _doctor("--restore", str(path)) == 1
    assert "no backup" in capsys.readouterr().err
    assert path.read_bytes() == b"{"


def test_restore_refuses_while_another_instance_holds_the_store(tmp_path: Path) -> None:
    path = store_file(tmp_path)
    _two_versions(path)
    holder = DocumentStore(path)
    try:
        path.write_bytes(b"oops")  # damaged behind the holder's back
        with pytest.raises(Exception, match="being edited by"):
            restore_from_backup(path)
        assert path.read_bytes() == b"oops"
    finally:
        holder.close()


def test_usage_error_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        _doctor("--no-such-option")
    assert exited.value.code == 2


def test_store_in_use_is_noted_but_healthy(tmp_path: Path) -> None:
    path = store_file(tmp_path)
    with DocumentStore(path) as store:
        store.save(annotation("a"))
        assert store.flush(5)
        report = examine(tmp_path)
        assert report.healthy
        assert [(f.kind, f.is_problem) for f in report.findings] == [("locked", False)]
        assert f"pid {os.getpid()}" in report.findings[0].message


def test_a_restore_that_cannot_write_leaves_the_store_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk is the usual cause of damage: a failed restore must not leave the
    store missing, which the next open would read as no annotations at all."""
    path = store_file(tmp_path)
    _two_versions(path)
    path.write_bytes(b"\x00" * 100)

    def full_disk(target: Path, data: bytes, **options: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("annotator.store.repair.atomic_write_bytes", full_disk)
    with pytest.raises(OSError):
        restore_from_backup(path)
    assert path.read_bytes() == b"\x00" * 100
    assert not [p for p in path.parent.iterdir() if ".damaged-" in p.name]


def test_a_note_over_the_bound_is_listed_but_is_no_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from annotator.annotation import MAX_NOTE

    with DocumentStore(store_file(tmp_path)) as store:
        store.save(annotation("short", note="fine"))
        store.save(annotation("long", note="n" * (MAX_NOTE + 1)))
    (finding,) = [f for f in examine(tmp_path).findings if f.kind == "long-note"]
    assert not finding.is_problem
    assert finding.message.startswith(
        f"the note on paragraph 1, sentence 1 is {MAX_NOTE + 1:,} characters long"
    )
    assert _doctor("--data-dir", str(tmp_path)) == 0
    assert "long-note: " in capsys.readouterr().out
