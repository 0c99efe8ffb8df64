"""A workspace: one data directory, one coder, one codebook, and the documents opened in it.

A front end holds a ``Workspace`` and asks it for sessions, for the coding progress of a
corpus and for the other coders' codes, so that it never handles the store itself. The
workspace keeps one ``ProgressCache``: a document list shown again re-reads only the
store files that changed since. It also knows where its data directory came from (the
status bar says) and whether coding is blind there (a project's ``blind``).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from annotator.codebook.model import Codebook
from annotator.settings.paths import DataLocation
from annotator.store import DataDir, StoreDamaged
from annotator.store.places import UnsafePath
from annotator.store.recovery import recovery_files
from annotator.store.signals import Ending, install_ending

if TYPE_CHECKING:
    from annotator.coding.peers import Peers
    from annotator.coding.session import CodingSession
    from annotator.store.progress import DocumentProgress as DocumentProgress
    from annotator.store.progress import ProgressCache
    from annotator.text.corpus import CorpusEntry
    from annotator.text.document import Document
    from annotator.text.progressive import PendingDocument

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
    """Where a front end opens documents for one coder with one codebook.

    ``location`` says which data directory is in force and why, and its project; None
    (tests, tools) is a data directory outside any project.
    """

    def __init__(
        self,
        data_dir: DataDir,
        coder: str,
        codebook: Codebook,
        *,
        location: DataLocation | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.coder = coder
        self.codebook = codebook
        self.location = location
        self._progress: ProgressCache | None = None  # made by the first corpus list
        self._progress_lock = threading.Lock()

    @property
    def blind(self) -> bool:
        """True in a project whose coding is blind: a coder sees the others' codes on a
        document only once they have finished it."""
        project = self.location.project if self.location is not None else None
        return project is not None and project.blind

    @property
    def data_label(self) -> str:
        """The data directory in force, short (the status bar's); "" when not known."""
        return self.location.label() if self.location is not None else ""

    def others_visible(self, session: CodingSession) -> bool:
        """True if the coder of ``session`` may see the other coders' codes now."""
        return not self.blind or session.finished is not None

    def peers(self, session: CodingSession) -> Peers:
        """The other coders' work on ``session``'s document, read now (after a ``git
        pull`` it is new); empty while coding is blind and the document not finished."""
        # Imported here: the other coders' work is read after the first screen, and it
        # brings the re-anchoring modules along.
        from annotator.coding.peers import Peers, carried_peers, read_peers
        from annotator.store.segment_cache import SegmentCache
        from annotator.text.overrides import EMPTY

        if not self.others_visible(session):
            return Peers(())
        found = read_peers(self.data_dir, session.document.doc_id, self.coder)
        if session.previous_version is None or not session.document.complete:
            return found
        base = session.document
        if session.corrections:
            # The text as segmented without this coder's splits and merges: from the
            # segmentation cache, where opening the document put it.
            base = SegmentCache(self.data_dir).segmented(base, EMPTY)
        carried = carried_peers(self.data_dir, base, self.coder, found.coders)
        return Peers([*found.works, *carried], found.unreadable) if carried else found

    def open(self, document: Document, *, read_only: bool = False) -> CodingSession:
        """A session on ``document`` (see ``open_session``); raises ``DamagedStoreFile``."""
        # Imported on first use, as the rest of the session's machinery is: a corpus's
        # list comes up before any document is opened, and without it.
        from annotator.coding.opening import open_session

        try:
            return open_session(
                self.data_dir, document, self.codebook, self.coder, read_only=read_only
            )
        except (StoreDamaged, UnsafePath) as exc:
            raise DamagedStoreFile(str(exc)) from exc

    def open_file(
        self, path: Path, *, lang: str | None = None, encoding: str | None = None
    ) -> tuple[CodingSession, PendingDocument | None]:
        """Read the document at ``path`` (in ``encoding``, segmented as ``lang``; None:
        detected) and open a session on it.

        A large document comes back partly segmented, with the rest still to do, as when
        it is opened from the command line. Raises ``LoadError`` or ``OSError`` (the
        file) and ``DamagedStoreFile`` (the coder's store).
        """
        from annotator.store.segment_cache import SegmentCache

        document, pending = SegmentCache(self.data_dir).load_for_reading(
            path, lang=lang, encoding=encoding
        )
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

    def recovery_files(self) -> list[Path]:
        """Files of edits an earlier session could not save when a signal ended it
        (see ``flush_on_signals``), still where they were written."""
        return recovery_files(self.data_dir.root)

    @contextmanager
    def flush_on_signals(
        self, on_exit: Callable[[int], None], *, before_exit: Callable[[], None] | None = None
    ) -> Iterator[Ending]:
        """While the block runs, SIGTERM and SIGHUP (a closed terminal) end the front end
        without losing an edit.

        A signal calls ``on_exit(signum)``, which must only ask the front end to end (it
        runs in a signal handler); the block then ends as after a quit, without closing
        the session itself: when it ends, every open store is closed, edits that could
        not be saved are written to a recovery file beside the data directory, and where
        is said on stderr. If the block has not ended a few seconds after the signal (one
        after SIGHUP), a watchdog does all that, calls ``before_exit`` (restore the
        terminal) and ends the process. The exit status is then 128 + the signal, which
        the yielded ``Ending`` holds as ``signum``.

        Process-wide, like signals themselves; call it from the main thread. The
        previous handlers are put back when the block ends.
        """
        ending = Ending(on_exit, recovery_root=self.data_dir.root, before_exit=before_exit)
        previous = {signum: signal.getsignal(signum) for signum in EXIT_SIGNALS}
        install_ending(ending, EXIT_SIGNALS)
        try:
            yield ending
        finally:
            if ending.signum is not None:
                ending.finish()
            for signum, handler in previous.items():
                if handler is not None:  # None: a handler not installed from Python
                    signal.signal(signum, handler)
