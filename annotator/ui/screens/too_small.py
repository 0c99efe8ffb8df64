"""The notice shown over everything while the terminal is below the minimum size.

A modal screen of its own, pushed by the app on top of whatever is open (the reader,
help, a dialog) and popped when the terminal is large enough again, so that nothing is
drawn half-laid-out underneath and no key reaches the screens below meanwhile.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

MIN_COLUMNS = 60
MIN_ROWS = 15


def too_small(width: int, height: int) -> bool:
    return width < MIN_COLUMNS or height < MIN_ROWS


class TooSmallScreen(ModalScreen[None]):
    """Covers the whole terminal until it is at least ``MIN_COLUMNS``×``MIN_ROWS``."""

    DEFAULT_CSS = """
    TooSmallScreen {
        background: $background;
    }
    TooSmallScreen #too-small {
        width: 100%;
        height: 100%;
        content-align: center middle;
        color: $warning;
        text-style: bold;
        background: $background;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(
            Text(
                f"Terminal too small: annotator needs at least {MIN_COLUMNS}×{MIN_ROWS}.\n"
                "Enlarge the window to go on; nothing is lost.",
                justify="center",
            ),
            id="too-small",
            markup=False,
        )
