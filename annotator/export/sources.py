"""Gather what an export needs: each document, its stored and placed annotations.

A document's coding is each coder's *current* coding, as the reader shows it
(``annotator.coding.document_coders.read_coders``): when the file was edited since it
was coded, the coding of the earlier version follows the text, and what could not be
placed is counted as awaiting review or orphaned. Only a document's current version is
exported, unless the history is asked for (``--all-versions``).

Exports of several documents (or ``--all``) must not stop at the first document whose
file has moved: its annotations are still in the store, with their own offsets, quote
and context. Such a document is exported from its stored records alone and reported,
so that nothing the coder wrote silently disappears from an export.

Each coder's sentence corrections are that coder's own, so each coder's annotations are
placed on that coder's sentences: one coder's split never hides another coder's coding.
A store file with bad records is read for its sound records and reported in one line.

Texts are segmented through the data directory's segmentation cache (``SegmentCache``):
an export of a coded corpus reads each document and its record instead of segmenting it
again (earlier versions' kept texts included).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.annotation import Annotation
from annotator.coding.anchoring import reposition
from annotator.coding.document_coders import read_coders
from annotator.coding.reanchoring.earlier import Holding, held_annotations, version_text
from annotator.coding.reanchoring.reanchor import Orphaned, Review
from annotator.coding.resegment import apply_saved_overrides, with_overrides
from annotator.store import CatalogEntry, DataDir
from annotator.store.schema import BadRecord
from annotator.store.segment_cache import SegmentCache
from annotator.store.versions import Versions
from annotator.store.work import CoderWork
from annotator.text.document import Document
from annotator.text.loading import STDIN_NAME, LoadError
from annotator.text.overrides import EMPTY, SegmentationOverrides


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

    When the text changed since it was coded, ``carried_from`` is the earlier version
    the coding follows from; ``review`` and ``orphaned`` are its annotations that were
    not placed (not in ``placed``; in ``stored``, as they were made). ``finished`` are
    the coders who finished the document, ``reference`` those whose work is a reference
    layer.
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
    review: list[Review] = field(default_factory=list)
    orphaned: list[Orphaned] = field(default_factory=list)
    carried_from: str | None = None
    finished: frozenset[str] = frozenset()
    reference: tuple[str, ...] = ()

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
            found.append(_bad_record_warning(work.path, work.bad))
    return found


def _bad_record_warning(path: Path | None, bad: Sequence[BadRecord]) -> str:
    count = len(bad)
    return (
        f"{path}: left out {count} bad record{'' if count == 1 else 's'} "
        f"({bad[0].describe()}); run 'annotator doctor'"
    )


def _anchored(document: Document, index: int, annotation: Annotation) -> Annotation:
    """``annotation`` anchored on sentence ``index``: as it is when its anchor is that
    sentence's already (nearly always; a new record costs more than the check)."""
    sentence = document.sentences[index]
    if (
        annotation.doc_id == document.doc_id
        and annotation.start == sentence.start
        and annotation.end == sentence.end
        and annotation.paragraph == sentence.paragraph + 1
        and annotation.sentence == sentence.number + 1
        and annotation.document == document.name
    ):
        return annotation
    return reposition(document, index, annotation)


