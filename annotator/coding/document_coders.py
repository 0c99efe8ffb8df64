"""Every coder's work on one document, on that coder's own sentences, read without a writer.

Agreement and adjudication compare coders: for each coder they need the sentences as
that coder's reader shows them (the segmenter's, with the coder's own splits and merges),
the codes and note on each, and whether the coder finished the document. ``read_coders``
gives all of it, reading each coder's store file once and segmenting the text once per
distinct set of corrections (most coders share the segmenter's sentences).

What cannot be used is never dropped silently: a damaged store file, one with bad
records (a finished coder's left-out record would read as "no code"), and one that names
no coder are left out with a reason the front end shows.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from annotator.annotation import Annotation
from annotator.coding.anchoring import place_annotations
from annotator.store import DataDir, StoreDamaged
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
    """

    coder: str
    document: Document
    annotations: Mapping[int, Annotation]
    finished: str | None = None
    reference: bool = False
    adjudicated: frozenset[int] = frozenset()
    unplaced: tuple[Annotation, ...] = ()
    path: Path | None = None

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
    """A document (as the segmenter splits it) and its coders' work, by coder name."""

    document: Document
    coders: tuple[CoderCoding, ...]
    left_out: tuple[LeftOut, ...] = ()
    segmentations: Mapping[SegmentationOverrides, Document] = field(default_factory=dict)

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
) -> DocumentCoders:
    """Every coder's work on ``document`` (or that of ``coders`` only).

    ``document`` must be segmented as the segmenter does, with no corrections: each
    coder's are applied here. Raises StoreDamaged only when the document's folder cannot
    be read (a symlink); a damaged file leaves its coder out.
    """
    damaged: list[StoreDamaged] = []
    works = data_dir.all_work(document.doc_id, damaged=damaged)
    left_out = [LeftOut(None, f"store file damaged: {exc}", exc.path) for exc in damaged]
    segmentations: dict[SegmentationOverrides, Document] = {EMPTY: document}
    found: list[CoderCoding] = []
    for work in works:
        name = work.coder
        if name is None:
            if coders is None and work.annotations:
                left_out.append(LeftOut(None, "a store file that names no coder", work.path))
            continue
        if coders is not None and name not in coders:
            continue
        if work.bad:
            left_out.append(LeftOut(name, _bad_records(work), work.path))
            continue
        own = segmentations.get(work.corrections)
        if own is None:
            own = segmentations[work.corrections] = corrected(document, work.corrections)
        placement = place_annotations(own, work.annotations)
        found.append(
            CoderCoding(
                coder=name,
                document=own,
                annotations=placement.placed,
                finished=work.finished,
                reference=work.reference,
                adjudicated=frozenset(work.adjudicated),
                unplaced=tuple(placement.unplaced),
                path=work.path,
            )
        )
    found.sort(key=lambda c: c.coder)
    return DocumentCoders(document, tuple(found), tuple(left_out), segmentations)
