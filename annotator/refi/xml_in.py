"""Parse REFI-QDA XML from another tool safely, and read it without caring about namespaces.

The files come from elsewhere and may be hostile. ElementTree resolves no external
entities, but a document type declaration can still define entities that expand without
bound, so any ``<!DOCTYPE`` (and so any entity declaration, which only a DOCTYPE can hold)
is refused before parsing. A UTF-8 byte-order mark before ``<?xml`` is dropped. Element
names are compared without their namespace: files in the wild use the 1.0 namespace, older
draft ones, or none.
"""

from __future__ import annotations

import codecs
import xml.etree.ElementTree as ET
from collections.abc import Iterator


class RefiError(Exception):
    """A REFI-QDA file that cannot be read or imported; nothing was written.

    The message is one line for the user.
    """


def parse_xml(data: bytes, shown: str) -> ET.Element:
    """The root element of ``data``; RefiError if it is not safe, well-formed XML."""
    data = data.removeprefix(codecs.BOM_UTF8)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise RefiError(f"{shown} is UTF-16; REFI-QDA files are UTF-8")
    _refuse_declarations(data, shown)
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        raise RefiError(
            f"{shown} is not well-formed XML (line {line}, column {column + 1})"
        ) from None


def _refuse_declarations(data: bytes, shown: str) -> None:
    """Walk the prolog (declaration, comments, processing instructions) to the root tag.

    A DOCTYPE may only stand in the prolog, so refusing one there refuses them all.
    """
    position = 0
    size = len(data)
    while True:
        while position < size and data[position] in b" \t\r\n":
            position += 1
        if data.startswith(b"<?", position):
            end = data.find(b"?>", position + 2)
            position = size if end < 0 else end + 2
        elif data.startswith(b"<!--", position):
            end = data.find(b"-->", position + 4)
            position = size if end < 0 else end + 3
        elif data.startswith(b"<!", position):
            raise RefiError(
                f"{shown} declares a document type or entities, which REFI-QDA files never "
                "need; it was not read"
            )
        else:
            return


def local(tag: str) -> str:
    """An element's name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def children(element: ET.Element, name: str) -> Iterator[ET.Element]:
    """The child elements called ``name``, in any namespace."""
    for item in element:
        if isinstance(item.tag, str) and local(item.tag) == name:
            yield item


def first(element: ET.Element, name: str) -> ET.Element | None:
    return next(children(element, name), None)


def text_of(element: ET.Element, name: str) -> str | None:
    """The text of the first ``name`` child, or None if there is no such child."""
    found = first(element, name)
    if found is None:
        return None
    return "".join(found.itertext())


def integer(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None
