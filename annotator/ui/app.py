"""The Textual application: owns the session and pushes the reader screen."""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.message import Message
from textual.timer import Timer

from annotator.coding.resegment import saved_overrides, with_overrides
from annotator.coding.session import CodingSession, register_document
from annotator.safe_text import file_stem, one_line
from annotator.store import DataDir
from annotator.store.writer import StoreStatus
from annotator.text.document import Document
from annotator.text.overrides import EMPTY, OverridesDamaged, SegmentationOverrides
from annotator.text.progressive import PendingDocument
from annotator.ui.dialogs.quit_confirm import QuitConfirmScreen
from annotator.ui.screens.reader_screen import ReaderScreen
from annotator.ui.widgets.status_bar import StatusBar

QUIT_FLUSH_SECONDS = 3.0
PROGRESS_INTERVAL = 0.2
# How long "saving" stays after the write is durable, so fast typing repaints less.
SAVED_DISPLAY_DELAY = 0.3


class SegmentationProgress(Message):
    """How far background segmentation of a large document has got."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class DocumentCompleted(Message):
    """The whole document is segmented and can replace the partial one."""

    def __init__(self, document: Document, overrides: SegmentationOverrides) -> None:
        super().__init__()
        self.document = document
        self.overrides = overrides
        """The sentence corrections it was segmented with."""


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

    def __init__(
        self,
        session: CodingSession,
        data_dir: DataDir,
        pending: PendingDocument | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.data_dir = data_dir
        self.pending = pending
        self.title = f"annotator — {one_line(session.document.name, 60)}"
        self._last_progress = 0.0
        self._saved_timer: Timer | None = None
        self.freeze_long_lived = False
        """Move what is loaded out of the garbage collector's scans (``gc.freeze``) once
        the reader is up and when a document arrives in full. Set by ``run_app``, not in
        tests, where many apps come and go in one process."""

    def _freeze_long_lived(self) -> None:
        # A book is a few hundred thousand objects that live as long as the app. A full
        # collection rescans them all: 40-55 ms, a pause of several frames in the middle
        # of a keystroke. Frozen objects are still freed by reference counting.
        if self.freeze_long_lived:
            gc.freeze()

    async def on_mount(self) -> None:
        # Awaited, so the reader is mounted before the app counts as ready.
        await self.push_screen(ReaderScreen(self.session, self.data_dir))
        self._freeze_long_lived()
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
        if self.pending is not None:
            self._show_loading("segmenting…")
            # Start after the first screen is drawn, so the worker does not delay it.
            self.call_after_refresh(self._start_segmenting)

    def _start_segmenting(self) -> None:
        self.run_worker(self._segment_rest, thread=True, exclusive=True, group="segment")

    def segment_in_background(self, pending: PendingDocument | None) -> None:
        """A newly opened document (corpus mode) has more to segment, or nothing."""
        self.pending = pending
        self._show_loading("segmenting…" if pending is not None else "")
        if pending is not None:
            self.call_after_refresh(self._start_segmenting)

    # -- background segmentation of a large document ---------------------------------

    def _segment_rest(self) -> None:
        """Runs on a worker thread: segment the whole text, reporting progress."""
        pending = self.pending
        if pending is None:
            return
        overrides = self._saved_overrides()
        document = pending.build(overrides, progress=self._post_progress)
        self.post_message(DocumentCompleted(document, overrides))

    def _saved_overrides(self) -> SegmentationOverrides:
        """The coder's sentence corrections; none if their file is damaged, as at open
        (where ``apply_saved_overrides`` reported it)."""
        try:
            return saved_overrides(self.data_dir, self.session.document.doc_id)
        except OverridesDamaged:
            return EMPTY

    def _post_progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last_progress >= PROGRESS_INTERVAL:
            self._last_progress = now
            self.post_message(SegmentationProgress(done, total))

    def _show_loading(self, text: str) -> None:
        for bar in self._status_bars():
            bar.background_work = text
            bar.show(self.session)

    def on_segmentation_progress(self, message: SegmentationProgress) -> None:
        percent = 100 * message.done // max(message.total, 1)
        self._show_loading(f"segmenting {percent}%…")

    def on_document_completed(self, message: DocumentCompleted) -> None:
        session = self.session
        if message.document.doc_id != session.document.doc_id or session.document.complete:
            return  # finished for a document that is no longer open
        document = message.document
        overrides = self._saved_overrides()
        if overrides != message.overrides:
            # A split or merge was made while the worker ran: apply the corrections as
            # they are now, or the new sentences would lose it and the codes carried
            # onto them.
            document = with_overrides(document, overrides)
        if not session.read_only:
            register_document(self.data_dir, document)
        screens = [s for s in self.screen_stack if isinstance(s, ReaderScreen)]
        cursor = 0
        for screen in screens:
            current = session.document.sentences[screen.reader.cursor]
            cursor = current.index
        session.complete_document(document)
        self.pending = None
        self._freeze_long_lived()
        for screen in screens:
            screen.reader.reset(min(cursor, len(session.document.sentences) - 1))
        self._show_loading("")
        if session.unplaced:
            self.notify(
                f"{len(session.unplaced)} annotations could not be placed on the current text "
                "and are not shown. They are kept in the store.",
                severity="warning",
                timeout=10,
                markup=False,
            )

    def _post_store_status(self, status: StoreStatus) -> None:
        if threading.get_ident() == self._thread_id:
            # A change queued by a keystroke reports "saving" on the UI thread itself:
            # shown at once, without a message round trip per keystroke.
            self._show_store_status(status)
        else:
            self.post_message(StoreStatusChanged(status))

    def on_store_status_changed(self, message: StoreStatusChanged) -> None:
        self._show_store_status(message.status)

    def _show_store_status(self, status: StoreStatus) -> None:
        if self._saved_timer is not None:
            self._saved_timer.stop()
            self._saved_timer = None
        if status.state == "saved":
            # "saving" may stay on screen a moment longer than needed, never the other
            # way round: showing "saved" a beat later spares a repaint per keystroke
            # while a coder types quickly, and the next change cancels it.
            self._saved_timer = self.set_timer(SAVED_DISPLAY_DELAY, self._show_saved)
            return
        # No count while saving: a label that changed as each queued write finished
        # drew a frame of its own, and a keystroke landing just after waited for
        # Textual's next frame slot (up to 16.7 ms) behind it.
        label = "saving…" if status.state == "saving" else f"NOT SAVED ({status.pending})"
        self._show_save_state(label)
        if status.state == "failed" and status.message != self._last_problem:
            self.notify(
                one_line(status.message, 300) + " Your edits are kept and will be retried.",
                title="Could not save",
                severity="error",
                timeout=20,
                markup=False,
            )
        self._last_problem = status.message if status.state == "failed" else ""

    def _status_bars(self) -> list[StatusBar]:
        """The status bars of the reader screens open; none while the app starts or shuts
        down (a timer or a writer-thread message may arrive then).

        Called on every keystroke that saves, so no query: each screen keeps its bar.
        """
        bars: list[StatusBar] = []
        for screen in self.screen_stack:
            if isinstance(screen, ReaderScreen):
                try:
                    bar = screen.status_bar
                except NoMatches:
                    continue
                if bar.is_attached:
                    bars.append(bar)
        return bars

    def _show_saved(self) -> None:
        self._saved_timer = None
        if self.session.store.pending == 0:
            self._show_save_state("saved")

    def _show_save_state(self, label: str) -> None:
        for bar in self._status_bars():
            if bar.save_state != label:
                bar.save_state = label
                bar.show(self.session)

    async def action_quit(self) -> None:
        """Every change is already queued for disk; wait for it, or ask what to do."""
        store = self.session.store
        if store.read_only or store.flush(QUIT_FLUSH_SECONDS):
            store.close()
            self.exit(0)
            return
        unsaved = store.pending
        default = Path.cwd() / f"{file_stem(self.session.document.name)}.unsaved.jsonl"

        def decided(choice: tuple[str, str] | None) -> None:
            if choice is None:
                return
            action, path = choice
            if action == "export":
                try:
                    count = store.export_unsaved(Path(path).expanduser())
                except OSError as exc:
                    self.notify(
                        f"Could not write {one_line(path)}: {one_line(str(exc.strerror or exc))}",
                        severity="error",
                        markup=False,
                    )
                    return
                self.notify(f"Exported {count} unsaved edits.", markup=False)
            store.close(timeout=0.5)
            self.exit(0 if action == "export" else 1)

        self.push_screen(QuitConfirmScreen(unsaved, store.status.message, str(default)), decided)
