"""Finding the project a document belongs to, its [project] table, and the data directory
in force."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.settings.paths import DATA_DIR_ENV, locate_data_dir
from annotator.settings.project import (
    ProjectError,
    find_project,
    project_table_text,
    relative_to,
)

TABLE = '[project]\nname = "press"\ncoding = "coding"\n'


def write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "annotator.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_found_upward_from_a_document_folder(tmp_path: Path) -> None:
    write(tmp_path / "p", TABLE)
    deep = tmp_path / "p" / "texts" / "2026"
    deep.mkdir(parents=True)
    project = find_project(deep)
    assert project is not None
    assert project.root == tmp_path / "p"
    assert project.name == "press"
    assert project.coding_dir == tmp_path / "p" / "coding"
    assert project.blind is True


def test_a_codebook_only_file_is_not_a_project(tmp_path: Path) -> None:
    write(tmp_path, '[codebook]\nname = "x"\nversion = "1"\n')
    assert find_project(tmp_path) is None


def test_the_nearest_project_file_wins_over_a_plain_one_below(tmp_path: Path) -> None:
    write(tmp_path / "p", TABLE)
    write(tmp_path / "p" / "sub", 'codebook = "x.toml"\n')
    project = find_project(tmp_path / "p" / "sub")
    assert project is not None and project.root == tmp_path / "p"


def test_defaults(tmp_path: Path) -> None:
    write(tmp_path / "folder", "[project]\n")
    project = find_project(tmp_path / "folder")
    assert project is not None
    assert (project.name, project.coding, project.documents, project.blind) == (
        "folder",
        "coding",
        ".",
        True,
    )
    assert project.documents_dir == tmp_path / "folder"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('[project]\nname = ""\n', r"annotator\.toml:2: \[project\] name must be a non-empty"),
        ("[project]\ncolour = 1\n", r"annotator\.toml:2: unknown field 'colour' in \[project\]"),
        ('[project]\nblind = "yes"\n', r"annotator\.toml:2: \[project\] blind must be true or"),
        ('[project]\ncoding = "../out"\n', r"annotator\.toml:2: \[project\] coding must be a fol"),
        ('[project]\ncoding = "/abs"\n', r"annotator\.toml:2: \[project\] coding must be a folder"),
        ('[project]\ncoding = "."\n', r"annotator\.toml:2: \[project\] coding must be a folder of"),
        ("[project]\ndocuments = 3\n", r"annotator\.toml:2: \[project\] documents must be a fol"),
        ('project = "x"\n', r"annotator\.toml:1: project must be a table"),
        ("[project\n", r"annotator\.toml:1: malformed TOML"),
    ],
)
def test_problems_are_one_line_with_the_file_and_line(
    tmp_path: Path, table: str, message: str
) -> None:
    write(tmp_path, table)
    with pytest.raises(ProjectError, match=message) as raised:
        find_project(tmp_path)
    assert "\n" not in str(raised.value)


def test_conflict_markers_in_the_project_file_are_named_with_the_fix(tmp_path: Path) -> None:
    write(tmp_path, "<<<<<<< HEAD\n[project]\n=======\n[project]\nblind = false\n>>>>>>> b\n")
    with pytest.raises(ProjectError, match=r"annotator\.toml: holds git conflict markers"):
        find_project(tmp_path)


def test_every_problem_is_listed(tmp_path: Path) -> None:
    write(tmp_path, "[project]\nname = 1\nblind = 2\nother = 3\n")
    with pytest.raises(ProjectError) as raised:
        find_project(tmp_path)
    assert [p.line for p in raised.value.problems] == [2, 3, 4]
    assert "(and 2 more problems)" in str(raised.value)


def test_the_table_init_writes_reads_back(tmp_path: Path) -> None:
    name = 'Press "26" \\ ü'
    write(tmp_path, project_table_text(name, coding="data/coding", documents="texts"))
    project = find_project(tmp_path)
    assert project is not None
    assert (project.name, project.coding, project.documents) == (name, "data/coding", "texts")


def test_a_name_with_control_characters_is_refused(tmp_path: Path) -> None:
    write(tmp_path, project_table_text("bell\x07"))
    with pytest.raises(ProjectError, match="control characters"):
        find_project(tmp_path)


def test_relative_to(tmp_path: Path) -> None:
    assert relative_to(tmp_path, tmp_path / "a" / "b.txt") == "a/b.txt"
    assert relative_to(tmp_path / "a", tmp_path / "b.txt") is None
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("x", encoding="utf-8")
    assert relative_to(tmp_path / "a", link / "x.txt") == "x.txt"


# -- the data directory in force -------------------------------------------------------


def test_the_project_coding_folder_is_in_force_without_option_or_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(DATA_DIR_ENV)
    write(tmp_path / "p", TABLE)
    location = locate_data_dir(None, tmp_path / "p")
    assert location.source == "project"
    assert location.path == tmp_path / "p" / "coding"
    assert location.project is not None and location.project.name == "press"
    assert "coding folder of the project 'press'" in location.describe()
    assert location.label() == "press/coding"


def test_the_option_and_the_environment_still_win(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "p", TABLE)
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "env"))
    location = locate_data_dir(None, tmp_path / "p")
    assert (location.path, location.source, location.project) == (
        tmp_path / "env",
        "environment",
        None,
    )
    assert location.overridden is not None and location.overridden.name == "press"
    location = locate_data_dir(str(tmp_path / "opt"), tmp_path / "p")
    assert (location.path, location.source) == (tmp_path / "opt", "option")


def test_a_data_dir_naming_a_coding_folder_is_that_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "p", TABLE)
    location = locate_data_dir(str(tmp_path / "p" / "coding"), None)
    assert location.project is not None and location.project.root == tmp_path / "p"
    assert location.overridden is None


def test_outside_a_project_the_user_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(DATA_DIR_ENV)
    location = locate_data_dir(None, tmp_path)
    assert location.source == "default"
    assert location.project is None
    assert "the user data directory" in location.describe()
