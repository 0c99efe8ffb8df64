"""The coder's splits and merges in an open session: saved, and recorded for undo.

Moving the sentence boundaries changes three things at once: the corrections, the
document segmented with them, and the annotations carried onto the new sentences
(``annotator.coding.resegment`` works out that carrying). This part of a
``CodingSession`` makes the change in the shared ``CodedDocument`` and writes it to the
coder's file in one atomic write, so that a split or merge is never half saved.
"""

from __future__ import annotations

from collections.abc import Callable

from annotator.coding.coded_document import CodedDocument
from annotator.coding.history import History, Resegmented
from annotator.coding.resegment import (
    carry_annotations,
    changed_sentences,
    swap_annotations,
    with_overrides,
)
from annotator.store import DocumentStore
from annotator.store.writer import Key, Setting, Value
from annotator.text.overrides import (
    SegmentationOverrides,
    merge_at,
    split_at,
)


class NothingToMerge(ValueError):
    """The sentence is the last of its paragraph: there is no next sentence to merge."""


class SentenceBoundaries:
    """Splits, merges and a segmentation set whole, on one session's coded document."""

    def __init__(self, coded: CodedDocument, store: DocumentStore, history: History) -> None:
        self._coded = coded
        self._store = store
        self._history = history

    def split(self, sentence: int, offset: int) -> int:
        """Start a new sentence at text ``offset`` (a word inside ``sentence``).

        The coding is carried onto the new sentences (see ``coding.resegment``), and the
        correction and the annotations it moved are queued together: one atomic write of
        the coder's file. Returns the index of the sentence that now starts where
        ``sentence`` did. Raises ``PermissionError`` (read-only).
        """
        return self._correct("split", sentence, lambda overrides: split_at(overrides, offset))

    def merge(self, sentence: int) -> int:
        """Join ``sentence`` and the next one; raises ``NothingToMerge`` if it ends its
        paragraph, and otherwise as ``split`` does. Returns the merged sentence's index."""
        sentences = self._coded.document.sentences
        following = sentence + 1
        if following >= len(sentences) or (
            sentences[following].paragraph != sentences[sentence].paragraph
        ):
            raise NothingToMerge("The last sentence of a paragraph has nothing to merge with.")
        boundary = sentences[following].start
        return self._correct("merge", sentence, lambda overrides: merge_at(overrides, boundary))

    def _correct(
        self,
        what: str,
        sentence: int,
        change: Callable[[SegmentationOverrides], SegmentationOverrides],
    ) -> int:
        """Make a split or merge: save the corrections, carry the coding onto the new
        sentences (see ``annotator.coding.resegment``), and record it for undo."""
        if self._store.read_only:
            raise PermissionError("this document is open read-only")
        old = self._coded.document
        before = self._coded.corrections
        after = change(before)
        new = with_overrides(old, after)
        carried = carry_annotations(old, new, self._coded.annotations)
        replaced, made = changed_sentences(old, new, self._coded.annotations, carried.annotations)
        changes: list[tuple[Key, Value]] = [(Setting.CORRECTIONS, after)]
        changes.extend((annotation_id, None) for annotation_id in carried.deleted)
        changes.extend((annotation.id, annotation) for annotation in carried.saved)
        # The corrections and the annotations they move reach the coder's file in one
        # atomic write.
        self._store.apply_many(changes)
        self._coded.document = new
        self._coded.corrections = after
        self._coded.annotations = carried.annotations
        self._coded.recount()
        found = new.sentence_at_offset(old.sentences[sentence].start)
        cursor = found if found is not None else 0
        self._history.record(Resegmented(what, cursor, sentence, before, after, replaced, made))
        return cursor

    def segment_as(self, overrides: SegmentationOverrides) -> None:
        """Segment the document with ``overrides`` instead of the coder's corrections,
        carrying the coding as a split or merge does; one write, and the undo history
        starts afresh (adjudication segments the reference as the coders' common
        refinement)."""
        if self._store.read_only:
            raise PermissionError("this document is open read-only")
        if overrides == self._coded.corrections:
            return
        new = with_overrides(self._coded.document, overrides)
        carried = carry_annotations(self._coded.document, new, self._coded.annotations)
        changes: list[tuple[Key, Value]] = [(Setting.CORRECTIONS, overrides)]
        changes.extend((annotation_id, None) for annotation_id in carried.deleted)
        changes.extend((annotation.id, annotation) for annotation in carried.saved)
        self._store.apply_many(changes)
        self._coded.document = new
        self._coded.corrections = overrides
        self._coded.annotations = carried.annotations
        self._coded.recount()
        self._history.clear()

    def replay(self, step: Resegmented) -> None:
        """Swap the sentences ``step.before`` had for those ``step.after`` has, with the
        very annotations each had (an undone or redone split or merge), in one write."""
        old = self._coded.document
        new = with_overrides(old, step.overrides_after)
        self._coded.annotations = swap_annotations(
            old, new, self._coded.annotations, step.before, step.after
        )
        self._coded.document = new
        self._coded.corrections = step.overrides_after
        self._coded.recount()
        kept = {annotation.id for _, annotation in step.after}
        changes: list[tuple[Key, Value]] = [(Setting.CORRECTIONS, step.overrides_after)]
        changes.extend((a.id, None) for _, a in step.before if a.id not in kept)
        changes.extend((a.id, a) for _, a in step.after)
        self._store.apply_many(changes)
