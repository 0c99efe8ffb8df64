"""The finished mark and the coder's place in an open document.

Both are statements about the coder's work rather than edits of it: neither is undone
with the coding, and the place is remembered at every move but written only now and
then (a keystroke costs no write). This part of a ``CodingSession`` keeps both in step
with the coder's file; the place is kept as a text offset, so that a split or merge
does not move it.
"""

from __future__ import annotations

from annotator.annotation import utc_now
from annotator.coding.coded_document import CodedDocument
from annotator.store import DocumentStore
from annotator.store.writer import Setting


class MarkAndPlace:
    """When the coder marked the document finished, and where they were and are in it."""

    def __init__(self, coded: CodedDocument, store: DocumentStore) -> None:
        self._coded = coded
        self._store = store
        self._finished = store.finished
        self._cursor_saved = store.cursor
        self._cursor = self._cursor_saved

    @property
    def finished(self) -> str | None:
        """When the coder marked the document finished (UTC, ISO 8601), or None."""
        return self._finished

    def set_finished(self, finished: bool) -> str | None:
        """Mark the document finished (now) or not; saved like any change, and not
        undoable (it is a statement about the document, not an edit of it). Returns the
        new mark. Raises ``PermissionError`` when read-only."""
        if self._store.read_only:
            raise PermissionError("this document is open read-only")
        mark = (self._finished or utc_now()) if finished else None
        if mark != self._finished:
            self._finished = mark
            self._store.set(Setting.FINISHED, mark)
        return mark

    @property
    def saved_cursor(self) -> int | None:
        """The sentence the coder was on when they last left the document (found by its
        start offset, so a split or merge since does not move it), or None."""
        offset = self._cursor_saved
        if offset is None:
            return None
        return self._coded.document.sentence_at_offset(offset)

    @property
    def remembered_cursor(self) -> int | None:
        """The sentence the coder is on, as last remembered (at open: the saved one),
        found by its start offset; None if that part is not segmented yet."""
        offset = self._cursor
        return None if offset is None else self._coded.document.sentence_at_offset(offset)

    def remember_cursor(self, sentence: int) -> None:
        """The coder is on ``sentence`` now. Kept in memory only (a keystroke costs no
        write); ``save_cursor`` writes it, and closing the session does."""
        if 0 <= sentence < len(self._coded.document.sentences):
            self._cursor = self._coded.document.sentences[sentence].start

    def save_cursor(self) -> bool:
        """Queue the remembered cursor for saving if it moved since it was last saved
        (a front end calls this on an idle timer, and on leaving); True if queued."""
        if self._store.read_only or self._cursor == self._cursor_saved:
            return False
        if self._cursor_saved is None and self._cursor == 0:
            return False  # never moved from the start: nothing worth a write
        try:
            self._store.set(Setting.CURSOR, self._cursor)
        except (PermissionError, RuntimeError):
            return False  # closed meanwhile
        self._cursor_saved = self._cursor
        return True

    # -- for a carry from an earlier version ----------------------------------------

    @property
    def saved_offset(self) -> int | None:
        """Where the coder's file says the coder was (a start offset), or None."""
        return self._cursor_saved

    def carried(self, finished: str | None, cursor: int | None) -> None:
        """A carry from an earlier version was saved with this finished mark, and with
        ``cursor`` (an offset) when the coder's file had no place of its own."""
        self._finished = finished
        if cursor is not None:
            self._cursor = self._cursor_saved = cursor
