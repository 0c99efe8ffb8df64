"""A large document opened partly segmented, made whole in the background.

Segmenting a book takes most of a second, so the reader opens it at its beginning and a
worker segments the rest; the coder codes meanwhile. This part of a ``CodingSession``
does the segmenting (off the UI thread, changing nothing) and then swaps the whole
document in: the coding moves onto it, a split or merge made meanwhile is applied
again, annotations not placed yet find their sentence, and coding carried over from an
earlier version is taken, since re-anchoring needs every sentence.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from annotator.coding.anchoring import place_on_whole
from annotator.coding.carrying import SessionCarry
from annotator.coding.catalog import (
    register_if_possible,
)
from annotator.coding.coded_document import CodedDocument
from annotator.coding.history import History
from annotator.coding.resegment import with_overrides
from annotator.store import DataDir, DocumentStore
from annotator.store.segment_cache import SegmentCache
from annotator.text.document import Document
from annotator.text.overrides import SegmentationOverrides
from annotator.text.progressive import PendingDocument, Progress

if TYPE_CHECKING:
    from annotator.coding.reanchoring.carry import Carried


@dataclass(frozen=True, slots=True)
class WholeDocument:
    """All of a partly segmented document, and the corrections it was segmented with;
    ``carried`` is the coding of an earlier version carried onto it, if there is one."""

    document: Document
    overrides: SegmentationOverrides
    carried: Carried | None = None


class DocumentCompletion:
    """Completing one session's partly segmented document; see the module docstring."""

    def __init__(
        self,
        coded: CodedDocument,
        store: DocumentStore,
        history: History,
        carrying: SessionCarry,
        data_dir: DataDir,
        coder: str,
    ) -> None:
        self._coded = coded
        self._store = store
        self._history = history
        self._carrying = carrying
        self._data_dir = data_dir
        self._coder = coder

    def segment_rest(
        self, pending: PendingDocument, progress: Progress | None = None
    ) -> WholeDocument:
        """Segment all of a partly segmented document with the corrections saved now.

        Takes most of a second for a book, so a front end calls it off its UI thread; it
        changes nothing but the segmentation cache. ``finish_segmenting`` then swaps the
        result in.
        """
        overrides = self._coded.corrections
        whole = SegmentCache(self._data_dir).whole(pending, overrides, progress)
        plan = self._carrying.plan
        carried = None
        if plan is not None and plan.earlier is not None and plan.corrections is not None:
            from annotator.coding.reanchoring.carry import carry_coding

            # Re-anchoring a book takes a fraction of a second: here, off the UI thread.
            carried = carry_coding(plan.earlier, whole, {}, plan.corrections)
        return WholeDocument(whole, overrides, carried)

    def finish_segmenting(self, whole: WholeDocument, previous_version: str | None) -> bool:
        """Swap in the whole document from ``segment_rest``; False if it is not for this
        document or the document is already whole.

        A split or merge made while it was segmented is applied to it again, so the new
        sentences keep it and the codes carried onto them. The whole document is recorded
        in the data directory's catalog, as following ``previous_version``.
        """
        document = whole.document
        if document.doc_id != self._coded.document.doc_id or self._coded.document.complete:
            return False
        overrides = self._coded.corrections
        if overrides != whole.overrides:
            document = with_overrides(document, overrides)
        elif whole.carried is not None and self._carrying.plan is not None:
            self._carrying.plan = replace(self._carrying.plan, carried=whole.carried)
        if not self._store.read_only:
            # The catalog entry is only what the data directory knows about the file; a
            # full disk now must not stop the reader (edits say NOT SAVED themselves),
            # and the next open records it.
            with contextlib.suppress(OSError):
                register_if_possible(self._data_dir, document, [], previous_version, self._coder)
        self.complete_document(document)
        return True

    def complete_document(self, document: Document) -> None:
        """Replace a partly segmented document with the whole one.

        Annotations on the beginning keep their sentences (same spans, same indices); the
        ones that could not be placed on the beginning are placed now. Annotations carried
        over from an earlier version of the file are saved once they find their sentence.
        """
        placement = place_on_whole(
            self._coded.document, document, self._coded.annotations, self._coded.unplaced
        )
        if not self._store.read_only:
            for annotation in placement.moved:
                self._store.save(annotation)
        self._carrying.carried_over += placement.carried_over
        self._coded.document = document
        self._coded.annotations = placement.placed
        self._coded.recount()
        self._coded.unplaced = placement.unplaced
        if placement.renumbered:
            self._history.clear()
        self._carrying.take()
