"""The Textual application: owns the session and pushes the reader screen."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.message import Message

from annotator.safe_text import one_line
from annotator.session import CodingSession
from annotator.store import DataDir
from annotator.store.writer import StoreStatus
from annotator.ui.screens.quit_confirm import QuitConfirmScreen
from annotator.ui.screens.reader_screen import ReaderScreen
from annotator.ui.widgets.status_bar import StatusBar

QUIT_FLUSH_SECONDS = 3.0


class StoreStatusChanged(Message):
    """Posted from the store's writer thread; Textual's post_message is thread-safe."""

    def __init__(self, status: StoreStatus) -> None:
        super().__init__()
        self.status = status


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
        store = self.session.store
        store.add_status_listener(self._post_store_status)
        if store.read_only and store.read_only_reason:
            self.notify(
                one_line(store.read_only_reason, 300),
                title="Read-only",
                severity="warning",
                timeout=15,
                markup=False,
            )
        self._last_problem = ""

    def _post_store_status(self, status: StoreStatus) -> None:
        self.post_message(StoreStatusChanged(status))

    def on_store_status_changed(self, message: StoreStatusChanged) -> None:
        status = message.status
        label = {"saved": "saved", "saving": f"saving ({status.pending})"}.get(
            status.state, f"NOT SAVED ({status.pending})"
        )
        for bar in self.screen.query(StatusBar):
            bar.save_state = label
            bar.show(self.session)
        if status.state == "failed" and status.message != self._last_problem:
            self.notify(
                one_line(status.message, 300) + " Your edits are kept and will be retried.",
                title="Could not save",
                severity="error",
                timeout=20,
                markup=False,
            )
        self._last_problem = status.message if status.state == "failed" else ""

    async def action_quit(self) -> None:
        """Every change is already queued for disk; wait for it, or ask what to do."""
        store = self.session.store
        if store.read_only or store.flush(QUIT_FLUSH_SECONDS):
            store.close()
            self.exit(0)
            return
        unsaved = store.pending
        default = Path.cwd() / f"{Path(self.session.document.name).stem}.unsaved.jsonl"

        def decided(choice: tuple[str, str] | None) -> None:
            if choice is None:
                return
            action, path = choice
            if action == "export":
                try:
                    count = store.export_unsaved(Path(path).expanduser())
                except OSError as exc:
                    self.notify(
                        f"Could not write {one_line(path)}: {exc.strerror or exc}",
                        severity="error",
                        markup=False,
                    )
                    return
                self.notify(f"Exported {count} unsaved edits.", markup=False)
            store.close(timeout=0.5)
            self.exit(0 if action == "export" else 1)

        self.push_screen(QuitConfirmScreen(unsaved, store.status.message, str(default)), decided)
