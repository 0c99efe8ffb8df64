"""Ask where to write an export, when the document's own folder will not do."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class ExportPathScreen(ModalScreen[str | None]):
    """A one-field dialog; dismisses with the chosen path, or None if cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", priority=True)]

    DEFAULT_CSS = """
    ExportPathScreen {
        align: center middle;
    }
    #export-dialog {
        width: 80%;
        max-width: 100;
        height: auto;
        max-height: 80%;
        padding: 1 2;
        border: thick $accent;
        background: $surface;
    }
    """

    def __init__(self, default: str, reason: str) -> None:
        super().__init__()
        self._default = default
        self._reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog"):
            yield Static(Text("Export coding as CSV", style="bold"), markup=False)
            yield Static(Text(self._reason), markup=False)
            yield Input(value=self._default, id="export-path")
            yield Static(Text("enter write · escape cancel", style="dim"), markup=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        self.dismiss(value or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
