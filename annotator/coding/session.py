"""A coding session: one coder, one document, and the operations that change the coding.

This is the layer the UI talks to, and its one door to storage. Every change (toggle a
tag, set a note, undo, redo, split or merge a sentence) is a method here, so that a
keypress, the command palette, a test or a future suggestion engine all call the same
operations, and each is saved to the store at once. What the UI shows about saving (the
save status, the reason a document is read-only, edits not yet on disk) is read here too.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annotator.annotation import Annotation, new_id, note_too_long, utc_now
from annotator.codebook.model import Codebook
from annotator.coding.anchoring import (
    anchor_fields,
    place_annotations,
    place_on_whole,
    reposition,
)
from annotator.coding.resegment import (
    apply_saved_overrides,
    carry_annotations,
    corrected,
    saved_overrides,
    with_overrides,
)
from annotator.coding.saving import SaveListener, SaveStatus
from annotator.store import DataDir, DocumentStore
from annotator.text.document import Document
from annotator.text.overrides import (
    EMPTY,
    OverridesDamaged,
    SegmentationOverrides,
    merge_at,
    split_at,
)
from annotator.text.progressive import PendingDocument, Progress


@dataclass(frozen=True, slots=True)
class Change:
    """One undoable change to one sentence's annotation."""

    sentence: int
    before: Annotation | None
    after: Annotation | None


class NoteTooLong(ValueError):
    """A note over ``annotation.MAX_NOTE`` characters; the message says so in one line."""


class NothingToMerge(ValueError):
    """The sentence is the last of its paragraph: there is no next sentence to merge."""


