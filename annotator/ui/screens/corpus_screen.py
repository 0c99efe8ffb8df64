"""Corpus mode: the document list, with each document's coding progress and finished mark.

The list is a ``DataTable`` (drawn line by line, so a thousand rows cost nothing to show)
filled from ``annotator.text.corpus``: names come from directory entries, so no document
is read until the coder opens it. The list appears at once; progress (one small store file
per document) is read by a worker and filled in when it arrives. Opening a document is the
app's to do: the list asks for it with an ``OpenDocument`` message. File names are
untrusted and go into cells as ``Text``.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Static
from textual.worker import Worker, WorkerState

from annotator.coding.workspace import CorpusProgress, DocumentProgress
from annotator.safe_text import one_line
from annotator.text.corpus import natural_key
from annotator.ui.sitting import Corpus, OpenDocument, Sitting
from annotator.ui.widgets.status_bar import progress_bar
from annotator.wording import plural

FINISHED_MARK = "✓"
"""Beside the coded count of a document the coder marked finished."""
FILTER_DELAY = 0.15
"""Seconds of no typing in the filter before the list is refilled."""
PROGRESS_FLUSH_SECONDS = 1.0
"""How long the progress worker waits for the open document's queued writes."""


class CorpusScreen(Screen[None]):
    """Every document with its coding progress; enter opens one, typing filters by name."""

    BINDINGS = [
        Binding("enter", "open", "Open", show=True),
        Binding("s", "sort", "Sort by name/progress", show=True),
        Binding("slash", "filter", "Filter", show=True),
        Binding("escape", "back", "Back to the reader", show=True),
    ]

    DEFAULT_CSS = """
    CorpusScreen #corpus-title {
        height: 1;
        background: $panel;
        padding: 0 1;
    }
    CorpusScreen #corpus-filter {
        height: 1;
        border: none;
        padding: 0 1;
    }
    CorpusScreen DataTable {
        height: 1fr;
    }
    """

    def __init__(self, sitting: Sitting, corpus: Corpus) -> None:
        """The list of ``corpus``, the sitting's."""
        super().__init__()
        self.sitting = sitting
        self.corpus = corpus
        self.sort_by_progress = False
        self._shown: list[int] = []
        self._refill: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="corpus-title", markup=False)
        yield Input(placeholder="filter by name (/)", id="corpus-filter")
        yield DataTable(id="corpus-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("#", "document", "coded", "progress")
        self._fill()
        table.focus()

    def on_screen_resume(self) -> None:
        # The list is shown at once, with the progress last read; the progress of every
        # document is read again off the UI thread, then filled in.
        self.run_worker(
            self._read_progress,
            name="progress",
            group="progress",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def _read_progress(self) -> CorpusProgress:
        """Runs on a worker thread: progress is read from disk, where the open document's
        last edits may still be on their way."""
        session = self.sitting.session
        if not session.read_only:
            session.flush(PROGRESS_FLUSH_SECONDS)
        return self.sitting.workspace.progress(self.corpus.entries)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "progress":
            return
        if event.state is WorkerState.SUCCESS and isinstance(worker.result, dict):
            self.corpus.progress = worker.result
            self._fill(keep_row=True)
        elif event.state is WorkerState.ERROR:
            self.app.notify(
                f"Could not read the coding progress: {one_line(str(worker.error), 200)}",
                severity="error",
                markup=False,
            )

    def _ratio(self, index: int) -> float:
        progress = self._progress(index)
        if progress is None or not progress.total:
            return -1.0
        return progress.coded / progress.total

    def _progress(self, index: int) -> DocumentProgress | None:
        known = self.corpus.progress
        return None if known is None else known.get(self.corpus.entries[index].path)

    def _fill(self, keep_row: bool = False) -> None:
        """Fill the table; the cursor goes to the open document, or with ``keep_row`` stays
        on the document it is on."""
        corpus = self.corpus
        table = self.query_one(DataTable)
        highlighted = corpus.current
        if keep_row and 0 <= table.cursor_row < len(self._shown):
            highlighted = self._shown[table.cursor_row]
        needle = self.query_one("#corpus-filter", Input).value.strip().casefold()
        shown = [i for i, entry in enumerate(corpus.entries) if needle in entry.name.casefold()]
        if self.sort_by_progress:
            shown.sort(key=lambda i: (self._ratio(i), natural_key(corpus.entries[i].name)))
        self._shown = shown
        table.clear()
        read = corpus.progress is not None
        for i in shown:
            entry = corpus.entries[i]
            progress = self._progress(i)
            if not read:
                coded, bar = Text("…", style="dim"), Text("")
            elif progress is None:
                coded, bar = Text("not opened", style="dim"), Text("")
            else:
                coded = Text(f"{progress.coded}/{progress.total}")
                if progress.finished:
                    coded.append(f" {FINISHED_MARK}", style="bold green")
                bar = Text(progress_bar(progress.coded, progress.total), style="green")
            name = Text(one_line(entry.name, 80))
            if i == corpus.current:
                name.stylize("bold")
            table.add_row(Text(str(i + 1)), name, coded, bar, key=str(i))
        if highlighted in shown:
            table.move_cursor(row=shown.index(highlighted))
        order = "least coded first" if self.sort_by_progress else "by name"
        title = Text(f"{len(shown)} of {plural(len(corpus.entries), 'document')} · {order}")
        title.append(f" · {FINISHED_MARK} marks finished", style="green")
        self.query_one("#corpus-title", Static).update(title)

    def on_input_changed(self, event: Input.Changed) -> None:
        # Refill once typing pauses: a thousand rows per keystroke would make typing lag.
        if self._refill is not None:
            self._refill.stop()
        self._refill = self.set_timer(FILTER_DELAY, self._fill)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self._refill is not None:
            self._refill.stop()
            self._refill = None
            self._fill()
        self.query_one(DataTable).focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self._open_row(event.cursor_row)

    def action_open(self) -> None:
        self._open_row(self.query_one(DataTable).cursor_row)

    def _open_row(self, row: int) -> None:
        if not 0 <= row < len(self._shown):
            return
        index = self._shown[row]
        if index == self.corpus.current and len(self.app.screen_stack) > 2:
            self.dismiss(None)
            return
        self.post_message(OpenDocument(index))

    def action_sort(self) -> None:
        self.sort_by_progress = not self.sort_by_progress
        self._fill()

    def action_filter(self) -> None:
        self.query_one("#corpus-filter", Input).focus()

    def action_back(self) -> None:
        if self.focused is self.query_one("#corpus-filter", Input):
            self.query_one(DataTable).focus()
            return
        self.dismiss(None)
