"""Changing the coding beyond code keys: notes, undo and redo, splitting and merging sentences.

``Editing`` carries out those reader keys. Each change is a session command (the session
saves it, splits and merges with the document's corrections, and keeps all of them in
one undo history); this module asks what it needs (the note, the word to split at),
moves the cursor and says what happened. The dialogs are imported when first asked for:
the reader's first screen needs neither of them.
"""

from __future__ import annotations

from collections.abc import Callable

from annotator.coding.boundaries import NothingToMerge
from annotator.coding.history import Resegmented, Step
from annotator.coding.session import CodingSession
from annotator.ui.reader.view import ReaderView
from annotator.ui.workflow import can_write


class Editing:
    """Notes, undo and redo, splits and merges; see the module docstring."""

    def __init__(
        self,
        session: CodingSession,
        reader: ReaderView,
        goto: Callable[[int], None],
        refresh_details: Callable[[], None],
    ) -> None:
        self._session = session
        self._reader = reader
        self._goto = goto
        self._refresh_details = refresh_details

    def undo(self) -> None:
        self._step(self._session.undo, "Nothing to undo.", "Undid")

    def redo(self) -> None:
        self._step(self._session.redo, "Nothing to redo.", "Redid")

    def _step(self, step: Callable[[], Step | None], nothing: str, done: str) -> None:
        """Undo or redo one step: a change goes back to its sentence (so tag-and-advance
        can be corrected); a split or merge lays the document out again."""
        if not can_write(self._session, self._reader):
            return
        made = step()
        if made is None:
            self._reader.app.notify(nothing, markup=False)
        elif isinstance(made, Resegmented):
            self._corrected(made.sentence, f"{done} the {made.what}.")
        else:
            self._goto(made.sentence)

    def edit_note(self) -> None:
        from annotator.ui.dialogs.note_editor import NoteEditor

        session = self._session
        if not can_write(session, self._reader):
            return
        sentence = self._reader.cursor
        span = session.document.sentences[sentence]
        where = f"sentence {sentence + 1} (¶ {span.paragraph + 1})"

        def done(note: str | None) -> None:
            if note is not None and note != session.note(sentence):
                session.set_note(sentence, note)

        self._reader.app.push_screen(
            NoteEditor(session.note(sentence), session.document.sentence_text(sentence), where),
            done,
        )

    # -- sentence corrections ------------------------------------------------------------

    def merge(self) -> None:
        """Join the current sentence and the next one of its paragraph."""
        if not can_write(self._session, self._reader):
            return
        try:
            cursor = self._session.merge(self._reader.cursor)
        except NothingToMerge as exc:
            self._reader.app.notify(str(exc), markup=False)
            return
        self._corrected(cursor, "Merged with the next sentence.")

    def split(self) -> None:
        """Ask at which word to split the current sentence, then split it there."""
        from annotator.ui.dialogs.split_picker import SplitPicker, split_points

        if not can_write(self._session, self._reader):
            return
        document = self._session.document
        sentence = self._reader.cursor
        current = document.sentences[sentence]
        if not split_points(document.text, current.start, current.end):
            self._reader.app.notify("A one-word sentence cannot be split.", markup=False)
            return

        def chosen(offset: int | None) -> None:
            if offset is not None:
                self.split_at(sentence, offset)

        self._reader.app.push_screen(SplitPicker(document.text, current.start, current.end), chosen)

    def split_at(self, sentence: int, offset: int) -> None:
        """Start a new sentence at text ``offset``, a word inside ``sentence``."""
        cursor = self._session.split(sentence, offset)
        self._corrected(cursor, "Split the sentence.")

    def _corrected(self, cursor: int, done: str) -> None:
        """The sentences changed: lay the document out again around ``cursor``."""
        self._reader.reset(cursor)
        self._refresh_details()
        self._reader.app.notify(done, markup=False)
