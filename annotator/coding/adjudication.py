"""Adjudication: settling the coders' disagreements in a reference layer.

The adjudicator works in the store of a coder of their own (``gold`` by default), through
an ordinary ``CodingSession`` on it: code keys, notes, undo, splits and merges are the
reader's. ``Adjudication`` adds what the coders said: for each sentence of the reference,
every compared coder's codes and note over it, whether the finished coders agree, where
the disagreements are, and taking one coder's codes as the reference's.

The reference layer is marked as one in its file (the ``coder`` record says
``reference: true``), so agreement leaves it out unless asked, and the file remembers
which sentences the adjudicator decided (any change on a sentence decides it), so
``annotator adjudicate --auto`` can say what is left. When the reference is new, it is
segmented as the common refinement of the finished coders' sentences (every sentence
start of any of them starts a sentence), which are agreement's units, and the sentences
every finished coder coded alike are filled in.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace

from annotator.coding.document_coders import CoderCoding, DocumentCoders, LeftOut
from annotator.coding.history import Change
from annotator.coding.session import CodingSession
from annotator.coding.workspace import Workspace
from annotator.store.writer import Setting
from annotator.text.document import Document
from annotator.text.overrides import SegmentationOverrides

DEFAULT_REFERENCE = "gold"
"""The coder whose store holds the reference layer unless ``--as`` names another."""


class AdjudicationError(ValueError):
    """Adjudication cannot start as asked; the message says why in one line."""


@dataclass(frozen=True, slots=True)
class CoderAnswer:
    """What one compared coder said about a sentence of the reference.

    ``number`` (from 1) is how the take key names the coder. ``codes`` are under their
    current names, in codebook order: the union over the coder's sentences that overlap
    the reference sentence (one, unless segmentations differ), and ``note`` their notes.
    ``covered`` is false when the coder has no sentence there.
    """

    coder: str
    number: int
    finished: bool
    codes: tuple[str, ...]
    note: str
    covered: bool


@dataclass(frozen=True, slots=True)
class AdjudicationPlan:
    """What ``annotator adjudicate`` checked before opening anything: the document, the
    coders compared (in the order the panel numbers them), the reference layer's coder,
    and what was left out."""

    coders: DocumentCoders
    reference: str
    left_out: tuple[LeftOut, ...] = ()

    @property
    def document(self) -> Document:
        return self.coders.document


def plan_adjudication(
    found: DocumentCoders, chosen: Sequence[str] | None, reference: str
) -> AdjudicationPlan:
    """Check the coders to compare on ``found`` and the reference layer's name.

    Without ``chosen``, every coder with work on the document but reference layers, by
    name; otherwise the coders in the order given, which is how the take key numbers them.
    Raises ``AdjudicationError`` for an unknown coder, a reference named among the
    coders, a reference name whose file holds a coder's own coding, and fewer than two
    coders who finished the document.
    """
    names = [c.coder for c in found.coders]
    if chosen is None:
        chosen = [c.coder for c in found.coders if not c.reference and c.coder != reference]
    for name in chosen:
        if name not in names:
            known = ", ".join(n for n in names if n != reference) or "none"
            raise AdjudicationError(
                f"unknown coder {name!r}: no work by {name!r} on {found.document.name} "
                f"(coders of it: {known})"
            )
    if reference in chosen:
        raise AdjudicationError(
            f"{reference!r} is the reference layer (--as) and cannot also be a compared coder"
        )
    own = found.coder(reference)
    if own is not None and not own.reference and (own.annotations or own.unplaced):
        raise AdjudicationError(
            f"{reference!r} has coded {found.document.name} as a coder, not as a reference "
            "layer; name another with --as"
        )
    finished = [name for name in chosen if (c := found.coder(name)) and c.finished]
    if len(finished) < 2:
        unfinished = [name for name in chosen if name not in finished]
        detail = f"; not finished: {', '.join(unfinished)}" if unfinished else ""
        raise AdjudicationError(
            f"adjudication needs two coders who finished {found.document.name}, "
            f"found {len(finished)}{detail}"
        )
    # Numbered for the take key in the order asked for (default: by name).
    ordered = tuple(coding for name in dict.fromkeys(chosen) if (coding := found.coder(name)))
    return AdjudicationPlan(replace(found, coders=ordered), reference, found.left_out)


def refinement(plan: AdjudicationPlan) -> SegmentationOverrides:
    """The corrections that segment the document as the common refinement of the
    finished coders' sentences: a split wherever one of them starts a sentence the
    segmenter does not, a merge wherever none of them starts one the segmenter does."""
    base = plan.document
    starts = {s.start for c in plan.coders.coders if c.finished for s in c.document.sentences}
    segmenter = {s.start for s in base.sentences}
    return SegmentationOverrides.of(splits=starts - segmenter, merges=segmenter - starts)


class Adjudication:
    """The reference layer's session and the coders' work on the same document."""

    def __init__(self, session: CodingSession, plan: AdjudicationPlan) -> None:
        self.session = session
        self.plan = plan
        self.reference = plan.reference
        self.coders: tuple[CoderCoding, ...] = plan.coders.coders
        self.filled = 0
        """Sentences filled in at open because every finished coder coded them alike."""
        self._starts = [[s.start for s in c.document.sentences] for c in self.coders]
        self._decided: set[int] = set(session.store.adjudicated)
        self._disagreements: tuple[Document, list[int]] | None = None
        session.listeners.append(self._changed)

    # -- what the coders said ------------------------------------------------------------

    @property
    def finished_coders(self) -> tuple[str, ...]:
        return tuple(c.coder for c in self.coders if c.finished)

    def answers(self, sentence: int) -> tuple[CoderAnswer, ...]:
        """Each compared coder's codes and note over reference sentence ``sentence``."""
        span = self.session.document.sentences[sentence]
        codebook = self.session.codebook
        found = []
        for number, (coding, starts) in enumerate(zip(self.coders, self._starts, strict=True)):
            sentences = coding.document.sentences
            index = max(0, bisect_right(starts, span.start) - 1)
            codes: set[str] = set()
            notes: list[str] = []
            covered = False
            while index < len(sentences) and sentences[index].start < span.end:
                if sentences[index].end > span.start:
                    covered = True
                    codes.update(coding.codes(index))
                    note = coding.note(index)
                    if note and note not in notes:
                        notes.append(note)
                index += 1
            found.append(
                CoderAnswer(
                    coding.coder,
                    number + 1,
                    coding.finished is not None,
                    tuple(codebook.ordered(codes)),
                    "\n\n".join(notes),
                    covered,
                )
            )
        return tuple(found)

    def agreed(self, sentence: int) -> tuple[str, ...] | None:
        """The codes every finished coder gave the sentence, if they all gave the same."""
        finished = [a for a in self.answers(sentence) if a.finished]
        if len(finished) < 2 or not all(a.covered for a in finished):
            return None
        first = finished[0].codes
        return first if all(a.codes == first for a in finished[1:]) else None

    def disagrees(self, sentence: int) -> bool:
        """True when the finished coders did not all give the sentence the same codes."""
        finished = [a for a in self.answers(sentence) if a.finished]
        given = {a.codes for a in finished if a.covered}
        if len(given) > 1:
            return True
        uncovered = any(not a.covered for a in finished)
        return uncovered and len(finished) >= 2 and any(given - {()})

    def disagreements(self) -> list[int]:
        """The reference sentences the finished coders disagree on, in text order."""
        document = self.session.document
        if self._disagreements is None or self._disagreements[0] is not document:
            found = [i for i in range(len(document.sentences)) if self.disagrees(i)]
            self._disagreements = (document, found)
        return self._disagreements[1]

    def step(self, cursor: int, *, forward: bool, count: int = 1) -> int | None:
        """The ``count``-th disagreement after (or before) ``cursor``; None if none."""
        found = self.disagreements()
        index = bisect_right(found, cursor) if forward else bisect_right(found, cursor - 1) - 1
        index += (count - 1) if forward else -(count - 1)
        return found[index] if 0 <= index < len(found) else None

    # -- the reference -------------------------------------------------------------------

    def decided(self, sentence: int) -> bool:
        """True once the adjudicator changed the sentence's reference codes or note."""
        return self.session.document.sentences[sentence].start in self._decided

    def open_disagreements(self) -> list[int]:
        """The disagreements not decided yet."""
        return [i for i in self.disagreements() if not self.decided(i)]

    def take(self, sentence: int, number: int) -> Change:
        """Make coder ``number``'s codes (as ``answers`` gives them) the reference's on
        ``sentence``: one undoable change, which decides the sentence. IndexError for a
        number no coder has."""
        if not 1 <= number <= len(self.coders):
            raise IndexError(number)
        answer = self.answers(sentence)[number - 1]
        return self.session.set_tags(sentence, answer.codes)

    def fill_agreed(self) -> int:
        """Give each sentence every finished coder coded alike those codes, unless the
        adjudicator decided it or the reference has coded it; one write."""
        session = self.session
        codes = {}
        for sentence in range(len(session.document.sentences)):
            if sentence in session.annotations or self.decided(sentence):
                continue
            agreed = self.agreed(sentence)
            if agreed:
                codes[sentence] = agreed
        return session.fill(codes)

    def _changed(self, change: Change) -> None:
        """A change of the reference decides its sentence; the file remembers it."""
        sentences = self.session.document.sentences
        if not 0 <= change.sentence < len(sentences):
            return
        start = sentences[change.sentence].start
        if start not in self._decided:
            self._decided.add(start)
            self.session.store.set(Setting.ADJUDICATED, tuple(sorted(self._decided)))

    def close(self) -> bool:
        """Stop following the session and close it; False if changes stayed unsaved."""
        if self._changed in self.session.listeners:
            self.session.listeners.remove(self._changed)
        return self.session.close()


def open_adjudication(workspace: Workspace, plan: AdjudicationPlan) -> Adjudication:
    """Open the reference layer (the workspace's coder) on the plan's document.

    A reference that can be written is marked as one; a new one (no coding, no
    corrections) is segmented as the finished coders' common refinement; then the
    sentences they all coded alike are filled in (``Adjudication.filled``). Raises
    ``DamagedStoreFile`` as ``Workspace.open`` does.
    """
    session = workspace.open(plan.document)
    try:
        if not session.read_only:
            if not session.store.reference:
                session.store.set(Setting.REFERENCE, True)
            fresh = not session.annotations and not session.unplaced
            if fresh and session.store.own_corrections is None and not session.store.adjudicated:
                session.segment_as(refinement(plan))
        adjudication = Adjudication(session, plan)
        if not session.read_only:
            adjudication.filled = adjudication.fill_agreed()
    except BaseException:
        session.close()
        raise
    return adjudication
