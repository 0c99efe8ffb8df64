"""Builders for the REFI-QDA tests: hand-written projects, packages, schema checks."""

from __future__ import annotations

import functools
import zipfile
from collections.abc import Mapping
from pathlib import Path

import xmlschema

from tests.helpers import DATA

REFI = DATA / "refi-qda"
"""Copies of the REFI-QDA schemas and of files ATLAS.ti wrote (see SOURCES.md there)."""

NS = 'xmlns="urn:QDA-XML:project:1.0"'


@functools.cache
def _schema(name: str) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(REFI / name))


def validate_project(document: bytes) -> None:
    """Raise if ``document`` is not valid by the REFI-QDA project schema."""
    _schema("Project-mrt2019.xsd").validate(document.decode("utf-8"))


def validate_codebook(document: bytes) -> None:
    _schema("Codebook.xsd").validate(document.decode("utf-8"))


def project(body: str, attributes: str = 'name="hand-written"') -> str:
    """A ``project.qde`` with ``body`` inside ``<Project>``."""
    return f'<?xml version="1.0" encoding="utf-8"?>\n<Project {NS} {attributes}>{body}</Project>'


def package(
    path: Path,
    qde: str | bytes,
    sources: Mapping[str, bytes | str] = {},  # never mutated
    *,
    folder: str = "sources",
) -> Path:
    """Zip ``qde`` as project.qde and each ``{file name: text}`` under ``folder``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde.encode("utf-8") if isinstance(qde, str) else qde)
        for name, data in sources.items():
            archive.writestr(
                f"{folder}/{name}", data.encode("utf-8") if isinstance(data, str) else data
            )
    return path
