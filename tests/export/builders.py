"""Builders shared by the export, import and stats tests: documents and coded stores."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from annotator.annotation import Annotation
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.anchoring import anchor_fields
from annotator.store import DataDir
from annotator.text.document import Document, load_document

PRESS = (
    "The ministry said 3,000 people attended. =SUM(A1:A9) is not a formula here.\n\n"
    '-5 degrees was recorded. Officials called it "a triumph", and more.\n\n'
    "@everyone should read this. <script>alert('x')</script> & </p> stay text."
)


def write_document(directory: Path, text: str = PRESS, name: str = "release.txt") -> Document:
    """Write ``text`` to a file and load it the way the CLI does."""
    path = directory / name
    path.write_text(text, encoding="utf-8", newline="")
    return load_document(path)


def annotate(
    document: Document, index: int, coder: str, tags: tuple[str, ...], note: str = ""
) -> Annotation:
    """An annotation on sentence ``index``, anchored as the reader would store it."""
    return Annotation(
        id=f"{document.doc_id}-{index}-{coder}",
        **anchor_fields(document, index),
        coder=coder,
        tags=tags,
        note=note,
        codebook=DEFAULT_CODEBOOK.name,
        codebook_version=DEFAULT_CODEBOOK.version,
        created="2026-01-02T03:04:05.678Z",
        updated="2026-01-02T03:04:05.678Z",
    )


def store(data_dir: DataDir, document: Document, annotations: list[Annotation]) -> None:
    """Register the document and save the annotations through each coder's store."""
    data_dir.register(
        doc_id=document.doc_id,
        name=document.name,
        path=str(document.path),
        sentences=len(document.sentences),
        paragraphs=len(document.paragraphs),
    )
    by_coder: dict[str, list[Annotation]] = {}
    for a in annotations:
        by_coder.setdefault(a.coder, []).append(a)
    for coder, items in by_coder.items():
        handle = data_dir.open_store(document.doc_id, coder)
        try:
            for a in items:
                handle.save(a)
        finally:
            handle.close()


def code(
    data_dir: DataDir,
    document: Document,
    coding: Mapping[int, tuple[tuple[str, ...], str]],
    coder: str = "alice",
) -> list[Annotation]:
    """Store ``{sentence index: (tags, note)}`` for one coder; returns the annotations."""
    made = [annotate(document, i, coder, tags, note) for i, (tags, note) in coding.items()]
    store(data_dir, document, made)
    return made
