"""The one-line status bar: document name, background work, progress (whether the coder
marked the document finished, and how many annotations await review since the text
changed), save state, the coder and the data directory."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from annotator.safe_text import one_line
from annotator.ui.widgets.text_lines import TextLines

if TYPE_CHECKING:
    from annotator.coding.session import CodingSession

BAR_WIDTH = 12
LEVELS = 6
"""How many ways the bar can be drawn, from all of it to the fewest words."""


def progress_bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    filled = round(width * done / total) if total else 0
    return "━" * filled + "╌" * (width - filled)


class StatusBar(TextLines):
    """Shows what is open, how far the coding has got, and whether it is saved."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.save_state = "saved"
        self.background_work = ""
        """Background work on the document (segmenting a large file), if any."""
        self.export_state = ""
        """An export running, or how the last one ended (for a few seconds)."""
        self._session: CodingSession | None = None
        self.workflow = Text()
        """Rate and modes (tag-and-advance, filter, a pending count or key), set by the screen."""
        self.data_label = ""
        """The data directory in force, short (a project's name and coding folder)."""

    def show(self, session: CodingSession) -> None:
        """Draw the bar for ``session``; in a narrow terminal, less important parts go
        first (the progress bar, the coder, long words), and the save state stays."""
        self._session = session
        width = self.size.width
        text = self._line(session, 0)
        for level in range(1, LEVELS):
            if not width or text.cell_len <= width:
                break
            text = self._line(session, level)
        # One line, always: no need to lay the screen out again on every keystroke.
        self.update(text, layout=False)

    def on_resize(self) -> None:
        if self._session is not None:
            self.show(self._session)

    def _line(self, session: CodingSession, level: int) -> Text:
        """The bar's text; each ``level`` leaves out or shortens more (see ``show``)."""
        document = session.document
        total = len(document.sentences)
        tagged = session.tagged_count
        text = Text(" ")
        text.append(one_line(document.name, 60 if level < 5 else 16), style="bold")
        if document.is_sample:
            text.append(" (bundled sample)" if level < 4 else " (sample)", style="italic")
        if session.read_only:
            text.append("  READ-ONLY", style="bold reverse")
            why = session.read_only_reason.removesuffix("; opened read-only")
            if why:  # the whole reason is in the notification shown at open
                text.append(f": {one_line(why, 48)}", style="bold")
        if self.background_work:
            text.append(f"  {self.background_work}", style="bold yellow")
        if self.export_state:
            text.append(f"  {self.export_state}", style="bold")
        gap = "  │  " if level < 4 else " │ "
        text.append(gap)
        text.append(f"{tagged}/{total} {'sentences tagged' if level < 4 else 'tagged'}")
        if level < 1:
            text.append(" ")
            text.append(progress_bar(tagged, total), style="green")
        if session.finished:
            text.append(" ✓ finished" if level < 4 else " ✓", style="bold green")
        if held := len(session.held.undecided):
            text.append(f" ⚑ {held} to review" if level < 4 else f" ⚑{held}", style="bold yellow")
        if self.workflow:
            text.append(" ")
            text.append_text(self.workflow)
        text.append(gap)
        state_style = (
            "green"
            if self.save_state == "saved"
            else "yellow"
            if self.save_state.startswith("saving")
            else "bold red"
        )
        text.append(f"● {self.save_state}", style=state_style)
        if level < 3:
            text.append(f"{gap}coder: {one_line(session.coder, 24)}")
            if self.data_label and level < 2:
                text.append(f" · data: {one_line(self.data_label, 40)}")
        return text
