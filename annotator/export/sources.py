"""Gather what an export needs: each document, its stored and placed annotations.

Exports of several documents (or ``--all``) must not stop at the first document whose
file has moved: its annotations are still in the store, with their own offsets, quote
and context. Such a document is exported from its stored records alone and reported,
so that nothing the coder wrote silently disappears from an export.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from annotator.annotation import Annotation
from annotator.coding.anchoring import place_by_coder
from annotator.coding.resegment import apply_saved_overrides
from annotator.store import CatalogEntry, DataDir
from annotator.text.document import Document, load_document
from annotator.text.loading import LoadError
from annotator.wording import plural, plural_form


def annotation_order(annotation: Annotation) -> tuple[int, int, str, str]:
    """Document order, then coder, then id: the same order on every run."""
    return (annotation.start, annotation.end, annotation.coder, annotation.id)


@dataclass(frozen=True, slots=True)
class ExportDocument:
    """One document's share of an export.

    ``placed`` are the annotations that fit the current text, repositioned onto its
    sentences; when the document file is unavailable (``document`` is None) they are the
    stored records as they are. ``stored`` is every stored record, untouched, for the
    lossless JSONL export. ``problem`` says why the text is missing, if it is.
    """

    doc_id: str
    name: str
    document: Document | None
    stored: list[Annotation]
    placed: list[Annotation]
    unplaced: list[Annotation] = field(default_factory=list)
    problem: str | None = None


def from_document(
    document: Document, data_dir: DataDir, coder: str | None = None
) -> ExportDocument:
    """Export source for a loaded document: stored annotations placed on its sentences.

    The coder's manual splits and merges are applied first, so sentences match the reader.
    """
    document = apply_saved_overrides(data_dir, document)
    stored = _only(data_dir.annotations(document.doc_id), coder)
    placement = place_by_coder(document, stored)
    return ExportDocument(
        doc_id=document.doc_id,
        name=document.name,
        document=document,
        stored=sorted(stored, key=annotation_order),
        placed=sorted(placement.placed.values(), key=annotation_order),
        unplaced=sorted(placement.unplaced, key=annotation_order),
    )


def reader_document(document: Document, data_dir: DataDir) -> Document:
    """``document`` segmented as the reader shows it: with the coder's saved splits/merges.

    Exports and imports must see the same sentences as the reader, or annotations on a
    split or merged sentence would not be placed.
    """
    return apply_saved_overrides(data_dir, document)  # reports a damaged file in notices


def load_for_export(path: Path, data_dir: DataDir, lang: str | None = None) -> Document:
    """Load ``path`` (LoadError if it cannot be) and segment it as the reader does."""
    return reader_document(load_document(path, lang=lang), data_dir)


def from_catalog_entry(
    entry: CatalogEntry,
    data_dir: DataDir,
    coder: str | None = None,
    *,
    need_text: bool = True,
) -> ExportDocument:
    """Export source for a catalogued document, loaded from its recorded path if possible.

    Without ``need_text`` (JSONL, which writes stored records as they are) the document
    is not loaded at all, which saves segmenting every document of a corpus.
    """
    if not need_text:
        return _text_missing(entry, data_dir, coder, None)
    try:
        document = load_for_export(Path(entry.path), data_dir)
    except LoadError as exc:
        return _text_missing(entry, data_dir, coder, str(exc))
    if document.doc_id != entry.doc_id:
        return _text_missing(
            entry, data_dir, coder, f"{entry.path} has changed since it was annotated"
        )
    return from_document(document, data_dir, coder)


def _text_missing(
    entry: CatalogEntry, data_dir: DataDir, coder: str | None, problem: str | None
) -> ExportDocument:
    stored = sorted(_only(data_dir.annotations(entry.doc_id), coder), key=annotation_order)
    return ExportDocument(
        doc_id=entry.doc_id,
        name=entry.name,
        document=None,
        stored=stored,
        placed=list(stored),
        problem=problem,
    )


def all_documents(
    data_dir: DataDir,
    coder: str | None = None,
    advance: Callable[[int], None] | None = None,
    *,
    need_text: bool = True,
) -> list[ExportDocument]:
    """Every catalogued document, by file name then id (a stable order)."""
    entries = sorted(data_dir.catalog(), key=lambda e: (e.name, e.doc_id))
    sources = []
    for entry in entries:
        sources.append(from_catalog_entry(entry, data_dir, coder, need_text=need_text))
        if advance is not None:
            advance(1)
    return sources


@dataclass(frozen=True, slots=True)
class Remark:
    """Something the user must be told about one document of an export or a count."""

    kind: Literal["warning", "note"]
    text: str


def remarks(sources: Sequence[ExportDocument]) -> list[Remark]:
    """What could not be exported as usual, at most two remarks per document, in order.

    A document without its text was exported from its stored records; annotations that
    no longer fit the current text are left out of CSV and HTML. The text is plain and
    may hold anything a file name holds: the front end makes it safe to show.
    """
    found: list[Remark] = []
    for source in sources:
        if source.problem is not None:
            found.append(
                Remark(
                    "warning",
                    f"{source.name} ({source.doc_id}): {source.problem}; exported its "
                    f"{plural(len(source.stored), 'stored annotation')} without the document text",
                )
            )
        if unplaced := len(source.unplaced):
            found.append(
                Remark(
                    "note",
                    f"{plural(unplaced, 'annotation')} could not be placed on the current "
                    f"text of {source.name} and {plural_form(unplaced, 'was')} not exported "
                    "to CSV or HTML (they are kept in the store and exported with "
                    "--format jsonl)",
                )
            )
    return found


def _only(annotations: list[Annotation], coder: str | None) -> list[Annotation]:
    if coder is None:
        return annotations
    return [a for a in annotations if a.coder == coder]
