"""What the reader is asked to open: resolved and checked by a front end before any screen.

The command line builds it and the UI consumes it; neither front end imports the other,
so the request lives here, below both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from annotator.codebook.model import Codebook
from annotator.settings.config import UserConfig
from annotator.settings.paths import DataLocation
from annotator.store import DataDir
from annotator.text.document import Document
from annotator.text.progressive import PendingDocument

if TYPE_CHECKING:
    from annotator.coding.adjudication import AdjudicationPlan
    from annotator.text.corpus import CorpusEntry


@dataclass(frozen=True, slots=True)
class OpenRequest:
    """Everything the reader needs, resolved and validated before a screen appears."""

    # The document to show; None for a corpus, which starts with its list and reads no
    # document until the coder opens one.
    document: Document | None
    data_dir: DataDir
    coder: str
    codebook: Codebook
    # ``annotator DIR`` or several files: the documents in order. Empty when a single
    # file is opened.
    corpus: tuple[CorpusEntry, ...] = ()
    # How a corpus's documents are read when opened: the language and encoding asked
    # for (None: detected).
    lang: str | None = None
    encoding: str | None = None
    config: UserConfig = field(default_factory=UserConfig)
    # For a large file, ``document`` holds only its beginning; this segments the rest.
    pending: PendingDocument | None = None
    # ``annotator adjudicate``: the coders compared and the reference layer (``coder``).
    adjudication: AdjudicationPlan | None = None
    # Which data directory is in force and why (the status bar says), and its project.
    location: DataLocation | None = None
