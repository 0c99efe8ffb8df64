"""Choose the word at which to split a sentence the segmenter got wrong.

Arrows step through the words; typing the first letters of a word jumps to it (leading
punctuation such as an opening bracket or quote is skipped). A letter that does not
continue the word typed so far starts a new one, from the next word on, so typing the
same letter again steps through the words that start with it.
"""

from __future__ import annotations

import re

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from annotator.safe_text import one_line

_WORD = re.compile(r"\S+")
CONTEXT_WORDS = 4
HINT = "↑/↓ or type a word's first letters · enter split · escape cancel"


def word_key(word: str) -> str:
    """What typing matches in ``word``: its casefolded letters, leading punctuation gone."""
    folded = word.casefold()
    stripped = folded.lstrip("\"'“”‘’«»„‚([{<¡¿-–—*_")
    return stripped or folded


class TypeAhead:
    """The letters typed in the picker, and the word they lead to (no Textual)."""

    def __init__(self, words: list[str]) -> None:
        self._keys = [word_key(w) for w in words]
        self.typed = ""

    def _find(self, prefix: str, start: int) -> int | None:
        count = len(self._keys)
        for step in range(count):
            index = (start + step) % count
            if self._keys[index].startswith(prefix):
                return index
        return None

    def type(self, char: str, current: int) -> int | None:
        """Add ``char``; the index of the word to go to, or None if nothing matches."""
        if not self._keys:
            return None
        char = char.casefold()
        found = self._find(self.typed + char, current) if self.typed else None
        if found is not None:
            self.typed += char
            return found
        found = self._find(char, current + 1)
        if found is not None:
            self.typed = char
        return found

    def erase(self) -> None:
        self.typed = self.typed[:-1]


def split_points(text: str, start: int, end: int) -> list[int]:
    """Offsets of the words of ``text[start:end]`` after the first: where a split can go."""
    return [start + m.start() for m in _WORD.finditer(text[start:end])][1:]


class SplitPicker(ModalScreen[int | None]):
    """Lists each possible split point with its context; dismisses with the offset."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", priority=True)]

    DEFAULT_CSS = """
    SplitPicker {
        align: center middle;
    }
    #split-dialog {
        width: 80%;
        max-width: 110;
        height: auto;
        max-height: 80%;
        padding: 1 2;
        border: thick $accent;
        background: $surface;
    }
    #split-points {
        height: auto;
        max-height: 20;
    }
    """

    def __init__(self, text: str, start: int, end: int) -> None:
        super().__init__()
        self._points = split_points(text, start, end)
        self._text = text
        self._start = start
        self._end = end
        self._typed = TypeAhead([text[p:end].split()[0] for p in self._points])

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
            yield Static(Text(HINT, style="dim"), id="split-hint", markup=False)
        self._preferred = preferred

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self._preferred if self._points else None
        options.focus()

    def on_key(self, event: events.Key) -> None:
        """Letters jump to the word they begin; backspace takes the last one back."""
        options = self.query_one(OptionList)
        if event.key == "backspace" and self._typed.typed:
            self._typed.erase()
        elif event.character and event.character.isprintable() and not event.character.isspace():
            found = self._typed.type(event.character, options.highlighted or 0)
            if found is not None:
                options.highlighted = found
        else:
            return
        event.stop()
        event.prevent_default()
        typed = f" · typed: {self._typed.typed}" if self._typed.typed else ""
        self.query_one("#split-hint", Static).update(Text(HINT + one_line(typed), style="dim"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        self.dismiss(None)
