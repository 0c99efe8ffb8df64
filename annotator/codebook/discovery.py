"""Which codebook applies: the command line, a project file, the user's own, or the default.

Order, first match wins:

1. ``--codebook FILE``;
2. the nearest ``annotator.toml`` in the document's directory or a parent, holding either
   a ``[codebook]`` table with ``[[codes]]`` or ``codebook = "relative/path.toml"``; in a
   project (a file with a ``[project]`` table) the codebook must be there, and an
   ``annotator.toml`` further down inside the project is refused, so that every coder of
   a project codes with its one codebook;
3. ``codebook.toml`` in the user config directory;
4. the built-in default.

A file that exists but is invalid is an error, never silently skipped: coding with the
wrong codebook is worse than not starting.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from annotator.codebook.model import DEFAULT_CODEBOOK, Codebook
from annotator.codebook.source import CodebookError, CodebookProblem, Locator, read_toml
from annotator.settings.keynames import key_name
from annotator.settings.paths import resolve_config_dir
from annotator.settings.project import (
    PROJECT_FILE,
    ProjectError,
    find_project,
    find_project_file,
    is_project_data,
)

USER_CODEBOOK_FILE = "codebook.toml"
NO_PROJECT_CODEBOOK = (
    "a project's annotator.toml must hold its codebook (a [codebook] table and [[codes]]) "
    'or name its file (codebook = "codebook.toml"), so that every coder uses the same one'
)

__all__ = [
    "PROJECT_FILE",
    "USER_CODEBOOK_FILE",
    "add_codebook_option",
    "discover_codebook",
    "find_project_file",
    "load_project_codebook",
]


def add_codebook_option(parser: argparse.ArgumentParser) -> None:
    """``--codebook FILE``, for every command that shows or writes codes."""
    parser.add_argument(
        "--codebook",
        metavar="FILE",
        help="the codebook (TOML) to use (default: annotator.toml beside the document or in a "
        "parent directory, such as a project's, else codebook.toml in the user config dir, "
        "else the built-in one)",
    )


def load_project_codebook(
    project: Path, *, reserved: Mapping[str, str] | None = None
) -> Codebook | None:
    """The codebook a project file defines or names; None if it has none.

    A file with a ``[project]`` table must have one; a plain ``annotator.toml`` inside a
    project (not its own file) is refused.
    """
    from annotator.codebook.toml_parse import codebook_from_toml, load_codebook

    shown = str(project)
    data, text = read_toml(project, shown)
    if not is_project_data(data):
        _refuse_nested(project)
    entry = data.get("codebook")
    if entry is None:
        if "codes" in data:
            problem = CodebookProblem(
                shown, Locator(text).code(0), "[[codes]] without a [codebook] table"
            )
            raise CodebookError([problem])
        if is_project_data(data):
            raise CodebookError([CodebookProblem(shown, None, NO_PROJECT_CODEBOOK)])
        return None
    if isinstance(entry, str):
        target = Path(entry).expanduser()
        if not target.is_absolute():
            target = project.parent / target
        if not target.is_file():
            line = Locator(text).top_level("codebook")
            problem = CodebookProblem(shown, line, f"codebook file not found: {entry}")
            raise CodebookError([problem])
        return load_codebook(target, source=f"{target} (named in {project})", reserved=reserved)
    if isinstance(entry, dict):
        codebook = codebook_from_toml(
            data,
            text,
            shown=shown,
            source=f"{project} (project file)",
            reserved=reserved,
            strict=False,
        )
        return replace(codebook, path=project)
    line = Locator(text).top_level("codebook")
    problem = CodebookProblem(
        shown, line, 'codebook must be a [codebook] table or a path: codebook = "file.toml"'
    )
    raise CodebookError([problem])


def _refuse_nested(path: Path) -> None:
    """A plain ``annotator.toml`` inside a project would give some of its documents
    another codebook: refused, naming both files."""
    try:
        outer = find_project(path.parent.parent)
    except ProjectError as exc:
        problems = [CodebookProblem(str(p.path), p.line, p.message) for p in exc.problems]
        raise CodebookError(problems) from None
    if outer is not None:
        message = (
            f"inside the project {outer.name!r}, whose codebook ({outer.file}) is in force for "
            "all of its documents: remove this file, or move its codebook there"
        )
        raise CodebookError([CodebookProblem(str(path), None, message)])


def discover_codebook(
    *,
    option: str | None = None,
    start: Path | None = None,
    config_dir: Path | None = None,
    reserved: Mapping[str, str] | None = None,
) -> Codebook:
    """Find and load the codebook in force; raises CodebookError for an invalid file.

    ``option`` is ``--codebook`` as typed (relative to the current directory); ``start``
    is the directory to search for a project file (the document's, or the corpus
    directory); ``config_dir`` overrides the user config directory.

    The TOML machinery is imported only when a codebook file is read: most starts use
    the built-in codebook, and the reader's first screen should not wait for it.
    """
    if option:
        from annotator.codebook.toml_parse import load_codebook

        path = Path(option).expanduser()
        return load_codebook(path, shown=option, source=f"{option} (--codebook)", reserved=reserved)
    if start is not None:
        project = find_project_file(start)
        if project is not None:
            found = load_project_codebook(project, reserved=reserved)
            if found is not None:
                return found
    user = resolve_config_dir(config_dir) / USER_CODEBOOK_FILE
    if user.is_file():
        from annotator.codebook.toml_parse import load_codebook

        return load_codebook(user, source=f"{user} (user config)", reserved=reserved)
    if reserved is not None:
        _check_default_keys(reserved)
    return DEFAULT_CODEBOOK


def _check_default_keys(reserved: Mapping[str, str]) -> None:
    """A keymap may move an action onto a default code key; say so rather than shadow it."""
    for code in DEFAULT_CODEBOOK.codes:
        action = reserved.get(key_name(code.key))
        if action is not None:
            message = (
                f"key {code.key!r} of code {code.name!r} clashes with your keymap's key for "
                f"{action!r}; remap that action or use a codebook with other keys"
            )
            raise CodebookError([CodebookProblem("built-in default codebook", None, message)])
