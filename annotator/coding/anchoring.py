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
    else is left unplaced (and kept), never attached to a wrong sentence.
    """
    by_span = {(s.start, s.end): s.index for s in document.sentences}
    by_quote: dict[str, list[int]] = {}
    placed: dict[int, Annotation] = {}
    unplaced: list[Annotation] = []
    pending: list[Annotation] = []
    for annotation in annotations:
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
    """``annotation`` with its anchor rewritten to sentence ``index`` of ``document``."""
    return annotation.with_changes(**anchor_fields(document, index))


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
