"""Read ``project.qde`` and ``.qdc`` documents into the model, as leniently as is safe.

Real files differ from the schema and from each other: optional attributes left out, GUIDs
in either case or in braces, elements in an older namespace. The reader keeps what it can
use and names what it cannot (pictures, audio, video, PDF page areas, sets, graphs) in
``Project.skipped``, so that an import can say what was left behind, as the standard asks.
A PDF source's plain-text representation is read as a text source of its own.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter

from annotator.refi.model import (
    Case,
    Code,
    CodeBookFile,
    Coding,
    Note,
    Project,
    Selection,
    TextSource,
    User,
    Variable,
    VariableValue,
)
from annotator.refi.xml_in import RefiError, children, first, integer, local, text_of

_UNUSED_SOURCES = {
    "PictureSource": "picture source",
    "AudioSource": "audio source",
    "VideoSource": "video source",
}
_UNUSED_SECTIONS = {"Sets": "Set", "Links": "Link", "Graphs": "Graph"}


def read_project(root: ET.Element, shown: str) -> Project:
    """The project in a parsed ``project.qde``; RefiError if the root is not a Project."""
    try:
        return _project(root, shown)
    except RecursionError:
        raise RefiError(f"{shown} nests its codes too deeply to be read") from None


def _project(root: ET.Element, shown: str) -> Project:
    if local(root.tag) != "Project":
        raise RefiError(f"{shown} is not a REFI-QDA project (its root is <{local(root.tag)}>)")
    skipped: Counter[str] = Counter()
    sources: list[TextSource] = []
    for section in children(root, "Sources"):
        for element in section:
            if not isinstance(element.tag, str):
                continue
            kind = local(element.tag)
            if kind == "TextSource":
                sources.append(_text_source(element, element.get("name")))
            elif kind == "PDFSource":
                sources.extend(_pdf_source(element, skipped))
            else:
                skipped[_UNUSED_SOURCES.get(kind, f"<{kind}> source")] += 1
    for section_name, item in _UNUSED_SECTIONS.items():
        for container in children(root, section_name):
            skipped[item.lower()] += sum(1 for _ in children(container, item))
    return Project(
        name=root.get("name") or "",
        origin=root.get("origin"),
        created=root.get("creationDateTime"),
        modified=root.get("modifiedDateTime"),
        creating_user=root.get("creatingUserGUID"),
        users=tuple(
            User(guid=user.get("guid", ""), name=user.get("name") or user.get("id") or "")
            for section in children(root, "Users")
            for user in children(section, "User")
        ),
        codes=tuple(
            _code(code)
            for book in children(root, "CodeBook")
            for codes in children(book, "Codes")
            for code in children(codes, "Code")
        ),
        variables=tuple(
            Variable(
                guid=variable.get("guid", ""),
                name=variable.get("name") or "",
                kind=variable.get("typeOfVariable") or "",
                description=text_of(variable, "Description") or "",
            )
            for section in children(root, "Variables")
            for variable in children(section, "Variable")
        ),
        cases=tuple(
            Case(
                guid=case.get("guid", ""),
                name=case.get("name") or "",
                description=text_of(case, "Description") or "",
                sources=_refs(case, "SourceRef"),
                selections=_refs(case, "SelectionRef"),
            )
            for section in children(root, "Cases")
            for case in children(section, "Case")
        ),
        sources=tuple(sources),
        notes=tuple(
            _note(note) for section in children(root, "Notes") for note in children(section, "Note")
        ),
        skipped=tuple(
            f"{count} {what}{'' if count == 1 else 's'}"
            for what, count in sorted(skipped.items())
            if count
        ),
    )


def read_codebook(root: ET.Element, shown: str) -> CodeBookFile:
    """The codes of a ``.qdc`` document, or of a project's CodeBook."""
    kind = local(root.tag)
    if kind == "Project":
        project = read_project(root, shown)
        return CodeBookFile(codes=project.codes, origin=project.origin)
    if kind != "CodeBook":
        raise RefiError(f"{shown} is not a REFI-QDA codebook (its root is <{kind}>)")
    try:
        return _codebook(root)
    except RecursionError:
        raise RefiError(f"{shown} nests its codes too deeply to be read") from None


