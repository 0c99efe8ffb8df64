"""The one-line status bar: document name, background work, progress and save state."""

from __future__ import annotations

from rich.text import Text

from annotator.coding.session import CodingSession
from annotator.safe_text import one_line
from annotator.ui.widgets.text_lines import TextLines

BAR_WIDTH = 12


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
        self.workflow = Text()
        """Rate and modes (tag-and-advance, filter, a pending count or key), set by the screen."""

    def show(self, session: CodingSession) -> None:
        document = session.document
        total = len(document.sentences)
        tagged = session.tagged_count
        text = Text(" ")
        text.append(one_line(document.name, 60), style="bold")
        if document.is_sample:
            text.append(" (bundled sample)", style="italic")
        if session.read_only:
            text.append("  READ-ONLY", style="bold reverse")
            why = session.read_only_reason.removesuffix("; opened read-only")
            if why:  # the whole reason is in the notification shown at open
                text.append(f": {one_line(why, 48)}", style="bold")
        if self.background_work:
            text.append(f"  {self.background_work}", style="bold yellow")
        if self.export_state:
            text.append(f"  {self.export_state}", style="bold")
        text.append("  │  ")
        text.append(f"{tagged}/{total} sentences tagged ")
        text.append(progress_bar(tagged, total), style="green")
        if self.workflow:
            text.append(" ")
            text.append_text(self.workflow)
        text.append("  │  ")
        state_style = (
            "green"
            if self.save_state == "saved"
            else "yellow"
            if self.save_state.startswith("saving")
            else "bold red"
        )
        text.append(f"● {self.save_state}", style=state_style)
        text.append(f"  │  coder: {one_line(session.coder, 24)}")
        # One line, always: no need to lay the screen out again on every keystroke.
        self.update(text, layout=False)
