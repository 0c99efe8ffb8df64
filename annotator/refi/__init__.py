"""REFI-QDA exchange: projects (``.qdpx``) and codebooks (``.qdc``) with other QDA tools.

What the command line calls:

- ``export_qdpx(path, sources, codebook, finished=..., reference_coder=...)``: a project
  of the export sources (``annotator.export.sources``), written atomically.
- ``export_qdc(path, codebook)``: the codebook in force on its own.
- ``import_qdpx(data_dir, path, codebook, docs_dir=..., strict=...)``: texts written to
  the documents folder and registered, codings merged through ``annotator.import_``.
- ``convert_qdc(path, out)``: another tool's codebook as annotator's TOML.

Every failure to read or import a file is a ``RefiError`` with a one-line message, raised
before anything is written.
"""

from annotator.refi.build import ExportSummary
from annotator.refi.codebook_convert import CodebookConversion, convert_qdc
from annotator.refi.detect import file_kind
from annotator.refi.importer import RefiImport, default_codebook_path, default_docs_dir, import_qdpx
from annotator.refi.writer import export_qdc, export_qdpx, qdc_bytes, write_qdpx
from annotator.refi.xml_in import RefiError

__all__ = [
    "CodebookConversion",
    "ExportSummary",
    "RefiError",
    "RefiImport",
    "convert_qdc",
    "default_codebook_path",
    "default_docs_dir",
    "export_qdc",
    "export_qdpx",
    "file_kind",
    "import_qdpx",
    "qdc_bytes",
    "write_qdpx",
]
