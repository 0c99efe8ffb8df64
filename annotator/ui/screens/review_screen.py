"""The review screen: annotations held when the document's text changed, one row each.

When a file is edited, each annotation of the earlier version is placed, held for review
or orphaned (``annotator.coding.reanchoring.carry``). This modal lists the held ones and the orphans
the coder has not rejected: the old quote, the proposed sentence and the score in a
``DataTable`` (one widget, whatever the number of rows), and below it the highlighted
one's context, the proposal in full, why it was held, and the sentence under the reader's
cursor. Keys accept the proposal, place it on the reader's sentence instead, reject it
(it stays an orphan, and is not proposed again), or go to the proposal in the reader
(the screen closes; open it again with the same key). Each decision is saved at once
through the session.

Every string shown comes from the document or the coder and is untrusted: it reaches the
screen only inside ``rich.text.Text``, control characters made visible.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer

from annotator.coding.carrying import HeldItem
from annotator.coding.reanchoring.reanchor import Review
from annotator.coding.session import CodingSession
from annotator.safe_text import one_line
from annotator.settings.keys import REVIEW_KEYS
from annotator.text.document import Document
from annotator.ui.widgets.text_lines import TextLines
from annotator.wording import plural

QUOTE_WIDTH = 48


def _where(document: Document, sentence: int) -> str:
    s = document.sentences[sentence]
    return f"¶{s.paragraph + 1} s{s.number + 1}"


def proposal(item: HeldItem) -> int | None:
    """The sentence proposed for ``item``, if any."""
    return item.sentence if isinstance(item, Review) else None


class ReviewScreen(ModalScreen[int | None]):
    """Decide on held annotations; dismisses with a sentence to show in the reader."""

    BINDINGS = [
        Binding(",".join(keys), action, label, show=show)
        for action, keys, label, show in REVIEW_KEYS
    ]

    def __init__(self, session: CodingSession, cursor: int) -> None:
        super().__init__()
        self.session = session
        self.cursor = cursor
        """The sentence under the reader's cursor: where "place here" puts one."""
        self.items: list[HeldItem] = []
        self.table: DataTable[Text] = DataTable(
            id="review-table", cursor_type="row", zebra_stripes=True
        )
        self.title_line = TextLines(id="review-title")
        self.details = TextLines(id="review-details")

    def compose(self) -> ComposeResult:
        with Vertical(id="review-dialog"):
            yield self.title_line
            yield self.table
            yield self.details
        yield Footer()

    def on_mount(self) -> None:
        self.table.add_column("", key="outcome")
        self.table.add_column("score", key="score")
        self.table.add_column("old quote", key="quote", width=QUOTE_WIDTH)
        self.table.add_column("proposed sentence", key="proposal")
        self.fill()
        self.table.focus()

    # -- what is shown ---------------------------------------------------------------

    def fill(self, keep: int = 0) -> None:
        """(Re)list the undecided annotations; the cursor on row ``keep`` (or the last)."""
        self.items = self.session.held.undecided
        document = self.session.document
        table = self.table
        table.clear()
        for number, item in enumerate(self.items):
            sentence = proposal(item)
            held = isinstance(item, Review)
            table.add_row(
                Text("review" if held else "orphan", style="bold" if held else "dim"),
                Text(f"{item.score:.2f}" if isinstance(item, Review) else "—"),
                Text(one_line(item.annotation.quote, QUOTE_WIDTH)),
                Text(
                    f"{_where(document, sentence)} {one_line(document.sentence_text(sentence))}"
                    if sentence is not None
                    else "— nothing like it"
                ),
                key=str(number),
            )
        if self.items:
            table.move_cursor(row=min(keep, len(self.items) - 1))
        self._show_title()
        self._show_details()

    def _show_title(self) -> None:
        reviews = len(self.session.held.review)
        orphans = len(self.items) - reviews
        text = Text("Annotations held when the text changed", style="bold")
        text.append(
            f"  {reviews} to review · {plural(orphans, 'orphan')}"
            if self.items
            else "  nothing awaits review",
            style="dim",
        )
        self.title_line.update(text)

    def _current(self) -> HeldItem | None:
        row = self.table.cursor_row
        return self.items[row] if 0 <= row < len(self.items) else None

    def _show_details(self) -> None:
        item = self._current()
        document = self.session.document
        text = Text()
        if item is not None:
            annotation = item.annotation
            text.append("was   ", style="bold")
            text.append("…" + one_line(annotation.prefix), style="dim")
            text.append(one_line(annotation.quote), style="bold underline")
            text.append(one_line(annotation.suffix) + "…", style="dim")
            codes = ", ".join(annotation.tags) or "no codes"
            note = f" · note: {one_line(annotation.note, 60)}" if annotation.note else ""
            text.append(f"\ncodes {one_line(codes, 60)}{note}")
            sentence = proposal(item)
            if sentence is not None:
                text.append("\nnow   ", style="bold")
                text.append(f"{_where(document, sentence)} ")
                text.append(one_line(document.sentence_text(sentence)))
            text.append(f"\nwhy   {one_line(item.reason)}", style="italic")
        if 0 <= self.cursor < len(document.sentences):
            text.append("\nhere  ", style="bold")
            text.append(f"{_where(document, self.cursor)} ", style="dim")
            text.append(one_line(document.sentence_text(self.cursor), 100), style="dim")
        self.details.update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_details()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_accept()

    # -- decisions ---------------------------------------------------------------------

    def _decide(self, place: bool, sentence: int | None = None) -> None:
        item = self._current()
        if item is None:
            return
        row = self.table.cursor_row
        try:
            if place:
                target = self.session.accept_held(item, sentence)
                self.notify(f"Placed on {_where(self.session.document, target)}.", markup=False)
            else:
                self.session.reject_held(item)
        except (PermissionError, ValueError) as exc:
            self.notify(one_line(str(exc), 200), severity="warning", markup=False)
            return
        self.fill(keep=row)

    def action_accept(self) -> None:
        """Place the highlighted annotation on the sentence proposed."""
        item = self._current()
        if item is not None and proposal(item) is None:
            self.notify(
                "Nothing is proposed for it: go to its sentence in the reader and place it there.",
                markup=False,
            )
            return
        self._decide(place=True)

    def action_place_here(self) -> None:
        """Place the highlighted annotation on the sentence under the reader's cursor."""
        self._decide(place=True, sentence=self.cursor)

    def action_reject(self) -> None:
        """Reject it: it stays an orphan, kept in the earlier version's file."""
        self._decide(place=False)

    def action_show(self) -> None:
        """Close, and show the proposed sentence in the reader."""
        item = self._current()
        sentence = proposal(item) if item is not None else None
        self.dismiss(sentence)

    def action_close(self) -> None:
        self.dismiss(None)
