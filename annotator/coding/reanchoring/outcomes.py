"""What becomes of an annotation when its text changes: placed, held for review, orphaned.

The three outcomes of re-anchoring (``annotator.coding.reanchoring.reanchor``) are data that the
reader holds while a document is open (what awaits the coder's review), so they live
here, apart from the matching that decides them: opening a text that was never edited
loads none of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from annotator.annotation import Annotation

if TYPE_CHECKING:
    from annotator.coding.reanchoring.matching import Method

REJECTED = "rejected by the coder"
"""The reason of an orphan the coder rejected (it stays an orphan for good)."""


@dataclass(frozen=True, slots=True)
class Placed:
    """Placed automatically on ``sentence`` of the new document."""

    annotation: Annotation  # as stored
    moved: Annotation  # the same, anchored on the new sentence (save this one)
    sentence: int
    method: Method
    score: float  # similarity of the quote to the sentence: 1.0 when exact
    context: float  # mean similarity of the stored prefix and suffix to the new ones


@dataclass(frozen=True, slots=True)
class Review:
    """Held for the coder: ``sentence`` is the proposal (None if there is none)."""

    annotation: Annotation
    sentence: int | None
    score: float
    context: float
    reason: str


@dataclass(frozen=True, slots=True)
class Orphaned:
    """Its text is gone from the document; kept, never deleted."""

    annotation: Annotation
    reason: str


Outcome = Placed | Review | Orphaned
