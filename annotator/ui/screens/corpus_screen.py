"""Corpus mode: the document list, with each document's coding progress and state: not
started, in progress or finished (in a project, the coder's assigned documents).

The list is a ``DocumentTable``, drawn line by line from the corpus: a row's cells are
made when the row is drawn, so 10,000 documents list as fast as ten, and refilling the
list (progress, sorting, filtering) costs a pass over the names, no widget work. Names
come from directory entries (``annotator.text.corpus``), so no document is read until the
coder opens it. The list appears at once; progress (one small store file per document) is
read by a worker and filled in when it arrives. Opening a document is the app's to do:
the list asks for it with an ``OpenDocument`` message. File names are untrusted and go
into cells as ``Text``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input, Static
from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from annotator.coding.workspace import CorpusProgress, DocumentProgress

from annotator.safe_text import one_line
from annotator.text.corpus import natural_key
from annotator.ui.sitting import Corpus, OpenDocument, Sitting
from annotator.ui.widgets.document_table import DocumentTable
from annotator.ui.widgets.status_bar import progress_bar
from annotator.wording import plural

NAME_WIDTH = 80
"""Document names are cut to this many columns."""
COLUMNS = ("#", "document", "state", "coded", "progress")
FINISHED_MARK = "✓"
"""Beside the coded count of a document the coder marked finished."""
NOT_STARTED = "not started"
IN_PROGRESS = "in progress"
FINISHED = "finished"
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
        Binding("escape", "back", "Reader", show=True),
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
    CorpusScreen DocumentTable {
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
        self._names = [entry.name for entry in corpus.entries]
        self._folded = [name.casefold() for name in self._names]
        self._table = DocumentTable(COLUMNS, id="corpus-table")

    def compose(self) -> ComposeResult:
        yield Static(id="corpus-title", markup=False)
        yield Input(placeholder="filter by name (/)", id="corpus-filter")
        yield self._table
        yield Footer()

    def on_mount(self) -> None:
        self._fill()
        self._table.focus()

    def on_screen_resume(self) -> None:
        # The list is shown at once, with the progress last read; the progress of every
        # document is read again off the UI thread, then filled in. The worker starts
        # once the list is drawn: it holds the interpreter lock for most of its time,
        # and started at once it slowed the first frame of the list.
        self.call_after_refresh(self._start_reading_progress)

    def _start_reading_progress(self) -> None:
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
        session = self.sitting.open_session
        if session is not None and not session.read_only:
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

    def _cells(self, row: int) -> Sequence[Text]:
        """The cells of the list's row ``row``, made when it is drawn."""
        index = self._shown[row]
        name = Text(one_line(self.corpus.entries[index].name, NAME_WIDTH))
        if index == self.corpus.current:
            name.stylize("bold")
        number = Text(str(index + 1))
        if self.corpus.progress is None:
            return number, name, Text(""), Text("…", style="dim"), Text("")
        progress = self._progress(index)
        if progress is None:
            return number, name, Text(NOT_STARTED, style="dim"), Text(""), Text("")
        coded = Text(f"{progress.coded}/{progress.total}")
        state = Text(IN_PROGRESS) if progress.started else Text(NOT_STARTED, style="dim")
        if progress.finished:
            coded.append(f" {FINISHED_MARK}", style="bold green")
            state = Text(FINISHED, style="green")
        bar = Text(progress_bar(progress.coded, progress.total), style="green")
        return number, name, state, coded, bar

    def _fill(self, keep_row: bool = False) -> None:
        """Fill the table; the cursor goes to the open document, or with ``keep_row`` stays
        on the document it is on."""
        corpus = self.corpus
        table = self._table
        highlighted = corpus.current
        if keep_row and 0 <= table.cursor_row < len(self._shown):
            highlighted = self._shown[table.cursor_row]
        needle = self.query_one("#corpus-filter", Input).value.strip().casefold()
        folded = self._folded
        if needle:
            shown = [i for i in range(len(folded)) if needle in folded[i]]
        else:
            shown = list(range(len(folded)))
        if self.sort_by_progress:
            shown.sort(key=lambda i: (self._ratio(i), natural_key(corpus.entries[i].name)))
        self._shown = shown
        widths = (
            len(str(len(corpus.entries))),
            _name_width([self._names[i] for i in shown] if needle else self._names),
            len(NOT_STARTED),
            _coded_width(corpus.progress),
            len(progress_bar(0, 1)),
        )
        table.set_rows(len(shown), self._cells, widths)
        if highlighted in shown:
            table.move_cursor(shown.index(highlighted))
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
        self._table.focus()

    def on_document_table_row_selected(self, event: DocumentTable.RowSelected) -> None:
        self._open_row(event.row)

    def action_open(self) -> None:
        self._open_row(self._table.cursor_row)

    def _open_row(self, row: int) -> None:
        if not 0 <= row < len(self._shown):
            return
        index = self._shown[row]
        # The open document's reader is beneath the list (unless the list is all there
        # is): back to it, rather than opening it again.
        if index == self.corpus.current and self._over_reader():
            self.dismiss(None)
            return
        self.post_message(OpenDocument(index))

    def _over_reader(self) -> bool:
        """Whether the list was opened over a reader (``L``), rather than being the
        screen the app started with, before any document was open."""
        return self.sitting.open_session is not None and len(self.app.screen_stack) > 1

    def action_sort(self) -> None:
        self.sort_by_progress = not self.sort_by_progress
        self._fill()

    def action_filter(self) -> None:
        self.query_one("#corpus-filter", Input).focus()

    def action_back(self) -> None:
        """Back to the reader beneath; from the list the app started with, the reader on
        the document highlighted at the start (the first)."""
        if self.focused is self.query_one("#corpus-filter", Input):
            self._table.focus()
            return
        if self._over_reader():
            self.dismiss(None)
        else:  # the list the app started with: to the reader, on the first document
            self.post_message(OpenDocument(self.corpus.current))


def _name_width(names: Sequence[str]) -> int:
    """The columns the widest of ``names`` takes as shown (at most ``NAME_WIDTH``). A
    printable ASCII name is shown as it is, one column a character: only other names
    are made safe and measured. When every name is such (looked at all at once), the
    longest is found without a Python loop: 10,000 names take a fraction of a
    millisecond."""
    joined = "".join(names)
    if joined.isascii() and joined.isprintable():
        return min(max(map(len, names), default=0), NAME_WIDTH)
    widest = 0
    for name in names:
        if name.isascii() and name.isprintable():
            width = len(name)
        else:
            width = cell_len(one_line(name, NAME_WIDTH))
        widest = max(widest, width)
    return min(widest, NAME_WIDTH)


def _coded_width(progress: CorpusProgress | None) -> int:
    """The width of the "coded" column: "…" before progress is read, else the widest
    "coded/total" (a document never opened leaves the cell empty)."""
    if progress is None:
        return 1
    counts = {value for value in progress.values() if value is not None}
    return max((len(_coded(value)) for value in counts), default=1)


def _coded(progress: DocumentProgress) -> str:
    """The "coded" cell's text as drawn: "coded/total", and the finished mark."""
    if progress.finished:
        return f"{progress.coded}/{progress.total} {FINISHED_MARK}"
    return f"{progress.coded}/{progress.total}"
