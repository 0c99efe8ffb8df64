"""Changes to the coder's annotations, one sentence at a time, as a session makes them.

A code toggled, a note set, a sentence's codes set at once: each change is made in the
shared ``CodedDocument``, saved to the coder's file at once, counted, told to the
listeners and recorded for undo, so that every front end gets the same behaviour from
one place. ``fill`` gives many sentences their codes in one write, outside the undo
history. This is that part of a ``CodingSession``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from annotator.annotation import Annotation, new_id, note_too_long, utc_now
from annotator.codebook.model import Codebook
from annotator.coding.anchoring import anchor_fields
from annotator.coding.coded_document import CodedDocument
from annotator.coding.history import Change, History
from annotator.store import DocumentStore
from annotator.store.writer import Key, Value


class NoteTooLong(ValueError):
    """A note over ``annotation.MAX_NOTE`` characters; the message says so in one line."""


class Annotating:
    """The changes to one session's annotations; see the module docstring."""

    def __init__(
        self,
        coded: CodedDocument,
        store: DocumentStore,
        history: History,
        codebook: Codebook,
        coder: str,
    ) -> None:
        self._coded = coded
        self._store = store
        self._history = history
        self._codebook = codebook
        self._coder = coder

    def toggle_tag(self, sentence: int, code: str) -> Change:
        """Add ``code`` to the sentence's tags, or remove it if present. In an exclusive
        codebook a sentence takes at most one of its codes: the code added replaces the
        sentence's other codes, in the same undoable change (tags the codebook does not
        know stay, for the coder to see and settle)."""
        current = self._coded.annotations.get(sentence)
        # Tags stored under a code's former name count as the code itself.
        tags = {self._codebook.canonical(t) for t in current.tags} if current else set()
        tags.symmetric_difference_update({code})
        if self._codebook.exclusive and code in tags:
            tags = {t for t in tags if t == code or not self._codebook.is_known(t)}
        return self._apply(sentence, tags=tuple(self._codebook.ordered(tags)))

    def set_note(self, sentence: int, note: str) -> Change:
        """Set the sentence's note; an empty (or blank) note removes it.

        Raises ``NoteTooLong`` (nothing changes) for a note over ``MAX_NOTE`` characters.
        """
        problem = note_too_long(note)
        if problem:
            raise NoteTooLong(problem)
        return self._apply(sentence, note=note if note.strip() else "")

    def set_tags(self, sentence: int, tags: Iterable[str]) -> Change:
        """Give the sentence exactly ``tags`` (the note stays): one undoable change."""
        return self._apply(sentence, tags=tuple(self._codebook.ordered(tags)))

    def fill(self, tags: Mapping[int, Iterable[str]]) -> int:
        """Give each sentence without an annotation its ``tags``, in one write and outside
        the undo history (adjudication fills in what every coder agreed on before the
        screen shows the document); returns how many sentences were filled."""
        if self._store.read_only:
            raise PermissionError("this document is open read-only")
        made: list[tuple[Key, Value]] = []
        for sentence, codes in sorted(tags.items()):
            ordered = tuple(self._codebook.ordered(codes))
            if sentence in self._coded.annotations or not ordered:
                continue
            annotation = self._fresh(sentence).with_changes(tags=ordered)
            self._coded.annotations[sentence] = annotation
            made.append((annotation.id, annotation))
        if made:
            self._store.apply_many(made)
            self._coded.recount()
        return len(made)

    def _fresh(self, sentence: int) -> Annotation:
        return Annotation(
            id=new_id(),
            coder=self._coder,
            codebook=self._codebook.name,
            codebook_version=self._codebook.version,
            **anchor_fields(self._coded.document, sentence),
        )

    def _apply(self, sentence: int, **changes: object) -> Change:
        if self._store.read_only:
            raise PermissionError("this document is open read-only")
        before = self._coded.annotations.get(sentence)
        base = before if before is not None else self._fresh(sentence)
        after: Annotation | None = base.with_changes(
            updated=utc_now(),
            codebook=self._codebook.name,
            codebook_version=self._codebook.version,
            **changes,
        )
        if after is not None and after.is_empty:
            after = None
        change = Change(sentence, before, after)
        self.write(sentence, before, after)
        self._history.record(change)
        return change

    def write(self, sentence: int, before: Annotation | None, after: Annotation | None) -> None:
        """The sentence's annotation goes from ``before`` to ``after`` (None: none), here
        and in the store; an undone or redone change is written so too."""
        self._coded.tally(before, after)
        if after is None:
            self._coded.annotations.pop(sentence, None)
            if before is not None:
                self._store.delete(before.id)
        else:
            self._coded.annotations[sentence] = after
            self._store.save(after)
        change = Change(sentence, before, after)
        for listener in self._coded.listeners:
            listener(change)
