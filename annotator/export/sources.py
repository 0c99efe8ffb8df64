"""Gather what an export needs: each document, its stored and placed annotations.

Exports of several documents (or ``--all``) must not stop at the first document whose
file has moved: its annotations are still in the store, with their own offsets, quote
and context. Such a document is exported from its stored records alone and reported,
so that nothing the coder wrote silently disappears from an export.

Each coder's sentence corrections are that coder's own, so each coder's annotations are
placed on that coder's sentences: one coder's split never hides another coder's coding.
A store file with bad records is read for its sound records and reported in one line.

Texts are segmented through the data directory's segmentation cache (``SegmentCache``):
an export of a coded corpus reads each document and its record instead of segmenting it
again, and coders with equal corrections share one segmentation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from annotator.annotation import Annotation
from annotator.coding.anchoring import place_annotations, reposition
from annotator.coding.resegment import apply_saved_overrides, with_overrides
from annotator.store import CatalogEntry, DataDir
from annotator.store.segment_cache import SegmentCache
from annotator.store.work import CoderWork
from annotator.text.document import Document
from annotator.text.loading import LoadError
from annotator.text.overrides import EMPTY, SegmentationOverrides
from annotator.wording import plural, plural_form


def annotation_order(annotation: Annotation) -> tuple[int, int, str, str]:
    """Document order, then coder, then id: the same order on every run."""
    return (annotation.start, annotation.end, annotation.coder, annotation.id)


@dataclass(frozen=True, slots=True)
class ExportDocument:
    """One document's share of an export.

    ``placed`` are the annotations that fit the current text, each repositioned onto
    its coder's sentences; when the document file is unavailable (``document`` is None)
    they are the stored records as they are. ``stored`` is every stored record, untouched,
    for the lossless JSONL export. ``problem`` says why the text is missing, if it is.

    ``document`` is segmented with the corrections all its coders share (none when they
    differ); ``coder_documents`` holds the sentences of each coder whose corrections
    differ from those. ``bad_records`` are one-line warnings about store files whose bad
    records were left out.
    """

    doc_id: str
    name: str
    document: Document | None
    stored: list[Annotation]
    placed: list[Annotation]
    unplaced: list[Annotation] = field(default_factory=list)
    problem: str | None = None
    coder_documents: dict[str, Document] = field(default_factory=dict)
    bad_records: list[str] = field(default_factory=list)

    def documents(self) -> list[Document]:
        """Every segmentation of the text in this export: the shared one, then each
        coder's own (none without the text)."""
        if self.document is None:
            return []
        return [self.document, *self.coder_documents.values()]


def _works(data_dir: DataDir, doc_id: str, coder: str | None) -> list[CoderWork]:
    works = data_dir.all_work(doc_id)
    if coder is None:
        return works
    return [w for w in works if w.coder == coder or any(a.coder == coder for a in w.annotations)]


def _bad_record_warnings(works: list[CoderWork]) -> list[str]:
    found = []
    for work in works:
        if work.bad:
            count = len(work.bad)
            found.append(
                f"{work.path}: left out {count} bad record{'' if count == 1 else 's'} "
                f"({work.bad[0].describe()}); run 'annotator doctor'"
            )
    return found


def from_document(
    document: Document,
    data_dir: DataDir,
    coder: str | None = None,
    *,
    segmented_with: SegmentationOverrides = EMPTY,
    cache: SegmentCache | None = None,
) -> ExportDocument:
    """Export source for a loaded document: each coder's annotations placed on that
    coder's sentences (their own splits and merges applied, as in their reader).

    ``segmented_with`` are the corrections ``document`` is already segmented with (the
    reader's document is its coder's): a coder with other corrections gets the text
    segmented with them, from ``cache`` (the data directory's by default) when the
    document is whole.
    """
    works = _works(data_dir, document.doc_id, coder)
    segmentations: dict[SegmentationOverrides, Document] = {segmented_with: document}

    def segmented(overrides: SegmentationOverrides) -> Document:
        if overrides not in segmentations:
            if document.complete:
                segmentations[overrides] = (cache or SegmentCache(data_dir)).segmented(
                    document, overrides
                )
            else:
                segmentations[overrides] = with_overrides(document, overrides)
        return segmentations[overrides]

    shared = {w.corrections for w in works}
    common = segmented(shared.pop() if len(shared) == 1 else EMPTY)
    stored: list[Annotation] = []
    placed: list[Annotation] = []
    unplaced: list[Annotation] = []
    coder_documents: dict[str, Document] = {}
    for work in works:
        own = segmented(work.corrections)
        by_coder: dict[str, list[Annotation]] = {}
        for annotation in work.annotations:
            if coder is None or annotation.coder == coder:
                by_coder.setdefault(annotation.coder, []).append(annotation)
        for name, records in sorted(by_coder.items()):
            stored.extend(records)
            placement = place_annotations(own, records)
            placed.extend(reposition(own, i, a) for i, a in sorted(placement.placed.items()))
            unplaced.extend(placement.unplaced)
            if own is not common:
                coder_documents[name] = own
    return ExportDocument(
        doc_id=document.doc_id,
        name=document.name,
        document=common,
        stored=sorted(stored, key=annotation_order),
        placed=sorted(placed, key=annotation_order),
        unplaced=sorted(unplaced, key=annotation_order),
        coder_documents=coder_documents,
        bad_records=_bad_record_warnings(works),
    )


