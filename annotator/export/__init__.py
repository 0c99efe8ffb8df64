"""Exports of coding (CSV layouts, JSONL, HTML), usable from Python and the command line."""

from annotator.export.csv_export import UTF8_BOM, write_csv
from annotator.export.layouts import LAYOUTS, LONG_COLUMNS, SENTENCE_COLUMNS
from annotator.export.remarks import Remark, remarks
from annotator.export.selection import Selection, resolve_sources
from annotator.export.sources import ExportDocument, all_documents, from_document

__all__ = [
    "LAYOUTS",
    "LONG_COLUMNS",
    "SENTENCE_COLUMNS",
    "UTF8_BOM",
    "ExportDocument",
    "Remark",
    "Selection",
    "all_documents",
    "from_document",
    "remarks",
    "resolve_sources",
    "write_csv",
]
