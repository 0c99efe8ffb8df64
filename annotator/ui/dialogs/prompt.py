"""A one-line prompt at the bottom of the screen, as in a pager: ``/`` search, ``:`` paragraph.

It dismisses with the typed text, or None on escape, and leaves what to do with it to the
reader screen, so the same prompt serves every "key, then type something" command.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class Prompt(ModalScreen[str | None]):
    """Ask for one line: ``symbol`` is shown before the field ("/" or ":")."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", priority=True)]

    DEFAULT_CSS = """
    Prompt {
        align: left bottom;
        background: transparent;
    }
    Prompt > #prompt-line {
        height: 1;
        width: 100%;
        background: $panel;
    }
    Prompt #prompt-symbol {
        width: auto;
        padding: 0 0 0 1;
        text-style: bold;
        color: $accent;
    }
    Prompt #prompt-hint {
        width: auto;
        color: $text-muted;
        padding: 0 1;
    }
    Prompt Input, Prompt Input:focus {
        width: 1fr;
        height: 1;
        border: none;
        padding: 0 1;
        background: $panel;
    }
    """

    def __init__(self, symbol: str, hint: str, *, value: str = "", digits: bool = False) -> None:
        super().__init__()
        self._symbol = symbol
        self._hint = hint
        self._value = value
        self._digits = digits

    def compose(self) -> ComposeResult:
        with Horizontal(id="prompt-line"):
            yield Static(Text(self._symbol), id="prompt-symbol", markup=False)
            yield Input(
                value=self._value,
                id="prompt-input",
                restrict=r"[0-9]*" if self._digits else None,
                select_on_focus=True,
            )
            yield Static(Text(self._hint), id="prompt-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
