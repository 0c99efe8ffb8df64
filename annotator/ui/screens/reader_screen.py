"""The reader: one document, the side panel, the status bar and every reading and coding key.

``ReaderScreen`` composes its parts instead of inheriting them. It owns its widgets, a
``KeyPrefix`` (counts and two-key commands) and a ``SearchState``, and hands its keys to
plain helpers: ``Jumps`` (moving), ``TwoKeyCommands`` (the key after ``t``, ``x`` or
``=``, and counts), ``Workflow`` (coding fast), ``Editing`` (notes, undo, splits and
merges), ``ReaderExport`` and ``Destinations`` (the screens and documents a key leads
to); ``Announcements`` says what the coder must know as the document opens. Its actions
only delegate; what a key does is in the helper's module.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import Worker

from annotator.coding.history import Change
from annotator.safe_text import one_line
from annotator.settings.keys import ACTIONS
from annotator.ui.announcing import Announcements
from annotator.ui.editing import Editing
from annotator.ui.jumps import Jumps
from annotator.ui.key_prefix import KeyPrefix
from annotator.ui.others import Others, PeersRead
from annotator.ui.palette import Command, ReaderCommands, reader_commands
from annotator.ui.reader.view import ReaderView
from annotator.ui.screens.destinations import Destinations
from annotator.ui.search_state import SearchState
from annotator.ui.sitting import Sitting
from annotator.ui.textual_private import bind_key
from annotator.ui.two_key import TwoKeyCommands
from annotator.ui.widgets.side_panel import SidePanel
from annotator.ui.widgets.status_bar import StatusBar
from annotator.ui.workflow import Workflow

if TYPE_CHECKING:
    from annotator.ui.adjudicating import Adjudicating
    from annotator.ui.exporting import ReaderExport

RATE_REFRESH_SECONDS = 10
CURSOR_SAVE_SECONDS = 5
"""How often the place in the document is saved while the coder reads (only if it moved)."""


def _bindings() -> list[BindingType]:
    return [
        Binding(",".join(a.keys), a.action, a.description, show=a.show, id=a.id)
        for a in ACTIONS
        if a.action != "quit"
    ]


class ReaderScreen(Screen[None]):
    """Reading and coding one document; see the module docstring."""

    BINDINGS = _bindings()
    COMMANDS = {ReaderCommands}

    def __init__(self, sitting: Sitting) -> None:
        super().__init__()
        self.sitting = sitting
        self.session = session = sitting.session
        codebook = session.codebook
        self.status_bar = StatusBar(id="status")
        self.reader = ReaderView(session, id="reader")
        # Back where the coder was when they last left this document.
        self.reader.set_reactive(ReaderView.cursor, session.remembered_cursor or 0)
        self.side_panel = SidePanel(id="side")
        self.prefix = KeyPrefix(lambda key: codebook.by_key(key) is not None)
        self.search = SearchState()
        self.jumps = Jumps(session, self.reader, self.prefix, self.search, self.refresh_workflow)
        self.workflow = Workflow(
            session, self.reader, self.side_panel, self.prefix, self.refresh_workflow
        )
        self.editing = Editing(session, self.reader, self.jumps.goto, self._refresh_details)
        self._export: ReaderExport | None = None
        self.status_bar.data_label = sitting.workspace.data_label
        self.others = Others(sitting.workspace, session, self.reader, self.side_panel)
        """The other coders' codes (``O``), where the project allows them."""
        self.adjudicating: Adjudicating | None = None
        """Adjudication mode (``annotator adjudicate``): the session is the reference's."""
        if sitting.adjudication is not None:
            from annotator.ui.adjudicating import Adjudicating

            self.adjudicating = Adjudicating(
                sitting.adjudication, self.reader, self.side_panel, self.prefix, self.jumps.goto
            )
        self.announcements = Announcements(self, session, self.adjudicating, self.keys_for)
        """Said at open; the app has the carry said again once a large document is whole."""
        self.two_key = TwoKeyCommands(
            self,
            session,
            self.prefix,
            self.jumps,
            self.workflow,
            self.adjudicating,
            self.keys_for,
            self.refresh_workflow,
        )
        self.destinations = Destinations(
            self, sitting, self.reader, self.jumps.goto, self._refresh_details, self.keys_for
        )
        for index, code in enumerate(codebook.codes):
            bind_key(self, code.key, f"toggle_code({index})", one_line(code.name, 20))

    def compose(self) -> ComposeResult:
        yield self.status_bar
        with Horizontal(id="body"):
            yield self.reader
            yield self.side_panel
        yield Footer()

    def on_mount(self) -> None:
        session = self.session
        session.listeners.append(self._on_change)
        session.listeners.append(self.sitting.rate.observe)
        # A watcher runs as the cursor changes, so the panel is drawn in the same frame as
        # the move; a message would arrive a frame or two later and cost a second repaint.
        self.watch(self.reader, "cursor", self._cursor_changed, init=False)
        self.side_panel.display = not self.sitting.panel_hidden
        # The document's words first: the panel's fields are filled a frame later.
        self.call_after_refresh(self._fill_panel)
        self.reader.focus()
        self.announcements.announce_start()
        self.set_interval(RATE_REFRESH_SECONDS, self.refresh_workflow)
        self.set_interval(CURSOR_SAVE_SECONDS, session.save_cursor)
        self.refresh_workflow()

    def on_unmount(self) -> None:
        listeners = self.session.listeners
        for listener in (self._on_change, self.sitting.rate.observe):
            if listener in listeners:
                listeners.remove(listener)

    def _fill_panel(self) -> None:
        """The side panel's legend and the current sentence's details."""
        self.side_panel.show_legend(
            self.session.codebook, self.keys_for, adjudicating=self.adjudicating is not None
        )
        if self.adjudicating is not None:
            self.side_panel.show_reference(self.adjudicating.adjudication.reference)
        else:
            self.others.start()  # a worker reads the other coders' files
        self._show_panel(self.reader.cursor)

    # -- what follows a change, a move or a key ------------------------------------------

    def _refresh_details(self) -> None:
        self.status_bar.show(self.session)
        self._show_panel(self.reader.cursor)

    def _show_panel(self, sentence: int) -> None:
        self.side_panel.show(self.session, sentence)
        if self.adjudicating is not None:
            self.adjudicating.show(sentence)
        else:
            self.others.show(sentence)

    def _on_change(self, change: Change) -> None:
        self.reader.invalidate_sentence(change.sentence)
        self._show_panel(self.reader.cursor)
        if self.workflow.show_definitions:
            self.workflow.refresh_definitions()
        self.refresh_workflow()  # redraws the status bar

    def _cursor_changed(self, sentence: int) -> None:
        self.session.remember_cursor(sentence)  # memory only; saved on a timer and on leaving
        self._show_panel(sentence)
        if self.workflow.show_definitions:
            self.workflow.refresh_definitions()
        if self.search.query:
            self.refresh_workflow()

    def on_reader_view_cursor_moved(self, message: ReaderView.CursorMoved) -> None:
        self._cursor_changed(message.sentence)

    def refresh_workflow(self) -> None:
        """Redraw the status bar's workflow part: rate, modes, search, pending count or key."""
        parts = Text()
        if self.adjudicating is not None:
            self.adjudicating.describe(parts)
        self.workflow.describe(parts, self.sitting.rate)
        self.search.describe(parts, self.session.document, self.reader.cursor)
        self.prefix.describe(parts)
        bar = self.status_bar
        bar.workflow = parts
        bar.show(self.session)

    def on_key(self, event: events.Key) -> None:
        """Counts and the key after ``t`` or ``x``: before any binding sees the key."""
        self.two_key.feed(event)

    @property
    def export(self) -> ReaderExport:
        """The export key's helper, made (and its module imported) on first use."""
        if self._export is None:
            from annotator.ui.exporting import ReaderExport

            self._export = ReaderExport(self, self.session, self.sitting.workspace, self.status_bar)
        return self._export

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if self._export is not None:
            self._export.worker_changed(event.worker)

    # -- what the palette offers ---------------------------------------------------------

    def palette_commands(self) -> Iterable[Command]:
        return reader_commands(self)

    def apply_code(self, index: int) -> None:
        self.workflow.apply_code(index)

    def jump_to_code(self, name: str) -> None:
        self.jumps.to_code(name)

    def set_filter(self, value: str | None) -> None:
        self.workflow.set_filter(value)

    def keys_for(self, action_id: str) -> tuple[str, ...]:
        return self.sitting.config.keys_for(action_id)

    # -- actions: moving (see ``Jumps``) -------------------------------------------------

    def action_next_sentence(self) -> None:
        self.jumps.sentences(1)

    def action_prev_sentence(self) -> None:
        self.jumps.sentences(-1)

    def action_next_paragraph(self) -> None:
        self.jumps.paragraphs(forward=True)

    def action_prev_paragraph(self) -> None:
        self.jumps.paragraphs(forward=False)

    def action_first_sentence(self) -> None:
        self.jumps.first()

    def action_last_sentence(self) -> None:
        self.jumps.last()

    def action_next_untagged(self) -> None:
        if self.adjudicating is not None:
            self.adjudicating.step(forward=True)  # adjudicating: the next disagreement
        else:
            self.jumps.untagged(forward=True)

    def action_prev_untagged(self) -> None:
        if self.adjudicating is not None:
            self.adjudicating.step(forward=False)
        else:
            self.jumps.untagged(forward=False)

    def action_search(self) -> None:
        self.jumps.ask_search()

    def action_next_match(self) -> None:
        self.jumps.step_match(forward=True)

    def action_prev_match(self) -> None:
        self.jumps.step_match(forward=False)

    def action_goto_paragraph(self) -> None:
        self.jumps.ask_paragraph()

    # -- actions: keys that take a further key, and counts (see ``TwoKeyCommands``) ------

    def action_count_prefix(self) -> None:
        self.two_key.start_count()

    def action_jump_code(self) -> None:
        self.two_key.wait_for_code()

    def action_filter_code(self) -> None:
        self.two_key.wait_for_filter()

    def action_take_coder(self) -> None:
        """``=``, then a coder's number (adjudication mode only)."""
        self.two_key.wait_for_coder()

    def take_coder(self, number: int) -> None:
        if self.adjudicating is not None:
            self.adjudicating.take_coder(number)

    def adjudicated_coders(self) -> tuple[str, ...]:
        """The coders compared when adjudicating, in the panel's order (else none)."""
        if self.adjudicating is None:
            return ()
        return tuple(c.coder for c in self.adjudicating.adjudication.coders)

    # -- actions: coding (see ``Workflow`` and ``Editing``) ------------------------------

    def action_toggle_code(self, index: int) -> None:
        self.workflow.apply_code(index)

    def action_toggle_advance(self) -> None:
        self.workflow.toggle_advance()

    def action_repeat_last(self) -> None:
        self.workflow.repeat_last()

    def action_toggle_finished(self) -> None:
        self.workflow.toggle_finished()
        self.others.finished_changed()

    def action_undo(self) -> None:
        self.editing.undo()

    def action_redo(self) -> None:
        self.editing.redo()

    def action_edit_note(self) -> None:
        self.editing.edit_note()

    def action_split_sentence(self) -> None:
        self.editing.split()

    def action_merge_sentence(self) -> None:
        self.editing.merge()

    # -- actions: view -------------------------------------------------------------------

    def action_toggle_focus(self) -> None:
        self.reader.focus_mode = not self.reader.focus_mode

    def action_toggle_panel(self) -> None:
        """Hide or show the side panel; the text takes the width it frees."""
        self.sitting.panel_hidden = not self.sitting.panel_hidden
        self.side_panel.display = not self.sitting.panel_hidden

    def action_toggle_definitions(self) -> None:
        self.workflow.toggle_definitions()

    def on_peers_read(self, message: PeersRead) -> None:
        self.others.arrived(message.peers)

    def action_toggle_others(self) -> None:
        """``O``: the other coders' codes beside the coder's own (see ``Others``)."""
        if self.adjudicating is not None:
            self.app.notify("Adjudicating: the side panel shows every coder already.", markup=False)
            return
        self.others.toggle()

    # The screens and documents a key leads to (see ``Destinations``).

    def action_statistics(self) -> None:
        self.destinations.statistics()

    def action_review(self) -> None:
        self.destinations.review()

    def action_help(self) -> None:
        self.destinations.help()

    # -- actions: files ------------------------------------------------------------------

    def action_export(self) -> None:
        self.export.start()

    def action_next_document(self) -> None:
        self.destinations.step_document(self.prefix.take())

    def action_prev_document(self) -> None:
        self.destinations.step_document(-self.prefix.take())

    def action_documents(self) -> None:
        self.destinations.documents()
