"""``annotator init``: make a folder a project a team shares through git.

A project is a folder with an ``annotator.toml`` holding a ``[project]`` table and the
codebook, and a coding folder (the team's data directory) with a ``.gitignore`` that
keeps what only one machine needs (locks, temp files, backups, caches) out of git.
Everything is checked before anything is written: a folder that already is a project,
or lies inside one, is refused with nothing changed. A plain ``annotator.toml`` that
holds only a codebook becomes the project file, its codebook kept as written.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from annotator.codebook.discovery import load_project_codebook
from annotator.codebook.extend import codebook_toml
from annotator.codebook.model import DEFAULT_CODEBOOK, Codebook
from annotator.codebook.source import CodebookError
from annotator.codebook.toml_parse import codebook_from_toml, load_codebook
from annotator.files import atomic_write_bytes
from annotator.safe_text import one_line
from annotator.settings.project import (
    DEFAULT_CODING,
    DEFAULT_DOCUMENTS,
    PROJECT_FILE,
    Project,
    ProjectError,
    find_project,
    project_from_toml,
    project_table_text,
    read_project_toml,
    relative_to,
)
from annotator.store.naming import GITIGNORE, PER_MACHINE_PATTERNS
from annotator.store.places import FileModes, ensure_directory


class InitError(ValueError):
    """The folder cannot be made a project; nothing was changed. One line."""


@dataclass(frozen=True, slots=True)
class Initialised:
    """What ``init`` made: the project, the files it wrote and the codebook in force."""

    project: Project
    written: tuple[Path, ...]
    codebook: Codebook


def gitignore_text() -> str:
    """The coding folder's ``.gitignore``: each pattern with why it stays on the machine."""
    lines = [
        "# Written by 'annotator init'. What only one machine needs stays out of git;",
        "# every other file here is a coder's own and is committed.",
    ]
    for pattern, why in PER_MACHINE_PATTERNS:
        lines.append(f"# {why}")
        lines.append(pattern)
    return "\n".join(lines) + "\n"


@dataclass(frozen=True, slots=True)
class _CodebookPart:
    """What the project file gets for its codebook: a top-level key naming the file (it
    must come before any table) or tables written out."""

    key: str
    tables: str
    codebook: Codebook


def _codebook_part(
    folder: Path, option: Path | None, reserved: Mapping[str, str] | None
) -> _CodebookPart:
    """The default written out, the ``--codebook`` file named (when it lies in the
    project, so that there is one copy of it) or copied in."""
    if option is None:
        return _CodebookPart("", codebook_toml(DEFAULT_CODEBOOK), DEFAULT_CODEBOOK)
    codebook = load_codebook(option, shown=str(option), reserved=reserved)
    relative = relative_to(folder, option)
    if relative is not None:
        return _CodebookPart(f"codebook = {_quoted(relative)}\n", "", codebook)
    text = option.read_text(encoding="utf-8-sig")
    return _CodebookPart("", text if text.endswith("\n") else text + "\n", codebook)


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _refuse_existing(folder: Path) -> None:
    """Refuse a folder that is a project already, or lies inside one."""
    try:
        found = find_project(folder)
    except ProjectError as exc:
        raise InitError(str(exc.problems[0]) if exc.problems else str(exc)) from None
    if found is None:
        return
    if os.path.abspath(found.root) == os.path.abspath(folder):
        raise InitError(
            f"{folder} is already a project ({found.name!r}, {PROJECT_FILE}); nothing changed"
        )
    raise InitError(
        f"{folder} is inside the project {found.name!r} at {found.root}: a project cannot "
        "hold another; nothing changed"
    )


def init_project(
    folder: Path,
    *,
    name: str | None = None,
    codebook: Path | None = None,
    coding: str = DEFAULT_CODING,
    documents: str = DEFAULT_DOCUMENTS,
    reserved: Mapping[str, str] | None = None,
) -> Initialised:
    """Make ``folder`` (created if missing) a project. Raises ``InitError`` (nothing is
    written) or ``CodebookError`` (the ``--codebook`` file, nothing is written)."""
    folder = Path(os.path.abspath(folder))
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{folder} is not a folder")
    _refuse_existing(folder)
    project_file = folder / PROJECT_FILE
    existing = ""
    if project_file.is_file():
        try:
            data, existing = read_project_toml(project_file)
        except ProjectError as exc:
            raise InitError(str(exc.problems[0])) from None
        if "codebook" in data or "codes" in data:
            if codebook is not None:
                raise InitError(
                    f"{project_file} holds a codebook already: it becomes the project's; "
                    "leave out --codebook, or remove it from the file first"
                )
            existing_codebook = load_project_codebook(project_file, reserved=reserved)
        else:
            existing_codebook = None
    else:
        existing_codebook = None
    table = project_table_text(name or folder.name, coding=coding, documents=documents)
    base = existing.rstrip("\n") + "\n\n" if existing.strip() else ""
    if existing_codebook is not None:
        text, in_force = base + table, existing_codebook
    else:
        part = _codebook_part(folder, codebook, reserved)
        head = part.key + "\n" if part.key else ""
        tail = "\n" + part.tables if part.tables else ""
        text, in_force = head + base + table + tail, part.codebook
    project = _checked(folder, text, reserved)
    coding_dir = project.coding_dir
    if coding_dir.exists() and not coding_dir.is_dir():
        raise InitError(f"the coding folder {coding_dir} exists and is not a folder")
    if coding_dir.is_symlink():
        raise InitError(f"the coding folder {coding_dir} is a symbolic link; use a real folder")
    return _write(project, text, in_force)


def _checked(folder: Path, text: str, reserved: Mapping[str, str] | None) -> Project:
    """The project the new file describes, checked as every command will read it."""
    data = tomllib.loads(text)
    try:
        project = project_from_toml(folder, data, text)
    except ProjectError as exc:
        raise InitError(str(exc.problems[0])) from None
    if isinstance(data.get("codebook"), dict):
        try:
            codebook_from_toml(
                data,
                text,
                shown=str(folder / PROJECT_FILE),
                source="",
                reserved=reserved,
                strict=False,
            )
        except CodebookError as exc:
            raise InitError(one_line(str(exc))) from None
    return project


def _write(project: Project, text: str, codebook: Codebook) -> Initialised:
    folder = project.root
    folder.mkdir(parents=True, exist_ok=True)
    modes = FileModes.like(folder)
    written: list[Path] = []
    atomic_write_bytes(project.file, text.encode("utf-8"), mode=modes.file)
    written.append(project.file)
    ensure_directory(folder, project.coding_dir, modes)
    ignore = project.coding_dir / GITIGNORE
    if not ignore.exists():
        atomic_write_bytes(ignore, gitignore_text().encode("utf-8"), mode=modes.file)
        written.append(ignore)
    return Initialised(project, tuple(written), codebook)
