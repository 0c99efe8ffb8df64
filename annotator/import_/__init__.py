"""Importing coding back into the data directory from JSONL or CSV exports.

``read_import`` parses and checks a file (nothing is written); ``apply_import`` merges
what it found into the stores. ``import_file`` does both, writing nothing at all when a
row is bad unless the caller chose to skip bad rows.
"""

from annotator.import_.apply import (
    ImportInterrupted,
    ImportResult,
    UnknownCodes,
    apply_import,
    import_file,
    unknown_codes,
)
from annotator.import_.parse import ImportFailed, ParsedImport, Problem, read_import

__all__ = [
    "ImportFailed",
    "ImportInterrupted",
    "ImportResult",
    "ParsedImport",
    "Problem",
    "UnknownCodes",
    "apply_import",
    "import_file",
    "read_import",
    "unknown_codes",
]
