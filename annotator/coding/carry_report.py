"""What carrying a coder's work over to an edited text did, annotation by annotation.

``annotator reanchor`` reports every annotation of the earlier version in exactly one of
three groups: placed (where, and how it was found), held for review (the sentence
proposed, its scores, why) and orphaned (why). A carry made just now gives each outcome
as re-anchoring decided it; once the carry was saved (by the reader or an earlier run),
the placed ones are those now in the coder's file for the new version (``saved``: placed
then, or by the coder from the review screen), and the held ones are proposed again.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.annotation import Annotation
from annotator.coding.document_coders import CoderCoding
from annotator.coding.reanchoring.earlier import version_input
from annotator.coding.reanchoring.reanchor import Orphaned, Outcome, Placed, Review
from annotator.coding.reanchoring.reanchor_corrections import DroppedCorrection
from annotator.store import DataDir
from annotator.text.document import Document

SAVED = "saved"
"""The method of an annotation placed in an earlier run, or by the coder."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One annotation of the earlier version and its outcome.

    ``sentence`` is in the coder's document: where it is placed, or the one proposed.
    """

    annotation: Annotation
    outcome: str  # "placed", "review" or "orphaned"
    reason: str = ""
    method: str | None = None
    score: float | None = None
    context: float | None = None
    sentence: int | None = None


@dataclass(frozen=True, slots=True)
class CoderReport:
    """One coder's carry: from which version, each annotation's outcome, the sentence
    corrections that could not follow, and why a finished mark did not."""

    coder: str
    document: Document
    source: str
    entries: tuple[Entry, ...]
    dropped: tuple[DroppedCorrection, ...] = ()
    finished_dropped: str = ""
    pending: bool = False
    """Carried now, in memory: not saved yet."""

    def count(self, outcome: str) -> int:
        return sum(1 for entry in self.entries if entry.outcome == outcome)


def coder_report(data_dir: DataDir, coding: CoderCoding) -> CoderReport | None:
    """The report of ``coding``'s carry; None when its work was not carried over."""
    carried = coding.carried
    if carried is not None:
        return CoderReport(
            coding.coder,
            coding.document,
            carried.source,
            tuple(_entry(o) for o in carried.outcomes),
            carried.corrections.dropped,
            carried.finished_dropped,
            pending=True,
        )
    source = coding.carried_from
    if source is None:
        return None
    where = {annotation.id: index for index, annotation in coding.annotations.items()}
    outcomes: list[Outcome] = [*coding.review, *coding.orphaned]
    held = {o.annotation.id for o in outcomes}
    entries = [
        Entry(a, "placed", method=SAVED, sentence=where[a.id])
        for a in version_input(data_dir, source, coding.coder)
        if a.id in where and a.id not in held
    ]
    entries.extend(_entry(o) for o in outcomes)
    return CoderReport(coding.coder, coding.document, source, tuple(entries))


def _entry(outcome: Outcome) -> Entry:
    if isinstance(outcome, Placed):
        return Entry(
            outcome.annotation,
            "placed",
            method=outcome.method.value,
            score=outcome.score,
            context=outcome.context,
            sentence=outcome.sentence,
        )
    if isinstance(outcome, Review):
        return Entry(
            outcome.annotation,
            "review",
            outcome.reason,
            score=outcome.score,
            context=outcome.context,
            sentence=outcome.sentence,
        )
    assert isinstance(outcome, Orphaned)
    return Entry(outcome.annotation, "orphaned", outcome.reason)
