"""The Textual application: its typed state, the save status, background work and quitting.

The app is given everything it needs when it is made (the workspace, the open session,
the user's config, the corpus, a document still being segmented) and keeps it in one
``Sitting``, which each screen gets. A corpus starts with its document list and no
session: a document is read when the coder opens it, so a list of 10,000 documents is up
about as soon as a bare app's first screen. The app owns what outlives a screen: the
save status shown in every reader, segmenting the rest of a large document, opening
another document of the corpus, and quitting without losing an edit. No keystroke waits
for the disk here: segmenting, and waiting for writes before quitting, run in workers.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker

from annotator.coding.workspace import DamagedStoreFile, Workspace
from annotator.safe_text import one_line
from annotator.settings.config import UserConfig
from annotator.text.document import LoadError
from annotator.ui.save_display import SaveDisplay
from annotator.ui.screens.too_small import TooSmallScreen, too_small
from annotator.ui.sitting import Corpus, OpenDocument, Sitting
from annotator.ui.textual_private import replaceable_first_screen
from annotator.ui.user_config import apply_user_config, read_user_config
from annotator.wording import plural

# The reader and the session's machinery are imported when the first document opens: a
# corpus's list comes up without them (``tests/test_startup.py``).
if TYPE_CHECKING:
    from annotator.coding.adjudication import Adjudication
    from annotator.coding.completing import WholeDocument
    from annotator.coding.saving import SaveStatus
    from annotator.coding.session import CodingSession
    from annotator.text.corpus import CorpusEntry
    from annotator.text.progressive import PendingDocument
    from annotator.ui.quitting import Quitting
    from annotator.ui.screens.reader_screen import ReaderScreen
    from annotator.ui.widgets.status_bar import StatusBar

PROGRESS_INTERVAL = 0.2


class SegmentationProgress(Message):
    """How far background segmentation of a large document has got."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class DocumentCompleted(Message):
    """The whole document is segmented and can replace the partial one."""

    def __init__(self, whole: WholeDocument) -> None:
        super().__init__()
        self.whole = whole


