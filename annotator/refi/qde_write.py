"""Write a ``Project`` as ``project.qde`` and a codebook as a ``.qdc``, valid by the schemas.

Child order is the schemas' (Project: Users, CodeBook, Variables, Cases, Sources, Notes;
TextSource: selections, codings, NoteRefs, VariableValues), and a container is written
only when it has children, since every container the schema allows needs at least one.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from annotator.refi.model import (
    Case,
    Code,
    CodeBookFile,
    Coding,
    Note,
    Project,
    Selection,
    TextSource,
    Variable,
    VariableValue,
)
from annotator.refi.xml_out import Serializer, child, text_child

PROJECT_NAMESPACE = "urn:QDA-XML:project:1.0"
CODEBOOK_NAMESPACE = "urn:QDA-XML:codebook:1.0"


def project_xml(project: Project, serializer: Serializer | None = None) -> bytes:
    """The ``project.qde`` document for ``project``."""
    root = ET.Element("Project")
    root.set("xmlns", PROJECT_NAMESPACE)
    root.set("name", project.name)
    for name, value in (
        ("origin", project.origin),
        ("creatingUserGUID", project.creating_user),
        ("creationDateTime", project.created),
        ("modifiedDateTime", project.modified),
    ):
        if value is not None:
            root.set(name, value)
    if project.users:
        users = child(root, "Users")
        for user in project.users:
            child(users, "User", {"guid": user.guid, "name": user.name})
    if project.codes:
        _codes(child(child(root, "CodeBook"), "Codes"), project.codes)
    if project.variables:
        _variables(child(root, "Variables"), project.variables)
    if project.cases:
        _cases(child(root, "Cases"), project.cases)
    if project.sources:
        sources = child(root, "Sources")
        for source in project.sources:
            _source(sources, source)
    if project.notes:
        notes = child(root, "Notes")
        for note in project.notes:
            _note(notes, note)
    return (serializer or Serializer()).document(root)


def codebook_xml(codebook: CodeBookFile, serializer: Serializer | None = None) -> bytes:
    """A ``.qdc`` document holding ``codebook``'s codes."""
    root = ET.Element("CodeBook")
    root.set("xmlns", CODEBOOK_NAMESPACE)
    if codebook.origin is not None:
        root.set("origin", codebook.origin)
    _codes(child(root, "Codes"), codebook.codes)
    return (serializer or Serializer()).document(root)


def _codes(parent: ET.Element, codes: Sequence[Code]) -> None:
    for code in codes:
        element = child(
            parent,
            "Code",
            {
                "guid": code.guid,
                "name": code.name,
                "isCodable": "true" if code.codable else "false",
                "color": code.color,
            },
        )
        if code.description:
            text_child(element, "Description", code.description)
        _codes(element, code.children)


def _variables(parent: ET.Element, variables: Sequence[Variable]) -> None:
    for variable in variables:
        element = child(
            parent,
            "Variable",
            {"guid": variable.guid, "name": variable.name, "typeOfVariable": variable.kind},
        )
        if variable.description:
            text_child(element, "Description", variable.description)


def _cases(parent: ET.Element, cases: Sequence[Case]) -> None:
    for case in cases:
        element = child(parent, "Case", {"guid": case.guid, "name": case.name})
        if case.description:
            text_child(element, "Description", case.description)
        for source in case.sources:
            child(element, "SourceRef", {"targetGUID": source})
        for selection in case.selections:
            child(element, "SelectionRef", {"targetGUID": selection})


def _stamps(user: str | None, created: str | None, modified: str | None) -> dict[str, str | None]:
    return {
        "creatingUser": user,
        "creationDateTime": created,
        "modifyingUser": user if modified is not None else None,
        "modifiedDateTime": modified,
    }


def _source(parent: ET.Element, source: TextSource) -> None:
    element = child(
        parent,
        "TextSource",
        {
            "guid": source.guid,
            "name": source.name,
            "plainTextPath": source.path,
            **_stamps(source.user, source.created, source.modified),
        },
    )
    if source.content is not None:
        text_child(element, "PlainTextContent", source.content)
    for selection in source.selections:
        _selection(element, selection)
    for coding in source.codings:
        _coding(element, coding)
    for value in source.values:
        _value(element, value)


def _selection(parent: ET.Element, selection: Selection) -> None:
    element = child(
        parent,
        "PlainTextSelection",
        {
            "guid": selection.guid,
            "name": selection.name,
            "startPosition": str(selection.start),
            "endPosition": str(selection.end),
            **_stamps(selection.user, selection.created, selection.modified),
        },
    )
    if selection.description is not None:
        text_child(element, "Description", selection.description)
    for coding in selection.codings:
        _coding(element, coding)
    for note in selection.note_refs:
        child(element, "NoteRef", {"targetGUID": note})


def _coding(parent: ET.Element, coding: Coding) -> None:
    element = child(
        parent,
        "Coding",
        {"guid": coding.guid, "creatingUser": coding.user, "creationDateTime": coding.created},
    )
    child(element, "CodeRef", {"targetGUID": coding.code})


def _value(parent: ET.Element, value: VariableValue) -> None:
    element = child(parent, "VariableValue")
    child(element, "VariableRef", {"targetGUID": value.variable})
    if isinstance(value.value, bool):
        text_child(element, "BooleanValue", "true" if value.value else "false")
    else:
        text_child(element, "TextValue", value.value)


def _note(parent: ET.Element, note: Note) -> None:
    element = child(
        parent,
        "Note",
        {
            "guid": note.guid,
            "name": note.name,
            "plainTextPath": note.path,
            **_stamps(note.user, note.created, note.modified),
        },
    )
    if note.text is not None:
        text_child(element, "PlainTextContent", note.text)
