"""Coding carried over in the reader: found at open, saved into the coder's new file, and
the coder's decisions on what was held for review.

``plan_carry`` reads, for the coder opening a text, either the work to carry over now
(the text follows an earlier version and the coder's file for it has not taken that work
yet) or what an earlier carry held for review. The session saves a carry in one atomic
write of the coder's file: the moved annotations, the carried corrections, the version it
came from and the ids held (see ``SessionCarry``, the part of a ``CodingSession`` that
takes the carry and the coder's decisions). The earlier version's file is never touched.
``HeldWork`` keeps the held annotations while the document is open and turns the coder's
decisions into the records to save.

Re-anchoring itself (``carry``, ``earlier``, ``outcomes``) is imported by the functions
that carry or decide: opening a text that was never edited, the reader's first screen,
loads none of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeAlias

from annotator.annotation import Annotation
from annotator.codebook.model import Codebook
from annotator.coding.anchoring import reposition
from annotator.coding.coded_document import CodedDocument
from annotator.coding.history import Change
from annotator.coding.mark_and_place import MarkAndPlace
from annotator.store.writer import Key, Setting, Value
from annotator.text.document import Document
from annotator.text.overrides import SegmentationOverrides

if TYPE_CHECKING:
    from annotator.coding.reanchoring.carry import Carried, CarriedCorrections, Earlier
    from annotator.coding.reanchoring.earlier import Held
    from annotator.coding.reanchoring.outcomes import Orphaned, Review
    from annotator.store import CatalogEntry, DataDir, DocumentStore
    from annotator.store.versions import Versions

HeldItem: TypeAlias = "Review | Orphaned"


@dataclass(frozen=True, slots=True)
class CarryPlan:
    """What opening a text for a coder found about its earlier versions.

    ``previous`` is the version the text follows (the catalog links the two).
    ``earlier`` is the coder's work to carry over now, with its ``corrections`` already
    moved into the new text; ``held`` what an earlier carry holds for review.
    ``carried`` is set when the carry was computed in the background.
    """

    previous: CatalogEntry | None = None
    earlier: Earlier | None = None
    corrections: CarriedCorrections | None = None
    held: Held | None = None
    carried: Carried | None = None
    """The carry already computed on the whole document (off the UI thread)."""


def plan_carry(
    data_dir: DataDir, versions: Versions | None, document: Document, store: DocumentStore
) -> CarryPlan:
    """What to carry over (or show as held) for the coder of ``store`` opening
    ``document``; nothing when the catalog could not be read (``versions`` None)."""
    if versions is None:
        return CarryPlan()
    path = str(document.path) if document.path else document.name
    previous = versions.predecessor(document.doc_id, path, document.name)
    coder = store.coder or ""
    carried_from = store.carried_from
    if carried_from is None and previous is None:
        return CarryPlan()  # a text never edited: nothing to carry
    from annotator.coding.reanchoring.carry import carry_corrections
    from annotator.coding.reanchoring.earlier import Holding, earlier_work, held_annotations

    if carried_from is not None:
        records = store.load()
        holding = Holding(
            carried_from, store.held, store.rejected, frozenset(a.id for a in records)
        )
        held = held_annotations(data_dir, document.doc_id, coder, holding, versions)
        return CarryPlan(previous, held=held)
    if previous is None:
        return CarryPlan()
    earlier = earlier_work(data_dir, versions, previous, coder)
    if earlier is None or earlier.empty:
        return CarryPlan(previous)
    return CarryPlan(previous, earlier, carry_corrections(earlier, document.text))


@dataclass(eq=False)
class HeldWork:
    """The annotations of an earlier version the coder has still to decide on.

    ``review`` have a sentence proposed (or none, if another is better placed by the
    coder); ``orphaned`` have no sentence like their text, or were rejected. ``held``
    and ``rejected`` are the ids the coder's file records.
    """

    source: str | None = None
    review: list[Review] = field(default_factory=list)
    orphaned: list[Orphaned] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)

    @classmethod
    def of(
        cls,
        source: str,
        reviews: tuple[Review, ...],
        orphans: tuple[Orphaned, ...],
    ) -> HeldWork:
        from annotator.coding.reanchoring.outcomes import REJECTED

        rejected = [o.annotation.id for o in orphans if o.reason == REJECTED]
        held = [o.annotation.id for o in reviews] + [
            o.annotation.id for o in orphans if o.reason != REJECTED
        ]
        return cls(source, list(reviews), list(orphans), held, rejected)

    @classmethod
    def shown(cls, held: Held, document: Document, existing: dict[int, Annotation]) -> HeldWork:
        """What an earlier carry held, proposed again on ``document``."""
        from annotator.coding.reanchoring.carry import held_outcomes

        reviews, orphans = held_outcomes(
            held.annotations, held.rejected, document, existing, held.text
        )
        return cls.of(held.source, reviews, orphans)

    @property
    def undecided(self) -> list[HeldItem]:
        """Held for review, then orphaned but not yet rejected (an orphan's id is in
        ``rejected`` exactly when its reason says so): what the review screen lists."""
        if not self.orphaned:
            return list(self.review)
        rejected = set(self.rejected)
        return [*self.review, *(o for o in self.orphaned if o.annotation.id not in rejected)]

    def find(self, annotation_id: str) -> HeldItem | None:
        return next((i for i in self.undecided if i.annotation.id == annotation_id), None)

    def decide(self, item: HeldItem, *, rejected: bool) -> list[tuple[Key, Value]]:
        """``item`` is decided (placed, or rejected: an orphan for good): forget it here
        and return the records to save with it."""
        annotation_id = item.annotation.id
        self.review = [r for r in self.review if r.annotation.id != annotation_id]
        self.orphaned = [o for o in self.orphaned if o.annotation.id != annotation_id]
        self.held = [i for i in self.held if i != annotation_id]
        changes: list[tuple[Key, Value]] = [(Setting.HELD, tuple(self.held))]
        if rejected:
            from annotator.coding.reanchoring.outcomes import REJECTED, Orphaned

            self.orphaned.append(Orphaned(item.annotation, REJECTED))
            self.rejected.append(annotation_id)
            changes.append((Setting.REJECTED, tuple(self.rejected)))
        return changes


@dataclass(frozen=True, slots=True)
class CarryState:
    """What the coder's file for the new version already says, which a carry keeps:
    ``corrections`` to save with it (None when the file has corrections of its own),
    the finished mark, the saved place, whether it is a reference layer."""

    corrections: SegmentationOverrides | None
    finished: str | None
    cursor: int | None
    reference: bool


@dataclass(frozen=True, slots=True)
class Taken:
    """A carry taken by the reader: what it shows, and the records to save in one write."""

    carried: Carried
    held: HeldWork
    changes: list[tuple[Key, Value]]
    finished: str | None
    cursor: int | None
    """The place carried over, when the file had none."""


def take_carry(
    plan: CarryPlan,
    document: Document,
    existing: dict[int, Annotation],
    state: CarryState,
) -> Taken | None:
    """Carry ``plan``'s earlier work onto ``document`` (complete, the coder's sentences),
    next to the coder's ``existing`` annotations; None when there is none to carry."""
    earlier, corrections = plan.earlier, plan.corrections
    if earlier is None or corrections is None:
        return None
    from annotator.coding.reanchoring.carry import carry_coding, settle

    if plan.carried is not None:
        carried = settle(plan.carried, existing)
    else:
        carried = carry_coding(earlier, document, existing, corrections)
    held = HeldWork.of(earlier.doc_id, carried.review, carried.orphaned)
    changes: list[tuple[Key, Value]] = []
    if state.corrections:
        changes.append((Setting.CORRECTIONS, state.corrections))
    changes.extend((annotation.id, annotation) for annotation in carried.placed.values())
    changes.append((Setting.CARRIED_FROM, earlier.doc_id))
    changes.append((Setting.HELD, tuple(held.held)))
    changes.append((Setting.REJECTED, tuple(held.rejected)))
    finished = state.finished
    if carried.finished is not None and finished is None:
        finished = carried.finished
        changes.append((Setting.FINISHED, finished))
    cursor = None
    if corrections.cursor is not None and state.cursor is None:
        cursor = corrections.cursor
        changes.append((Setting.CURSOR, cursor))
    if earlier.reference and not state.reference:
        changes.append((Setting.REFERENCE, True))
    return Taken(carried, held, changes, finished, cursor)


