"""Quitting without losing an edit, and without the UI waiting for the disk.

Every change is queued for disk as it is made. On quit, if all of it is on disk the app
ends at once; otherwise a worker waits for the writes (up to ``QUIT_FLUSH_SECONDS``)
while the status bar says ``saving…``, and the app then ends, or, when they could not be
written (a full disk, a folder made read-only), asks what to do with them: stay and keep
retrying, export them to a file and quit, or quit without them. Exporting them and
closing the store run in a worker too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from textual.app import App
from textual.worker import Worker, WorkerState

from annotator.coding.session import CodingSession
from annotator.safe_text import file_stem, one_line

QUIT_FLUSH_SECONDS = 3.0
UNSAVED_CLOSE_SECONDS = 0.5
"""With edits that cannot be written: how long closing the store still tries."""


@dataclass(frozen=True, slots=True)
class LeftUnsaved:
    """The coder quit with edits not on disk: the exit status, and the export of them."""

    exit_code: int
    exported: int | None = None
    """How many edits were exported, if the coder asked for it."""
    problem: str = ""
    """Why the export failed; the app then stays open."""


class Quitting:
    """The app's quit, in steps run by workers; see the module docstring."""

    def __init__(self, app: App[Any], show_save_state: Callable[[str], None]) -> None:
        self._app = app
        self._show_save_state = show_save_state
        self._worker: Worker[Any] | None = None

    def start(self, session: CodingSession) -> None:
        if self._worker is not None:
            return  # already on the way out
        session.save_cursor()  # the place in the document, written with the rest
        if session.read_only or session.unsaved_count == 0:
            session.close()
            self._app.exit(0)
            return
        self._show_save_state("saving…")
        self._run(partial(session.flush, QUIT_FLUSH_SECONDS))

    def _run(self, work: Callable[[], object]) -> None:
        self._worker = self._app.run_worker(
            work, name="quit", group="quit", thread=True, exit_on_error=False
        )

    def worker_changed(self, worker: Worker[Any], session: CodingSession) -> None:
        """The app's workers report here; ``session`` is the one open now."""
        if worker is not self._worker or not worker.is_finished:
            return
        self._worker = None
        result = worker.result if worker.state is WorkerState.SUCCESS else None
        if isinstance(result, LeftUnsaved):
            self._left(result)
        elif session.unsaved_count == 0:
            session.close()
            self._app.exit(0)
        elif result is True:
            self.start(session)  # edited while it waited: wait for those edits too
        else:
            self._ask(session)

    def _ask(self, session: CodingSession) -> None:
        from annotator.ui.dialogs.quit_confirm import QuitConfirmScreen  # rarely needed

        default = Path.cwd() / f"{file_stem(session.document.name)}.unsaved.jsonl"

        def decided(choice: tuple[str, str] | None) -> None:
            if choice is not None:
                action, path = choice
                self._run(partial(_leave, session, path if action == "export" else None))

        self._app.push_screen(
            QuitConfirmScreen(session.unsaved_count, session.save_status.message, str(default)),
            decided,
        )

    def _left(self, result: LeftUnsaved) -> None:
        if result.problem:
            self._app.notify(result.problem, severity="error", markup=False)
            return
        if result.exported is not None:
            self._app.notify(f"Exported {result.exported} unsaved edits.", markup=False)
        self._app.exit(result.exit_code)


def _leave(session: CodingSession, export_to: str | None) -> LeftUnsaved:
    """Runs on a worker thread: export the unsaved edits if asked, then close the store."""
    exported = None
    if export_to is not None:
        try:
            exported = session.export_unsaved(Path(export_to).expanduser())
        except OSError as exc:
            reason = one_line(str(exc.strerror or exc))
            return LeftUnsaved(1, problem=f"Could not write {one_line(export_to)}: {reason}")
    session.close(timeout=UNSAVED_CLOSE_SECONDS)
    return LeftUnsaved(0 if export_to is not None else 1, exported)
