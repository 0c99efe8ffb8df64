"""A workspace: one data directory, one coder, one codebook, and the documents opened in it.

A front end holds a ``Workspace`` and asks it for sessions, and for the coding progress
of a corpus, so that it never handles the store itself. The workspace keeps one
``ProgressCache``: a document list shown again re-reads only the store files that
changed since.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from annotator.codebook.model import Codebook
from annotator.coding.opening import open_session
from annotator.coding.session import CodingSession
from annotator.store import DataDir, StoreDamaged
from annotator.store.places import UnsafePath
from annotator.store.segment_cache import SegmentCache
from annotator.store.shutdown import install_signal_handlers
from annotator.text.document import Document
from annotator.text.progressive import PendingDocument

if TYPE_CHECKING:
    from annotator.store.progress import DocumentProgress as DocumentProgress
    from annotator.store.progress import ProgressCache
    from annotator.text.corpus import CorpusEntry

__all__ = ["EXIT_SIGNALS", "CorpusProgress", "DamagedStoreFile", "Workspace"]

EXIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP)

CorpusProgress: TypeAlias = "dict[Path, DocumentProgress | None]"
"""(coded, total, finished) per document path; None for one never opened or unreadable.
(A string: the store's progress module is imported by the first corpus list.)"""


class DamagedStoreFile(Exception):
    """The coder's store file for a document cannot be trusted (damaged, or a symlink on
    the way to it); it is left untouched.

    The message names the file and the problem (and a backup, if there is one);
    ``annotator doctor`` shows backups and restores them.
    """


class Workspace:
    """Where a front end opens documents for one coder with one codebook."""

    def __init__(self, data_dir: DataDir, coder: str, codebook: Codebook) -> None:
        self.data_dir = data_dir
        self.coder = coder
        self.codebook = codebook
        self._progress: ProgressCache | None = None  # made by the first corpus list
        self._progress_lock = threading.Lock()

    def open(self, document: Document, *, read_only: bool = False) -> CodingSession:
        """A session on ``document`` (see ``open_session``); raises ``DamagedStoreFile``."""
        try:
            return open_session(
                self.data_dir, document, self.codebook, self.coder, read_only=read_only
            )
        except (StoreDamaged, UnsafePath) as exc:
            raise DamagedStoreFile(str(exc)) from exc

    def open_file(self, path: Path) -> tuple[CodingSession, PendingDocument | None]:
        """Read the document at ``path`` and open a session on it.

        A large document comes back partly segmented, with the rest still to do, as when
        it is opened from the command line. Raises ``LoadError`` or ``OSError`` (the
        file) and ``DamagedStoreFile`` (the coder's store).
        """
        document, pending = SegmentCache(self.data_dir).load_for_reading(path)
        return self.open(document), pending

    def progress(self, entries: Iterable[CorpusEntry]) -> CorpusProgress:
        """This coder's progress on each document (and whether they marked it finished),
        read from the store files.

        Slow for a large corpus the first time (one small file per document): a front
        end calls it off its UI thread. Later calls re-read only files that changed.
        """
        from annotator.store.progress import ProgressCache, progress_for

        with self._progress_lock:
            if self._progress is None:
                self._progress = ProgressCache()
            return progress_for(self.data_dir, entries, self.coder, self._progress)

    @contextmanager
    def flush_on_signals(self, on_exit: Callable[[int], None]) -> Iterator[None]:
        """While the block runs, SIGTERM and SIGHUP (a closed terminal) flush and close
        every open store of the process, then call ``on_exit(signum)``.

        Process-wide, like signals themselves; call it from the main thread. The
        previous handlers are put back when the block ends.
        """
        previous = {signum: signal.getsignal(signum) for signum in EXIT_SIGNALS}
        install_signal_handlers(on_exit=on_exit, signals=EXIT_SIGNALS)
        try:
            yield
        finally:
            for signum, handler in previous.items():
                if handler is not None:  # None: a handler not installed from Python
                    signal.signal(signum, handler)
