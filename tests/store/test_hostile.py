"""Issue 16 items 7, 8 and 10: files and names that attack, and files that tell too much.

A ``<coder>.json.lock`` that was a symlink (from a ``git pull`` of a shared data
directory) was followed, and its target truncated. A catalog id like ``../../OUTSIDE``
made import write outside the data directory. Files followed the umask, so notes were
readable by every user of the machine.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.cli.main import run_cli
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.opening import open_session
from annotator.coding.workspace import DamagedStoreFile, Workspace
from annotator.files import atomic_write_bytes, temp_path
from annotator.store import DataDir, StoreDamaged
from annotator.store.doctor import examine
from annotator.store.locks import lock_path
from annotator.store.places import FileModes, UnsafePath, check_inside, ensure_directory
from annotator.store.storage import backup_path
from annotator.text.document import Document
from tests.export.builders import code, write_document

SECRET = b"the target of a planted link\n"


def _no_launch(request: object) -> int:
    raise AssertionError("no screen may open")


@pytest.fixture
def target(tmp_path: Path) -> Path:
    """A file outside the data directory that a planted symlink points at."""
    path = tmp_path / "outside" / "precious.txt"
    path.parent.mkdir()
    path.write_bytes(SECRET)
    return path


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_a_symlinked_lock_is_refused_and_its_target_untouched(
    data_dir: DataDir, sample: Document, target: Path
) -> None:
    path = data_dir.store_path(sample.doc_id, "tester")
    path.parent.mkdir(parents=True)
    lock_path(path).symlink_to(target)
    session = open_session(data_dir, sample, DEFAULT_CODEBOOK, "tester")
    try:
        assert session.read_only
        assert "symbolic link" in session.read_only_reason
    finally:
        session.close()
    assert target.read_bytes() == SECRET
    assert lock_path(path).is_symlink()
    report = examine(data_dir.root)
    assert [(f.kind, f.path) for f in report.findings if f.is_problem] == [
        ("symlink", lock_path(path))
    ]
    assert run_cli(["doctor", "--data-dir", str(data_dir.root), "--clean"], launch=_no_launch) == 0
    assert not os.path.lexists(lock_path(path)) and target.read_bytes() == SECRET


def test_a_symlinked_temp_file_is_replaced_never_followed(tmp_path: Path, target: Path) -> None:
    path = tmp_path / "store.json"
    temp_path(path).symlink_to(target)
    temp_path(path, ".bak").symlink_to(target)
    atomic_write_bytes(path, b"one", keep_backup=True)
    atomic_write_bytes(path, b"two", keep_backup=True)
    assert path.read_bytes() == b"two" and backup_path(path).read_bytes() == b"one"
    assert target.read_bytes() == SECRET
    assert not os.path.lexists(temp_path(path))


def test_a_symlinked_store_or_catalog_is_damage_and_never_read_through(
    data_dir: DataDir, sample: Document, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere.json"
    code(data_dir, sample, {0: (("claim",), "")}, coder="tester")
    path = data_dir.store_path(sample.doc_id, "tester")
    os.replace(path, elsewhere)
    path.symlink_to(elsewhere)
    with pytest.raises(DamagedStoreFile, match="symbolic link"):
        Workspace(data_dir, "tester", DEFAULT_CODEBOOK).open(sample)
    with pytest.raises(StoreDamaged, match="symbolic link"):
        data_dir.work(sample.doc_id, "tester")
    assert path.is_symlink()
    catalog = data_dir.catalog_path
    os.replace(catalog, tmp_path / "catalog-elsewhere.json")
    catalog.symlink_to(tmp_path / "catalog-elsewhere.json")
    with pytest.raises(StoreDamaged, match="symbolic link"):
        data_dir.catalog()
    kinds = {f.kind for f in examine(data_dir.root).findings if f.is_problem}
    assert kinds == {"symlink"}


def test_a_symlinked_folder_in_the_data_directory_is_refused(
    tmp_path: Path, sample: Document
) -> None:
    data_dir = DataDir(tmp_path / "data")
    data_dir.ensure()
    outside = tmp_path / "outside-folder"
    outside.mkdir()
    data_dir.document_dir(sample.doc_id).symlink_to(outside, target_is_directory=True)
    with pytest.raises(DamagedStoreFile, match="symbolic link"):
        Workspace(data_dir, "tester", DEFAULT_CODEBOOK).open(sample)
    assert list(outside.iterdir()) == []
    with pytest.raises(UnsafePath):
        check_inside(data_dir.root, data_dir.document_dir(sample.doc_id) / "x.json")


def test_a_catalog_id_that_is_a_path_makes_nothing_outside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = DataDir(tmp_path / "data")
    document = write_document(tmp_path)
    code(data_dir, document, {0: (("claim",), "")})
    exported = tmp_path / "out.jsonl"
    args = ["export", "--all", "--format", "jsonl", "--data-dir", str(data_dir.root)]
    assert run_cli([*args, "-o", str(exported)], launch=_no_launch) == 0
    # A planted catalog record whose id is a path, and an import that names it.
    catalog = json.loads(data_dir.catalog_path.read_bytes())
    (entry,) = catalog["tables"]["documents"].values()
    catalog["tables"]["documents"]["2"] = {**entry, "doc_id": "../../OUTSIDE"}
    data_dir.catalog_path.write_text(json.dumps(catalog), encoding="utf-8")
    record = json.loads(exported.read_text(encoding="utf-8").splitlines()[0])
    record.update(doc_id="../../OUTSIDE", id="hostile")
    hostile = tmp_path / "hostile.jsonl"
    hostile.write_text(json.dumps(record) + "\n", encoding="utf-8")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    status = run_cli(["import", str(hostile), "--data-dir", str(data_dir.root)], launch=_no_launch)
    captured = capsys.readouterr()
    assert status != 0 and "Traceback" not in captured.err
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    assert not (tmp_path / "OUTSIDE").exists()
    assert [e.doc_id for e in data_dir.catalog()] == [document.doc_id]
    bad = [f for f in examine(data_dir.root).findings if f.kind == "bad-record"]
    assert len(bad) == 1 and "not a document id" in bad[0].message


def _modes(root: Path) -> set[tuple[str, int]]:
    found = set()
    for path in [root, *root.rglob("*")]:
        kind = "dir" if path.is_dir() else "file"
        found.add((kind, stat.S_IMODE(os.lstat(path).st_mode)))
    return found


def test_the_data_directory_is_private_whatever_the_umask(
    tmp_path: Path, sample: Document, umask_022: None
) -> None:
    data_dir = DataDir(tmp_path / "data")
    session = open_session(data_dir, sample, DEFAULT_CODEBOOK, "tester")
    session.toggle_tag(0, "claim")
    assert session.flush(5)
    session.set_note(0, "a private note")
    assert session.flush(5)
    assert _modes(data_dir.root) == {("dir", 0o700), ("file", 0o600)}, "lock included"
    assert session.close()
    assert _modes(data_dir.root) == {("dir", 0o700), ("file", 0o600)}
    names = {p.name for p in data_dir.root.rglob("*")}
    assert {"catalog.json", "catalog.lock", "documents"} <= names
    assert any(name.endswith(".json.bak") for name in names)


def test_a_project_folder_mode_is_followed(tmp_path: Path, umask_022: None) -> None:
    shared = tmp_path / "project"
    shared.mkdir()
    os.chmod(shared, 0o775)
    modes = FileModes.like(shared)
    assert modes == FileModes(directory=0o775, file=0o664)
    data_dir = DataDir(shared / "data", modes=modes)
    code(data_dir, write_document(tmp_path), {0: (("claim",), "")})
    assert _modes(data_dir.root) == {("dir", 0o775), ("file", 0o664)}


def test_folders_on_the_way_must_be_folders(tmp_path: Path) -> None:
    root = tmp_path / "data"
    root.mkdir()
    (root / "documents").write_text("not a folder")
    with pytest.raises(UnsafePath, match="is not a folder"):
        ensure_directory(root, root / "documents" / "x", FileModes.private())
