"""A coding session: one coder, one document, and the operations that change the coding.

This is the layer the UI talks to, and its one door to storage. Every change (toggle a
tag, set a note, undo, redo, split or merge a sentence, mark the document finished) is a
method here, so that a keypress, the command palette, a test or a future suggestion
engine all call the same operations, and each is saved to the store at once. What the UI
shows about saving (the save status, the reason a document is read-only, edits not yet
on disk) is read here too, and so is where the coder was in the document.

Everything of the coder's work on the document is in the coder's own store file: the
annotations, the sentence corrections, the finished mark and the cursor.

The session is composed of parts by responsibility, which share one ``CodedDocument``
(the document, the corrections and the annotations): ``Annotating`` (changes to one
sentence's annotation), ``SentenceBoundaries`` (splits and merges), ``MarkAndPlace``
(the finished mark and the cursor), ``SessionCarry`` (coding carried over from an
earlier version, and the held annotations) and ``DocumentCompletion`` (a large document
made whole). Its methods delegate to them, so that callers keep one door; it routes
undo and redo, and reports on saving.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.annotation import Annotation
from annotator.codebook.model import Codebook
from annotator.coding.anchoring import place_annotations
from annotator.coding.annotating import Annotating
from annotator.coding.boundaries import SentenceBoundaries
from annotator.coding.carrying import CarryPlan, HeldItem, HeldWork, SessionCarry
from annotator.coding.coded_document import CodedDocument
from annotator.coding.completing import DocumentCompletion, WholeDocument
from annotator.coding.history import Change, History, Step
from annotator.coding.mark_and_place import MarkAndPlace
from annotator.coding.saving import SaveListener, SaveStatus
from annotator.store import DataDir, DocumentStore
from annotator.text.document import Document
from annotator.text.overrides import SegmentationOverrides
from annotator.text.progressive import PendingDocument, Progress

if TYPE_CHECKING:
    from annotator.coding.reanchoring.carry import Carried


class CodingSession:
    """The state of one coder's work on one document, kept in step with the store."""

    def __init__(
        self,
        document: Document,
        codebook: Codebook,
        store: DocumentStore,
        coder: str,
        data_dir: DataDir,
        *,
        read_only_reason: str = "",
    ) -> None:
        self.codebook = codebook
        self.store = store
        self.coder = coder
        self.data_dir = data_dir
        self._read_only_reason = read_only_reason
        placement = place_annotations(document, store.load())
        self._coded = CodedDocument(
            document, store.corrections, dict(placement.placed), placement.unplaced
        )
        self._history = History()
        self._annotating = Annotating(self._coded, store, self._history, codebook, coder)
        self._boundaries = SentenceBoundaries(self._coded, store, self._history)
        self._place = MarkAndPlace(self._coded, store)
        self._carrying = SessionCarry(self._coded, store, codebook, self._place)
        self._completion = DocumentCompletion(
            self._coded, store, self._history, self._carrying, data_dir, coder
        )
        self.warnings: list[str] = []
        """What went wrong around the document but did not stop it opening (a damaged
        catalog), for the front end to show."""
        self.previous_version: str | None = None
        """The version of the text this one follows, for the catalog."""

    # -- queries ---------------------------------------------------------------------

    @property
    def document(self) -> Document:
        """The document, segmented with ``corrections``."""
        return self._coded.document

    @document.setter
    def document(self, document: Document) -> None:
        self._coded.document = document

    @property
    def corrections(self) -> SegmentationOverrides:
        """The coder's splits and merges, as ``document`` is segmented with them."""
        return self._coded.corrections

    @corrections.setter
    def corrections(self, corrections: SegmentationOverrides) -> None:
        self._coded.corrections = corrections

    @property
    def annotations(self) -> dict[int, Annotation]:
        """The coder's annotations, by sentence of ``document``."""
        return self._coded.annotations

    @annotations.setter
    def annotations(self, annotations: dict[int, Annotation]) -> None:
        self._coded.annotations = annotations

    @property
    def unplaced(self) -> list[Annotation]:
        """The coder's annotations not placed on a sentence (yet)."""
        return self._coded.unplaced

    @property
    def listeners(self) -> list[Callable[[Change], None]]:
        """Told of every change to one sentence's annotation."""
        return self._coded.listeners

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    @property
    def read_only_reason(self) -> str:
        """Why the document opened read-only (another process holds it, the data directory
        cannot be written...); "" if read-only was asked for."""
        return self._read_only_reason or self.store.read_only_reason

    def annotation(self, sentence: int) -> Annotation | None:
        return self.annotations.get(sentence)

    def tags(self, sentence: int) -> list[str]:
        annotation = self.annotations.get(sentence)
        return self.codebook.ordered(annotation.tags) if annotation else []

    def note(self, sentence: int) -> str:
        annotation = self.annotations.get(sentence)
        return annotation.note if annotation else ""

    @property
    def tagged_count(self) -> int:
        """Sentences with at least one code (see ``CodedDocument``)."""
        return self._coded.tagged_count

    def recount(self) -> None:
        """The annotations were replaced wholesale: count tagged sentences again."""
        self._coded.recount()

    # -- operations ------------------------------------------------------------------

    def toggle_tag(self, sentence: int, code: str) -> Change:
        """Add ``code`` to the sentence's tags, or remove it if present."""
        return self._annotating.toggle_tag(sentence, code)

    def set_note(self, sentence: int, note: str) -> Change:
        """Set the sentence's note (blank: none); raises ``NoteTooLong`` over the bound."""
        return self._annotating.set_note(sentence, note)

    def set_tags(self, sentence: int, tags: Iterable[str]) -> Change:
        """Give the sentence exactly ``tags`` (the note stays): one undoable change."""
        return self._annotating.set_tags(sentence, tags)

    def fill(self, tags: Mapping[int, Iterable[str]]) -> int:
        """Give each sentence without an annotation its ``tags``, in one write and outside
        the undo history; returns how many sentences were filled."""
        return self._annotating.fill(tags)

    def undo(self) -> Step | None:
        """Revert the last change, split or merge; saved at once. Returns what was done
        (a ``Change``, or a ``Resegmented`` whose ``sentence`` is where to go), or None.

        A split or merge is undone in one write of the coder's file, as it was made.
        """
        if self.read_only:
            raise PermissionError("this document is open read-only")
        return self._history.undo(self._replay)

    def redo(self) -> Step | None:
        """Make the last undone step again; as ``undo``."""
        if self.read_only:
            raise PermissionError("this document is open read-only")
        return self._history.redo(self._replay)

    def _replay(self, step: Step) -> None:
        if isinstance(step, Change):
            self._annotating.write(step.sentence, step.before, step.after)
        else:
            self._boundaries.replay(step)

    # -- sentence corrections ----------------------------------------------------------

    def split(self, sentence: int, offset: int) -> int:
        """Start a new sentence at ``offset``; returns the one that starts where it did."""
        return self._boundaries.split(sentence, offset)

    def merge(self, sentence: int) -> int:
        """Join ``sentence`` and the next one; returns the merged sentence's index."""
        return self._boundaries.merge(sentence)

    def segment_as(self, overrides: SegmentationOverrides) -> None:
        """Segment the document with ``overrides`` instead of the coder's corrections."""
        self._boundaries.segment_as(overrides)

    # -- a large document, segmented in the background -----------------------------------

    def segment_rest(
        self, pending: PendingDocument, progress: Progress | None = None
    ) -> WholeDocument:
        """Segment all of a partly segmented document, off the UI thread; changes nothing."""
        return self._completion.segment_rest(pending, progress)

    def finish_segmenting(self, whole: WholeDocument) -> bool:
        """Swap in the whole document from ``segment_rest``; False if it is not for this."""
        return self._completion.finish_segmenting(whole, self.previous_version)

    def complete_document(self, document: Document) -> None:
        """Replace a partly segmented document with the whole one."""
        self._completion.complete_document(document)

    # -- coding carried over from an earlier version of the text -------------------------

    def carry_over(self, plan: CarryPlan) -> None:
        """Take the coding ``plan`` found on earlier versions, now or once it is whole."""
        self._carrying.carry_over(plan)

    @property
    def held(self) -> HeldWork:
        """Annotations of an earlier version of the text awaiting the coder's decision."""
        return self._carrying.held

    @property
    def carried(self) -> Carried | None:
        """The coding carried over from an earlier version at this opening, if any."""
        return self._carrying.carried

    @property
    def carried_over(self) -> int:
        """How many annotations were carried over from an earlier version."""
        return self._carrying.carried_over

    def accept_held(self, item: HeldItem, sentence: int | None = None) -> int:
        """Place a held annotation on ``sentence`` (default: the one proposed)."""
        return self._carrying.accept_held(item, sentence)

    def reject_held(self, item: HeldItem) -> None:
        """The coder rejects a held annotation: it is not proposed again."""
        self._carrying.reject_held(item)

    # -- finished, and where the coder was -------------------------------------------

    @property
    def finished(self) -> str | None:
        """When the coder marked the document finished (UTC, ISO 8601), or None."""
        return self._place.finished

    def set_finished(self, finished: bool) -> str | None:
        """Mark the document finished (now) or not; returns the new mark."""
        return self._place.set_finished(finished)

    @property
    def saved_cursor(self) -> int | None:
        """The sentence the coder was on when they last left the document, or None."""
        return self._place.saved_cursor

    @property
    def remembered_cursor(self) -> int | None:
        """The sentence the coder is on, as last remembered (at open: the saved one)."""
        return self._place.remembered_cursor

    def remember_cursor(self, sentence: int) -> None:
        """The coder is on ``sentence`` now; kept in memory until ``save_cursor``."""
        self._place.remember_cursor(sentence)

    def save_cursor(self) -> bool:
        """Queue the remembered cursor for saving if it moved; True if queued."""
        return self._place.save_cursor()

    # -- saving ------------------------------------------------------------------------

    @property
    def save_status(self) -> SaveStatus:
        return self.store.status

    @property
    def unsaved_count(self) -> int:
        """Changes not yet durable on disk."""
        return self.store.pending

    def add_save_listener(self, listener: SaveListener) -> None:
        """``listener(status)`` is called after every change of the save status: on the
        store's writer thread, and on the caller's thread when a change is queued."""
        self.store.add_status_listener(listener)

    def export_unsaved(self, destination: Path) -> int:
        """Write the edits not yet on disk to ``destination`` as JSON lines (to recover
        them elsewhere); returns how many. Raises ``OSError``."""
        return self.store.export_unsaved(destination)

    def flush(self, timeout: float | None = None) -> bool:
        """Block until every change is durable on disk; False on timeout."""
        return self.store.flush(timeout)

    def close(self, timeout: float | None = 10.0) -> bool:
        """Save where the coder was, flush and release the store; False if changes stayed
        unsaved (see the store)."""
        self.save_cursor()
        return self.store.close(timeout)
