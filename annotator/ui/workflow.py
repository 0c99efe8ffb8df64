"""The coding workflow on top of the reader: modes, counts, two-key commands, filter, screens.

``ReaderScreen`` inherits from ``WorkflowScreen``, which keeps the reader screen about
reading and editing and puts here everything about coding fast: tag-and-advance, repeat,
count prefixes, the two-key commands (``t`` code, ``x`` code), the filter, the rate, and the
help, statistics and palette entries. The jumps (untagged, code, search, paragraph) are in
its base, ``annotator.ui.jumps.NavigationScreen``.

Count rule: a digit that no code is bound to starts a count (with the default codebook,
5-9 and 0); once a count is started every digit extends it; ``#`` starts a count with any
digit (``#12j``). A count applies to the key that follows it and is then forgotten.
"""

from __future__ import annotations

from rich.text import Text
from textual import events

from annotator.coding.session import Change, CodingSession
from annotator.coding.statistics import RateMeter
from annotator.safe_text import one_line
from annotator.settings.config import UserConfig
from annotator.ui.jumps import NavigationScreen
from annotator.ui.palette import ReaderCommands
from annotator.ui.reader.view import ReaderView
from annotator.ui.screens.corpus_screen import CorpusScreen, corpus_of, step_document
from annotator.ui.screens.help_screen import HelpScreen
from annotator.ui.screens.stats_screen import StatisticsScreen
from annotator.ui.user_config import apply_user_config, shared_rate

MAX_COUNT = 99_999
UNCODED_KEYS = ("minus", "0")
"""After ``x``: show only uncoded sentences (a code bound to the key wins)."""


