"""Moving around a document: the screen's widgets, counts, and every jump.

``NavigationScreen`` is the base of the coding workflow screen (``annotator.ui.workflow``):
it holds what a jump needs (the reader, the count typed before a key, the last search)
and the jump actions themselves: next and previous untagged sentence, next sentence with
a code, search and its matches, and a paragraph by number. Where a jump lands is decided
by ``annotator.coding.navigation``; this module only wires keys to it.
"""

from __future__ import annotations

from typing import TypeVar, cast

from textual.screen import Screen
from textual.widget import Widget

from annotator.coding.navigation import (
    TextSearch,
    next_untagged,
    next_with_code,
    paragraph_sentence,
)
from annotator.coding.session import CodingSession
from annotator.safe_text import one_line
from annotator.ui.dialogs.prompt import Prompt
from annotator.ui.reader.view import ReaderView
from annotator.ui.widgets.side_panel import SidePanel
from annotator.ui.widgets.status_bar import StatusBar

W = TypeVar("W", bound=Widget)


class NavigationScreen(Screen[None]):
    """The reader's widgets, the count prefix, the last search, and the jump actions."""

    session: CodingSession

    def __init__(self) -> None:
        super().__init__()
        self._count: int | None = None
        self._search: TextSearch | None = None
        self._widgets: dict[type[Widget], Widget] = {}

    def refresh_workflow(self) -> None:
        """Redraw the status bar's workflow part (a search shows there too).

        The workflow screen draws it; this base has no workflow of its own to show.
        """
        self.status_bar.show(self.session)

    # -- widgets and counts ------------------------------------------------------------

    def _widget(self, kind: type[W]) -> W:
        """One of the screen's widgets, found once: a query walks the whole screen, and a
        keystroke needs several of them."""
        found = self._widgets.get(kind)
        if found is None:
            found = self._widgets[kind] = self.query_one(kind)
        return cast(W, found)

    @property
    def view(self) -> ReaderView:
        return self._widget(ReaderView)

    @property
    def status_bar(self) -> StatusBar:
        return self._widget(StatusBar)

    @property
    def side_panel(self) -> SidePanel:
        return self._widget(SidePanel)

    def take_count(self) -> int:
        """The count typed before the current key (1 if none); using it forgets it."""
        count = self._count or 1
        self._count = None
        return count

    def goto(self, sentence: int | None, missing: str = "") -> None:
        if sentence is None:
            if missing:
                self.app.notify(missing, timeout=3, markup=False)
            return
        total = len(self.session.document.sentences)
        self.view.cursor = max(0, min(total - 1, sentence))

    def current_search(self) -> TextSearch | None:
        """The last search, redone if the document was re-segmented (split, merge, or a
        large document arriving in full) since, so matches are sentence numbers of now."""
        search = self._search
        if search is not None and search.document is not self.session.document:
            query = search.query
            search = TextSearch(self.session.document)
            if query:
                search.search(query)
            self._search = search
        return search

    # -- jumps -------------------------------------------------------------------------

    def action_next_untagged(self) -> None:
        cursor = self.view.cursor
        found = next_untagged(self.session, cursor, count=self.take_count())
        self.goto(found, "No untagged sentence below.")

    def action_prev_untagged(self) -> None:
        cursor = self.view.cursor
        found = next_untagged(self.session, cursor, forward=False, count=self.take_count())
        self.goto(found, "No untagged sentence above.")

    def jump_to_code(self, name: str) -> None:
        found = next_with_code(self.session, self.view.cursor, name, count=self.take_count())
        self.goto(found, f"No sentence below is coded {one_line(name, 30)}.")

    def action_search(self) -> None:
        previous = self._search.query if self._search is not None else ""

        def searched(query: str | None) -> None:
            if query is None:
                return
            if not query.strip():
                query = previous
            if not query.strip():
                return
            search = self.current_search()
            if search is None:
                search = self._search = TextSearch(self.session.document)
            matches = search.search(query)
            if not matches:
                self.app.notify(f"No match for {one_line(query, 40)!r}.", markup=False)
            else:
                self.goto(search.step(self.view.cursor))
            self.refresh_workflow()

        self.app.push_screen(
            Prompt(
                "/", "enter search · ctrl+n/ctrl+b next/previous · escape cancel", value=previous
            ),
            searched,
        )

    def _step_match(self, forward: bool) -> None:
        search = self.current_search()
        if search is None or not search.query:
            self.app.notify("Search first with /.", markup=False)
            return
        found = search.step(self.view.cursor, forward=forward, count=self.take_count())
        self.goto(found, f"No match for {one_line(search.query, 40)!r}.")
        self.refresh_workflow()

    def action_next_match(self) -> None:
        self._step_match(True)

    def action_prev_match(self) -> None:
        self._step_match(False)

    def action_goto_paragraph(self) -> None:
        document = self.session.document
        count = self._count
        self._count = None
        if count is not None:
            self._goto_paragraph(str(count))
            return
        self.app.push_screen(
            Prompt(":", f"paragraph 1-{len(document.paragraphs)} · escape cancel", digits=True),
            self._goto_paragraph,
        )

    def _goto_paragraph(self, typed: str | None) -> None:
        if not typed:
            return
        number = int(typed)
        self.goto(
            paragraph_sentence(self.session.document, number),
            f"No paragraph {number} (the document has {len(self.session.document.paragraphs)}).",
        )
