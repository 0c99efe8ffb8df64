"""One coder's work on an earlier version of a text, carried over to the current version.

Pure computation over what ``earlier`` reads from the data directory: the sentence
corrections are carried first (``reanchor_corrections``), the coder's sentences are made
with them, then the annotations are re-anchored on those sentences (``reanchor``). Every
annotation of the earlier version ends in one of three groups:

- placed: moved onto its sentence (saved under the new version by whoever persists);
- review: held, with the sentence proposed (or none) and the scores, until the coder
  accepts it, places it elsewhere or rejects it;
- orphaned: its text is gone, or the coder rejected it.

Nothing is deleted: the earlier version's records stay in its file. The finished mark
follows only when the carry is complete (nothing held, no correction lost) and every
sentence of the new text is one the coder has seen: coded, or found unchanged (or with a
small edit) where it was in the old text. Otherwise "no code" on a sentence the coder
never read would be counted as the coder's judgement.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from annotator.annotation import Annotation
from annotator.coding.reanchoring.landmarks import position_map, unique_lines
from annotator.coding.reanchoring.matching import DEFAULT_THRESHOLDS, Method
from annotator.coding.reanchoring.outcomes import REJECTED, Orphaned, Outcome, Placed, Review
from annotator.coding.reanchoring.reanchor import reanchor
from annotator.coding.reanchoring.reanchor_corrections import (
    DroppedCorrection,
    reanchor_corrections,
)
from annotator.coding.reanchoring.similarity import found_in
from annotator.text.document import Document
from annotator.text.overrides import EMPTY, SegmentationOverrides
from annotator.wording import plural

TAKEN = "another annotation by this coder is placed on this sentence"
NO_OLD_TEXT = "the text it was made on was not kept"


@dataclass(frozen=True, slots=True)
class Earlier:
    """One coder's work on the version a newer text follows.

    ``annotations`` are the records stored on that version and those it still held for
    the coder from versions before it (each with the anchors of the text it was made
    on); ``rejected`` are held ones the coder rejected. ``text`` is that version's text
    when it was kept.
    """

    doc_id: str
    coder: str
    text: str | None
    annotations: tuple[Annotation, ...]
    rejected: tuple[Annotation, ...] = ()
    corrections: SegmentationOverrides = EMPTY
    finished: str | None = None
    cursor: int | None = None
    reference: bool = False
    """The work is an adjudicated reference layer, and stays one."""

    @property
    def empty(self) -> bool:
        """Nothing worth carrying."""
        return not (self.annotations or self.rejected or self.corrections or self.finished)


@dataclass(frozen=True, slots=True)
class CarriedCorrections:
    """The coder's corrections and place, moved into the new text."""

    overrides: SegmentationOverrides
    dropped: tuple[DroppedCorrection, ...] = ()
    cursor: int | None = None


def carry_corrections(earlier: Earlier, new_text: str) -> CarriedCorrections:
    """The earlier version's splits and merges (and the coder's place) in ``new_text``.

    They are bare offsets, placed by the text around them, so without the earlier text
    none can follow: each is dropped and reported.
    """
    old = earlier.text
    corrections = earlier.corrections
    if old is None:
        dropped = tuple(
            [DroppedCorrection("split", o, NO_OLD_TEXT) for o in corrections.splits]
            + [DroppedCorrection("merge", o, NO_OLD_TEXT) for o in corrections.merges]
        )
        return CarriedCorrections(EMPTY, dropped)
    cursor = None
    if earlier.cursor is not None:
        # The coder's place is an offset like a split: it follows by the same rule.
        place = SegmentationOverrides.of(splits=[earlier.cursor])
        cursor = reanchor_corrections(place, old, new_text).moved.get(("split", earlier.cursor))
    if not corrections:
        return CarriedCorrections(EMPTY, (), cursor)
    carried = reanchor_corrections(corrections, old, new_text)
    return CarriedCorrections(carried.overrides, carried.dropped, cursor)


@dataclass(frozen=True, slots=True)
class Carried:
    """One coder's earlier work on the current version (``document``, the coder's own
    sentences), before or after it was saved there.

    ``placed`` are the moved annotations by sentence (to save); ``outcomes`` give every
    annotation of the earlier version exactly one outcome, in its order.
    """

    source: str
    coder: str
    outcomes: tuple[Outcome, ...]
    corrections: CarriedCorrections
    finished: str | None = None
    finished_dropped: str = ""
    """Why an earlier finished mark did not follow ("" if it did, or there was none)."""

    @property
    def placed(self) -> dict[int, Annotation]:
        return {o.sentence: o.moved for o in self.outcomes if isinstance(o, Placed)}

    @property
    def review(self) -> tuple[Review, ...]:
        return tuple(o for o in self.outcomes if isinstance(o, Review))

    @property
    def orphaned(self) -> tuple[Orphaned, ...]:
        return tuple(o for o in self.outcomes if isinstance(o, Orphaned))

    @property
    def held(self) -> tuple[str, ...]:
        """Ids awaiting the coder: held for review, or orphaned and not rejected."""
        return tuple(
            o.annotation.id
            for o in self.outcomes
            if isinstance(o, Review) or (isinstance(o, Orphaned) and o.reason != REJECTED)
        )

    @property
    def rejected(self) -> tuple[str, ...]:
        return tuple(
            o.annotation.id
            for o in self.outcomes
            if isinstance(o, Orphaned) and o.reason == REJECTED
        )


