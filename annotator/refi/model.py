"""A REFI-QDA project as plain data: what the writer writes and the reader reads.

Only the parts annotator exchanges are modelled: users, codes, text sources with their
selections and codings, notes, Boolean source variables and cases of selections. GUIDs
are kept as written when reading (``guids.normalize`` them to compare); times are
xsd:dateTime strings. Optional attributes are None when absent, which is how files from
other tools (no dates, no ``creatingUser``) are told apart from ours.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class User:
    guid: str
    name: str


@dataclass(frozen=True, slots=True)
class Code:
    """A code; ``children`` make the hierarchy other tools have and annotator flattens."""

    guid: str
    name: str
    color: str | None = None
    description: str = ""
    codable: bool = True
    children: tuple[Code, ...] = ()


@dataclass(frozen=True, slots=True)
class Coding:
    """One code applied to a selection (or to a whole source)."""

    guid: str
    code: str
    user: str | None = None
    created: str | None = None


@dataclass(frozen=True, slots=True)
class Selection:
    """A span of a text source, in code points from 0, end exclusive."""

    guid: str
    start: int
    end: int
    name: str | None = None
    user: str | None = None
    created: str | None = None
    modified: str | None = None
    description: str | None = None
    codings: tuple[Coding, ...] = ()
    note_refs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class VariableValue:
    variable: str
    value: bool | str


@dataclass(frozen=True, slots=True)
class TextSource:
    """A plain-text source: its text is in the package at ``path`` or inline in ``content``."""

    guid: str
    name: str
    path: str | None = None
    content: str | None = None
    user: str | None = None
    created: str | None = None
    modified: str | None = None
    selections: tuple[Selection, ...] = ()
    codings: tuple[Coding, ...] = ()
    values: tuple[VariableValue, ...] = ()


@dataclass(frozen=True, slots=True)
class Note:
    """A note (a text source of its own); its text is inline or at ``path``."""

    guid: str
    name: str
    text: str | None = None
    path: str | None = None
    user: str | None = None
    created: str | None = None
    modified: str | None = None


@dataclass(frozen=True, slots=True)
class Variable:
    guid: str
    name: str
    kind: str
    description: str = ""


@dataclass(frozen=True, slots=True)
class Case:
    guid: str
    name: str
    description: str = ""
    sources: tuple[str, ...] = ()
    selections: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Project:
    """A whole project. ``skipped`` (reading only) names what annotator cannot use."""

    name: str
    origin: str | None = None
    created: str | None = None
    modified: str | None = None
    creating_user: str | None = None
    users: tuple[User, ...] = ()
    codes: tuple[Code, ...] = ()
    variables: tuple[Variable, ...] = ()
    cases: tuple[Case, ...] = ()
    sources: tuple[TextSource, ...] = ()
    notes: tuple[Note, ...] = ()
    skipped: tuple[str, ...] = field(default=(), compare=False)


@dataclass(frozen=True, slots=True)
class CodeBookFile:
    """A codebook exchange file (``.qdc``), or the codebook of a project."""

    codes: tuple[Code, ...]
    origin: str | None = None
    sets: int = 0


def walk_codes(
    codes: tuple[Code, ...], path: tuple[str, ...] = ()
) -> list[tuple[Code, tuple[str, ...]]]:
    """Every code with the names of its ancestors, parents before children."""
    found: list[tuple[Code, tuple[str, ...]]] = []
    for code in codes:
        found.append((code, path))
        found.extend(walk_codes(code.children, (*path, code.name)))
    return found
