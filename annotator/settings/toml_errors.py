"""What is wrong with a TOML file, and where: shared by the config, codebook and project
readers, so that every file names its problems alike (``path:line: message``)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.safe_text import one_line
from annotator.settings.conflicts import conflict_message, has_conflict_markers

if TYPE_CHECKING:
    import tomllib


@dataclass(frozen=True, slots=True)
class FileProblem:
    """One thing wrong with a file, and where."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return one_line(f"{where}: {self.message}")


class FileProblems(Exception):
    """A file that cannot be used; ``problems`` lists everything found, in file order,
    and the message is the first of them with how many more there are."""

    INVALID = "invalid file"
    """The message when no problem is listed."""

    def __init__(self, problems: Sequence[FileProblem]) -> None:
        self.problems = tuple(problems)
        first = str(self.problems[0]) if self.problems else self.INVALID
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else ""
        super().__init__(first + suffix)


def read_toml_file(
    path: Path, shown: str, problem: type[FileProblem], error: type[FileProblems]
) -> tuple[dict[str, Any], str]:
    """Read, decode and parse the TOML file at ``path``: its data and its text. Every
    failure is ``error`` with one ``problem`` naming the file as ``shown`` (and the line,
    for a syntax error); a file git left half-merged says so before it is parsed."""

    def failed(message: str, line: int | None = None) -> FileProblems:
        return error([problem(shown, line, message)])

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise failed("file not found") from None
    except IsADirectoryError:
        raise failed("is a directory, not a file") from None
    except OSError as exc:
        raise failed(f"cannot read: {exc.strerror or exc}") from None
    if has_conflict_markers(raw):
        raise failed(conflict_message(path.name))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise failed("not UTF-8 text") from None
    # Imported here: most folders hold no TOML file, and starting the reader should not
    # pay for the parser there.
    import tomllib

    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        line, message = toml_error_line(exc)
        raise failed(f"malformed TOML: {message}", line) from None


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def toml_error_line(exc: tomllib.TOMLDecodeError) -> tuple[int | None, str]:
    """Split tomllib's message into its line number and the message without position."""
    message = str(exc)
    match = _TOML_POSITION.search(message)
    if not match:
        return None, message
    return int(match.group(1)), message[: match.start()].rstrip()


_HEADER = re.compile(r"^\s*\[")


def table_line(text: str, table: str, field: str | None = None) -> int | None:
    """The line (from 1) of ``field`` in the ``[table]`` of a TOML text, or of the
    table's header without a field (or when the field is not found); None without the
    table. tomllib gives lines for syntax errors only; a semantic error needs this."""
    lines = text.splitlines()
    header = re.compile(rf"^\s*\[\s*[\"']?{re.escape(table)}[\"']?\s*\]")
    start = next((i for i, line in enumerate(lines) if header.match(line)), None)
    if start is None:
        inline = re.compile(rf"^\s*[\"']?{re.escape(table)}[\"']?\s*=")
        return next((i + 1 for i, line in enumerate(lines) if inline.match(line)), None)
    if field is not None:
        pattern = re.compile(rf"^\s*[\"']?{re.escape(field)}[\"']?\s*=")
        for i in range(start + 1, len(lines)):
            if _HEADER.match(lines[i]):
                break
            if pattern.match(lines[i]):
                return i + 1
    return start + 1
