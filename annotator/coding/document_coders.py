"""Every coder's work on one document, on that coder's own sentences, read without a writer.

Agreement and adjudication compare coders: for each coder they need the sentences as
that coder's reader shows them (the segmenter's, with the coder's own splits and merges),
the codes and note on each, and whether the coder finished the document. ``read_coders``
gives all of it, reading each coder's store file once and segmenting the text once per
distinct set of corrections (most coders share the segmenter's sentences).

When the text changed since it was coded, each coder's work on the earlier version is
carried over (in memory: reading never writes), so every view of a document shows the
same current coding: this module is the one place that decides it for a reader of the
store, and ``annotator.coding.opening`` saves the same result for the reader.

What cannot be used is never dropped silently: a damaged store file, one with bad
records (a finished coder's left-out record would read as "no code"), and one that names
no coder are left out with a reason the front end shows.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from annotator.annotation import Annotation
from annotator.coding.anchoring import place_annotations
from annotator.coding.reanchoring.carry import (
    Carried,
    CarriedCorrections,
    Earlier,
    carry_coding,
    carry_corrections,
    held_outcomes,
)
from annotator.coding.reanchoring.earlier import (
    Holding,
    earlier_coders,
    earlier_work,
    held_annotations,
)
from annotator.coding.reanchoring.reanchor import Orphaned, Placed, Review
from annotator.store import CatalogEntry, DataDir, StoreDamaged
from annotator.store.schema import BadRecord
from annotator.store.versions import Versions
from annotator.store.work import CoderWork
from annotator.text.document import Document, Sentence
from annotator.text.overrides import EMPTY, SegmentationOverrides, apply_overrides


@dataclass(frozen=True, slots=True)
class CoderCoding:
    """One coder's work on a document, placed on the coder's own sentences.

    ``annotations`` are keyed by sentence index in ``document`` (the text as this coder
    segmented it). ``finished`` is when the coder marked the document finished, or None.
    ``reference`` marks an adjudicated reference layer; its ``adjudicated`` are the start
    offsets of the sentences the adjudicator decided. ``unplaced`` are annotations that
    fit none of the coder's sentences (kept in the store, shown nowhere).

    When the text changed since the coder worked on it, ``carried_from`` is the version
    the coding came from, and ``review`` and ``orphaned`` are its annotations that were
    not placed (kept in that version's file). ``carried`` is the carry computed now, in
    memory (None once it was saved, by the reader or ``annotator reanchor``). ``stored``
    are the coder's records as a lossless export writes them: the placed ones on this
    version, the held ones as they were made. ``bad`` are records left out of the file
    (only when read with ``keep_bad``).
    """

    coder: str
    document: Document
    annotations: Mapping[int, Annotation]
    finished: str | None = None
    reference: bool = False
    adjudicated: frozenset[int] = frozenset()
    unplaced: tuple[Annotation, ...] = ()
    path: Path | None = None
    review: tuple[Review, ...] = ()
    orphaned: tuple[Orphaned, ...] = ()
    carried_from: str | None = None
    carried: Carried | None = None
    stored: tuple[Annotation, ...] = ()
    bad: tuple[BadRecord, ...] = ()

    def codes(self, sentence: int) -> tuple[str, ...]:
        annotation = self.annotations.get(sentence)
        return annotation.tags if annotation is not None else ()

    def note(self, sentence: int) -> str:
        annotation = self.annotations.get(sentence)
        return annotation.note if annotation is not None else ""


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A coder's work (or, with ``coder`` None, a whole document) that cannot be used."""

    coder: str | None
    reason: str
    path: Path | None = None


@dataclass(frozen=True, slots=True)
class DocumentCoders:
    """A document (as the segmenter splits it) and its coders' work, by coder name.

    ``previous`` is the version of the document this text follows, when coding was
    carried over from one (for some coder); ``warnings`` what went wrong around it
    (a damaged catalog: nothing is carried over then).
    """

    document: Document
    coders: tuple[CoderCoding, ...]
    left_out: tuple[LeftOut, ...] = ()
    segmentations: Mapping[SegmentationOverrides, Document] = field(default_factory=dict)
    previous: CatalogEntry | None = None
    warnings: tuple[str, ...] = ()
    damaged: tuple[StoreDamaged, ...] = ()
    """The damaged store files among the document's (their coders are left out)."""

    def coder(self, name: str) -> CoderCoding | None:
        return next((c for c in self.coders if c.coder == name), None)


def corrected(base: Document, overrides: SegmentationOverrides) -> Document:
    """``base`` (the segmenter's sentences) with ``overrides`` applied paragraph by
    paragraph: the sentences ``build_document`` makes with them, without segmenting the
    text again."""
    if not overrides:
        return base
    sentences: list[Sentence] = []
    paragraphs = []
    for paragraph in base.paragraphs:
        spans = [(base.sentences[i].start, base.sentences[i].end) for i in paragraph.sentence_range]
        first = len(sentences)
        for number, (start, end) in enumerate(apply_overrides(spans, overrides, base.text)):
            sentences.append(Sentence(len(sentences), paragraph.index, number, start, end))
        paragraphs.append(
            replace(paragraph, first_sentence=first, sentence_count=len(sentences) - first)
        )
    return replace(base, paragraphs=tuple(paragraphs), sentences=tuple(sentences))


def _bad_records(work: CoderWork) -> str:
    count = len(work.bad)
    records = "record" if count == 1 else "records"
    return (
        f"{count} bad {records} in {work.path} (first: {work.bad[0].describe()}); "
        "run 'annotator doctor'"
    )


def read_coders(
    data_dir: DataDir,
    document: Document,
    coders: Collection[str] | None = None,
    *,
    keep_bad: bool = False,
    versions: Versions | None = None,
    carry: bool = True,
) -> DocumentCoders:
    """Every coder's current work on ``document`` (or that of ``coders`` only): what the
    reader, exports, counts and agreement all show.

    ``document`` must be segmented as the segmenter does, with no corrections: each
    coder's are applied here. When the text follows an earlier version (the catalog
    says so, or the file at its path was coded before it changed), every coder's work on
    that version is carried over in memory (``annotator.coding.reanchoring.carry``), unless it was
    saved here already. Nothing is written.

    Raises StoreDamaged only when the document's folder cannot be read (a symlink); a
    damaged file leaves its coder out, and so does one with bad records unless
    ``keep_bad`` (exports use its sound records and warn). ``versions`` is the catalog
    read once by a caller going through many documents. Without ``carry`` each coder's
    work is this version's file alone (a version of a history).
    """
    damaged: list[StoreDamaged] = []
    works = data_dir.all_work(document.doc_id, damaged=damaged)
    left_out = [LeftOut(None, f"store file damaged: {exc}", exc.path) for exc in damaged]
    warnings: list[str] = []
    if versions is None and carry:
        versions = catalog_versions(data_dir, warnings)
    path = str(document.path) if document.path else document.name
    previous = None
    if versions is not None and carry:
        previous = versions.predecessor(document.doc_id, path, document.name)
    reading = _Reading(data_dir, document, versions, previous)
    found: list[CoderCoding] = []
    for work in works:
        name = work.coder
        if name is None:
            if keep_bad:
                found.extend(reading.unnamed(work, coders))
            elif coders is None and work.annotations:
                left_out.append(LeftOut(None, "a store file that names no coder", work.path))
            continue
        if coders is not None and name not in coders:
            continue
        if work.bad and not keep_bad:
            left_out.append(LeftOut(name, _bad_records(work), work.path))
            continue
        found.append(reading.coding(name, work))
    named = {c.coder for c in found} | {i.coder for i in left_out if i.coder is not None}
    if previous is not None and versions is not None:
        for name in earlier_coders(data_dir, versions, previous, named):
            if name not in named and (coders is None or name in coders):
                found.append(reading.coding(name, None))
    found.sort(key=lambda c: c.coder)
    return DocumentCoders(
        document,
        tuple(found),
        tuple(left_out),
        reading.segmentations,
        previous if any(c.carried_from for c in found) else None,
        tuple(warnings),
        tuple(damaged),
    )


def catalog_versions(data_dir: DataDir, warnings: list[str]) -> Versions | None:
    """The catalog as versions of documents; None (and a warning) when it is damaged."""
    try:
        return Versions.of(data_dir.catalog())
    except StoreDamaged as exc:
        warnings.append(f"{exc}; coding of earlier versions of the text is not carried over")
        return None


def carried_codings(
    data_dir: DataDir,
    document: Document,
    coders: Sequence[str],
    versions: Versions,
    previous: CatalogEntry,
) -> list[CoderCoding]:
    """The work of ``coders``, who have no file on this version, carried over to
    ``document`` from the earlier version ``previous`` (or one before it), in memory:
    ``read_coders`` for a caller that has read this version's files already."""
    reading = _Reading(data_dir, document, versions, previous)
    return [reading.coding(name, None) for name in sorted(coders)]


class _Reading:
    """One document's coders read: the segmentations made so far, shared between them."""

    def __init__(
        self,
        data_dir: DataDir,
        document: Document,
        versions: Versions | None,
        previous: CatalogEntry | None,
    ) -> None:
        self.data_dir = data_dir
        self.document = document
        self.versions = versions
        self.previous = previous
        self.segmentations: dict[SegmentationOverrides, Document] = {EMPTY: document}

    def segmented(self, overrides: SegmentationOverrides) -> Document:
        own = self.segmentations.get(overrides)
        if own is None:
            own = self.segmentations[overrides] = corrected(self.document, overrides)
        return own

    def unnamed(self, work: CoderWork, coders: Collection[str] | None) -> list[CoderCoding]:
        """A file of an old format that names no coder: each coder its records name."""
        by_coder: dict[str, list[Annotation]] = {}
        for annotation in work.annotations:
            by_coder.setdefault(annotation.coder, []).append(annotation)
        found = []
        for name, records in sorted(by_coder.items()):
            if coders is None or name in coders:
                found.append(self.coding(name, replace(work, annotations=records, coder=name)))
        return found

    def coding(self, coder: str, work: CoderWork | None) -> CoderCoding:
        """``coder``'s work here: the file's (``work``), with what it holds for review,
        or carried over now from an earlier version."""
        earlier = None
        fresh = work is None or work.carried_from is None
        if self.previous is not None and self.versions is not None and fresh:
            earlier = earlier_work(self.data_dir, self.versions, self.previous, coder)
        own_records = [a for a in work.annotations if a.coder == coder] if work else []
        if earlier is not None and not earlier.empty:
            return self._carried(coder, work, own_records, earlier)
        own = self.segmented(work.corrections if work else EMPTY)
        placement = place_annotations(own, own_records)
        reviews: tuple[Review, ...] = ()
        orphans: tuple[Orphaned, ...] = ()
        held: tuple[Annotation, ...] = ()
        if work is not None and work.carried_from is not None:
            found = held_annotations(
                self.data_dir, self.document.doc_id, coder, Holding.of(work), self.versions
            )
            reviews, orphans = held_outcomes(
                found.annotations, found.rejected, own, placement.placed, found.text
            )
            held = (*found.annotations, *found.rejected)
        return CoderCoding(
            coder=coder,
            document=own,
            annotations=placement.placed,
            finished=work.finished if work else None,
            reference=work.reference if work else False,
            adjudicated=frozenset(work.adjudicated) if work else frozenset(),
            unplaced=tuple(placement.unplaced),
            path=work.path if work else None,
            review=reviews,
            orphaned=orphans,
            carried_from=work.carried_from if work else None,
            stored=(*own_records, *held),
            bad=tuple(work.bad) if work else (),
        )

    def _carried(
        self, coder: str, work: CoderWork | None, records: list[Annotation], earlier: Earlier
    ) -> CoderCoding:
        """Carried over now, in memory: the earlier version's corrections (unless the
        coder made some here), then its annotations next to any made here."""
        if work is not None and work.own_corrections:
            corrections = CarriedCorrections(work.corrections)
        else:
            corrections = carry_corrections(earlier, self.document.text)
        own = self.segmented(corrections.overrides)
        placement = place_annotations(own, records)
        carried = carry_coding(earlier, own, placement.placed, corrections)
        moved = carried.placed
        held = [o.annotation for o in carried.outcomes if not isinstance(o, Placed)]
        finished = work.finished if work is not None and work.finished else carried.finished
        return CoderCoding(
            coder=coder,
            document=own,
            annotations={**placement.placed, **moved},
            finished=finished,
            reference=work.reference if work else earlier.reference,
            adjudicated=frozenset(work.adjudicated) if work else frozenset(),
            unplaced=tuple(placement.unplaced),
            path=work.path if work else None,
            review=carried.review,
            orphaned=carried.orphaned,
            carried_from=earlier.doc_id,
            carried=carried,
            stored=(*records, *moved.values(), *held),
            bad=tuple(work.bad) if work else (),
        )
