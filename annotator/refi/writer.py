"""Write ``.qdpx`` projects and ``.qdc`` codebooks: what ``annotator export`` calls.

Files are written whole and renamed into place (``annotator.files.atomic_write_bytes``),
so a failed export never leaves half a zip where a good one was.
"""

from __future__ import annotations

import io
import os
from collections.abc import Collection, Sequence
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from annotator.codebook.model import Codebook
from annotator.export.sources import ExportDocument
from annotator.files import atomic_write_bytes
from annotator.refi.build import DEFAULT_PROJECT_NAME, ExportSummary, build_project, codebook_file
from annotator.refi.package import write_package
from annotator.refi.qde_write import codebook_xml, project_xml
from annotator.refi.xml_out import Serializer


def write_qdpx(
    out: BinaryIO,
    sources: Sequence[ExportDocument],
    codebook: Codebook,
    *,
    finished: Collection[tuple[str, str]] = (),
    reference_coder: str | None = None,
    name: str = DEFAULT_PROJECT_NAME,
) -> ExportSummary:
    """Write the project for ``sources`` to ``out``; ``finished`` holds (doc_id, coder)."""
    built = build_project(
        sources, codebook, finished=finished, reference_coder=reference_coder, name=name
    )
    serializer = Serializer()
    document = project_xml(built.project, serializer)
    write_package(out, document, built.texts, built.project.modified)
    return replace(built.summary, replaced_characters=serializer.replaced)


def export_qdpx(
    path: str | os.PathLike[str],
    sources: Sequence[ExportDocument],
    codebook: Codebook,
    *,
    finished: Collection[tuple[str, str]] = (),
    reference_coder: str | None = None,
    name: str | None = None,
) -> ExportSummary:
    """Write ``path`` (a ``.qdpx``) atomically; the project is named after the file."""
    target = Path(path)
    buffer = io.BytesIO()
    summary = write_qdpx(
        buffer,
        sources,
        codebook,
        finished=finished,
        reference_coder=reference_coder,
        name=name if name is not None else target.stem or DEFAULT_PROJECT_NAME,
    )
    atomic_write_bytes(target, buffer.getvalue())
    return summary


def qdc_bytes(codebook: Codebook) -> bytes:
    """The ``.qdc`` document for ``codebook``: its codes, GUIDs, colours and definitions."""
    return codebook_xml(codebook_file(codebook))


def export_qdc(path: str | os.PathLike[str], codebook: Codebook) -> int:
    """Write ``codebook`` to ``path`` (a ``.qdc``) atomically; returns the number of codes."""
    atomic_write_bytes(Path(path), qdc_bytes(codebook))
    return len(codebook.codes)
