"""A coding session: one coder, one document, and the operations that change the coding.

This is the layer the UI talks to, and its one door to storage. Every change (toggle a
tag, set a note, undo, redo, split or merge a sentence, mark the document finished) is a
method here, so that a keypress, the command palette, a test or a future suggestion
engine all call the same operations, and each is saved to the store at once. What the UI
shows about saving (the save status, the reason a document is read-only, edits not yet
on disk) is read here too, and so is where the coder was in the document.

Everything of the coder's work on the document is in the coder's own store file: the
annotations, the sentence corrections, the finished mark and the cursor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from annotator.annotation import Annotation, new_id, utc_now
from annotator.codebook.model import Codebook
from annotator.coding.anchoring import (
    anchor_fields,
    place_annotations,
    place_on_whole,
    reposition,
)
from annotator.coding.resegment import (
    carry_annotations,
    legacy_notice,
    with_overrides,
)
from annotator.coding.saving import SaveListener, SaveStatus
from annotator.store import DataDir, DocumentStore, StoreDamaged
from annotator.store.writer import Key, Setting, Value
from annotator.text.document import Document
from annotator.text.overrides import (
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
    ) -> None:
        self.document = document
        self.codebook = codebook
        self.store = store
        self.coder = coder
        self.data_dir = data_dir
        self.corrections: SegmentationOverrides = store.corrections
        """The coder's splits and merges, as ``document`` is segmented with them."""
        self._finished = store.finished
        self._cursor_saved = store.cursor
        self._cursor = self._cursor_saved
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
        """Why the document opened read-only (another process holds it...); "" if asked."""
        return self.store.read_only_reason

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
        """Set the sentence's note; an empty (or blank) note removes it."""
        return self._apply(sentence, note=note if note.strip() else "")

    def _resegment(self, document: Document, overrides: SegmentationOverrides) -> None:
        """Switch to ``document``: the same text segmented with ``overrides``.

        Annotations move with their text (see ``annotator.coding.resegment``); the new
        corrections and every annotation saved or deleted are queued in one call, so they
        reach the coder's file in the same atomic write. The undo history refers to the
        old sentence numbers, so it is cleared.
        """
        carried = carry_annotations(self.document, document, self.annotations)
        changes: list[tuple[Key, Value]] = [(Setting.CORRECTIONS, overrides)]
        changes.extend((annotation_id, None) for annotation_id in carried.deleted)
        changes.extend((annotation.id, annotation) for annotation in carried.saved)
        self.store.apply_many(changes)
        self.document = document
        self.corrections = overrides
        self.annotations = carried.annotations
        self.recount()
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

        The coding is carried onto the new sentences (see ``resegment``), and the
        correction and the annotations it moved are queued together: one atomic write of
        the coder's file. Returns the index of the sentence that now starts where
        ``sentence`` did. Raises ``PermissionError`` (read-only).
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
        overrides = change(self.corrections)
        self._resegment(with_overrides(self.document, overrides), overrides)
        found = self.document.sentence_at_offset(start)
        return found if found is not None else 0

    # -- a large document, segmented in the background -----------------------------------

    def segment_rest(
        self, pending: PendingDocument, progress: Progress | None = None
    ) -> WholeDocument:
        """Segment all of a partly segmented document with the corrections saved now.

        Takes most of a second for a book, so a front end calls it off its UI thread; it
        changes nothing. ``finish_segmenting`` then swaps the result in.
        """
        overrides = self.corrections
        return WholeDocument(pending.build(overrides, progress=progress), overrides)

    def finish_segmenting(self, whole: WholeDocument) -> bool:
        """Swap in the whole document from ``segment_rest``; False if it is not for this
        document or the document is already whole.

        A split or merge made while it was segmented is applied to it again, so the new
        sentences keep it and the codes carried onto them. The whole document is recorded
        in the data directory's catalog.
        """
        document = whole.document
        if document.doc_id != self.document.doc_id or self.document.complete:
            return False
        overrides = self.corrections
        if overrides != whole.overrides:
            document = with_overrides(document, overrides)
        if not self.read_only:
            register_document(self.data_dir, document)
        self.complete_document(document)
        return True

    # -- finished, and where the coder was -------------------------------------------

    @property
    def finished(self) -> str | None:
        """When the coder marked the document finished (UTC, ISO 8601), or None."""
        return self._finished

    def set_finished(self, finished: bool) -> str | None:
        """Mark the document finished (now) or not; saved like any change, and not
        undoable (it is a statement about the document, not an edit of it). Returns the
        new mark. Raises ``PermissionError`` when read-only."""
        if self.read_only:
            raise PermissionError("this document is open read-only")
        mark = (self._finished or utc_now()) if finished else None
        if mark != self._finished:
            self._finished = mark
            self.store.set(Setting.FINISHED, mark)
        return mark

    @property
    def saved_cursor(self) -> int | None:
        """The sentence the coder was on when they last left the document (found by its
        start offset, so a split or merge since does not move it), or None."""
        offset = self._cursor_saved
        if offset is None:
            return None
        return self.document.sentence_at_offset(offset)

    @property
    def remembered_cursor(self) -> int | None:
        """The sentence the coder is on, as last remembered (at open: the saved one),
        found by its start offset; None if that part is not segmented yet."""
        offset = self._cursor
        return None if offset is None else self.document.sentence_at_offset(offset)

    def remember_cursor(self, sentence: int) -> None:
        """The coder is on ``sentence`` now. Kept in memory only (a keystroke costs no
        write); ``save_cursor`` writes it, and closing the session does."""
        if 0 <= sentence < len(self.document.sentences):
            self._cursor = self.document.sentences[sentence].start

    def save_cursor(self) -> bool:
        """Queue the remembered cursor for saving if it moved since it was last saved
        (a front end calls this on an idle timer, and on leaving); True if queued."""
        if self.read_only or self._cursor == self._cursor_saved:
            return False
        if self._cursor_saved is None and self._cursor == 0:
            return False  # never moved from the start: nothing worth a write
        try:
            self.store.set(Setting.CURSOR, self._cursor)
        except (PermissionError, RuntimeError):
            return False  # closed meanwhile
        self._cursor_saved = self._cursor
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
        """Save where the coder was, flush and release the store; False if changes stayed
        unsaved (see the store)."""
        self.save_cursor()
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

    When this version of the document has no annotations yet but an earlier version of
    the same file does, those that can be placed exactly are carried over; the rest stay
    where they are and are counted in ``unplaced``.
    """
    store = data_dir.open_store(document.doc_id, coder, read_only=read_only)
    try:
        overrides = store.corrections
        if overrides:
            document = with_overrides(document, overrides)
        if store.own_corrections is None:
            notice = legacy_notice(data_dir, document.doc_id)
            if notice is not None:
                document = replace(document, notices=(*document.notices, notice))
        if not store.read_only and document.complete:
            register_document(data_dir, document)
    except BaseException:
        store.close()
        raise
    session = CodingSession(document, codebook, store, coder, data_dir)
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
        try:
            work = data_dir.work(entry.doc_id, session.coder)
        except (StoreDamaged, OSError, ValueError):
            continue  # an earlier version's damaged file: nothing is carried from it
        if work is not None:
            old.extend(a for a in work.annotations if a.coder == session.coder)
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
