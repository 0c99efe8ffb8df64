"""The Textual application: owns the session and pushes the reader screen."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from annotator.safe_text import one_line
from annotator.session import CodingSession
from annotator.store import DataDir
from annotator.ui.screens.reader_screen import ReaderScreen


class AnnotatorApp(App[int]):
    """A keyboard-first reader for coding sentences."""

    CSS_PATH = "app.tcss"
    TITLE = "annotator"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("q,ctrl+q", "quit", "Quit", id="quit"),
    ]

    def __init__(self, session: CodingSession, data_dir: DataDir) -> None:
        super().__init__()
        self.session = session
        self.data_dir = data_dir
        self.title = f"annotator — {one_line(session.document.name, 60)}"

    def on_mount(self) -> None:
        self.push_screen(ReaderScreen(self.session, self.data_dir))

    async def action_quit(self) -> None:
        """Every change is already saved; make sure queued writes are on disk, then leave."""
        flush = getattr(self.session.store, "flush", None)
        if callable(flush):
            flush()
        self.exit(0)