def reader_document(document: Document, data_dir: DataDir) -> Document:
    """``document`` segmented with the corrections every coder of it shares (see
    ``resegment.common_corrections``); a damaged legacy file is reported in notices."""
    return apply_saved_overrides(data_dir, document)


def load_for_export(
    path: Path,
    data_dir: DataDir,
    lang: str | None = None,
    *,
    cache: SegmentCache | None = None,
) -> Document:
    """Load ``path`` (LoadError if it cannot be), segmented as the segmenter does (from
    ``cache``, the data directory's by default, when it holds the segmentation); each
    coder's corrections are applied by ``from_document``."""
    return (cache or SegmentCache(data_dir)).load(path, lang=lang)


def from_catalog_entry(
    entry: CatalogEntry,
    data_dir: DataDir,
    coder: str | None = None,
    *,
    need_text: bool = True,
    cache: SegmentCache | None = None,
) -> ExportDocument:
    """Export source for a catalogued document, loaded from its recorded path if possible.

    Without ``need_text`` (JSONL, which writes stored records as they are) the document
    is not loaded at all, which saves segmenting every document of a corpus.
    """
    if not need_text:
        return _text_missing(entry, data_dir, coder, None)
    cache = cache or SegmentCache(data_dir)
    try:
        document = load_for_export(Path(entry.path), data_dir, cache=cache)
    except LoadError as exc:
        return _text_missing(entry, data_dir, coder, str(exc))
    if document.doc_id != entry.doc_id:
        return _text_missing(
            entry, data_dir, coder, f"{entry.path} has changed since it was annotated"
        )
    return from_document(document, data_dir, coder, cache=cache)


def _text_missing(
    entry: CatalogEntry, data_dir: DataDir, coder: str | None, problem: str | None
) -> ExportDocument:
    works = _works(data_dir, entry.doc_id, coder)
    found = [a for w in works for a in w.annotations]
    stored = sorted(_only(found, coder), key=annotation_order)
    return ExportDocument(
        doc_id=entry.doc_id,
        name=entry.name,
        document=None,
        stored=stored,
        placed=list(stored),
        problem=problem,
        bad_records=_bad_record_warnings(works),
    )


def all_documents(
    data_dir: DataDir,
    coder: str | None = None,
    advance: Callable[[int], None] | None = None,
    *,
    need_text: bool = True,
    cache: SegmentCache | None = None,
) -> list[ExportDocument]:
    """Every catalogued document, by file name then id (a stable order)."""
    entries = sorted(data_dir.catalog(), key=lambda e: (e.name, e.doc_id))
    cache = cache or SegmentCache(data_dir)
    sources = []
    for entry in entries:
        sources.append(from_catalog_entry(entry, data_dir, coder, need_text=need_text, cache=cache))
        if advance is not None:
            advance(1)
    return sources


@dataclass(frozen=True, slots=True)
class Remark:
    """Something the user must be told about one document of an export or a count."""

    kind: Literal["warning", "note"]
    text: str


def remarks(sources: Sequence[ExportDocument]) -> list[Remark]:
    """What could not be exported as usual, in order: bad records left out, a missing
    text, annotations that could not be placed.

    A document without its text was exported from its stored records; annotations that
    no longer fit the current text are left out of CSV and HTML. The text is plain and
    may hold anything a file name holds: the front end makes it safe to show.
    """
    found: list[Remark] = []
    for source in sources:
        found.extend(Remark("warning", line) for line in source.bad_records)
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
