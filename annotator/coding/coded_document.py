"""The coder's document as an open session holds it, shared by the session's parts.

A ``CodingSession`` is composed of parts by responsibility (``boundaries`` for splits and
merges, ``carrying`` for coding carried over from an earlier version, ``mark_and_place``
for the finished mark and the cursor). They all change the same sentences and the
annotations on them, so that state is kept here, typed and in one place, and each part
is handed it rather than reaching into the session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from annotator.annotation import Annotation
from annotator.coding.history import Change
from annotator.text.document import Document
from annotator.text.overrides import SegmentationOverrides


@dataclass(eq=False)
class CodedDocument:
    """The document segmented with the coder's ``corrections``, and the coder's
    ``annotations`` by sentence; a split or merge replaces all three, and completing a
    partly segmented document replaces the document, the annotations and ``unplaced``.

    ``listeners`` are told of every change to one sentence's annotation.
    """

    document: Document
    corrections: SegmentationOverrides
    annotations: dict[int, Annotation]
    unplaced: list[Annotation] = field(default_factory=list)
    """The coder's annotations not placed on a sentence: their text changed, or a
    partly segmented document does not reach them yet."""
    listeners: list[Callable[[Change], None]] = field(default_factory=list)
    _tagged: int | None = field(default=None, init=False, repr=False)

    @property
    def tagged_count(self) -> int:
        """Sentences with at least one code; kept up to date per change, so the status
        bar's progress costs the same in a long document as in a short one."""
        if self._tagged is None:
            self._tagged = sum(1 for a in self.annotations.values() if a.tags)
        return self._tagged

    def recount(self) -> None:
        """The annotations were replaced wholesale: count tagged sentences again."""
        self._tagged = None

    def tally(self, before: Annotation | None, after: Annotation | None) -> None:
        """One sentence's annotation goes from ``before`` to ``after``: keep the count."""
        if self._tagged is not None:
            self._tagged += bool(after and after.tags) - bool(before and before.tags)