class SessionCarry:
    """The coding carried over from an earlier version in one open session, and the
    coder's decisions on what was held for review (a part of ``CodingSession``)."""

    def __init__(
        self, coded: CodedDocument, store: DocumentStore, codebook: Codebook, place: MarkAndPlace
    ) -> None:
        self._coded = coded
        self._store = store
        self._codebook = codebook
        self._place = place
        self.plan: CarryPlan | None = None
        """The carry found at open, until it is taken (a large document: once whole)."""
        self.held = HeldWork()
        """Annotations of an earlier version of the text awaiting the coder's decision."""
        self.carried: Carried | None = None
        """The coding carried over from an earlier version at this opening, if any."""
        self.carried_over = 0
        """How many annotations were carried over from an earlier version."""

    def carry_over(self, plan: CarryPlan) -> None:
        """Take the coding ``plan`` found on earlier versions: now, or once a partly
        segmented document is whole (re-anchoring needs every sentence).

        Carried annotations are saved under this version with the carried corrections,
        the version they came from and the ids held for review, in one atomic write;
        the earlier version's file keeps every record.
        """
        self.plan = plan
        if self._coded.document.complete:
            self.take()

    def take(self) -> None:
        """Take the planned carry, if any: the document is whole now."""
        plan, self.plan = self.plan, None
        if plan is None:
            return
        if plan.held is not None:
            self.held = HeldWork.shown(plan.held, self._coded.document, self._coded.annotations)
            return
        taken = take_carry(plan, self._coded.document, self._coded.annotations, self._state())
        if taken is None:
            return
        self._coded.annotations.update(taken.carried.placed)
        self._coded.recount()
        self.carried_over += len(taken.carried.placed)
        self.carried, self.held = taken.carried, taken.held
        self._place.carried(taken.finished, taken.cursor)
        if not self._store.read_only:
            self._store.apply_many(taken.changes)

    def _state(self) -> CarryState:
        return CarryState(
            self._coded.corrections if self._store.own_corrections is None else None,
            self._place.finished,
            self._place.saved_offset,
            self._store.reference,
        )

    def accept_held(self, item: HeldItem, sentence: int | None = None) -> int:
        """Place a held annotation on ``sentence`` (default: the one proposed) and save
        it under this version, with the decision, in one write; returns the sentence.

        On a sentence the coder has coded since, the two are joined (codes and notes).
        Not undoable: the annotation can be removed as any other. Raises ValueError when
        nothing is proposed and no sentence is given, ``PermissionError`` when read-only.
        """
        if self._store.read_only:
            raise PermissionError("this document is open read-only")
        from annotator.coding.reanchoring.outcomes import Review  # loaded with the held work

        proposed = item.sentence if isinstance(item, Review) else None
        target = sentence if sentence is not None else proposed
        if target is None or not 0 <= target < len(self._coded.document.sentences):
            raise ValueError("no sentence is proposed for it: place it on a sentence")
        before = self._coded.annotations.get(target)
        after = placed_held(self._codebook, self._coded.document, target, item, before)
        changes: list[tuple[Key, Value]] = [(after.id, after)]
        changes.extend(self.held.decide(item, rejected=False))
        self._store.apply_many(changes)
        self._coded.tally(before, after)
        self._coded.annotations[target] = after
        change = Change(target, before, after)
        for listener in self._coded.listeners:
            listener(change)
        return target

    def reject_held(self, item: HeldItem) -> None:
        """The coder rejects a held annotation: it stays an orphan (kept in the earlier
        version's file, listed as orphaned) and is not proposed again. Saved at once."""
        if self._store.read_only:
            raise PermissionError("this document is open read-only")
        self._store.apply_many(self.held.decide(item, rejected=True))


def placed_held(
    codebook: Codebook,
    document: Document,
    sentence: int,
    item: HeldItem,
    before: Annotation | None,
) -> Annotation:
    """A held annotation anchored on ``sentence``, joined with ``before`` (the coder's
    annotation there, if any)."""
    moved = reposition(document, sentence, item.annotation)
    return joined(codebook, before, moved) if before is not None else moved


def joined(codebook: Codebook, kept: Annotation, added: Annotation) -> Annotation:
    """``kept`` with ``added``'s codes and note as well: a held annotation placed on a
    sentence the coder has coded since."""
    tags = codebook.ordered({codebook.canonical(t) for t in (*kept.tags, *added.tags)})
    notes = [n for n in (kept.note, added.note) if n.strip()]
    note = "\n\n".join(dict.fromkeys(notes))
    return kept.with_changes(tags=tuple(tags), note=note)
