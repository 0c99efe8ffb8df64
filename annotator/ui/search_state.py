"""The reader's last search: kept across keys, redone when the sentences change.

A split, a merge or a large document arriving in full gives the session a new document,
whose sentence numbers differ; the search is then run again on it, so its matches are
always sentence numbers of the document shown. No Textual here.
"""

from __future__ import annotations

from rich.text import Text

from annotator.coding.navigation import TextSearch
from annotator.safe_text import one_line
from annotator.text.document import Document


class SearchState:
    """The last query and its matches, for the ``/``, ``ctrl+n`` and ``ctrl+b`` keys."""

    def __init__(self) -> None:
        self._search: TextSearch | None = None

    @property
    def query(self) -> str:
        """The last query ("" before any)."""
        return self._search.query if self._search is not None else ""

    def current(self, document: Document) -> TextSearch | None:
        """The last search on ``document``, redone if it was made on another version."""
        search = self._search
        if search is not None and search.document is not document:
            query = search.query
            search = TextSearch(document)
            if query:
                search.search(query)
            self._search = search
        return search

    def run(self, document: Document, query: str) -> TextSearch:
        """Search ``document`` for ``query`` (see ``TextSearch``) and remember it."""
        search = self.current(document)
        if search is None:
            search = self._search = TextSearch(document)
        search.search(query)
        return search

    def describe(self, parts: Text, document: Document, cursor: int) -> None:
        """Append the query and where the cursor is among its matches to the status line."""
        if self._search is None or not self._search.query:
            return
        search = self.current(document)
        if search is None:
            return
        place = search.position(cursor)
        found = len(search.matches)
        where = f"{place}/{found}" if place else f"{found}"
        parts.append(f"/{one_line(search.query, 16)} {where} ", style="italic")
