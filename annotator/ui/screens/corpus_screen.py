"""Corpus mode: the document list, and moving between documents without leaving the reader.

The list is a ``DataTable`` (drawn line by line, so a thousand rows cost nothing to show)
filled from ``annotator.text.corpus``: names come from directory entries and progress from the
data directory, so no document is read until the coder opens it. File names are untrusted
and go into cells as ``Text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Static

from annotator.codebook.model import Codebook
from annotator.coding.session import CodingSession, open_session
from annotator.safe_text import one_line
from annotator.store import DataDir, StoreDamaged
from annotator.store.progress import progress_for
from annotator.text.corpus import CorpusEntry, natural_key
from annotator.text.document import LoadError
from annotator.text.progressive import PendingDocument, load_progressively
from annotator.ui.widgets.status_bar import progress_bar

_CORPUS_ATTRIBUTE = "_annotator_corpus"
FILTER_DELAY = 0.15
"""Seconds of no typing in the filter before the list is refilled."""


@dataclass
class CorpusContext:
    """The documents of a corpus and how to open one; ``current`` is the open one."""

    entries: tuple[CorpusEntry, ...]
    data_dir: DataDir
    coder: str
    codebook: Codebook
    current: int = 0
    show_list_first: bool = True
    progress: dict[Path, tuple[int, int] | None] = field(default_factory=dict)

    def refresh_progress(self) -> None:
        self.progress = progress_for(self.data_dir, self.entries, self.coder)

    def open(self, index: int) -> tuple[CodingSession, PendingDocument | None]:
        """Read and open document ``index``; raises LoadError or StoreDamaged.

        A large document comes back partly segmented, with the rest still to do, as when
        it is opened from the command line.
        """
        entry = self.entries[index]
        document, pending = load_progressively(entry.path)
        session = open_session(self.data_dir, document, self.codebook, self.coder)
        return session, pending


def attach_corpus(app: App[Any], context: CorpusContext) -> None:
    """Give ``app`` a corpus: the reader shows the list first and ``]``/``[`` work."""
    setattr(app, _CORPUS_ATTRIBUTE, context)


def corpus_of(app: App[Any]) -> CorpusContext | None:
    context = getattr(app, _CORPUS_ATTRIBUTE, None)
    return context if isinstance(context, CorpusContext) else None


def switch_document(app: App[Any], context: CorpusContext, index: int) -> bool:
    """Replace the reader with one on document ``index``; False (and a notice) on failure.

    The current document's queued writes are flushed and its store closed first, and the
    app's ``session`` is pointed at the new one, so quitting waits for the right store.
    """
    from annotator.ui.screens.reader_screen import ReaderScreen

    entry = context.entries[index]
    try:
        session, pending = context.open(index)
    except (LoadError, StoreDamaged, OSError) as exc:
        app.notify(
            f"Cannot open {one_line(entry.name, 60)}: {one_line(str(exc), 200)}",
            severity="error",
            markup=False,
        )
        return False
    previous: CodingSession | None = getattr(app, "session", None)
    if previous is not None and previous is not session:
        previous.store.close()
    post_status = getattr(app, "_post_store_status", None)
    if callable(post_status):
        session.store.add_status_listener(post_status)
    app.session = session  # type: ignore[attr-defined]
    start_segmenting = getattr(app, "segment_in_background", None)
    if callable(start_segmenting):
        start_segmenting(pending)
    context.current = index
    screen = ReaderScreen(session, context.data_dir)
    if isinstance(app.screen, CorpusScreen):
        app.pop_screen()
    app.switch_screen(screen)
    return True


def step_document(app: App[Any], step: int) -> None:
    """``]`` and ``[``: the next or previous document of the corpus."""
    context = corpus_of(app)
    if context is None:
        app.notify(
            "One document is open. Open a folder or several files to move between them.",
            markup=False,
        )
        return
    index = context.current + step
    if not 0 <= index < len(context.entries):
        app.notify(
            "Last document of the corpus." if step > 0 else "First document of the corpus.",
            markup=False,
        )
        return
    switch_document(app, context, index)


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

    def __init__(self, context: CorpusContext) -> None:
        super().__init__()
        self.context = context
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
        self._refresh()
        table.focus()

    def on_screen_resume(self) -> None:
        self._refresh()

    def _refresh(self) -> None:
        # The open document's last edits may still be queued; progress is read from disk.
        session: CodingSession | None = getattr(self.app, "session", None)
        if session is not None and not session.read_only:
            session.store.flush(1.0)
        self.context.refresh_progress()
        self._fill()

    def _ratio(self, index: int) -> float:
        progress = self.context.progress.get(self.context.entries[index].path)
        if progress is None or not progress[1]:
            return -1.0
        return progress[0] / progress[1]

    def _fill(self) -> None:
        context = self.context
        needle = self.query_one("#corpus-filter", Input).value.strip().casefold()
        shown = [i for i, entry in enumerate(context.entries) if needle in entry.name.casefold()]
        if self.sort_by_progress:
            shown.sort(key=lambda i: (self._ratio(i), natural_key(context.entries[i].name)))
        self._shown = shown
        table = self.query_one(DataTable)
        table.clear()
        for i in shown:
            entry = context.entries[i]
            progress = context.progress.get(entry.path)
            if progress is None:
                coded, bar = Text("not opened", style="dim"), Text("")
            else:
                done, total = progress
                coded = Text(f"{done}/{total}")
                bar = Text(progress_bar(done, total), style="green")
            name = Text(one_line(entry.name, 80))
            if i == context.current:
                name.stylize("bold")
            table.add_row(Text(str(i + 1)), name, coded, bar, key=str(i))
        if context.current in shown:
            table.move_cursor(row=shown.index(context.current))
        order = "least coded first" if self.sort_by_progress else "by name"
        title = Text(f"{len(shown)} of {len(context.entries)} documents · {order}")
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
        if index == self.context.current and len(self.app.screen_stack) > 2:
            self.dismiss(None)
            return
        switch_document(self.app, self.context, index)

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
