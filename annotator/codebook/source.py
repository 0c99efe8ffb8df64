"""Where a codebook's text came from, and how to point at a line of it in an error.

``tomllib`` reports lines for syntax errors only. For a semantic error (a duplicate key,
a bad colour) the line is found by scanning the source text for the offending field
inside the right ``[[codes]]`` block, so every error can name the file and line.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from annotator.settings.toml_errors import FileProblem, FileProblems, read_toml_file

_TABLE_HEADER = re.compile(r"^\s*\[")
_CODES_HEADER = re.compile(r"^\s*\[\[\s*[\"']?codes[\"']?\s*\]\]")
_CODEBOOK_HEADER = re.compile(r"^\s*\[\s*[\"']?codebook[\"']?\s*\]")
_KEY = re.compile(r"""^\s*(?:"([^"\\]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*=""")


class CodebookProblem(FileProblem):
    """One thing wrong with a codebook file, and where."""

    __slots__ = ()


class CodebookError(FileProblems):
    """A codebook that cannot be used; ``problems`` lists everything found, in file order."""

    INVALID = "invalid codebook"


class Locator:
    """Find the line of a field in the source text, for errors tomllib cannot place.

    The file is read once into the first line of each key per table, so that placing
    every problem of a file with thousands of them stays linear in its size.
    """

    def __init__(self, text: str) -> None:
        lines = text.splitlines()
        self.code_headers: list[int] = []
        self.codebook_header: int | None = None
        # Keys of each table: the top level is table -1, a table is its header's index.
        self._fields: dict[int, dict[str, int]] = {-1: {}}
        table = -1
        for number, line in enumerate(lines):
            if _TABLE_HEADER.match(line):
                table = number
                self._fields[table] = {}
                if _CODES_HEADER.match(line):
                    self.code_headers.append(number)
                elif self.codebook_header is None and _CODEBOOK_HEADER.match(line):
                    self.codebook_header = number
                continue
            key = _KEY.match(line)
            if key is not None:
                name = next(group for group in key.groups() if group is not None)
                self._fields[table].setdefault(name, number + 1)

    def _field_in(self, start: int, field: str) -> int | None:
        return self._fields.get(start, {}).get(field)

    def code(self, index: int, field: str | None = None) -> int | None:
        if index >= len(self.code_headers):
            return None
        header = self.code_headers[index]
        found = self._field_in(header, field) if field else None
        return found if found is not None else header + 1

    def codebook(self, field: str | None = None) -> int | None:
        if self.codebook_header is None:
            return self.top_level(field) if field else None
        found = self._field_in(self.codebook_header, field) if field else None
        return found if found is not None else self.codebook_header + 1

    def top_level(self, field: str) -> int | None:
        return self._field_in(-1, field)


def read_toml(path: Path, shown: str) -> tuple[dict[str, Any], str]:
    """Read and parse a TOML file; every failure is a CodebookError naming the file."""
    return read_toml_file(path, shown, CodebookProblem, CodebookError)
