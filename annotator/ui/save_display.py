"""The save status in every reader's status bar, as the store's writer reports it.

"saving…" shows at once; "saved" a beat after the write is durable, so fast typing
repaints less; "NOT SAVED (n)" when a write fails, with one notice per new problem.
The app owns the display (it outlives each reader screen) and feeds it what the
writer reports, from the UI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.timer import Timer

from annotator.safe_text import one_line

if TYPE_CHECKING:
    from annotator.coding.saving import SaveStatus
    from annotator.coding.session import CodingSession
    from annotator.ui.widgets.status_bar import StatusBar

SAVED_DISPLAY_DELAY = 0.3
"""How long "saving" stays after the write is durable, so fast typing repaints less."""


class SaveDisplay:
    """Shows the open session's save status in the status bars ``bars`` gives."""

    def __init__(
        self,
        app: App[Any],
        bars: Callable[[], list[StatusBar]],
        session: Callable[[], CodingSession],
    ) -> None:
        self._app = app
        self._bars = bars
        self._session = session
        self._saved_timer: Timer | None = None
        self._last_problem = ""

    def show_status(self, status: SaveStatus) -> None:
        """What the writer reported (on the UI thread)."""
        if self._saved_timer is not None:
            self._saved_timer.stop()
            self._saved_timer = None
        if status.state == "saved":
            # "saving" may stay on screen a moment longer than needed, never the other
            # way round: showing "saved" a beat later spares a repaint per keystroke
            # while a coder types quickly, and the next change cancels it.
            self._saved_timer = self._app.set_timer(SAVED_DISPLAY_DELAY, self._show_saved)
            return
        # No count while saving: a label that changed as each queued write finished
        # drew a frame of its own, and a keystroke landing just after waited for
        # Textual's next frame slot (up to 16.7 ms) behind it.
        label = "saving…" if status.state == "saving" else f"NOT SAVED ({status.pending})"
        self.show_label(label)
        if status.state == "failed" and status.message != self._last_problem:
            self._app.notify(
                one_line(status.message, 300) + " Your edits are kept and will be retried.",
                title="Could not save",
                severity="error",
                timeout=20,
                markup=False,
            )
        self._last_problem = status.message if status.state == "failed" else ""

    def _show_saved(self) -> None:
        self._saved_timer = None
        if self._session().unsaved_count == 0:
            self.show_label("saved")

    def show_label(self, label: str) -> None:
        """Put ``label`` in every status bar shown (quitting says "saving…" too)."""
        for bar in self._bars():
            if bar.save_state != label:
                bar.save_state = label
                bar.show(self._session())