class WorkflowScreen(NavigationScreen):
    """The coding workflow shared by the reader screen; see the module docstring."""

    COMMANDS = {ReaderCommands}

    session: CodingSession
    rate: RateMeter

    def __init__(self) -> None:
        super().__init__()
        self.advance = False
        """Tag-and-advance: a code key that adds a code also moves to the next sentence."""
        self.filter: str | None = None
        """None: no filter; "": only uncoded sentences stand out; a name: only that code."""
        self.show_definitions = False
        self.user_config = UserConfig()
        self._typed_count = ""
        self._leader: str | None = None
        self._last_tag: tuple[str, bool] | None = None

    # -- plumbing --------------------------------------------------------------------

    def on_mount(self) -> None:
        self.rate = shared_rate(self.app)
        self.session.listeners.append(self.rate.observe)
        self.user_config = apply_user_config(self.app)
        self.set_interval(10, self.refresh_workflow)
        self.refresh_workflow()
        corpus = corpus_of(self.app)
        if corpus is not None and corpus.show_list_first:
            corpus.show_list_first = False
            self.app.push_screen(CorpusScreen(corpus))

    def on_unmount(self) -> None:
        if hasattr(self, "rate") and self.rate.observe in self.session.listeners:
            self.session.listeners.remove(self.rate.observe)

    def keys_for(self, action_id: str) -> tuple[str, ...]:
        return self.user_config.keys_for(action_id)

    def refresh_workflow(self) -> None:
        """Redraw the status bar's workflow part: rate, modes, pending count or key."""
        parts = Text()
        rate = self.rate.per_minute()
        if rate is not None:
            parts.append(f"{rate:.1f}/min ", style="bold")
        if self.advance:
            parts.append(" ADVANCE ", style="bold reverse")
            parts.append(" ")
        if self.filter is not None:
            what = "uncoded" if self.filter == "" else one_line(self.filter, 20)
            parts.append(f"filter: {what} ", style="italic")
        search = self.current_search()
        if search is not None and search.query:
            place = search.position(self.view.cursor)
            found = len(search.matches)
            where = f"{place}/{found}" if place else f"{found}"
            parts.append(f"/{one_line(search.query, 16)} {where} ", style="italic")
        if self._typed_count or self._leader:
            typed = "#" if self._typed_count == "0" else self._typed_count
            pending = typed + ("" if self._leader is None else self._leader)
            parts.append(f"{pending}…", style="bold")
        bar = self.status_bar
        bar.workflow = parts
        bar.show(self.session)

    def refresh_definitions(self) -> None:
        panel = self.side_panel
        names = self.session.tags(self.view.cursor) if self.show_definitions else None
        panel.show_definitions(self.session.codebook, names)

    def on_reader_view_cursor_moved(self, message: ReaderView.CursorMoved) -> None:
        self.cursor_changed(message.sentence)

    def cursor_changed(self, sentence: int) -> None:
        """The cursor is on ``sentence`` now: what follows it in the panel and status bar."""
        if self.show_definitions:
            self.refresh_definitions()
        if self._search is not None and self._search.query:
            self.refresh_workflow()

    def workflow_change(self, change: Change) -> None:
        """Called by the reader screen after each change to the coding."""
        if self.show_definitions:
            self.refresh_definitions()
        self.refresh_workflow()

    # -- keys that take a further key, and counts --------------------------------------

    def on_key(self, event: events.Key) -> None:
        """Counts and the key after ``t`` or ``x``; runs before any binding sees the key."""
        self._count = None
        key = event.key
        if self._leader is not None:
            event.stop()
            event.prevent_default()
            leader, self._leader = self._leader, None
            typed, self._typed_count = self._typed_count, ""
            self._count = int(typed) if typed else None
            self._second_key(leader, key)
            self.refresh_workflow()
            return
        if len(key) == 1 and key in "0123456789":
            bound = self.session.codebook.by_key(key) is not None
            if self._typed_count or not bound:
                event.stop()
                event.prevent_default()
                if len(self._typed_count) < len(str(MAX_COUNT)):
                    self._typed_count = (self._typed_count + key).lstrip("0")
                self.refresh_workflow()
                return
        if key == "escape":
            if self._typed_count:
                self._typed_count = ""
            elif self.filter is not None:
                self.set_filter(None)
            self.refresh_workflow()
            return
        if self._typed_count:
            self._count = min(MAX_COUNT, int(self._typed_count))
            self._typed_count = ""
            self.refresh_workflow()

    def _second_key(self, leader: str, key: str) -> None:
        if key == "escape":
            return
        code = self.session.codebook.by_key(key)
        if leader == "t":
            if code is None:
                self.app.notify("t: press a code key (escape to cancel).", markup=False)
            else:
                self.jump_to_code(code.name)
        elif leader == "x":
            if code is not None:
                self.set_filter(code.name)
            elif key in UNCODED_KEYS:
                self.set_filter("")
            elif key in self.keys_for("filter"):
                self.set_filter(None)
            else:
                self.app.notify(
                    "x: a code key, - for uncoded, x to clear.", timeout=3, markup=False
                )

    def action_count_prefix(self) -> None:
        # "#" starts a count with any digit; on_key then collects the digits.
        self._typed_count = self._typed_count or "0"
        self.refresh_workflow()

    def action_jump_code(self) -> None:
        self._leader = "t"
        self._keep_count()

    def action_filter_code(self) -> None:
        self._leader = "x"
        self._keep_count()

    def _keep_count(self) -> None:
        if self._count is not None:
            self._typed_count = str(self._count)
        self.refresh_workflow()

    # -- coding ------------------------------------------------------------------------

    def can_write(self) -> bool:
        if self.session.read_only:
            self.app.notify("This document is open read-only.", severity="warning", markup=False)
            return False
        return True

    def apply_code(self, index: int) -> None:
        """Toggle a code on the current sentence; in tag-and-advance, adding moves on."""
        if not self.can_write():
            return
        code = self.session.codebook.codes[index]
        sentence = self.view.cursor
        change = self.session.toggle_tag(sentence, code.name)
        added = change.after is not None and code.name in change.after.tags
        self._last_tag = (code.name, added)
        if self.advance and added:
            self._advance_from(sentence)

    def _advance_from(self, sentence: int) -> None:
        last = len(self.session.document.sentences) - 1
        if sentence >= last:
            tagged = self.session.tagged_count
            self.app.notify(
                f"End of document: {tagged} of {last + 1} sentences tagged.", markup=False
            )
            return
        self.view.cursor = sentence + 1

    def action_toggle_advance(self) -> None:
        self.advance = not self.advance
        self.app.notify(
            "Tag and advance: a code key tags and moves on." if self.advance else "Tag in place.",
            timeout=2,
            markup=False,
        )
        self.refresh_workflow()

    def action_repeat_last(self) -> None:
        """Repeat the last tagging (adding or removing that code) on the current sentence."""
        if self._last_tag is None:
            self.app.notify("Nothing to repeat yet: tag a sentence first.", markup=False)
            return
        if not self.can_write():
            return
        name, added = self._last_tag
        for _ in range(self.take_count() if self.advance else 1):
            sentence = self.view.cursor
            if (name in self.session.tags(sentence)) != added:
                self.session.toggle_tag(sentence, name)
            if not (self.advance and added):
                break
            if sentence == len(self.session.document.sentences) - 1:
                self._advance_from(sentence)
                break
            self.view.cursor = sentence + 1

    # -- view --------------------------------------------------------------------------

    def set_filter(self, value: str | None) -> None:
        """Dim every sentence but those with code ``value`` ("" = uncoded); None clears."""
        self.filter = value
        # The predicates read the session each time: a split or merge replaces its maps.
        session = self.session
        view = self.view
        if value is None:
            view.set_dimming(None)
        elif value == "":
            view.set_dimming(lambda i: bool((a := session.annotations.get(i)) and a.tags))
        else:
            view.set_dimming(lambda i: i not in session.annotations or value not in session.tags(i))
        self.refresh_workflow()

    def action_toggle_definitions(self) -> None:
        self.show_definitions = not self.show_definitions
        self.refresh_definitions()

    def action_statistics(self) -> None:
        self.app.push_screen(StatisticsScreen(self.session))

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.session.codebook, self.keys_for))

    # -- corpus ------------------------------------------------------------------------

    def action_next_document(self) -> None:
        step_document(self.app, self.take_count())

    def action_prev_document(self) -> None:
        step_document(self.app, -self.take_count())

    def action_documents(self) -> None:
        corpus = corpus_of(self.app)
        if corpus is None:
            self.app.notify("One document is open: there is no document list.", markup=False)
        else:
            self.app.push_screen(CorpusScreen(corpus))
