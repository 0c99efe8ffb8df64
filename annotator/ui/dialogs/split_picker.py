"""Choose the word at which to split a sentence the segmenter got wrong."""

from __future__ import annotations

import re

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from annotator.safe_text import one_line

_WORD = re.compile(r"\S+")
CONTEXT_WORDS = 4


def split_points(text: str, start: int, end: int) -> list[int]:
    """Offsets of the words of ``text[start:end]`` after the first: where a split can go."""
    return [start + m.start() for m in _WORD.finditer(text[start:end])][1:]


class SplitPicker(ModalScreen[int | None]):
    """Lists each possible split point with its context; dismisses with the offset."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", priority=True)]

    def __init__(self, text: str, start: int, end: int) -> None:
        super().__init__()
        self._points = split_points(text, start, end)
        self._text = text
        self._start = start
        self._end = end

    def compose(self) -> ComposeResult:
        options: list[Option] = []
        preferred = 0
        for number, offset in enumerate(self._points):
            before = self._text[self._start : offset].split()[-CONTEXT_WORDS:]
            after = self._text[offset : self._end].split()[:CONTEXT_WORDS]
            label = Text(one_line(" ".join(before)), style="bold")
            label.append("  ┃  ", style="reverse")
            label.append(one_line(" ".join(after)))
            options.append(Option(label, id=str(offset)))
            if not preferred and before and before[-1].endswith((".", "!", "?", ":", ";")):
                preferred = number
        with Vertical(id="split-dialog"):
            yield Static(Text("Split the sentence before which word?", style="bold"), markup=False)
            yield OptionList(*options, id="split-points")
            yield Static(
                Text("↑/↓ choose · enter split · escape cancel", style="dim"), markup=False
            )
        self._preferred = preferred

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self._preferred if self._points else None
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        self.dismiss(None)
