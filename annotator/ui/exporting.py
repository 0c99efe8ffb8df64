"""The export key (``E``): the document's coding as CSV, written by a worker thread.

The file goes next to the document, or where the coder says (for the bundled sample, or
a folder that cannot be written). The export reads the stores from disk, so it first
waits for queued writes, though not without end: on a full disk the writer retries until
the coder does something about it. Waiting and writing both happen off the UI thread;
the status bar says ``exporting…`` meanwhile, then how many rows were written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from annotator.coding.session import CodingSession
from annotator.coding.workspace import Workspace
from annotator.safe_text import file_stem, one_line
from annotator.text.document import Document
from annotator.ui.widgets.status_bar import StatusBar
from annotator.wording import plural

if TYPE_CHECKING:
    from annotator.export.service import export_document_csv
else:

    def export_document_csv(*args: Any, **options: Any) -> tuple[int, int]:
        """The export service, imported on the first export: the exports' modules are
        not needed for the reader's first screen."""
        from annotator.export.service import export_document_csv as write

        return write(*args, **options)


EXPORT_FLUSH_SECONDS = 5.0
RESULT_SECONDS = 5.0
"""How long the status bar shows how an export ended."""


@dataclass(frozen=True, slots=True)
class Exported:
    """How an export ended: rows written, or why nothing was."""

    target: Path
    saved: bool
    """Every edit was on disk when the export read the stores."""
    rows: int = 0
    error: str = ""


class ReaderExport:
    """Exports of one reader screen's document; see the module docstring."""

    def __init__(
        self,
        screen: Screen[Any],
        session: CodingSession,
        workspace: Workspace,
        status_bar: StatusBar,
    ) -> None:
        self._screen = screen
        self._session = session
        self._workspace = workspace
        self._status_bar = status_bar
        self._worker: Worker[Exported] | None = None
        self._clear: Timer | None = None

    def start(self) -> None:
        """Write next to the document if its folder can be written; else ask where."""
        document = self._session.document
        # The file name comes from an untrusted document name: keep it to safe characters.
        file_name = f"{file_stem(document.name)}.annotations.csv"
        folder = document.path.parent if document.path is not None else None
        if folder is not None and not document.is_sample and os.access(folder, os.W_OK):
            self.export_to(folder / file_name)
            return
        reason = (
            "The bundled sample lives inside the installed package; choose where to write."
            if document.is_sample
            else "The document's folder is not writable; choose where to write."
        )

        def chosen(path: str | None) -> None:
            if path:
                self.export_to(Path(path).expanduser())

        from annotator.ui.dialogs.export_path import ExportPathScreen

        self._screen.app.push_screen(ExportPathScreen(str(Path.cwd() / file_name), reason), chosen)

    @property
    def running(self) -> bool:
        return self._worker is not None and not self._worker.is_finished

    def export_to(self, target: Path) -> None:
        """Start writing the CSV to ``target`` in a worker."""
        if self.running:
            self._screen.app.notify("An export is already running.", markup=False)
            return
        self._show("exporting…")
        self._worker = self._screen.run_worker(
            partial(self._write, self._session.document, target),
            name="export",
            group="export",
            thread=True,
            exit_on_error=False,
        )

    def _write(self, document: Document, target: Path) -> Exported:
        """Runs on a worker thread."""
        saved = self._session.flush(EXPORT_FLUSH_SECONDS)
        try:
            rows, _ = export_document_csv(
                document,
                self._workspace.data_dir,
                self._session.codebook,
                str(target),
                segmented_with=self._session.corrections,
            )
        except OSError as exc:
            return Exported(target, saved, error=str(exc.strerror or exc))
        return Exported(target, saved, rows)

    def worker_changed(self, worker: Worker[Any]) -> None:
        """The screen's workers report here; only this export's end matters."""
        if worker is not self._worker or not worker.is_finished:
            return
        app = self._screen.app
        if worker.state is WorkerState.SUCCESS and isinstance(worker.result, Exported):
            result = worker.result
            if not result.saved:
                app.notify(
                    "Some edits are not saved yet; the export holds what is on disk.",
                    severity="warning",
                    markup=False,
                )
            where = one_line(str(result.target))
            if result.error:
                app.notify(
                    f"Could not write {where}: {one_line(result.error)}",
                    severity="error",
                    markup=False,
                )
                self._show("export failed", RESULT_SECONDS)
            else:
                app.notify(f"Wrote {plural(result.rows, 'row')} to {where}", markup=False)
                self._show(f"exported {plural(result.rows, 'row')}", RESULT_SECONDS)
        elif worker.state is WorkerState.ERROR:
            app.notify(
                f"Export failed: {one_line(str(worker.error), 300)}",
                severity="error",
                markup=False,
            )
            self._show("export failed", RESULT_SECONDS)
        else:
            self._show("")

    def _show(self, state: str, seconds: float | None = None) -> None:
        """Show ``state`` in the status bar, for ``seconds`` if given."""
        if self._clear is not None:
            self._clear.stop()
            self._clear = None
        bar = self._status_bar
        bar.export_state = state
        bar.show(self._session)
        if seconds is not None:
            self._clear = self._screen.set_timer(seconds, partial(self._show, ""))
