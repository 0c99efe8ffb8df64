"""The other coders' codes beside the coder's own, where the project allows it.

In a project coding is blind by default: the reader shows only the coder's own codes
until the coder has finished the document; then ``O`` shows, in the side panel, what
every other coder gave the current sentence. With ``blind = false`` (or outside a
project) they show from the start when there are any, and ``O`` hides and shows them.
Everything comes through the workspace (``Workspace.peers``): the UI never reads the
store. At opening the others' files are read by a worker (one file per coder, and an
edited document's carried work), so a large document with many coders opens as fast as
any; ``O`` reads them again at once. Adjudication mode shows every coder its own way and
does not use this.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message

from annotator.coding.session import CodingSession
from annotator.coding.workspace import Workspace
from annotator.safe_text import one_line, visible
from annotator.ui.reader.view import ReaderView
from annotator.ui.widgets.side_panel import SidePanel, name_chip
from annotator.wording import plural

if TYPE_CHECKING:
    from annotator.coding.peers import PeerAnswer, Peers

NOTE_CHARACTERS = 300
"""How much of each coder's note the panel shows."""
BLIND = (
    "Coding is blind in this project: the other coders' codes show once you have finished "
    "this document (D)."
)


class PeersRead(Message):
    """The other coders' work on the open document, read off the UI thread."""

    def __init__(self, peers: Peers) -> None:
        super().__init__()
        self.peers = peers


class Others:
    """Whether the other coders' codes are shown, and what the panel says of them."""

    def __init__(
        self,
        workspace: Workspace,
        session: CodingSession,
        reader: ReaderView,
        side_panel: SidePanel,
    ) -> None:
        self._workspace = workspace
        self._session = session
        self._reader = reader
        self._side_panel = side_panel
        self._peers: Peers | None = None
        self.shown = False

    def start(self) -> None:
        """Where coding is not blind, read the others' work off the UI thread; their codes
        show when it arrives (``arrived``), if there are any."""
        if not self._workspace.blind:
            self._reader.run_worker(self._read_off_thread, thread=True, group="others")

    def _read_off_thread(self) -> None:
        self._reader.post_message(PeersRead(self._workspace.peers(self._session)))

    def arrived(self, peers: Peers) -> None:
        """What the worker read: shown when there is any, unless ``O`` came first."""
        if self._peers is not None:
            return  # read again by ``O`` meanwhile, which decided what is shown
        self._peers = peers
        self.shown = bool(peers)
        if self.shown:
            self.show(self._reader.cursor)

    def _read(self) -> Peers:
        self._peers = self._workspace.peers(self._session)
        return self._peers

    def toggle(self) -> None:
        """``O``: show the others' codes (read again, as a pull may have brought more),
        or hide them; while blind and unfinished, say why not."""
        if self.shown:
            self.shown = False
            self.show(self._reader.cursor)
            return
        app = self._reader.app
        if not self._workspace.others_visible(self._session):
            app.notify(BLIND, timeout=5, markup=False)
            return
        peers = self._read()
        if not peers:
            app.notify("No other coder has coded this document yet.", timeout=4, markup=False)
            return
        self.shown = True
        self.show(self._reader.cursor)
        app.notify(
            one_line(f"Showing {plural(len(peers.coders), 'other coder')}: O hides them.", 200),
            timeout=3,
            markup=False,
        )

    def finished_changed(self) -> None:
        """The coder re-opened a document while blind: the others' codes go."""
        if self.shown and not self._workspace.others_visible(self._session):
            self.shown = False
            self.show(self._reader.cursor)

    def show(self, sentence: int) -> None:
        """The others' codes on ``sentence`` in the side panel, or nothing."""
        peers = self._peers
        if not self.shown or peers is None:
            self._side_panel.show_others(None)
            return
        span = self._session.document.sentences[sentence]
        self._side_panel.show_others(self.text(peers.over(span.start, span.end), peers))

    def text(self, answers: list[PeerAnswer], peers: Peers) -> Text:
        """Each other coder by name, with codes and notes on the span."""
        codebook = self._session.codebook
        text = Text()
        for answer in answers:
            text.append(one_line(answer.coder, 24), style="bold")
            if answer.reference:
                text.append(" (reference)", style="dim")
            elif not answer.finished:
                text.append(" (not finished)", style="dim")
            text.append("\n")
            if not answer.codes:
                text.append("no code\n", style="dim")
            for name in answer.codes:
                text.append_text(name_chip(codebook, name))
                text.append(f" {one_line(name, 24)}\n")
            if answer.note:
                note = answer.note[:NOTE_CHARACTERS]
                more = "…" if len(answer.note) > NOTE_CHARACTERS else ""
                text.append(visible(note, keep_newlines=True) + more + "\n", style="italic")
        if peers.unreadable:
            text.append(
                f"{plural(peers.unreadable, 'store file')} could not be read (annotator doctor)\n",
                style="yellow",
            )
        return text