class StoreStatusChanged(Message):
    """Posted from the store's writer thread; Textual's post_message is thread-safe."""

    def __init__(self, status: SaveStatus) -> None:
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
        workspace: Workspace,
        session: CodingSession | None,
        *,
        config: UserConfig | None = None,
        corpus: Sequence[CorpusEntry] = (),
        lang: str | None = None,
        encoding: str | None = None,
        pending: PendingDocument | None = None,
        freeze_long_lived: bool = False,
        adjudication: Adjudication | None = None,
    ) -> None:
        """``session`` is open in ``workspace`` on the document to show first; None with
        a ``corpus``, which starts with its list (its documents are then read in
        ``encoding`` and segmented as ``lang``, None for detected). ``config`` is read
        from the user's file if not given; ``pending`` is the rest of a large document,
        still to segment; ``adjudication`` opens the reader in adjudication mode
        (``session`` is then its reference layer's)."""
        super().__init__()
        if session is None and not corpus:
            raise ValueError("the app needs a document to show, or a corpus to list")
        self._config_problem = ""
        if config is None:
            config, self._config_problem = read_user_config()
        self.sitting = Sitting(
            workspace,
            session,
            config,
            Corpus(tuple(corpus), lang=lang, encoding=encoding) if corpus else None,
            adjudication=adjudication,
        )
        self.pending = pending
        self.freeze_long_lived = freeze_long_lived
        """Move what is loaded out of the garbage collector's scans (``gc.freeze``) once
        the first screen is drawn and when a document arrives in full, and switch the
        collector on then (``annotator.entry`` switches it off while the reader starts).
        Set by ``run_app``, not in tests, where many apps come and go in one process."""
        self._set_title()
        self._ui_thread: int | None = None
        self._last_progress = 0.0
        self.save_display = SaveDisplay(self, self._status_bars, lambda: self.session)
        """The save status in the readers' status bars."""
        self._quitting: Quitting | None = None  # made by the first quit

    @property
    def session(self) -> CodingSession:
        """The open document's session (in corpus mode, it changes with the document;
        ``NoDocumentOpen`` while the list is all there is)."""
        return self.sitting.session

    def _set_title(self) -> None:
        session = self.sitting.open_session
        if session is not None:
            self.title = f"annotator — {one_line(session.document.name, 60)}"
        elif (corpus := self.sitting.corpus) is not None:
            self.title = f"annotator — {plural(len(corpus.entries), 'document')}"

    @property
    def workspace(self) -> Workspace:
        return self.sitting.workspace

    def _freeze_long_lived(self) -> None:
        # A book is a few hundred thousand objects that live as long as the app. A full
        # collection rescans them all: 40-55 ms, a pause of several frames in the middle
        # of a keystroke. Frozen objects are still freed by reference counting.
        if self.freeze_long_lived:
            gc.freeze()

    def get_default_screen(self) -> Screen[Any]:
        """The reader (or a corpus's list) is the app's first screen, composed with the
        app as a bare app's widgets are. Pushed from ``on_mount`` instead, it was drawn
        once while Textual held the app's updates (in vain: 30-50 ms on the first
        screen) and again after."""
        corpus = self.sitting.corpus
        if self.sitting.open_session is None and corpus is not None:
            from annotator.ui.screens.corpus_screen import CorpusScreen

            return replaceable_first_screen(self, CorpusScreen(self.sitting, corpus))
        from annotator.ui.screens.reader_screen import ReaderScreen

        return replaceable_first_screen(self, ReaderScreen(self.sitting))

    def _first_screen_drawn(self) -> None:
        self._freeze_long_lived()
        if self.freeze_long_lived:
            gc.enable()
        # Looking for recovery files lists two folders (and may probe for the temporary
        # one): after the first frame, not before it.
        self._mention_recovery_files()

    async def on_mount(self) -> None:
        self._ui_thread = threading.get_ident()
        apply_user_config(self, self.sitting.config, self._config_problem)
        self.call_after_refresh(self._first_screen_drawn)
        if self.sitting.open_session is not None:
            self._session_opened(self.sitting.open_session)
        self._check_size()
        if self.pending is not None:
            self._show_loading("segmenting…")
            # Start after the first screen is drawn, so the worker does not delay it.
            self.call_after_refresh(self._start_segmenting)

    def _session_opened(self, session: CodingSession) -> None:
        """The save status follows ``session``; a read-only one says why."""
        session.add_save_listener(self._post_store_status)
        if session.read_only and session.read_only_reason:
            self.notify(
                one_line(session.read_only_reason, 300),
                title="Read-only",
                severity="warning",
                timeout=15,
                markup=False,
            )

    def _mention_recovery_files(self) -> None:
        """Edits an earlier session could not save when a signal ended it are in files
        beside the data directory: say so at every start until they are moved away."""
        files = self.workspace.recovery_files()
        if not files:
            return
        shown = "\n".join(one_line(str(path), 200) for path in files[:5])
        more = f"\n… and {len(files) - 5} more" if len(files) > 5 else ""
        self.notify(
            "Edits an earlier session could not save when it was ended are in:\n"
            f"{shown}{more}\n'annotator import FILE --skip-bad' puts them back.",
            title="Unsaved edits kept",
            severity="warning",
            timeout=30,
            markup=False,
        )

    async def on_event(self, event: events.Event) -> None:
        await super().on_event(event)
        # The app's own Resize handler stops the event and forwards it to the top screen
        # only, so the size is checked here, for whatever screen is on top.
        if isinstance(event, events.Resize):
            self._check_size()

    def _check_size(self) -> None:
        """Below the minimum size, cover everything with a notice; remove it after."""
        showing = isinstance(self.screen, TooSmallScreen)
        if too_small(self.size.width, self.size.height):
            if not showing:
                self.push_screen(TooSmallScreen())
        elif showing:
            self.pop_screen()

    def _reader_screens(self) -> list[ReaderScreen]:
        from annotator.ui.screens.reader_screen import ReaderScreen

        return [screen for screen in self.screen_stack if isinstance(screen, ReaderScreen)]

    def _status_bars(self) -> list[StatusBar]:
        """The status bars of the reader screens shown; none while the app starts or
        shuts down (a timer or a writer-thread message may arrive then)."""
        return [s.status_bar for s in self._reader_screens() if s.status_bar.is_attached]

    # -- another document of the corpus ---------------------------------------------------

    def on_open_document(self, message: OpenDocument) -> None:
        self.open_document(message.index)

    def open_document(self, index: int) -> bool:
        """Replace the reader with one on document ``index`` of the corpus; False (and a
        notice) if it cannot be opened.

        The current document's queued writes are flushed and its store closed first.
        """
        corpus = self.sitting.corpus
        if corpus is None:
            return False
        entry = corpus.entries[index]
        try:
            session, pending = self.workspace.open_file(
                entry.path, lang=corpus.lang, encoding=corpus.encoding
            )
        except (LoadError, DamagedStoreFile, OSError) as exc:
            self.notify(
                f"Cannot open {one_line(entry.name, 60)}: {one_line(str(exc), 200)}",
                severity="error",
                markup=False,
            )
            return False
        if self.sitting.open_session is not None:
            self.sitting.open_session.close()
        self.sitting.open_session = session
        self._session_opened(session)
        self._set_title()
        self.segment_in_background(pending)
        corpus.current = index
        from annotator.ui.screens.corpus_screen import CorpusScreen
        from annotator.ui.screens.reader_screen import ReaderScreen

        # The list over a reader goes, and the reader is replaced; the list the app
        # started with (no reader beneath) is itself replaced by the reader.
        if isinstance(self.screen, CorpusScreen) and len(self.screen_stack) > 1:
            self.pop_screen()
        self.switch_screen(ReaderScreen(self.sitting))
        return True

    # -- background segmentation of a large document ---------------------------------

    def segment_in_background(self, pending: PendingDocument | None) -> None:
        """A newly opened document (corpus mode) has more to segment, or nothing."""
        self.pending = pending
        self._show_loading("segmenting…" if pending is not None else "")
        if pending is not None:
            self.call_after_refresh(self._start_segmenting)

    def _start_segmenting(self) -> None:
        # Said again here: a document opened from the corpus list gets its reader only
        # now, after the refresh that follows the switch of screens.
        self._show_loading("segmenting…")
        self.run_worker(self._segment_rest, thread=True, exclusive=True, group="segment")

    def _segment_rest(self) -> None:
        """Runs on a worker thread: segment the whole text, reporting progress."""
        pending = self.pending
        if pending is not None:
            whole = self.session.segment_rest(pending, progress=self._post_progress)
            self.post_message(DocumentCompleted(whole))

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
        screens = self._reader_screens()
        cursor = screens[-1].reader.cursor if screens else 0
        if not session.finish_segmenting(message.whole):
            return  # finished for a document that is no longer open
        self.pending = None
        self._freeze_long_lived()
        # The sentence the coder is on, by its offset: the saved place too, when it lay
        # past the part segmented first and the coder has not moved since.
        remembered = session.remembered_cursor
        cursor = cursor if remembered is None else remembered
        for screen in screens:
            screen.reader.reset(min(cursor, len(session.document.sentences) - 1))
            screen.announcements.announce_carry()
        self._show_loading("")
        if unplaced := len(session.unplaced):
            from annotator.ui.announcing import unplaced_message

            self.notify(
                unplaced_message(unplaced),
                severity="warning",
                timeout=10,
                markup=False,
            )

    # -- the save status -------------------------------------------------------------

    def _post_store_status(self, status: SaveStatus) -> None:
        if threading.get_ident() == self._ui_thread:
            # A change queued by a keystroke reports "saving" on the UI thread itself:
            # shown at once, without a message round trip per keystroke.
            self.save_display.show_status(status)
        else:
            self.post_message(StoreStatusChanged(status))

    def on_store_status_changed(self, message: StoreStatusChanged) -> None:
        self.save_display.show_status(message.status)

    # -- quitting --------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit at once if every edit is on disk; else wait for it off the UI thread, then
        quit or ask what to do (see ``annotator.ui.quitting``)."""
        session = self.sitting.open_session
        if session is None:  # only a corpus's list: nothing to save
            self.exit(0)
            return
        if self._quitting is None:
            from annotator.ui.quitting import Quitting

            self._quitting = Quitting(self, self.save_display.show_label)
        self._quitting.start(session)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        session = self.sitting.open_session
        if self._quitting is not None and session is not None:
            self._quitting.worker_changed(event.worker, session)