def carry_coding(
    earlier: Earlier,
    document: Document,
    existing: Mapping[int, Annotation],
    corrections: CarriedCorrections,
) -> Carried:
    """Re-anchor ``earlier``'s annotations on ``document`` (complete, segmented with
    ``corrections``), next to the coder's ``existing`` annotations on it (see
    ``settle``)."""
    kept = {annotation.id for annotation in existing.values()}
    candidates = [a for a in earlier.annotations if a.id not in kept]
    result = reanchor(candidates, document, old_text=earlier.text)
    outcomes = [*result.outcomes, *(Orphaned(a, REJECTED) for a in earlier.rejected)]
    carried = settle(Carried(earlier.doc_id, earlier.coder, tuple(outcomes), corrections), existing)
    covered = set(existing) | set(carried.placed)
    finished, why = _finished(earlier, document, carried.outcomes, corrections, covered)
    return replace(carried, finished=finished, finished_dropped=why)


def settle(carried: Carried, existing: Mapping[int, Annotation]) -> Carried:
    """``carried`` next to the coder's ``existing`` annotations on the same sentences,
    which keep theirs: a carried annotation placed on one goes to review, and one with
    the id of an existing one (carried before) is not carried again."""
    kept = {annotation.id for annotation in existing.values()}
    outcomes: list[Outcome] = []
    changed = False
    for outcome in carried.outcomes:
        if outcome.annotation.id in kept:
            changed = True
            continue
        if isinstance(outcome, Placed) and outcome.sentence in existing:
            outcome = Review(
                outcome.annotation, outcome.sentence, outcome.score, outcome.context, TAKEN
            )
            changed = True
        outcomes.append(outcome)
    if not changed:
        return carried
    finished, why = carried.finished, carried.finished_dropped
    if finished is not None and any(isinstance(o, Review) for o in outcomes):
        finished, why = None, "annotations held for review"
    return replace(carried, outcomes=tuple(outcomes), finished=finished, finished_dropped=why)


def held_outcomes(
    held: Sequence[Annotation],
    rejected: Sequence[Annotation],
    document: Document,
    existing: Collection[int],
    old_text: str | None,
) -> tuple[tuple[Review, ...], tuple[Orphaned, ...]]:
    """What the coder sees of annotations held when the coding was carried over:
    each proposed again on ``document`` (they move only when the coder decides, so one
    that fits a sentence now is proposed, not placed), and the rejected ones orphaned."""
    reviews: list[Review] = []
    orphans: list[Orphaned] = []
    for outcome in reanchor(held, document, old_text=old_text).outcomes if held else ():
        if isinstance(outcome, Placed):
            reason = TAKEN if outcome.sentence in existing else _fits(outcome.method)
            reviews.append(
                Review(outcome.annotation, outcome.sentence, outcome.score, outcome.context, reason)
            )
        elif isinstance(outcome, Review):
            reviews.append(outcome)
        else:
            orphans.append(outcome)
    orphans.extend(Orphaned(a, REJECTED) for a in rejected)
    return tuple(reviews), tuple(orphans)


def _fits(method: Method) -> str:
    return f"held when the text changed; it fits this sentence now ({method.value})"


def _finished(
    earlier: Earlier,
    document: Document,
    outcomes: Sequence[Outcome],
    corrections: CarriedCorrections,
    covered: set[int],
) -> tuple[str | None, str]:
    if earlier.finished is None:
        return None, ""
    held = sum(1 for o in outcomes if isinstance(o, Review))
    gone = sum(1 for o in outcomes if isinstance(o, Orphaned) and o.reason != REJECTED)
    if held or gone:
        waiting = [plural(held, "annotation") + " held for review"] if held else []
        waiting += [plural(gone, "annotation") + " orphaned"] if gone else []
        return None, " and ".join(waiting)
    if corrections.dropped:
        return None, f"{plural(len(corrections.dropped), 'sentence correction')} could not follow"
    if earlier.text is None:
        return None, "the earlier text was not kept, so the changes cannot be checked"
    unseen = unseen_sentences(document, earlier.text, covered)
    if unseen:
        return None, f"{plural(unseen, 'sentence')} of the new text the coder has not seen"
    return earlier.finished, ""


SEEN_WINDOW = 2000
"""Characters of the old text searched on each side of where a sentence should be."""
SEEN_FUZZY = 12
"""A shorter sentence must be found word for word: a few characters match by chance."""


def unseen_sentences(document: Document, old_text: str, covered: Collection[int]) -> int:
    """Sentences of ``document`` (other than ``covered``) not in ``old_text`` where the
    unchanged lines of both texts put them, neither word for word nor with a small edit
    (at least as alike as a fuzzy placement needs, and only for sentences of
    ``SEEN_FUZZY`` characters or more): at most ``SEEN_WINDOW`` characters on each side
    of where the map expects them, so the work per sentence is bounded."""
    text = document.text
    # The map from the new text to the old: unchanged lines, both ways round.
    back = position_map(
        unique_lines(text, old_text), new_length=len(old_text), old_length=len(text)
    )
    accept = DEFAULT_THRESHOLDS.quote_accept
    unseen = 0
    for sentence in document.sentences:
        if sentence.index in covered:
            continue
        quote = text[sentence.start : sentence.end]
        bracket = back.bracket((sentence.start, sentence.end))
        low = max(0, bracket.low - len(quote))
        if old_text.find(quote, low, bracket.high + len(quote)) >= 0:
            continue
        if len(quote) < SEEN_FUZZY:
            unseen += 1
            continue
        expected = bracket.expected(sentence.start)
        low = max(low, expected - SEEN_WINDOW)
        high = min(bracket.high + len(quote), expected + len(quote) + SEEN_WINDOW)
        if found_in(quote, old_text[low:high], accept) < accept:
            unseen += 1
    return unseen
