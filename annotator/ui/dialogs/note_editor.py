"""The note editor: a modal multi-line editor. ctrl+s saves, escape cancels.

escape on a changed note does not throw it away at once: the editor asks, and a second
escape discards the change, while typing on (or ctrl+s) keeps it.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from annotator.annotation import MAX_NOTE
from annotator.safe_text import one_line, visible
from annotator.ui.reader.paragraph_layout import joined_lines


class NoteEditor(ModalScreen[str | None]):
    """Edit the note of one sentence; dismisses with the new note, or None if cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    DEFAULT_CSS = """
    NoteEditor {
        align: center middle;
    }
    #note-dialog {
        width: 80%;
        max-width: 100;
        min-width: 58;
        height: 26;
        max-height: 100%;
        padding: 1 2;
        border: thick $accent;
        background: $surface;
    }
    #note-quote {
        color: $text-muted;
        margin-bottom: 1;
        max-height: 4;
    }
    #note-text {
        height: 1fr;
        min-height: 3;
    }
    #note-keys {
        height: 1;
    }
    #note-discard {
        display: none;
        color: $warning;
    }
    """

    def __init__(self, note: str, sentence_text: str, where: str) -> None:
        super().__init__()
        # A note stored before notes were bounded may be huge (opening 10 MB took half a
        # minute): the editor holds its first MAX_NOTE characters, and saving keeps those.
        self._cut = len(note) - MAX_NOTE if len(note) > MAX_NOTE else 0
        self._original = note[:MAX_NOTE]
        # A note that came from an import may hold control characters; the editor shows
        # them as symbols, and saving without an edit keeps the original bytes.
        self._shown = visible(self._original, keep_newlines=True, keep_tabs=True)
        self._sentence_text = sentence_text
        self._where = where

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog"):
            yield Static(Text(f"Note on {self._where}", style="bold"), markup=False)
            quote = one_line(joined_lines(self._sentence_text), 400)
            yield Static(Text(quote), id="note-quote", markup=False)
            yield TextArea(self._shown, id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Static(
                Text(
                    "The note has changed. escape again discards the change · ctrl+s saves "
                    "· type to go on",
                    style="bold",
                ),
                id="note-discard",
                markup=False,
            )
            yield Static(
                Text("ctrl+s save · esc cancel · an empty note removes it", style="dim"),
                id="note-keys",
                markup=False,
            )
            cut = (
                f"This note is {MAX_NOTE + self._cut:,} characters long: only its first "
                f"{MAX_NOTE:,} are here, and ctrl+s keeps only them; escape keeps it all."
            )
            problem = Static(Text(cut), id="note-problem", markup=False)
            problem.display = bool(self._cut)  # shown only when there is something to say
            yield problem

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        text = self.query_one(TextArea).text
        if len(text) > MAX_NOTE:
            # Refused here, with the text still in the editor to shorten.
            problem = self.query_one("#note-problem", Static)
            problem.update(
                Text(
                    f"The note is {len(text):,} characters long; a note holds at most "
                    f"{MAX_NOTE:,}. Shorten it to save.",
                    style="bold",
                )
            )
            problem.display = True
            return
        self.dismiss(self._original if text == self._shown else text)

    def action_cancel(self) -> None:
        """Close; a changed note is only discarded on the second escape."""
        discard = self.query_one("#note-discard")
        if self.query_one(TextArea).text == self._shown or discard.display:
            self.dismiss(None)
        else:
            discard.display = True

    def on_text_area_changed(self) -> None:
        self.query_one("#note-discard").display = False

    def on_key(self, event: events.Key) -> None:
        if event.key != "escape":
            self.query_one("#note-discard").display = False
