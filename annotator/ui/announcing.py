"""What the reader says about a document as it opens, in notifications.

A document can open with something the coder must know before reading: a notice about
the text (a guessed encoding, control characters shown as symbols, legacy corrections
that cannot be read), a warning from around it (a damaged catalog), coding carried over
from an earlier version with some held for review, annotations that could not be
placed, or adjudication mode. ``Announcements`` says each in one line, never as markup;
the carry is announced once a large document is whole, since it is only taken then.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from annotator.coding.session import CodingSession
from annotator.safe_text import one_line
from annotator.settings.keynames import key_display
from annotator.wording import plural, plural_form

if TYPE_CHECKING:  # only its type is needed here
    from annotator.ui.adjudicating import Adjudicating


class Announcements:
    """The reader screen's notifications at open; see the module docstring."""

    def __init__(
        self,
        screen: Screen[Any],
        session: CodingSession,
        adjudicating: Adjudicating | None,
        keys_for: Callable[[str], tuple[str, ...]],
    ) -> None:
        self._screen = screen
        self._session = session
        self._adjudicating = adjudicating
        self._keys_for = keys_for

    def announce_start(self) -> None:
        """Everything the coder must know as the document opens."""
        session = self._session
        app = self._screen.app
        for notice in session.document.notices:
            app.notify(one_line(notice, 300), title="Note", timeout=15, markup=False)
        for warning in session.warnings:
            app.notify(one_line(warning, 400), severity="warning", timeout=20, markup=False)
        self.announce_carry()
        if self._adjudicating is not None:
            app.notify(self._adjudicating.welcome(), title="Adjudicating", markup=False)
        if unplaced := len(session.unplaced):
            app.notify(
                unplaced_message(unplaced),
                severity="warning",
                timeout=10,
                markup=False,
            )

    def announce_carry(self) -> None:
        """Say what carrying the coding of an earlier version of the text did (at open,
        or once a large document is whole), and where the rest waits."""
        session = self._session
        carried = session.carried
        if carried is None:
            return
        held = len(session.held.undecided)
        keys = self._keys_for("review")
        key = f" ({key_display(keys[0])})" if keys else ""
        parts = [
            f"This file changed since it was coded: {plural(session.carried_over, 'annotation')}"
            f" {plural_form(session.carried_over, 'was')} carried over to the new text."
        ]
        if held:
            parts.append(
                f"{plural(held, 'annotation')} {plural_form(held, 'awaits', 'await')} your "
                f"review{key}."
            )
        if carried.corrections.dropped:
            parts.append(
                f"{plural(len(carried.corrections.dropped), 'sentence correction')} could not "
                "follow: the segmenter's sentences stand there."
            )
        if carried.finished_dropped:
            parts.append(f"It is no longer marked finished ({one_line(carried.finished_dropped)}).")
        self._screen.app.notify(" ".join(parts), timeout=15, markup=False)


def unplaced_message(count: int) -> str:
    """What to say of ``count`` annotations that no longer fit the text: at open, and
    again once a large document is whole."""
    return (
        f"{plural(count, 'annotation')} could not be placed on the current text "
        f"and {plural_form(count, 'is')} not shown; kept in the store."
    )
