"""What is wrong with an import file: bad rows by line, codes the codebook lacks, and the
failures that write nothing."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.wording import plural


@dataclass(frozen=True, slots=True)
class Problem:
    """A bad row: its first line in the file (1-based) and what is wrong with it."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


class ImportFailed(Exception):
    """The file has bad rows (or cannot be read at all); nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(plural(len(problems), "problem"))
        self.problems = problems


class UnknownCodes(Exception):
    """The file names codes the codebook does not have; nothing was written.

    ``codes`` maps each unknown name to the lines (rows) that use it, in file order.
    """

    def __init__(self, codes: dict[str, list[int]]) -> None:
        super().__init__(", ".join(codes))
        self.codes = codes
