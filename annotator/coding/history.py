"""The undo history of a coding session: changes to one sentence, and splits and merges.

A ``Change`` is one sentence's annotation before and after. A ``Resegmented`` is a split
or a merge: the sentence corrections before and after it, and the annotations on the
sentences it replaced and on those it made, exactly as they were, so undoing it puts
back the very records (ids, codes, notes, times) that were there, rather than carrying
the merged codes back onto both halves. Steps are undone in the reverse order they were
made, so a step always meets the sentence numbers it was recorded with. The session
applies the steps; this module only keeps them. No Textual, no storage here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from annotator.annotation import Annotation
from annotator.text.overrides import SegmentationOverrides


@dataclass(frozen=True, slots=True)
class Change:
    """One undoable change to one sentence's annotation."""

    sentence: int
    before: Annotation | None
    after: Annotation | None

    def inverse(self) -> Change:
        return Change(self.sentence, self.after, self.before)


@dataclass(frozen=True, slots=True)
class Resegmented:
    """A split or merge, as a step of the history; ``inverse`` is its undo.

    ``before`` holds the annotations (by sentence number before the step) of the
    sentences the step replaced; ``after`` those (by number after it) of the sentences it
    made. ``sentence`` is where the coder was after the step; ``sentence_before`` where
    they were before it. ``what`` names the step for messages: "split" or "merge".
    """

    what: str
    sentence: int
    sentence_before: int
    overrides_before: SegmentationOverrides
    overrides_after: SegmentationOverrides
    before: tuple[tuple[int, Annotation], ...]
    after: tuple[tuple[int, Annotation], ...]

    def inverse(self) -> Resegmented:
        return Resegmented(
            self.what,
            self.sentence_before,
            self.sentence,
            self.overrides_after,
            self.overrides_before,
            self.after,
            self.before,
        )


Step = Change | Resegmented


class History:
    """Undo and redo stacks of steps."""

    def __init__(self) -> None:
        self._undo: list[Step] = []
        self._redo: list[Step] = []

    def record(self, step: Step) -> None:
        """A new step was made: it can be undone, and nothing undone can be redone."""
        self._undo.append(step)
        self._redo.clear()

    def clear(self) -> None:
        """The sentence numbers changed under every step (a document renumbered)."""
        self._undo.clear()
        self._redo.clear()

    def undo(self, apply: Callable[[Step], None]) -> Step | None:
        """Apply the inverse of the last step; returns that inverse (None if none).

        If ``apply`` raises, the step stays where it was.
        """
        if not self._undo:
            return None
        step = self._undo[-1]
        inverse = step.inverse()
        apply(inverse)
        self._redo.append(self._undo.pop())
        return inverse

    def redo(self, apply: Callable[[Step], None]) -> Step | None:
        """Apply the last undone step again; returns it (None if none)."""
        if not self._redo:
            return None
        step = self._redo[-1]
        apply(step)
        self._undo.append(self._redo.pop())
        return step
