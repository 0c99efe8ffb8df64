"""Moving around a document: by sentence and paragraph, and every jump.

``Jumps`` carries out the reader screen's movement keys: next and previous sentence and
paragraph, first and last, next and previous untagged sentence, next sentence with a
code, search and its matches, and a paragraph by number. Each takes the count typed
before its key. Where a jump lands is decided by ``annotator.coding.navigation``; this
module moves the cursor there, or says why it did not.
"""

from __future__ import annotations

from collections.abc import Callable

from annotator.coding.navigation import next_untagged, next_with_code, paragraph_sentence
from annotator.coding.session import CodingSession
from annotator.safe_text import one_line
from annotator.ui.key_prefix import KeyPrefix
from annotator.ui.reader.view import ReaderView
from annotator.ui.search_state import SearchState


class Jumps:
    """The reader screen's movement keys; see the module docstring."""

    def __init__(
        self,
        session: CodingSession,
        reader: ReaderView,
        prefix: KeyPrefix,
        search: SearchState,
        refresh_status: Callable[[], None],
    ) -> None:
        self._session = session
        self._reader = reader
        self._prefix = prefix
        self._search = search
        self._refresh_status = refresh_status

    def goto(self, sentence: int | None, missing: str = "") -> None:
        """Put the cursor on ``sentence`` (kept within the document); None: say ``missing``."""
        if sentence is None:
            if missing:
                self._reader.app.notify(missing, timeout=3, markup=False)
            return
        total = len(self._session.document.sentences)
        self._reader.cursor = max(0, min(total - 1, sentence))

    # -- by sentence and paragraph -----------------------------------------------------

    def sentences(self, step: int) -> None:
        """``step`` sentences on (back if negative), times the count."""
        self.goto(self._reader.cursor + step * self._prefix.take())

    def paragraphs(self, forward: bool) -> None:
        """To the next paragraph's start, or back to this one's (then the previous one's)."""
        move = self._next_paragraph if forward else self._prev_paragraph
        for _ in range(min(self._prefix.take(), len(self._session.document.paragraphs))):
            move()

    def _next_paragraph(self) -> None:
        document = self._session.document
        paragraph = document.sentences[self._reader.cursor].paragraph
        if paragraph + 1 < len(document.paragraphs):
            self.goto(document.paragraphs[paragraph + 1].first_sentence)
        else:
            self.goto(len(document.sentences) - 1)

    def _prev_paragraph(self) -> None:
        document = self._session.document
        sentence = document.sentences[self._reader.cursor]
        paragraph = document.paragraphs[sentence.paragraph]
        if sentence.index != paragraph.first_sentence or sentence.paragraph == 0:
            self.goto(paragraph.first_sentence)
        else:
            self.goto(document.paragraphs[sentence.paragraph - 1].first_sentence)

    def first(self) -> None:
        self.goto(0)

    def last(self) -> None:
        self.goto(len(self._session.document.sentences) - 1)

    # -- jumps ---------------------------------------------------------------------------

    def untagged(self, forward: bool) -> None:
        found = next_untagged(
            self._session, self._reader.cursor, forward=forward, count=self._prefix.take()
        )
        self.goto(found, f"No untagged sentence {'below' if forward else 'above'}.")

    def to_code(self, name: str) -> None:
        """The next sentence coded ``name`` (``t`` then the code's key)."""
        found = next_with_code(self._session, self._reader.cursor, name, count=self._prefix.take())
        self.goto(found, f"No sentence below is coded {one_line(name, 30)}.")

    def ask_search(self) -> None:
        """``/``: ask for a query (an empty one repeats the last) and go to its first match."""
        from annotator.ui.dialogs.prompt import Prompt  # not needed for the first screen

        previous = self._search.query

        def searched(query: str | None) -> None:
            if query is None:
                return
            if not query.strip():
                query = previous
            if not query.strip():
                return
            search = self._search.run(self._session.document, query)
            self._reader.set_matches(self._match_spans)
            if not search.matches:
                self._reader.app.notify(f"No match for {one_line(query, 40)!r}.", markup=False)
            else:
                self.goto(search.step(self._reader.cursor))
            self._refresh_status()

        self._reader.app.push_screen(
            Prompt("/", "enter search · ctrl+n/ctrl+b next/previous · esc cancel", value=previous),
            searched,
        )

    def _match_spans(self, sentence: int) -> list[tuple[int, int]]:
        """The last search's matches in ``sentence`` (of the document shown now)."""
        search = self._search.current(self._session.document)
        return search.spans(sentence) if search is not None else []

    def step_match(self, forward: bool) -> None:
        search = self._search.current(self._session.document)
        if search is None or not search.query:
            self._reader.app.notify("Search first with /.", markup=False)
            return
        found = search.step(self._reader.cursor, forward=forward, count=self._prefix.take())
        self.goto(found, f"No match for {one_line(search.query, 40)!r}.")
        self._refresh_status()

    def ask_paragraph(self) -> None:
        """``:``: go to a paragraph by number; a count before the key is the number."""
        from annotator.ui.dialogs.prompt import Prompt

        document = self._session.document
        count = self._prefix.take_number()
        if count is not None:
            self._goto_paragraph(str(count))
            return
        self._reader.app.push_screen(
            Prompt(":", f"paragraph 1-{len(document.paragraphs)} · escape cancel", digits=True),
            self._goto_paragraph,
        )

    def _goto_paragraph(self, typed: str | None) -> None:
        if not typed:
            return
        number = int(typed)
        document = self._session.document
        self.goto(
            paragraph_sentence(document, number),
            f"No paragraph {number} (the document has {len(document.paragraphs)}).",
        )