def _codebook(root: ET.Element) -> CodeBookFile:
    return CodeBookFile(
        codes=tuple(
            _code(code) for codes in children(root, "Codes") for code in children(codes, "Code")
        ),
        origin=root.get("origin"),
        sets=sum(1 for sets in children(root, "Sets") for _ in children(sets, "Set")),
    )


def _refs(element: ET.Element, name: str) -> tuple[str, ...]:
    return tuple(ref.get("targetGUID", "") for ref in children(element, name))


def _code(element: ET.Element) -> Code:
    return Code(
        guid=element.get("guid", ""),
        name=element.get("name") or "",
        color=element.get("color"),
        description=text_of(element, "Description") or "",
        codable=(element.get("isCodable") or "true").strip().lower() not in ("false", "0"),
        children=tuple(_code(sub) for sub in children(element, "Code")),
    )


def _coding(element: ET.Element) -> Coding:
    ref = first(element, "CodeRef")
    return Coding(
        guid=element.get("guid", ""),
        code=ref.get("targetGUID", "") if ref is not None else "",
        user=element.get("creatingUser"),
        created=element.get("creationDateTime"),
    )


def _selection(element: ET.Element) -> Selection:
    """A text selection; missing or non-numeric positions are read as -1 (placed nowhere)."""
    start = integer(element.get("startPosition"))
    end = integer(element.get("endPosition"))
    return Selection(
        guid=element.get("guid", ""),
        start=-1 if start is None else start,
        end=-1 if end is None else end,
        name=element.get("name"),
        user=element.get("creatingUser"),
        created=element.get("creationDateTime"),
        modified=element.get("modifiedDateTime"),
        description=text_of(element, "Description"),
        codings=tuple(_coding(coding) for coding in children(element, "Coding")),
        note_refs=_refs(element, "NoteRef"),
    )


def _text_source(element: ET.Element, name: str | None) -> TextSource:
    return TextSource(
        guid=element.get("guid", ""),
        name=name or element.get("name") or "",
        path=element.get("plainTextPath"),
        content=text_of(element, "PlainTextContent"),
        user=element.get("creatingUser"),
        created=element.get("creationDateTime"),
        modified=element.get("modifiedDateTime"),
        selections=tuple(_selection(s) for s in children(element, "PlainTextSelection")),
        codings=tuple(_coding(coding) for coding in children(element, "Coding")),
        values=tuple(_value(value) for value in children(element, "VariableValue")),
    )


def _pdf_source(element: ET.Element, skipped: Counter[str]) -> list[TextSource]:
    skipped["PDF page-area selection"] += sum(1 for _ in children(element, "PDFSelection"))
    representation = first(element, "Representation")
    if representation is None:
        skipped["PDF source without a text representation"] += 1
        return []
    return [_text_source(representation, element.get("name"))]


def _value(element: ET.Element) -> VariableValue:
    ref = first(element, "VariableRef")
    variable = ref.get("targetGUID", "") if ref is not None else ""
    boolean = text_of(element, "BooleanValue")
    if boolean is not None:
        return VariableValue(variable, boolean.strip().lower() in ("true", "1"))
    for kind in ("TextValue", "IntegerValue", "FloatValue", "DateValue", "DateTimeValue"):
        value = text_of(element, kind)
        if value is not None:
            return VariableValue(variable, value)
    return VariableValue(variable, "")


def _note(element: ET.Element) -> Note:
    return Note(
        guid=element.get("guid", ""),
        name=element.get("name") or "",
        text=text_of(element, "PlainTextContent"),
        path=element.get("plainTextPath"),
        user=element.get("creatingUser"),
        created=element.get("creationDateTime"),
        modified=element.get("modifiedDateTime"),
    )
