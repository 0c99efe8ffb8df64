"""Asked on quit when some edits are not on disk yet (full disk, read-only folder...)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from annotator.safe_text import one_line
from annotator.wording import plural, plural_form


class QuitConfirmScreen(ModalScreen[tuple[str, str] | None]):
    """Dismisses with ("export", path), ("quit", "") or None to stay."""

    BINDINGS = [
        Binding("escape", "stay", "Stay", priority=True),
        Binding("ctrl+q", "quit_anyway", "Quit and lose them", priority=True),
    ]

    DEFAULT_CSS = """
    QuitConfirmScreen {
        align: center middle;
    }
    #quit-dialog {
        width: 80%;
        max-width: 100;
        height: auto;
        padding: 1 2;
        border: thick $error;
        background: $surface;
    }
    """

    def __init__(self, unsaved: int, problem: str, default_path: str) -> None:
        super().__init__()
        self._unsaved = unsaved
        self._problem = problem
        self._default_path = default_path

    def compose(self) -> ComposeResult:
        with Vertical(id="quit-dialog"):
            yield Static(
                Text(
                    f"{plural(self._unsaved, 'edit')} {plural_form(self._unsaved, 'is')} not saved",
                    style="bold red",
                ),
                markup=False,
            )
            yield Static(Text(one_line(self._problem, 300)), markup=False)
            yield Static(
                Text(
                    "Enter a file to export them to (JSON lines) and quit, "
                    "escape to stay and keep retrying, ctrl+q to quit without them."
                ),
                markup=False,
            )
            yield Input(value=self._default_path, id="unsaved-path")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(("export", event.value.strip()))

    def action_stay(self) -> None:
        self.dismiss(None)

    def action_quit_anyway(self) -> None:
        self.dismiss(("quit", ""))
