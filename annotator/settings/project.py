"""The project a document belongs to: the nearest ``annotator.toml`` with a ``[project]`` table.

A team shares a project folder through git: ``annotator.toml`` at its root (the
``[project]`` table and the codebook), the documents, ``assignments.csv``, and the coding
folder, which is the data directory of everyone who codes in the project. Commands find
the project the way git finds ``.git``: by looking upward from the document (or the
current directory). A plain ``annotator.toml`` that holds only a codebook is not a
project and works as before.

The table is checked like a codebook: each problem is one line naming the file and the
line, and a file with problems stops every command, because coding into the wrong folder
is worse than not starting.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from annotator.safe_text import visible
from annotator.settings.toml_errors import FileProblem, FileProblems, read_toml_file, table_line

PROJECT_FILE = "annotator.toml"
PROJECT_TABLE = "project"
ASSIGNMENTS_FILE = "assignments.csv"
DEFAULT_CODING = "coding"
DEFAULT_DOCUMENTS = "."

PROJECT_FIELDS: dict[str, str] = {
    "name": "the project's name, shown in the status bar and by 'annotator status'",
    "coding": "the coding folder: the team's data directory, relative to the project",
    "documents": "the folder of the documents, relative to the project ('.': all of it)",
    "blind": "true: coders see only their own codes until they finish a document",
}
"""The fields of the ``[project]`` table and what each means (for help and errors)."""


class ProjectProblem(FileProblem):
    """One thing wrong with a project file, and where (shown as the codebook's are)."""

    __slots__ = ()


class ProjectError(FileProblems):
    """A project file that cannot be used; ``problems`` lists everything found."""

    INVALID = "invalid project file"


@dataclass(frozen=True, slots=True)
class Project:
    """A project folder: where it is and what its ``[project]`` table says.

    ``root`` is absolute (not resolved through symlinks, like the paths of a corpus);
    ``coding`` and ``documents`` are relative to it, in POSIX form.
    """

    root: Path
    name: str
    coding: str = DEFAULT_CODING
    documents: str = DEFAULT_DOCUMENTS
    blind: bool = True

    @property
    def file(self) -> Path:
        return self.root / PROJECT_FILE

    @property
    def coding_dir(self) -> Path:
        return self.root / self.coding

    @property
    def documents_dir(self) -> Path:
        return self.root if self.documents == DEFAULT_DOCUMENTS else self.root / self.documents

    @property
    def assignments_path(self) -> Path:
        return self.root / ASSIGNMENTS_FILE

    def relative(self, path: Path | str) -> str | None:
        """``path`` relative to the project root (POSIX form), or None if it lies outside."""
        return relative_to(self.root, path)


def relative_to(root: Path, path: Path | str) -> str | None:
    """``path`` relative to ``root`` in POSIX form, or None if it lies outside.

    Compared as absolute paths first (the form a corpus lists), then resolved through
    symlinks (a folder reached two ways).
    """
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        pass
    try:
        return absolute.resolve().relative_to(Path(root).resolve()).as_posix()
    except (ValueError, OSError):
        return None


def _ancestors(start: Path) -> Iterator[Path]:
    directory = Path(os.path.abspath(start))
    yield directory
    yield from directory.parents


def find_project_file(start: Path) -> Path | None:
    """The nearest ``annotator.toml`` in ``start`` (a directory) or any of its parents."""
    for candidate in _ancestors(start):
        path = candidate / PROJECT_FILE
        if path.is_file():
            return path
    return None


def read_project_toml(path: Path) -> tuple[dict[str, Any], str]:
    """Parse a project file; every failure is a ProjectError naming the file (and line)."""
    return read_toml_file(path, str(path), ProjectProblem, ProjectError)


def is_project_data(data: Mapping[str, Any]) -> bool:
    """True if a parsed ``annotator.toml`` has a ``[project]`` table (or a key of that
    name, which the checks then refuse)."""
    return PROJECT_TABLE in data


def find_project(start: Path) -> Project | None:
    """The project ``start`` (a directory) lies in: the nearest ``annotator.toml`` with a
    ``[project]`` table, in ``start`` or a parent; None outside any project.

    Raises ProjectError for a project file that cannot be read or whose table is wrong,
    and for an ``annotator.toml`` on the way up that is not valid TOML: it cannot be told
    from a project file, and skipping it could put a coder's work in the wrong folder.
    """
    for directory in _ancestors(start):
        path = directory / PROJECT_FILE
        if not path.is_file():
            continue
        data, text = read_project_toml(path)
        if is_project_data(data):
            return project_from_toml(directory, data, text)
    return None


def project_from_toml(root: Path, data: Mapping[str, Any], text: str) -> Project:
    """The project a parsed ``annotator.toml`` at ``root`` describes; ProjectError lists
    every problem of its ``[project]`` table."""
    shown = str(root / PROJECT_FILE)
    problems: list[ProjectProblem] = []

    def problem(field: str | None, message: str) -> None:
        problems.append(ProjectProblem(shown, table_line(text, PROJECT_TABLE, field), message))

    table = data.get(PROJECT_TABLE)
    if not isinstance(table, dict):
        problem(None, "project must be a table: [project] with name, coding, documents, blind")
        raise ProjectError(problems)
    for key in table:
        if key not in PROJECT_FIELDS:
            problem(
                key,
                f"unknown field {visible(str(key))[:40]!r} in [project] "
                f"(known: {', '.join(PROJECT_FIELDS)})",
            )
    name = table.get("name", root.name)
    if not isinstance(name, str) or not name.strip():
        problem("name", "[project] name must be a non-empty string")
        name = root.name
    elif visible(name) != name:
        problem("name", "[project] name must not hold control characters")
    coding = _folder(table, "coding", DEFAULT_CODING, problem, allow_root=False)
    documents = _folder(table, "documents", DEFAULT_DOCUMENTS, problem, allow_root=True)
    blind = table.get("blind", True)
    if not isinstance(blind, bool):
        problem("blind", "[project] blind must be true or false")
        blind = True
    if coding == documents:
        problem("coding", "[project] coding and documents must be different folders")
    problems.sort(key=lambda p: p.line if p.line is not None else 0)
    if problems:
        raise ProjectError(problems)
    return Project(root=root, name=name.strip(), coding=coding, documents=documents, blind=blind)


def _folder(
    table: Mapping[str, Any],
    field: str,
    default: str,
    problem: Callable[[str | None, str], None],
    *,
    allow_root: bool,
) -> str:
    """A folder inside the project, as a normalised relative POSIX path."""
    value = table.get(field, default)
    if not isinstance(value, str) or not value.strip():
        problem(field, f"[project] {field} must be a folder name (a non-empty string)")
        return default
    if visible(value) != value or "\\" in value:
        problem(field, f"[project] {field} must be a plain relative path with '/' between folders")
        return default
    path = PurePosixPath(value.strip())
    if path.is_absolute() or ".." in path.parts:
        problem(field, f"[project] {field} must be a folder inside the project, not {value!r}")
        return default
    normal = path.as_posix()
    if normal == "." and not allow_root:
        problem(field, f"[project] {field} must be a folder of its own, not the project root")
        return default
    return normal


def project_table_text(
    name: str, *, coding: str = DEFAULT_CODING, documents: str = DEFAULT_DOCUMENTS
) -> str:
    """The ``[project]`` table ``annotator init`` writes, with a comment on each field."""
    return (
        "[project]\n"
        f"# {PROJECT_FIELDS['name']}\n"
        f"name = {_toml_string(name)}\n"
        f"# {PROJECT_FIELDS['coding']}\n"
        f"coding = {_toml_string(coding)}\n"
        f"# {PROJECT_FIELDS['documents']}\n"
        f"documents = {_toml_string(documents)}\n"
        f"# {PROJECT_FIELDS['blind']}\n"
        "blind = true\n"
    )


def _toml_string(value: str) -> str:
    """``value`` as a TOML basic string, every control character escaped."""
    escaped = "".join(
        "\\" + char
        if char in '"\\'
        else f"\\u{ord(char):04x}"
        if ord(char) < 0x20 or ord(char) == 0x7F
        else char
        for char in value
    )
    return f'"{escaped}"'
