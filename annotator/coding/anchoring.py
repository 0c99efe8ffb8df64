"""Attach stored annotations to the sentences of a (possibly changed) document.

An annotation carries its offsets, its exact quote and its context. Placement uses them
conservatively: a wrong attachment is worse than none, because a coder would not notice
it, while an unplaced annotation is counted, reported and kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from annotator.annotation import CONTEXT_WIDTH, Annotation
from annotator.text.document import Document


@dataclass(frozen=True, slots=True)
class Placement:
    """How stored annotations were matched to the document's sentences."""

    placed: dict[int, Annotation]
    unplaced: list[Annotation]


def place_annotations(document: Document, annotations: list[Annotation]) -> Placement:
    """Attach annotations to sentences by offsets and quote; never guess.

    An annotation is placed on a sentence whose offsets match and whose text equals the
    stored quote; failing that, on the only sentence whose text equals the quote. Anything
    else is left unplaced (and kept), never attached to a wrong sentence. A record made on
    this very text whose offsets lie past its end is not a record of this text: it is
    left unplaced too (``annotator doctor`` names it).
    """
    by_span = {(s.start, s.end): s.index for s in document.sentences}
    by_quote: dict[str, list[int]] = {}
    placed: dict[int, Annotation] = {}
    unplaced: list[Annotation] = []
    pending: list[Annotation] = []
    length = len(document.text)
    for annotation in annotations:
        if annotation.doc_id == document.doc_id and annotation.end > length:
            unplaced.append(annotation)
            continue
        index = by_span.get((annotation.start, annotation.end))
        if (
            index is not None
            and index not in placed
            and document.sentence_text(index) == annotation.quote
        ):
            placed[index] = annotation
        else:
            pending.append(annotation)
    if pending:
        for sentence in document.sentences:
            by_quote.setdefault(document.sentence_text(sentence.index), []).append(sentence.index)
    for annotation in pending:
        candidates = [i for i in by_quote.get(annotation.quote, []) if i not in placed]
        if len(candidates) == 1:
            placed[candidates[0]] = annotation
        else:
            unplaced.append(annotation)
    return Placement(placed, unplaced)


def anchor_fields(document: Document, index: int) -> dict[str, Any]:
    """The anchor of sentence ``index``: ids, numbers, offsets, quote and context."""
    sentence = document.sentences[index]
    prefix, suffix = document.context(index, CONTEXT_WIDTH)
    return {
        "doc_id": document.doc_id,
        "document": document.name,
        "paragraph": sentence.paragraph + 1,
        "sentence": sentence.number + 1,
        "start": sentence.start,
        "end": sentence.end,
        "quote": document.sentence_text(index),
        "prefix": prefix,
        "suffix": suffix,
    }


def reposition(document: Document, index: int, annotation: Annotation) -> Annotation:
    """``annotation`` with its anchor rewritten to sentence ``index`` of ``document``
    (``annotation`` itself when it is anchored there already, as an export mostly finds)."""
    anchor = anchor_fields(document, index)
    if all(getattr(annotation, name) == value for name, value in anchor.items()):
        return annotation
    return annotation.with_changes(**anchor)


def place_by_coder(document: Document, annotations: list[Annotation]) -> Placement:
    """Place each coder's annotations separately (one annotation per sentence per coder).

    The placed annotations are returned repositioned onto the current sentences, keyed by
    an index that is only meaningful per coder; callers usually want ``.placed.values()``.
    """
    by_coder: dict[str, list[Annotation]] = {}
    for annotation in annotations:
        by_coder.setdefault(annotation.coder, []).append(annotation)
    placed: dict[int, Annotation] = {}
    unplaced: list[Annotation] = []
    key = 0
    for coder in sorted(by_coder):
        placement = place_annotations(document, by_coder[coder])
        for index, annotation in sorted(placement.placed.items()):
            placed[key] = reposition(document, index, annotation)
            key += 1
        unplaced.extend(placement.unplaced)
    return Placement(placed, unplaced)


@dataclass(frozen=True, slots=True)
class WholePlacement:
    """The coding of a partly segmented document moved onto the whole document."""

    placed: dict[int, Annotation]
    unplaced: list[Annotation]
    moved: list[Annotation]
    """Annotations given new anchors, to save (in this order)."""
    carried_over: int
    """How many of ``moved`` came from an earlier version of the file."""
    renumbered: bool
    """Some annotation changed sentence index, so an undo history no longer applies."""


def place_on_whole(
    partial: Document,
    whole: Document,
    annotations: dict[int, Annotation],
    unplaced: list[Annotation],
) -> WholePlacement:
    """Place the annotations of ``partial`` (by sentence) and its ``unplaced`` ones on
    ``whole``, the same text segmented to the end.

    The beginning's sentences are the whole document's first sentences, so annotations
    on them keep their index. One made on the sentence cut short where the beginning
    ended belongs to the whole sentence that starts at the same offset. The rest are
    placed as at open, carrying over those from an earlier version of the file.
    """
    index_by_span = {(s.start, s.end): s.index for s in whole.sentences}
    placed: dict[int, Annotation] = {}
    leftovers = list(unplaced)
    moved: list[Annotation] = []
    renumbered = False
    for index, annotation in annotations.items():
        target = index_by_span.get((annotation.start, annotation.end))
        if target is None or target in placed:
            leftovers.append(annotation)
            renumbered = True
        else:
            placed[target] = annotation
            renumbered = renumbered or target != index
    cut = partial.segmented_upto
    if cut is not None:
        for annotation in list(leftovers):
            target = whole.sentence_at_offset(annotation.start)
            if (
                annotation.doc_id == whole.doc_id
                and annotation.end >= cut
                and target is not None
                and target not in placed
                and whole.sentences[target].start == annotation.start
            ):
                leftovers.remove(annotation)
                placed[target] = reposition(whole, target, annotation)
                moved.append(placed[target])
    placement = place_annotations(whole, leftovers)
    still_unplaced = list(placement.unplaced)
    carried = 0
    for index, annotation in sorted(placement.placed.items()):
        if index in placed:
            still_unplaced.append(annotation)
            continue
        if annotation.doc_id != whole.doc_id:
            annotation = reposition(whole, index, annotation)
            moved.append(annotation)
            carried += 1
        placed[index] = annotation
    return WholePlacement(placed, still_unplaced, moved, carried, renumbered)
