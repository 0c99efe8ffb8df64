"""The app's typed state: what lasts from start to quit, across the documents of a corpus.

The app builds one ``Sitting`` from what it is given and hands it to each screen it makes.
In corpus mode every document gets a new reader screen, but the workspace, the user's
config, the coding rate and the corpus belong to the sitting; ``session`` is the open
document's. A corpus sitting begins with its list and no document open: nothing is read
until the coder picks one (``open_session`` is None until then). A screen asks the app
for what only the app can do (open another document) by posting a message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message

from annotator.coding.rate import RateMeter
from annotator.coding.workspace import CorpusProgress, Workspace
from annotator.settings.config import UserConfig

if TYPE_CHECKING:
    from annotator.coding.adjudication import Adjudication
    from annotator.coding.session import CodingSession
    from annotator.text.corpus import CorpusEntry


@dataclass(eq=False)
class Corpus:
    """The documents of a corpus, which one is open, and their progress as last read."""

    entries: tuple[CorpusEntry, ...]
    current: int = 0
    """The document open, or (before any is) the one the list starts on."""
    lang: str | None = None
    """The language to segment every document in (None: each one's own, detected)."""
    encoding: str | None = None
    """The encoding to read every document in (None: detected)."""
    progress: CorpusProgress | None = None
    """None until first read (by a worker: it reads one store file per document)."""

    def step(self, step: int) -> int | str:
        """The index ``step`` documents on from the open one, or why there is none."""
        index = self.current + step
        if 0 <= index < len(self.entries):
            return index
        return "Last document of the corpus." if step > 0 else "First document of the corpus."


class NoDocumentOpen(LookupError):
    """A corpus sitting asked for its session before the coder opened a document."""


@dataclass(eq=False)
class Sitting:
    """The workspace, the open session, the user's config, the rate and the corpus."""

    workspace: Workspace
    open_session: CodingSession | None
    """The open document's session; None while a corpus's list is all there is."""
    config: UserConfig
    corpus: Corpus | None = None
    rate: RateMeter = field(default_factory=RateMeter)
    """The coder's rate over every document of the sitting."""
    panel_hidden: bool = False
    """The side panel was hidden (``p``); it stays hidden in the next document's reader."""
    adjudication: Adjudication | None = None
    """Adjudication mode: ``session`` is the reference layer's, and this the coders' work."""

    @property
    def session(self) -> CodingSession:
        """The open document's session, for the screens that show one (a reader is only
        made once a document is open); raises ``NoDocumentOpen`` before that."""
        if self.open_session is None:
            raise NoDocumentOpen("no document is open yet")
        return self.open_session


class OpenDocument(Message):
    """A screen asks the app to open document ``index`` of the corpus in the reader."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index
