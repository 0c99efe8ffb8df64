"""The reader's adjudication mode: the coders' codes beside the reference being written.

``Adjudicating`` is given to the reader screen when it opens on a reference layer
(``annotator adjudicate``). It carries out the keys that differ there: the keys of next
and previous untagged sentence (``n``, ``N``) go to the next and previous disagreement,
and ``=`` followed by a coder's number makes that coder's codes the reference's. The
code keys, the note (``enter``), undo and the rest are the reader's own, on the reference
layer's session; each change there decides its sentence (``coding.adjudication``). It
also fills the side panel's coders section and the status line's adjudication part.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from annotator.coding.adjudication import Adjudication, CoderAnswer
from annotator.safe_text import one_line, visible
from annotator.ui.key_prefix import KeyPrefix
from annotator.ui.reader.view import ReaderView
from annotator.ui.widgets.side_panel import SidePanel, name_chip
from annotator.ui.workflow import can_write
from annotator.wording import plural

TAKE_KEY = "="
"""How the take key is shown (its keymap id is ``take-coder``)."""
NOTE_CHARACTERS = 300
"""How much of each coder's note the panel shows."""


class Adjudicating:
    """The adjudication keys and what the panel and status line show of them."""

    def __init__(
        self,
        adjudication: Adjudication,
        reader: ReaderView,
        side_panel: SidePanel,
        prefix: KeyPrefix,
        goto: Callable[[int | None, str], None],
    ) -> None:
        self.adjudication = adjudication
        self._reader = reader
        self._side_panel = side_panel
        self._prefix = prefix
        self._goto = goto

    # -- keys ----------------------------------------------------------------------------

    def step(self, *, forward: bool) -> None:
        """``n`` / ``N``: the next or previous disagreement, times the count."""
        adjudication = self.adjudication
        found = adjudication.step(self._reader.cursor, forward=forward, count=self._prefix.take())
        if not adjudication.disagreements():
            missing = "The finished coders agree on every sentence: nothing to adjudicate."
        else:
            missing = f"No disagreement {'below' if forward else 'above'}."
        self._goto(found, missing)

    def take(self, key: str) -> None:
        """The key after ``=``: a coder's number, as the panel shows it."""
        coders = len(self.adjudication.coders)
        if not (len(key) == 1 and key.isdigit() and 1 <= int(key) <= coders):
            self._reader.app.notify(
                f"{TAKE_KEY}: a coder's number, 1 to {coders} (escape to cancel).",
                timeout=3,
                markup=False,
            )
            return
        self.take_coder(int(key))

    def take_coder(self, number: int) -> None:
        """Make coder ``number``'s codes on the current sentence the reference's."""
        if not can_write(self.adjudication.session, self._reader):
            return
        sentence = self._reader.cursor
        answer = self.adjudication.answers(sentence)[number - 1]
        self.adjudication.take(sentence, number)
        codes = ", ".join(answer.codes) or "no code"
        self._reader.app.notify(
            one_line(f"Took {answer.coder}'s codes: {codes}.", 200), timeout=3, markup=False
        )

    # -- what is shown -------------------------------------------------------------------

    def show(self, sentence: int) -> None:
        """The coders' codes and notes on ``sentence``, in the side panel."""
        self._side_panel.show_coders(self.coders_text(sentence))

    def coders_text(self, sentence: int) -> Text:
        """Each coder by name and number, with codes and note; then the reference's state."""
        adjudication = self.adjudication
        codebook = adjudication.session.codebook
        text = Text()
        for answer in adjudication.answers(sentence):
            text.append_text(self._head(answer))
            text.append("\n")
            if answer.covered and answer.codes:
                for code_name in answer.codes:
                    text.append_text(name_chip(codebook, code_name))
                    text.append(f" {one_line(code_name, 24)}\n")
            elif answer.covered:
                text.append("no code\n", style="dim")
            else:
                text.append("no sentence here\n", style="dim")
            if answer.note:
                note = answer.note[:NOTE_CHARACTERS]
                more = "…" if len(answer.note) > NOTE_CHARACTERS else ""
                text.append(visible(note, keep_newlines=True) + more + "\n", style="italic")
        text.append_text(self._state(sentence))
        return text

    def _head(self, answer: CoderAnswer) -> Text:
        head = Text()
        head.append(f"{TAKE_KEY}{answer.number} ", style="bold")
        head.append(one_line(answer.coder, 24), style="bold")
        if not answer.finished:
            head.append(" (not finished: not compared)", style="dim")
        return head

    def _state(self, sentence: int) -> Text:
        adjudication = self.adjudication
        if adjudication.disagrees(sentence):
            if adjudication.decided(sentence):
                return Text("Disagreement · decided", style="green")
            return Text("Disagreement · open", style="bold yellow")
        if adjudication.agreed(sentence) is not None:
            return Text("The finished coders agree", style="dim")
        return Text("")

    def welcome(self) -> str:
        """What the adjudicator is told when the document opens."""
        adjudication = self.adjudication
        total = len(adjudication.disagreements())
        left = len(adjudication.open_disagreements())
        coders = ", ".join(adjudication.finished_coders)
        said = [f"Writing the reference layer {adjudication.reference} from {coders}."]
        if adjudication.filled:
            said.append(
                f"Filled in {plural(adjudication.filled, 'sentence')} every finished coder "
                "coded alike."
            )
        said.append(
            f"{left} of {plural(total, 'disagreement')} open: n and N move between them, "
            f"{TAKE_KEY} and a coder's number takes that coder's codes."
        )
        return one_line(" ".join(said), 400)

    def describe(self, parts: Text) -> None:
        """Append the mode and the disagreements still open to the status line."""
        adjudication = self.adjudication
        total = len(adjudication.disagreements())
        left = len(adjudication.open_disagreements())
        parts.append(" ADJUDICATING ", style="bold reverse")
        parts.append(f" {left} of {plural(total, 'disagreement')} open ", style="bold")
