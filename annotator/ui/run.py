"""Start the reader for a validated request; the only place the CLI reaches the UI."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import sys
import termios
from typing import Any

from annotator.coding.open_request import OpenRequest
from annotator.coding.workspace import DamagedStoreFile, Workspace
from annotator.safe_text import one_line
from annotator.ui.app import AnnotatorApp


def run_app(request: OpenRequest) -> int:
    workspace = Workspace(
        request.data_dir, request.coder, request.codebook, location=request.location
    )
    adjudication = None
    session = None  # a corpus: the coder opens a document from its list
    try:
        if request.adjudication is not None:
            from annotator.coding.adjudication import open_adjudication

            adjudication = open_adjudication(workspace, request.adjudication)
            session = adjudication.session
        elif request.document is not None:
            session = workspace.open(request.document)
    except DamagedStoreFile as exc:
        print(f"annotator: error: store file damaged: {one_line(str(exc))}", file=sys.stderr)
        print("annotator: run 'annotator doctor' to see backups and restore", file=sys.stderr)
        return 2
    except OSError as exc:  # the store cannot even be read (its permissions, the disk)
        where = one_line(str(exc.filename or request.data_dir.root))
        print(f"annotator: error: cannot read {where}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    app = AnnotatorApp(
        workspace,
        session,
        config=request.config,
        corpus=request.corpus,
        lang=request.lang,
        encoding=request.encoding,
        pending=request.pending,
        freeze_long_lived=True,
        adjudication=adjudication,
    )

    def ask_to_exit(signum: int) -> None:
        """Runs in the signal handler: end the app from its own loop, between handlers."""
        # No loop running (yet, or any more): the block's end finishes instead.
        with contextlib.suppress(RuntimeError):
            asyncio.get_running_loop().call_soon_threadsafe(app.exit, 128 + signum)

    # The terminal closing (SIGHUP) or a polite kill (SIGTERM) ends the app as a quit
    # does; then every store is closed, and edits that cannot be saved (a full disk) go
    # to a recovery file beside the data directory (see ``Workspace.flush_on_signals``).
    # What is loaded by now (modules, the document, the session) lives as long as the app:
    # out of the collector's scans, or a full collection (20-30 ms) may land in the middle
    # of the first screen (the collector is off while it is drawn, if annotator.entry
    # started the app).
    gc.freeze()
    with workspace.flush_on_signals(ask_to_exit, before_exit=TerminalModes().restore) as end:
        try:
            result = app.run()
        finally:
            session = app.sitting.open_session
            if session is None:
                pass  # the corpus's list was all there was: nothing to save
            elif end.signum is None:
                session.close()
            else:
                # Ended as a quit ends it: the place in the document is kept too, written
                # (or put in the recovery file) with the rest as the block closes.
                session.save_cursor()
    if end.signum is not None:
        return end.leave()
    return int(result or 0)


class TerminalModes:
    """The terminal as it was before the app, to put back if the app cannot (a watchdog
    ends a stuck app): line mode and echo, the main screen, the cursor, no mouse."""

    LEAVE = "\x1b[<u\x1b[?1049l\x1b[?25h\x1b[?1004l\x1b[?2004l\x1b[?7h" + "".join(
        f"\x1b[?{mode}l" for mode in (1000, 1003, 1015, 1006, 1016)
    )

    def __init__(self) -> None:
        self._fd = sys.__stdin__.fileno() if sys.__stdin__ is not None else -1
        try:
            self._modes: list[Any] | None = termios.tcgetattr(self._fd)
        except (termios.error, OSError, ValueError):
            self._modes = None

    def restore(self) -> None:
        if self._modes is None:
            return
        with contextlib.suppress(termios.error, OSError):
            termios.tcsetattr(self._fd, termios.TCSANOW, self._modes)
        with contextlib.suppress(OSError):
            os.write(2, self.LEAVE.encode())
