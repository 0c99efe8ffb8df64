"""Coding fast: code keys, tag-and-advance, repeat, the filter and the definitions panel.

``Workflow`` carries out the reader screen's coding keys (and ``D``, which marks the
document finished) and keeps their modes:
tag-and-advance (a code key that adds a code moves to the next sentence), the last
tagging (which ``.`` repeats), the filter (``x``: dim every sentence without a code) and
whether the panel shows the codes' definitions (``d``). It also writes the modes into the
status line.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.dom import DOMNode

from annotator.coding.rate import RateMeter
from annotator.coding.session import CodingSession
from annotator.safe_text import one_line
from annotator.ui.key_prefix import KeyPrefix
from annotator.ui.reader.view import ReaderView
from annotator.ui.widgets.side_panel import SidePanel
from annotator.wording import plural


def can_write(session: CodingSession, node: DOMNode) -> bool:
    """True if the coding can change; otherwise say (through ``node``'s app) that the
    document is read-only."""
    if session.read_only:
        node.app.notify("This document is open read-only.", severity="warning", markup=False)
        return False
    return True


class Workflow:
    """The coding keys and their modes; see the module docstring."""

    def __init__(
        self,
        session: CodingSession,
        reader: ReaderView,
        side_panel: SidePanel,
        prefix: KeyPrefix,
        refresh_status: Callable[[], None],
    ) -> None:
        self._session = session
        self._reader = reader
        self._side_panel = side_panel
        self._prefix = prefix
        self._refresh_status = refresh_status
        self.advance = False
        """Tag-and-advance: a code key that adds a code also moves to the next sentence."""
        self.filter: str | None = None
        """None: no filter; "": only uncoded sentences stand out; a name: only that code."""
        self.show_definitions = False
        self._last_tag: tuple[str, bool] | None = None
        """The last code key's code, and whether it added the code (or removed it)."""

    # -- coding --------------------------------------------------------------------------

    def apply_code(self, index: int) -> None:
        """Toggle a code on the current sentence; in tag-and-advance, adding moves on."""
        session = self._session
        if not can_write(session, self._reader):
            return
        code = session.codebook.codes[index]
        sentence = self._reader.cursor
        change = session.toggle_tag(sentence, code.name)
        added = change.after is not None and code.name in change.after.tags
        self._last_tag = (code.name, added)
        if self.advance and added:
            self._advance_from(sentence)

    def _advance_from(self, sentence: int) -> None:
        last = len(self._session.document.sentences) - 1
        if sentence >= last:
            tagged = self._session.tagged_count
            self._reader.app.notify(
                f"End of document: {tagged} of {plural(last + 1, 'sentence')} tagged.", markup=False
            )
            return
        self._reader.cursor = sentence + 1

    def toggle_advance(self) -> None:
        self.advance = not self.advance
        self._reader.app.notify(
            "Tag and advance: a code key tags and moves on." if self.advance else "Tag in place.",
            timeout=2,
            markup=False,
        )
        self._refresh_status()

    def repeat_last(self) -> None:
        """Repeat the last tagging (adding or removing that code) on the current sentence;
        in tag-and-advance, on as many sentences down as the count says."""
        if self._last_tag is None:
            self._reader.app.notify("Nothing to repeat yet: tag a sentence first.", markup=False)
            return
        session = self._session
        if not can_write(session, self._reader):
            return
        name, added = self._last_tag
        for _ in range(self._prefix.take() if self.advance else 1):
            sentence = self._reader.cursor
            if (name in session.tags(sentence)) != added:
                session.toggle_tag(sentence, name)
            if not (self.advance and added):
                break
            if sentence == len(session.document.sentences) - 1:
                self._advance_from(sentence)
                break
            self._reader.cursor = sentence + 1

    def toggle_finished(self) -> None:
        """``D``: mark the document finished, or re-open it; saved at once."""
        session = self._session
        if not can_write(session, self._reader):
            return
        finished = session.set_finished(session.finished is None)
        if finished:
            message = (
                "Marked finished: a sentence left uncoded now means no code applies. "
                "D again re-opens the document."
            )
        else:
            message = "Re-opened: this document's coding no longer counts as finished."
        self._reader.app.notify(message, timeout=4, markup=False)
        self._refresh_status()

    # -- view ----------------------------------------------------------------------------

    def set_filter(self, value: str | None) -> None:
        """Dim every sentence but those with code ``value`` ("" = uncoded); None clears."""
        self.filter = value
        # The predicates read the session each time: a split or merge replaces its maps.
        session = self._session
        reader = self._reader
        if value is None:
            reader.set_dimming(None)
        elif value == "":
            reader.set_dimming(lambda i: bool((a := session.annotations.get(i)) and a.tags))
        else:
            reader.set_dimming(
                lambda i: i not in session.annotations or value not in session.tags(i)
            )
        self._refresh_status()

    def toggle_definitions(self) -> None:
        self.show_definitions = not self.show_definitions
        self.refresh_definitions()

    def refresh_definitions(self) -> None:
        """Show the definitions of the current sentence's codes (all if none), or hide them."""
        session = self._session
        names = session.tags(self._reader.cursor) if self.show_definitions else None
        self._side_panel.show_definitions(session.codebook, names)

    def describe(self, parts: Text, rate: RateMeter) -> None:
        """Append the coding rate and the modes to the status line."""
        per_minute = rate.per_minute()
        if per_minute is not None:
            parts.append(f"{per_minute:.1f}/min ", style="bold")
        if self.advance:
            parts.append(" ADVANCE ", style="bold reverse")
            parts.append(" ")
        if self.filter is not None:
            what = "uncoded" if self.filter == "" else one_line(self.filter, 20)
            parts.append(f"filter: {what} ", style="italic")