def from_document(
    document: Document,
    data_dir: DataDir,
    coder: str | None = None,
    *,
    segmented_with: SegmentationOverrides = EMPTY,
    versions: Versions | None = None,
    carry: bool = True,
    cache: SegmentCache | None = None,
) -> ExportDocument:
    """Export source for a loaded document: each coder's current coding (see
    ``annotator.coding.document_coders.read_coders``) placed on that coder's sentences
    (their own splits and merges applied, as in their reader), with the coding of an
    earlier version carried over in memory when the text changed (unless ``carry`` is
    false: one version of a history, as it was stored).

    ``segmented_with`` are the corrections ``document`` is already segmented with (the
    reader's document is its coder's): the text is then segmented anew without them
    (from ``cache``, the data directory's by default, when the document is whole).
    ``versions`` is the catalog, read once by a caller exporting many documents.
    """
    base = document
    if segmented_with and document.complete:
        base = (cache or SegmentCache(data_dir)).segmented(document, EMPTY)
    elif segmented_with:
        base = with_overrides(document, EMPTY)
    found = read_coders(
        data_dir,
        base,
        None if coder is None else [coder],
        keep_bad=True,
        versions=versions,
        carry=carry,
    )
    if found.damaged:
        raise found.damaged[0]
    shared = {id(c.document): c.document for c in found.coders}
    common = next(iter(shared.values())) if len(shared) == 1 else base
    stored: list[Annotation] = []
    placed: list[Annotation] = []
    unplaced: list[Annotation] = []
    review: list[Review] = []
    orphaned: list[Orphaned] = []
    coder_documents: dict[str, Document] = {}
    bad: dict[Path | None, str] = {}
    for coding in found.coders:
        own = coding.document
        stored.extend(coding.stored)
        placed.extend(_anchored(own, i, a) for i, a in sorted(coding.annotations.items()))
        unplaced.extend(coding.unplaced)
        review.extend(coding.review)
        orphaned.extend(coding.orphaned)
        if own is not common:
            coder_documents[coding.coder] = own
        if coding.bad:
            bad.setdefault(coding.path, _bad_record_warning(coding.path, coding.bad))
    return ExportDocument(
        doc_id=base.doc_id,
        name=base.name,
        document=common,
        stored=sorted(stored, key=annotation_order),
        placed=sorted(placed, key=annotation_order),
        unplaced=sorted(unplaced, key=annotation_order),
        coder_documents=coder_documents,
        bad_records=list(bad.values()),
        review=sorted(review, key=lambda r: annotation_order(r.annotation)),
        orphaned=sorted(orphaned, key=lambda o: annotation_order(o.annotation)),
        carried_from=found.previous.doc_id if found.previous is not None else None,
        finished=frozenset(c.coder for c in found.coders if c.finished),
        reference=tuple(c.coder for c in found.coders if c.reference),
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
    versions: Versions | None = None,
    cache: SegmentCache | None = None,
) -> ExportDocument:
    """Export source for a catalogued document, loaded from its recorded path if possible.

    The current version of a document is read from its file: when the file was edited
    since, the coding follows the text (see ``from_document``). An earlier version (of
    ``--all-versions``, or named by its id) is read from the copy of its text kept in the
    data directory, with its own records as they were stored. Without ``need_text``
    (JSONL, which writes stored records as they are) the document is not loaded at all,
    which saves segmenting every document of a corpus.
    """
    if not need_text:
        return _text_missing(entry, data_dir, coder, None)
    if versions is None:
        versions = Versions.of(data_dir.catalog())
    cache = cache or SegmentCache(data_dir)
    if not versions.is_current(entry.doc_id):
        return _earlier_version(entry, data_dir, coder, versions, cache)
    try:
        document = load_for_export(Path(entry.path), data_dir, cache=cache)
    except LoadError as exc:
        return _text_missing(entry, data_dir, coder, str(exc))
    return from_document(document, data_dir, coder, versions=versions, cache=cache)


def _earlier_version(
    entry: CatalogEntry,
    data_dir: DataDir,
    coder: str | None,
    versions: Versions,
    cache: SegmentCache,
) -> ExportDocument:
    """A version a later one replaced, with its own records, on its kept text."""
    text = version_text(data_dir, entry, entry.doc_id)
    if text is None:
        return _text_missing(
            entry, data_dir, coder, "an earlier version of the document whose text was not kept"
        )
    path = Path(entry.path) if entry.path != STDIN_NAME else None
    document = cache.document(text, name=entry.name, path=path)
    return from_document(document, data_dir, coder, versions=versions, carry=False, cache=cache)


def _text_missing(
    entry: CatalogEntry, data_dir: DataDir, coder: str | None, problem: str | None
) -> ExportDocument:
    works = _works(data_dir, entry.doc_id, coder)
    found = [a for w in works for a in w.annotations]
    placed = sorted(_only(found, coder), key=annotation_order)
    # What a carry from an earlier version holds for review is in that version's file:
    # the lossless export writes it too, as it was made.
    held = [
        a
        for w in works
        if w.coder is not None and w.carried_from is not None
        for a in _held(data_dir, entry.doc_id, w)
    ]
    return ExportDocument(
        doc_id=entry.doc_id,
        name=entry.name,
        document=None,
        stored=sorted([*placed, *_only(held, coder)], key=annotation_order),
        placed=placed,
        problem=problem,
        bad_records=_bad_record_warnings(works),
    )


def _held(data_dir: DataDir, doc_id: str, work: CoderWork) -> tuple[Annotation, ...]:
    assert work.coder is not None
    held = held_annotations(data_dir, doc_id, work.coder, Holding.of(work))
    return (*held.annotations, *held.rejected)


def all_documents(
    data_dir: DataDir,
    coder: str | None = None,
    advance: Callable[[int], None] | None = None,
    *,
    need_text: bool = True,
    all_versions: bool = False,
    cache: SegmentCache | None = None,
) -> list[ExportDocument]:
    """Every catalogued document at its current version (with ``all_versions``, every
    version of each), by file name then id (a stable order)."""
    versions = Versions.of(data_dir.catalog())
    chosen = list(versions.entries.values()) if all_versions else versions.current()
    entries = sorted(chosen, key=lambda e: (e.name, e.doc_id))
    cache = cache or SegmentCache(data_dir)
    sources = []
    for entry in entries:
        sources.append(
            from_catalog_entry(
                entry, data_dir, coder, need_text=need_text, versions=versions, cache=cache
            )
        )
        if advance is not None:
            advance(1)
    return sources


def _only(annotations: list[Annotation], coder: str | None) -> list[Annotation]:
    if coder is None:
        return annotations
    return [a for a in annotations if a.coder == coder]
