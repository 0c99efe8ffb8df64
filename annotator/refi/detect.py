"""What a file handed to ``annotator import`` is: a REFI-QDA project, a codebook, or neither.

The content decides where it is clear, since names lie (a project renamed ``.zip`` by a
mail program, a codebook saved as ``.xml``): a zip is a project, XML is a project or a
codebook by its root element. Otherwise the suffix decides, so that a damaged ``.qdpx``
still reaches the project reader and fails there with a message about the project. Anything
else (CSV, JSONL) is ``None``: annotator's own exports.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Literal

Kind = Literal["project", "codebook"]

PROJECT_SUFFIXES = (".qdpx", ".qde")
CODEBOOK_SUFFIXES = (".qdc",)
ZIP_MAGIC = b"PK\x03\x04"
HEAD_BYTES = 64 * 1024

_PROLOG = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->)", re.DOTALL)
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_ROOTS: dict[bytes, Kind] = {b"Project": "project", b"CodeBook": "codebook"}


def file_kind(path: Path) -> Kind | None:
    """``"project"``, ``"codebook"``, or None for a file that is neither."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError:
        head = b""
    if head.startswith(ZIP_MAGIC):
        return "project"
    root = _root_element(head)
    if root in _ROOTS:
        return _ROOTS[root]
    suffix = path.suffix.lower()
    if suffix in PROJECT_SUFFIXES:
        return "project"
    if suffix in CODEBOOK_SUFFIXES:
        return "codebook"
    return None


def _root_element(head: bytes) -> bytes | None:
    """The local name of the first element after the XML prolog, if ``head`` is XML."""
    position = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
    while match := _PROLOG.match(head, position):
        position = match.end()
    found = _ROOT.match(head, _skip_space(head, position))
    return found.group(1) if found else None


def _skip_space(head: bytes, position: int) -> int:
    while position < len(head) and head[position] in b" \t\r\n":
        position += 1
    return position
