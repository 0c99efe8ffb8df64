"""Serialize an ElementTree to bytes ourselves: deterministic, lossless where XML allows.

``ElementTree.tostring`` leaves a carriage return in text content as it is, and an XML
parser turns it into a line feed, so a note holding CRLF would come back changed; it also
writes characters XML 1.0 cannot hold at all (most C0 controls), which makes the file
unreadable. Here CR, LF and tab in attributes and CR in text become character references,
and the characters XML cannot hold become U+FFFD (counted, so the export can say so).
Attributes keep the order they were set in; elements with element children are indented.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

# Characters XML 1.0 cannot represent, even as references.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_TEXT_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_ATTR_ESCAPES = {**_TEXT_ESCAPES, '"': "&quot;", "\n": "&#10;", "\t": "&#9;"}
_TEXT_SPECIAL = re.compile("[&<>\r]")
_ATTR_SPECIAL = re.compile('[&<>"\r\n\t]')

DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'


@dataclass(slots=True)
class Serializer:
    """Writes one document; ``replaced`` counts characters XML could not hold."""

    replaced: int = 0

    def clean(self, value: str) -> str:
        cleaned, count = _ILLEGAL.subn("\ufffd", value)
        self.replaced += count
        return cleaned

    def text(self, value: str) -> str:
        return _TEXT_SPECIAL.sub(lambda m: _TEXT_ESCAPES[m.group()], self.clean(value))

    def attribute(self, value: str) -> str:
        return _ATTR_SPECIAL.sub(lambda m: _ATTR_ESCAPES[m.group()], self.clean(value))

    def document(self, root: ET.Element) -> bytes:
        parts: list[str] = [DECLARATION]
        self._element(root, parts, 0)
        parts.append("\n")
        return "".join(parts).encode("utf-8")

    def _element(self, element: ET.Element, parts: list[str], depth: int) -> None:
        parts.append(f"<{element.tag}")
        for name, value in element.attrib.items():
            parts.append(f' {name}="{self.attribute(value)}"')
        children = list(element)
        if not children and not element.text:
            parts.append("/>")
            return
        parts.append(">")
        if element.text:
            parts.append(self.text(element.text))
        if children:
            inner = "\n" + "  " * (depth + 1)
            for child in children:
                parts.append(inner)
                self._element(child, parts, depth + 1)
            parts.append("\n" + "  " * depth)
        parts.append(f"</{element.tag}>")


def child(
    parent: ET.Element, tag: str, attributes: dict[str, str | None] | None = None
) -> ET.Element:
    """Add ``<tag>`` with ``attributes`` (in order; None values left out) to ``parent``."""
    element = ET.SubElement(parent, tag)
    for name, value in (attributes or {}).items():
        if value is not None:
            element.set(name, value)
    return element


def text_child(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text
    return element
