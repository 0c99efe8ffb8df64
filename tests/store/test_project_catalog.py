"""A project's coding folder: a catalog file per coder, paths relative to the project,
file modes like the project folder's, and the doctor's view of it."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from annotator.settings.conflicts import has_conflict_markers
from annotator.settings.paths import DataLocation
from annotator.settings.project import Project
from annotator.store import DataDir, StoreDamaged
from annotator.store.doctor import examine
from annotator.store.naming import InvalidName, coder_file_name
from annotator.store.repair import restore_from_backup
from annotator.store.versions import Versions
from annotator.text.loading import STDIN_NAME
from tests.store.helpers import doc_key


def project_dir(tmp_path: Path, mode: int = 0o750) -> DataDir:
    root = tmp_path / "project"
    root.mkdir()
    os.chmod(root, mode)
    project = Project(root=root, name="press")
    return DataDir.at(DataLocation(project.coding_dir, "project", project, project))


def register(data_dir: DataDir, coder: str | None, path: Path, doc: str = "a") -> None:
    data_dir.register(
        doc_id=doc_key(doc), name=path.name, path=str(path), sentences=3, paragraphs=1, coder=coder
    )


def test_each_coder_registers_in_their_own_file_with_a_relative_path(tmp_path: Path) -> None:
    data_dir = project_dir(tmp_path)
    document = tmp_path / "project" / "texts" / "a.txt"
    register(data_dir, "ana", document)
    register(data_dir, "ben", document)
    files = sorted(p.name for p in (data_dir.root / "catalog").glob("*.json"))
    assert files == sorted([coder_file_name("ana"), coder_file_name("ben")])
    assert not data_dir.catalog_path.exists()
    stored = json.loads((data_dir.root / "catalog" / coder_file_name("ana")).read_text())
    (record,) = stored["tables"]["documents"].values()
    assert record["path"] == "texts/a.txt"
    (entry,) = data_dir.catalog()
    assert entry.path == str(document)
    assert data_dir.find("texts/a.txt") == [entry]


def test_a_clone_elsewhere_reads_the_same_paths_under_its_own_root(tmp_path: Path) -> None:
    data_dir = project_dir(tmp_path)
    register(data_dir, "ana", tmp_path / "project" / "a.txt")
    clone = tmp_path / "clone"
    os.rename(tmp_path / "project", clone)
    moved = Project(root=clone, name="press")
    again = DataDir.at(DataLocation(moved.coding_dir, "project", moved, moved))
    assert [e.path for e in again.catalog()] == [str(clone / "a.txt")]


def test_a_project_catalog_needs_the_coder(tmp_path: Path) -> None:
    data_dir = project_dir(tmp_path)
    with pytest.raises(InvalidName):
        register(data_dir, None, tmp_path / "a.txt")


def test_merged_records_take_the_latest_and_the_first_seen(tmp_path: Path) -> None:
    data_dir = project_dir(tmp_path)
    root = data_dir.project_root
    assert root is not None
    register(data_dir, "ana", root / "old-name.txt")
    register(data_dir, "ben", root / "new-name.txt")
    (entry,) = data_dir.catalog()
    assert entry.name == "new-name.txt"
    ana = json.loads((data_dir.root / "catalog" / coder_file_name("ana")).read_text())
    (record,) = ana["tables"]["documents"].values()
    assert entry.first_seen == record["first_seen"]


def test_a_data_directory_outside_a_project_keeps_one_catalog(tmp_path: Path) -> None:
    data_dir = DataDir(tmp_path / "data")
    register(data_dir, "ana", tmp_path / "a.txt")
    assert data_dir.catalog_path.is_file()
    assert not (data_dir.root / "catalog").exists()
    (entry,) = data_dir.catalog()
    assert entry.path == str(tmp_path / "a.txt")


def test_a_shared_catalog_from_before_the_project_is_still_read(tmp_path: Path) -> None:
    data_dir = project_dir(tmp_path)
    before = DataDir(data_dir.root)
    register(before, None, tmp_path / "elsewhere.txt", doc="old")
    register(data_dir, "ana", tmp_path / "project" / "a.txt")
    assert {e.name for e in data_dir.catalog()} == {"elsewhere.txt", "a.txt"}


def test_modes_follow_the_project_folder(tmp_path: Path) -> None:
    data_dir = project_dir(tmp_path, mode=0o770)
    register(data_dir, "ana", tmp_path / "project" / "a.txt")
    catalog = data_dir.root / "catalog" / coder_file_name("ana")
    assert stat.S_IMODE(os.stat(catalog).st_mode) == 0o660
    assert stat.S_IMODE(os.stat(data_dir.root / "catalog").st_mode) == 0o770
    store = data_dir.open_store(doc_key("a"), "ana")
    try:
        assert stat.S_IMODE(os.stat(store.path.parent).st_mode) == 0o770
    finally:
        store.close()


def test_a_damaged_coder_catalog_is_damage_of_the_catalog(tmp_path: Path) -> None:
    data_dir = project_dir(tmp_path)
    register(data_dir, "ana", tmp_path / "project" / "a.txt")
    path = data_dir.root / "catalog" / coder_file_name("ana")
    path.write_text("{", encoding="utf-8")
    with pytest.raises(StoreDamaged) as raised:
        data_dir.catalog()
    assert data_dir.is_catalog(raised.value.path)


CONFLICTED = b"""{
<<<<<<< HEAD
 "schema_version": 2,
=======
 "schema_version": 2, "x": 1,
>>>>>>> ben
}
"""


def test_conflict_markers_are_recognised() -> None:
    assert has_conflict_markers(CONFLICTED)
    assert not has_conflict_markers(b'{"a": "<<<<<<< not at a line start"}')


def test_the_doctor_names_a_conflicted_file_and_the_fix(tmp_path: Path) -> None:
    data_dir = project_dir(tmp_path)
    register(data_dir, "ana", tmp_path / "project" / "a.txt")
    store = data_dir.open_store(doc_key("a"), "ana")
    store.close()
    conflicted = data_dir.store_path(doc_key("a"), "ben")
    conflicted.write_bytes(CONFLICTED)
    catalog = data_dir.root / "catalog" / coder_file_name("ben")
    catalog.write_bytes(CONFLICTED)
    report = examine(data_dir.root, project_root=data_dir.project_root)
    conflicts = {f.path: f.message for f in report.findings if f.kind == "conflict"}
    assert set(conflicts) == {conflicted, catalog}
    assert "git checkout" in conflicts[conflicted]
    assert not report.healthy


def test_the_doctor_checks_each_catalog_file_and_keeps_quiet_about_gitignore(
    tmp_path: Path,
) -> None:
    data_dir = project_dir(tmp_path)
    register(data_dir, "ana", tmp_path / "project" / "a.txt")
    register(data_dir, "ana", tmp_path / "project" / "b.txt", doc="b")
    (data_dir.root / ".gitignore").write_text("*.lock\n", encoding="utf-8")
    report = examine(data_dir.root, project_root=data_dir.project_root)
    assert report.healthy, report.findings
    assert not [f for f in report.findings if f.kind == "unknown"]
    catalog = data_dir.root / "catalog" / coder_file_name("ana")
    data = json.loads(catalog.read_text())
    data["tables"]["documents"]["1"]["sentences"] = "three"
    catalog.write_text(json.dumps(data), encoding="utf-8")
    report = examine(data_dir.root, project_root=data_dir.project_root)
    assert [f.kind for f in report.findings if f.is_problem] == ["bad-record"]


def test_restore_a_coder_catalog_from_its_backup(tmp_path: Path) -> None:
    data_dir = project_dir(tmp_path)
    register(data_dir, "ana", tmp_path / "project" / "a.txt")
    register(data_dir, "ana", tmp_path / "project" / "b.txt", doc="b")
    catalog = data_dir.root / "catalog" / coder_file_name("ana")
    catalog.write_text("{", encoding="utf-8")
    restored = restore_from_backup(catalog)
    assert restored.kept_aside is not None
    assert [e.name for e in data_dir.catalog()] == ["a.txt"]


# -- versions of a document in a project (edited documents meet the per-coder catalog) --


def test_a_text_from_stdin_keeps_its_name_in_a_project_catalog(tmp_path: Path) -> None:
    data_dir = project_dir(tmp_path)
    for doc in ("piped-1", "piped-2"):
        data_dir.register(
            doc_id=doc_key(doc),
            name=STDIN_NAME,
            path=STDIN_NAME,
            sentences=1,
            paragraphs=1,
            coder="ana",
        )
    entries = data_dir.catalog()
    assert [e.path for e in entries] == [STDIN_NAME, STDIN_NAME]
    # Two texts read from stdin are two documents, not versions of a file in the project.
    assert len(Versions.of(entries).current()) == 2


def test_a_version_link_from_one_coder_groups_the_versions_for_all(tmp_path: Path) -> None:
    data_dir = project_dir(tmp_path)
    root = data_dir.project_root
    assert root is not None
    register(data_dir, "ana", root / "texts" / "a.txt", doc="old")
    register(data_dir, "ben", root / "texts" / "a.txt", doc="old")
    data_dir.register(
        doc_id=doc_key("new"),
        name="a.txt",
        path=str(root / "texts" / "a.txt"),
        sentences=3,
        paragraphs=1,
        previous=doc_key("old"),
        coder="ana",
    )
    ana = json.loads((data_dir.root / "catalog" / coder_file_name("ana")).read_text())
    linked = [r for r in ana["tables"]["documents"].values() if r["doc_id"] == doc_key("new")]
    assert linked[0]["previous"] == doc_key("old")
    assert linked[0]["path"] == "texts/a.txt"
    # ben opens the new version later without knowing the link: ana's is kept.
    register(data_dir, "ben", root / "texts" / "a.txt", doc="new")
    versions = Versions.of(data_dir.catalog())
    assert [e.doc_id for e in versions.current()] == [doc_key("new")]
    assert versions.previous(doc_key("new")) == versions.entries[doc_key("old")]
    # A clone elsewhere (its own absolute root) sees the same history.
    clone = tmp_path / "clone"
    os.rename(root, clone)
    moved = Project(root=clone, name="press")
    again = DataDir.at(DataLocation(moved.coding_dir, "project", moved, moved))
    history = Versions.of(again.catalog()).history(doc_key("old"))
    assert [e.doc_id for e in history] == [doc_key("old"), doc_key("new")]
    predecessor = Versions.of(again.catalog()).predecessor(
        doc_key("newer"), str(clone / "texts" / "a.txt"), "a.txt"
    )
    assert predecessor is not None and predecessor.doc_id == doc_key("new")