@dataclass(frozen=True, slots=True)
class WholeDocument:
    """All of a partly segmented document, and the corrections it was segmented with."""

    document: Document
    overrides: SegmentationOverrides


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
        self.document = document
        self.codebook = codebook
        self.store = store
        self.coder = coder
        self.data_dir = data_dir
        self._read_only_reason = read_only_reason
        placement = place_annotations(document, store.load())
        self.annotations: dict[int, Annotation] = dict(placement.placed)
        self.unplaced: list[Annotation] = placement.unplaced
        self._tagged: int | None = None
        self.carried_over = 0
        self._undo: list[Change] = []
        self._redo: list[Change] = []
        self.listeners: list[Callable[[Change], None]] = []

    # -- queries ---------------------------------------------------------------------

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
        """Sentences with at least one code; kept up to date per change, so the status
        bar's progress costs the same in a long document as in a short one."""
        if self._tagged is None:
            self._tagged = sum(1 for a in self.annotations.values() if a.tags)
        return self._tagged

    def recount(self) -> None:
        """The annotations were replaced wholesale: count tagged sentences again."""
        self._tagged = None

    # -- operations ------------------------------------------------------------------

    def toggle_tag(self, sentence: int, code: str) -> Change:
        """Add ``code`` to the sentence's tags, or remove it if present."""
        current = self.annotations.get(sentence)
        # Tags stored under a code's former name count as the code itself.
        tags = {self.codebook.canonical(t) for t in current.tags} if current else set()
        tags.symmetric_difference_update({code})
        return self._apply(sentence, tags=tuple(self.codebook.ordered(tags)))

    def set_note(self, sentence: int, note: str) -> Change:
        """Set the sentence's note; an empty (or blank) note removes it.

        Raises ``NoteTooLong`` (nothing changes) for a note over ``MAX_NOTE`` characters.
        """
        problem = note_too_long(note)
        if problem:
            raise NoteTooLong(problem)
        return self._apply(sentence, note=note if note.strip() else "")

    def resegment(self, document: Document) -> None:
        """Switch to ``document`` (the same text, new sentence boundaries).

        Annotations move with their text (see ``annotator.coding.resegment``). The undo history
        refers to the old sentence numbers, so it is cleared.
        """
        if self.read_only:
            raise PermissionError("this document is open read-only")
        carried = carry_annotations(self.document, document, self.annotations)
        self.document = document
        self.annotations = carried.annotations
        self.recount()
        for annotation_id in carried.deleted:
            self.store.delete(annotation_id)
        for annotation in carried.saved:
            self.store.save(annotation)
        self._undo.clear()
        self._redo.clear()

    def complete_document(self, document: Document) -> None:
        """Replace a partly segmented document with the whole one.

        Annotations on the beginning keep their sentences (same spans, same indices); the
        ones that could not be placed on the beginning are placed now. Annotations carried
        over from an earlier version of the file are saved once they find their sentence.
        """
        placement = place_on_whole(self.document, document, self.annotations, self.unplaced)
        if not self.read_only:
            for annotation in placement.moved:
                self.store.save(annotation)
        self.carried_over += placement.carried_over
        self.document = document
        self.annotations = placement.placed
        self.recount()
        self.unplaced = placement.unplaced
        if placement.renumbered:
            self._undo.clear()
            self._redo.clear()

    def undo(self) -> Change | None:
        """Revert the last change; the reverted state is queued for saving at once."""
        if not self._undo:
            return None
        change = self._undo.pop()
        self._write(change.sentence, change.after, change.before)
        self._redo.append(change)
        return Change(change.sentence, change.after, change.before)

    def redo(self) -> Change | None:
        if not self._redo:
            return None
        change = self._redo.pop()
        self._write(change.sentence, change.before, change.after)
        self._undo.append(change)
        return change

    # -- sentence corrections ----------------------------------------------------------

    def split(self, sentence: int, offset: int) -> int:
        """Start a new sentence at text ``offset`` (a word inside ``sentence``).

        The correction is saved in the document's corrections file, then the coding is
        carried onto the new sentences (see ``resegment``). Returns the index of the
        sentence that now starts where ``sentence`` did. Raises ``PermissionError``
        (read-only), ``OverridesDamaged`` (the corrections file cannot be read; it is kept
        as it is) or ``OSError`` (it cannot be written; nothing changed).
        """
        return self._correct(sentence, lambda overrides: split_at(overrides, offset))

    def merge(self, sentence: int) -> int:
        """Join ``sentence`` and the next one; raises ``NothingToMerge`` if it ends its
        paragraph, and otherwise as ``split`` does. Returns the merged sentence's index."""
        sentences = self.document.sentences
        following = sentence + 1
        if following >= len(sentences) or (
            sentences[following].paragraph != sentences[sentence].paragraph
        ):
            raise NothingToMerge("The last sentence of a paragraph has nothing to merge with.")
        boundary = sentences[following].start
        return self._correct(sentence, lambda overrides: merge_at(overrides, boundary))

    def _correct(
        self, sentence: int, change: Callable[[SegmentationOverrides], SegmentationOverrides]
    ) -> int:
        if self.read_only:
            raise PermissionError("this document is open read-only")
        start = self.document.sentences[sentence].start
        self.resegment(corrected(self.data_dir, self.document, change))
        found = self.document.sentence_at_offset(start)
        return found if found is not None else 0

    def _saved_corrections(self) -> SegmentationOverrides:
        """The corrections saved now; none if their file is damaged or unreadable, as at
        open (where ``apply_saved_overrides`` put the problem in the document's notices)."""
        try:
            return saved_overrides(self.data_dir, self.document.doc_id)
        except (OverridesDamaged, OSError):
            return EMPTY

    # -- a large document, segmented in the background -----------------------------------

    def segment_rest(
        self, pending: PendingDocument, progress: Progress | None = None
    ) -> WholeDocument:
        """Segment all of a partly segmented document with the corrections saved now.

        Takes most of a second for a book, so a front end calls it off its UI thread; it
        reads the corrections file and changes nothing. ``finish_segmenting`` then swaps
        the result in.
        """
        overrides = self._saved_corrections()
        return WholeDocument(pending.build(overrides, progress=progress), overrides)

    def finish_segmenting(self, whole: WholeDocument) -> bool:
        """Swap in the whole document from ``segment_rest``; False if it is not for this
        document or the document is already whole.

        A split or merge made while it was segmented is applied to it again (the
        corrections are read anew), so the new sentences keep it and the codes carried
        onto them. The whole document is recorded in the data directory's catalog.
        """
        document = whole.document
        if document.doc_id != self.document.doc_id or self.document.complete:
            return False
        overrides = self._saved_corrections()
        if overrides != whole.overrides:
            document = with_overrides(document, overrides)
        if not self.read_only:
            # The catalog entry is only what the data directory knows about the file; a
            # full disk now must not stop the reader (edits say NOT SAVED themselves),
            # and the next open records it.
            with contextlib.suppress(OSError):
                register_document(self.data_dir, document)
        self.complete_document(document)
        return True

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
        """Flush and release the store; False if changes stayed unsaved (see the store)."""
        return self.store.close(timeout)

    # -- internals -------------------------------------------------------------------

    def _fresh(self, sentence: int) -> Annotation:
        return Annotation(
            id=new_id(),
            coder=self.coder,
            codebook=self.codebook.name,
            codebook_version=self.codebook.version,
            **anchor_fields(self.document, sentence),
        )

    def _apply(self, sentence: int, **changes: object) -> Change:
        if self.read_only:
            raise PermissionError("this document is open read-only")
        before = self.annotations.get(sentence)
        base = before if before is not None else self._fresh(sentence)
        after: Annotation | None = base.with_changes(
            updated=utc_now(),
            codebook=self.codebook.name,
            codebook_version=self.codebook.version,
            **changes,
        )
        if after is not None and after.is_empty:
            after = None
        change = Change(sentence, before, after)
        self._write(sentence, before, after)
        self._undo.append(change)
        self._redo.clear()
        return change

    def _write(self, sentence: int, before: Annotation | None, after: Annotation | None) -> None:
        if self._tagged is not None:
            self._tagged += bool(after and after.tags) - bool(before and before.tags)
        if after is None:
            self.annotations.pop(sentence, None)
            if before is not None:
                self.store.delete(before.id)
        else:
            self.annotations[sentence] = after
            self.store.save(after)
        change = Change(sentence, before, after)
        for listener in self.listeners:
            listener(change)


