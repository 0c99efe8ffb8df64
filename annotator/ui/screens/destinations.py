"""Where the reader leads: the screens a key opens over it, and the corpus's other documents.

The statistics, review, help and document-list screens are imported when first opened:
the first screen needs none of them. Moving to the next or previous document asks the
app for it with an ``OpenDocument`` message, as the document list does.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from annotator.ui.reader.view import ReaderView
from annotator.ui.sitting import OpenDocument, Sitting


class Destinations:
    """The reader's keys that go elsewhere: ``S``, ``R``, ``?``, ``L``, ``]`` and ``[``."""

    def __init__(
        self,
        screen: Screen[None],
        sitting: Sitting,
        reader: ReaderView,
        goto: Callable[[int], None],
        refresh: Callable[[], None],
        keys_for: Callable[[str], tuple[str, ...]],
    ) -> None:
        self._screen = screen
        self._sitting = sitting
        self._session = sitting.session
        self._reader = reader
        self._goto = goto
        self._refresh = refresh
        self._keys_for = keys_for

    def statistics(self) -> None:
        from annotator.ui.screens.stats_screen import StatisticsScreen

        self._screen.app.push_screen(StatisticsScreen(self._session))

    def review(self) -> None:
        """The review screen: annotations held when the text changed."""
        if not self._session.held.undecided:
            self._screen.app.notify("No annotation awaits review.", timeout=3, markup=False)
            return
        from annotator.ui.screens.review_screen import ReviewScreen

        screen = ReviewScreen(self._session, self._reader.cursor)
        self._screen.app.push_screen(screen, self._after_review)

    def _after_review(self, sentence: int | None) -> None:
        if sentence is not None:
            self._goto(sentence)
        self._refresh()

    def help(self) -> None:
        from annotator.ui.screens.help_screen import HelpScreen

        self._screen.app.push_screen(HelpScreen(self._session.codebook, self._keys_for))

    def step_document(self, step: int) -> None:
        """Open the document ``step`` places away in the corpus (negative: back)."""
        corpus = self._sitting.corpus
        if corpus is None:
            self._screen.app.notify(
                "One document is open. Open a folder or several files to move between them.",
                markup=False,
            )
            return
        target = corpus.step(step)
        if isinstance(target, str):
            self._screen.app.notify(target, markup=False)
        else:
            self._screen.post_message(OpenDocument(target))

    def documents(self) -> None:
        """The document list over the reader (``L``), in corpus mode."""
        corpus = self._sitting.corpus
        if corpus is None:
            self._screen.app.notify(
                "One document is open: there is no document list.", markup=False
            )
        else:
            from annotator.ui.screens.corpus_screen import CorpusScreen

            self._screen.app.push_screen(CorpusScreen(self._sitting, corpus))
