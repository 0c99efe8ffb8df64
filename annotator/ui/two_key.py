"""What the second key of a two-key command does, and the count typed before a key.

``t`` then a code key goes to the next sentence with that code; ``x`` then a code key
shows only the sentences with it (``-`` or ``0``: only uncoded ones; ``x`` again: all);
adjudicating, ``=`` then a coder's number makes that coder's codes the reference's.
``KeyPrefix`` keeps what is being typed and hands the second key over; this module
says what it does, through the reader screen's other helpers. Every key reaches
``feed`` before any binding, so that a count's digits and a second key never reach one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import events
from textual.screen import Screen

from annotator.coding.session import CodingSession
from annotator.settings.keynames import key_display
from annotator.ui.jumps import Jumps
from annotator.ui.key_prefix import KeyPrefix, Step
from annotator.ui.workflow import Workflow

if TYPE_CHECKING:  # only its type is needed here
    from annotator.ui.adjudicating import Adjudicating

UNCODED_KEYS = ("minus", "0")
"""After ``x``: show only uncoded sentences (a code bound to the key wins)."""


class TwoKeyCommands:
    """The reader screen's two-key commands and counts; see the module docstring."""

    def __init__(
        self,
        screen: Screen[Any],
        session: CodingSession,
        prefix: KeyPrefix,
        jumps: Jumps,
        workflow: Workflow,
        adjudicating: Adjudicating | None,
        keys_for: Callable[[str], tuple[str, ...]],
        refresh_status: Callable[[], None],
    ) -> None:
        self._screen = screen
        self._session = session
        self._prefix = prefix
        self._jumps = jumps
        self._workflow = workflow
        self._adjudicating = adjudicating
        self._keys_for = keys_for
        self._refresh_status = refresh_status

    def feed(self, event: events.Key) -> None:
        """A key, before any binding sees it: a digit of a count, the second key of a
        command (taken from the bindings), or escape (which also clears the filter)."""
        step = self._prefix.feed(event.key)
        if step is Step.PASS:
            return
        if step.taken:
            event.stop()
            event.prevent_default()
        if step is Step.ESCAPE and self._workflow.filter is not None:
            self._workflow.set_filter(None)
        self._refresh_status()

    def start_count(self) -> None:
        """``#``: a count of any digits for the next key (``#12j``)."""
        self._prefix.start_count()
        self._refresh_status()

    def wait_for_code(self) -> None:
        """``t``: the next sentence with the code of the key that follows."""
        self._prefix.wait_for_second("t", self._after_t)
        self._refresh_status()

    def wait_for_filter(self) -> None:
        """``x``: show only the sentences the key that follows says."""
        self._prefix.wait_for_second("x", self._after_x)
        self._refresh_status()

    def wait_for_coder(self) -> None:
        """``=``, then a coder's number (adjudication mode only)."""
        adjudicating = self._adjudicating
        if adjudicating is None:
            self._screen.app.notify(
                "Taking a coder's codes is for adjudication: annotator adjudicate DOC.",
                markup=False,
            )
            return
        self._prefix.wait_for_second(self._take_label(), adjudicating.take)
        self._refresh_status()

    def _take_label(self) -> str:
        keys = self._keys_for("take-coder")
        return key_display(keys[0]) if keys else "="

    def _after_t(self, key: str) -> None:
        code = self._session.codebook.by_key(key)
        if code is None:
            self._screen.app.notify("t: press a code key (escape to cancel).", markup=False)
        else:
            self._jumps.to_code(code.name)

    def _after_x(self, key: str) -> None:
        code = self._session.codebook.by_key(key)
        if code is not None:
            self._workflow.set_filter(code.name)
        elif key in UNCODED_KEYS:
            self._workflow.set_filter("")
        elif key in self._keys_for("filter"):
            self._workflow.set_filter(None)
        else:
            self._screen.app.notify(
                "x: a code key, - for uncoded, x to clear.", timeout=3, markup=False
            )
