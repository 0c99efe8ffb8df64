"""Importing coding back into the data directory from JSONL or CSV exports.

``import_file`` checks a file and merges it into the stores, one document at a time
(``rows`` reads the file in passes, ``parse`` checks one document's rows, ``finder``
finds the documents, ``merge`` writes one store), writing nothing at all when a row is
bad unless the caller chose to skip bad rows. ``read_import`` and ``apply_import`` do
the two halves with every row in memory, for small files and REFI-QDA projects.
"""

from annotator.import_.apply import (
    ImportInterrupted,
    ImportResult,
    apply_import,
    import_file,
    unknown_codes,
)
from annotator.import_.parse import ParsedImport, read_import
from annotator.import_.problems import ImportFailed, Problem, UnknownCodes

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
