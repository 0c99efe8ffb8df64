"""Annotations follow their text into a new version of the document.

Every stored annotation gets exactly one outcome against the new document:

- ``Placed``: on a sentence, with the method that found it (``exact-unique``,
  ``exact-context`` or ``fuzzy``), the quote's similarity to it and the context's;
- ``Review``: held for the coder, with the sentence proposed (if any) and why;
- ``Orphaned``: no sentence like its quote remains.

None is ever dropped, and none is placed on a sentence the anchors do not agree on: a
wrong attachment is worse than none, because nobody would notice it. One coder never gets
two annotations on one sentence; the weaker claim goes to review. ``matching`` holds the
decision for one annotation, ``landmarks`` the position map, ``docs/reanchoring.md`` the
whole story with its measurements.

This is pure computation over a ``Document``: the caller loads the stored annotations,
saves the placed ones (``Placed.moved``) and keeps the rest for review. The outcomes
themselves are in ``annotator.coding.reanchoring.outcomes``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from annotator.annotation import Annotation
from annotator.coding.anchoring import Placement, reposition
from annotator.coding.reanchoring.candidates import SentenceIndex
from annotator.coding.reanchoring.matching import (
    DEFAULT_THRESHOLDS,
    Decision,
    Matcher,
    Method,
    Thresholds,
)
from annotator.coding.reanchoring.outcomes import Orphaned, Outcome, Placed, Review
from annotator.text.document import Document, content_id

__all__ = [
    "DEFAULT_THRESHOLDS",
    "Method",
    "Orphaned",
    "Outcome",
    "Placed",
    "Reanchoring",
    "Review",
    "Thresholds",
    "accept",
    "reanchor",
]

_RANK = {Method.EXACT_UNIQUE: 0, Method.EXACT_CONTEXT: 1, Method.FUZZY: 2}


@dataclass(frozen=True, slots=True)
class Reanchoring:
    """One outcome per annotation, in the order the annotations were given."""

    doc_id: str
    outcomes: tuple[Outcome, ...]

    @property
    def placed(self) -> list[Placed]:
        return [o for o in self.outcomes if isinstance(o, Placed)]

    @property
    def review(self) -> list[Review]:
        return [o for o in self.outcomes if isinstance(o, Review)]

    @property
    def orphaned(self) -> list[Orphaned]:
        return [o for o in self.outcomes if isinstance(o, Orphaned)]

    def counts(self) -> dict[str, int]:
        """How many of each outcome and of each placing method, for a summary line."""
        counts = {"placed": 0, "review": 0, "orphaned": 0} | {m.value: 0 for m in Method}
        for outcome in self.outcomes:
            if isinstance(outcome, Placed):
                counts["placed"] += 1
                counts[outcome.method.value] += 1
            else:
                counts["review" if isinstance(outcome, Review) else "orphaned"] += 1
        return counts

    def placement(self, coder: str) -> Placement:
        """``coder``'s share as ``anchoring.Placement``: moved annotations by sentence,
        and the rest (for review or orphaned) as unplaced."""
        placed = {
            o.sentence: o.moved
            for o in self.outcomes
            if isinstance(o, Placed) and o.annotation.coder == coder
        }
        unplaced = [
            o.annotation
            for o in self.outcomes
            if not isinstance(o, Placed) and o.annotation.coder == coder
        ]
        return Placement(placed, unplaced)


def reanchor(
    annotations: Sequence[Annotation],
    document: Document,
    old_text: str | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Reanchoring:
    """Decide where each of ``annotations`` belongs in ``document``.

    ``old_text`` is the text the annotations were made on, if it is still at hand: its
    unchanged lines make the position map denser (it is used only for the annotations
    whose ``doc_id`` is its hash). Annotations made on different versions are mapped
    version by version. ``document`` must be segmented completely.
    """
    if not document.complete:
        raise ValueError("re-anchoring needs the whole document segmented")
    index = SentenceIndex(document)
    texts = {document.doc_id: document.text}
    if old_text is not None:
        texts[content_id(old_text)] = old_text
    versions: dict[str, list[Annotation]] = {}
    for annotation in annotations:
        versions.setdefault(annotation.doc_id, []).append(annotation)
    decided: dict[int, Decision] = {}
    for doc_id, group in versions.items():
        matcher = Matcher(index, group, texts.get(doc_id), thresholds)
        for annotation in group:
            decided[id(annotation)] = matcher.decide(annotation)
    decisions = _settle([decided[id(a)] for a in annotations])
    return Reanchoring(document.doc_id, tuple(_outcome(d, document) for d in decisions))


def accept(review: Review, document: Document, sentence: int | None = None) -> Annotation:
    """The reviewed annotation anchored on ``sentence`` (default: the proposed one)."""
    chosen = review.sentence if sentence is None else sentence
    if chosen is None:
        raise ValueError("no sentence was proposed: choose one")
    return reposition(document, chosen, review.annotation)


def _settle(decisions: list[Decision]) -> list[Decision]:
    """One sentence, one annotation per coder: the strongest claim keeps it."""
    claims: dict[tuple[str, int], list[int]] = {}
    for position, decision in enumerate(decisions):
        if decision.method is not None and decision.sentence is not None:
            claims.setdefault((decision.annotation.coder, decision.sentence), []).append(position)
    settled = list(decisions)
    for positions in claims.values():
        if len(positions) < 2:
            continue
        ranked = sorted(
            positions,
            key=lambda p: (
                _RANK[decisions[p].method],  # type: ignore[index]
                -decisions[p].similarity,
                -decisions[p].context,
                p,
            ),
        )
        for loser in ranked[1:]:
            d = decisions[loser]
            settled[loser] = Decision(
                d.annotation,
                d.sentence,
                None,
                d.similarity,
                d.context,
                "another annotation by this coder is placed on this sentence",
            )
    return settled


def _outcome(decision: Decision, document: Document) -> Outcome:
    annotation = decision.annotation
    if decision.method is not None and decision.sentence is not None:
        return Placed(
            annotation,
            reposition(document, decision.sentence, annotation),
            decision.sentence,
            decision.method,
            decision.similarity,
            decision.context,
        )
    if decision.sentence is not None:
        return Review(
            annotation, decision.sentence, decision.similarity, decision.context, decision.reason
        )
    return Orphaned(annotation, decision.reason)