def open_session(
    data_dir: DataDir,
    document: Document,
    codebook: Codebook,
    coder: str,
    *,
    read_only: bool = False,
) -> CodingSession:
    """Register the document, open the coder's store and place stored annotations.

    When the data directory cannot be written (a read-only folder, a full disk), the
    document opens read-only and ``read_only_reason`` says why.

    When this version of the document has no annotations yet but an earlier version of
    the same file does, those that can be placed exactly are carried over; the rest stay
    where they are and are counted in ``unplaced``.
    """
    document = apply_saved_overrides(data_dir, document)
    reason = ""
    if not read_only and document.complete:
        try:
            register_document(data_dir, document)
        except OSError as exc:
            # A read-only folder or a full disk: the coder can still read.
            why = exc.strerror or str(exc)
            reason = f"cannot write the data directory ({why}): {data_dir.root}; opened read-only"
            read_only = True
    store = data_dir.open_store(document.doc_id, coder, read_only=read_only)
    session = CodingSession(document, codebook, store, coder, data_dir, read_only_reason=reason)
    if not session.annotations and not session.unplaced:
        _carry_over_earlier_versions(data_dir, session)
    return session


def register_document(data_dir: DataDir, document: Document) -> None:
    """Record a (wholly segmented) document in the data directory's catalog."""
    data_dir.register(
        doc_id=document.doc_id,
        name=document.name,
        path=str(document.path) if document.path else document.name,
        sentences=len(document.sentences),
        paragraphs=len(document.paragraphs),
    )


def _carry_over_earlier_versions(data_dir: DataDir, session: CodingSession) -> None:
    document = session.document
    path = str(document.path) if document.path else document.name
    earlier = [
        entry
        for entry in data_dir.catalog()
        if entry.doc_id != document.doc_id and entry.path == path
    ]
    old: list[Annotation] = []
    for entry in earlier:
        old.extend(a for a in data_dir.annotations(entry.doc_id) if a.coder == session.coder)
    if not old:
        return
    placement = place_annotations(document, old)
    for index, annotation in sorted(placement.placed.items()):
        moved = reposition(document, index, annotation)
        if not session.read_only:
            session.store.save(moved)
        session.annotations[index] = moved
    session.recount()
    session.carried_over = len(placement.placed)
    session.unplaced = placement.unplaced
