"""Read a codebook from TOML and validate it, with errors that name the file and line.

A coder who mistypes a key or repeats a name should learn what is wrong and where in
one line, before any screen appears. ``tomllib`` reports lines for syntax errors only, so
for a semantic error (a duplicate key, a bad colour) the line is found by scanning the
source text for the offending field inside the right ``[[codes]]`` block (see
``checker``, which holds the rules).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from annotator.codebook.checker import CodebookChecker
from annotator.codebook.model import Codebook
from annotator.codebook.source import (
    CodebookError,
    CodebookProblem,
    Locator,
    read_toml,
)
from annotator.settings.config import bound_keys
from annotator.settings.toml_errors import toml_error_line


def load_codebook(
    path: Path,
    *,
    shown: str | None = None,
    source: str | None = None,
    reserved: Mapping[str, str] | None = None,
) -> Codebook:
    """Load and validate a codebook file.

    ``shown`` is how the file is named in errors (default: the path as given);
    ``reserved`` maps the app's bound key names to the action each triggers (default:
    the built-in bindings).
    """
    shown = shown if shown is not None else str(path)
    data, text = read_toml(path, shown)
    codebook = codebook_from_toml(
        data, text, shown=shown, source=source or shown, reserved=reserved, strict=True
    )
    return replace(codebook, path=path)


def parse_codebook(
    text: str,
    *,
    shown: str = "<codebook>",
    source: str | None = None,
    reserved: Mapping[str, str] | None = None,
) -> Codebook:
    """Validate a codebook given as TOML text (tests, and callers that hold the text)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, message = toml_error_line(exc)
        raise CodebookError([CodebookProblem(shown, line, f"malformed TOML: {message}")]) from None
    return codebook_from_toml(
        data, text, shown=shown, source=source or shown, reserved=reserved, strict=True
    )


def codebook_from_toml(
    data: Mapping[str, Any],
    text: str,
    *,
    shown: str,
    source: str,
    reserved: Mapping[str, str] | None = None,
    strict: bool = True,
) -> Codebook:
    """Build a Codebook from parsed TOML, or raise CodebookError listing every problem.

    ``strict`` refuses unknown top-level keys; a project file (which may hold other
    settings) is read with ``strict=False``.
    """
    checker = CodebookChecker(shown, Locator(text), bound_keys() if reserved is None else reserved)
    return checker.build(data, source=source, strict=strict)
