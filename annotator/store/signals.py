"""SIGTERM and SIGHUP: flush every open store, keep what cannot be saved, then end.

Closing the terminal sends SIGHUP; a logout or ``kill`` sends SIGTERM. Both would end the
process with changes still queued for the background writers. Two ways to end:

- ``install_signal_handlers`` (a script, the fault tests): the handler flushes and closes
  every open store (see ``shutdown``), writes what could not be saved to a recovery file
  (see ``recovery``) and says where, then calls ``on_exit``, by default
  ``sys.exit(128 + signum)``.
- ``Ending`` (the reader): the handler only asks the app to end (``on_exit``) and starts
  a watchdog. The app ends as after a quit, still saving the keys it handles meanwhile,
  and its caller then calls ``Ending.finish``: every store is closed, what could not be
  saved goes to a recovery file, and where is said on stderr. If that has not happened
  by the deadline (the UI is stuck: Textual's output thread can deadlock once the
  terminal is gone), the watchdog does it itself and ends the process, 128 + signum.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from types import FrameType

from annotator.safe_text import one_line
from annotator.store.document_store import DocumentStore
from annotator.store.recovery import rescue_unsaved
from annotator.store.shutdown import Flushable, open_stores

ExitHook = Callable[[int], None]

GRACE_SECONDS = {signal.SIGHUP: 1.0, signal.SIGTERM: 6.0}
"""How long the app has to end by itself after the signal before the watchdog ends it.
The terminal is gone after SIGHUP: nothing to restore, and the process must be gone
within 2 s. After SIGTERM the terminal is still there and is worth restoring."""
LEAVE_SECONDS = 1.0
"""After ``finish``, how long the interpreter has to exit before the process is ended."""
CLOSE_SECONDS = {signal.SIGHUP: 0.5, signal.SIGTERM: 3.0}
"""How long closing the stores waits for their writes once the app has ended; what is
still unsaved then (a full disk) goes to a recovery file."""


def _at_most(work: Callable[[], None], seconds: float) -> None:
    """Run ``work`` on a helper thread and wait for it ``seconds`` at most: whatever it
    writes to (a terminal that is gone, a pipe nobody reads) must not hold up the end."""

    def run() -> None:
        with contextlib.suppress(Exception):
            work()

    helper = threading.Thread(target=run, name="shutdown-helper", daemon=True)
    helper.start()
    helper.join(seconds)


def _say(text: str) -> None:
    """Write ``text`` to stderr without ever blocking the caller for long."""
    _at_most(lambda: _write_all(2, text.encode("utf-8", "replace")), 0.5)


def _write_all(fd: int, data: bytes) -> None:
    while data:
        data = data[os.write(fd, data) :]


def report_rescued(root: Path, stores: Iterable[DocumentStore]) -> str:
    """Write the stores' unsaved edits to recovery files; the lines that say where."""
    lines = []
    for rescued in rescue_unsaved(root, stores):
        edits = f"{rescued.count} unsaved edit{'s' if rescued.count != 1 else ''}"
        if rescued.path is not None:
            lines.append(
                f"annotator: {edits} of {one_line(rescued.store.name)} could not be saved; "
                f"they are in {one_line(str(rescued.path))}\n"
            )
        else:
            lines.append(
                f"annotator: {edits} of {one_line(str(rescued.store))} are LOST: no recovery "
                f"file could be written ({one_line(rescued.problem)})\n"
            )
    return "".join(lines)


class Ending:
    """How a signal ends the reader; see the module docstring.

    ``signum`` is the signal that arrived, or None. ``finish`` may be called by the main
    thread and the watchdog both: the first does the work, the other waits for it.
    """

    def __init__(
        self,
        on_exit: ExitHook,
        *,
        recovery_root: Path | None,
        before_exit: Callable[[], None] | None = None,
    ) -> None:
        self._on_exit = on_exit
        self._recovery_root = recovery_root
        self._before_exit = before_exit
        self._lock = threading.Lock()
        self._finished = threading.Event()
        self.signum: int | None = None

    def handler(self, signum: int, frame: FrameType | None) -> None:
        """The signal handler: ask the app to end, and make sure the process does."""
        if self.signum is not None:
            return  # already ending
        self.signum = signum
        grace = GRACE_SECONDS.get(signal.Signals(signum), 6.0)
        threading.Thread(
            target=self._watch, args=(grace,), name="shutdown-watchdog", daemon=True
        ).start()
        self._on_exit(signum)

    def finish(self) -> int:
        """Close every open store, rescue what could not be saved, say where; returns the
        exit status (128 + the signal)."""
        signum = self.signum or signal.SIGTERM
        with self._lock:
            if not self._finished.is_set():
                try:
                    stores = open_stores()
                    timeout = CLOSE_SECONDS.get(signal.Signals(signum), 3.0)
                    for store in stores:
                        store.close(timeout)
                    if self._recovery_root is not None:
                        said = report_rescued(self._recovery_root, _documents(stores))
                        if said:
                            _say(said)
                finally:
                    self._finished.set()
        return 128 + signum

    def leave(self) -> int:
        """The process is about to end after ``finish``: make sure it does (a thread the
        UI started may still be running and hold up the interpreter's exit). Returns
        the exit status."""
        status = 128 + (self.signum or signal.SIGTERM)

        def last_watch() -> None:
            threading.Event().wait(LEAVE_SECONDS)
            os._exit(status)

        threading.Thread(target=last_watch, name="shutdown-leave", daemon=True).start()
        return status

    def _watch(self, grace: float) -> None:
        if self._finished.wait(grace):
            return  # the app ended in time and its caller finished
        status = self.finish()
        if self._before_exit is not None:
            _at_most(self._before_exit, 0.3)
        os._exit(status)


def _documents(stores: list[Flushable]) -> list[DocumentStore]:
    return [store for store in stores if isinstance(store, DocumentStore)]


def _default_exit(signum: int) -> None:
    sys.exit(128 + signum)


def install_signal_handlers(
    on_exit: ExitHook | None = None,
    *,
    timeout: float = 5.0,
    signals: Iterable[signal.Signals] = (signal.SIGTERM, signal.SIGHUP),
    recovery_root: Path | None = None,
) -> dict[signal.Signals, object]:
    """Make SIGTERM and SIGHUP flush and close every open store, then call ``on_exit``.

    ``on_exit(signum)`` defaults to ``sys.exit(128 + signum)``. With ``recovery_root``
    (a data directory), edits that could not be saved are written to a recovery file
    beside it, and where is said on stderr. Must be called from the main thread.
    Returns the previous handlers.
    """
    hook = on_exit or _default_exit

    def handler(signum: int, frame: FrameType | None) -> None:
        stores = open_stores()
        for store in stores:
            store.close(timeout)
        if recovery_root is not None:
            said = report_rescued(recovery_root, _documents(stores))
            if said:
                _say(said)
        hook(signum)

    previous: dict[signal.Signals, object] = {}
    for sig in signals:
        previous[sig] = signal.signal(sig, handler)
    return previous


def install_ending(
    ending: Ending, signals: Iterable[signal.Signals] = (signal.SIGTERM, signal.SIGHUP)
) -> dict[signal.Signals, object]:
    """Let ``ending`` handle ``signals``; returns the previous handlers (main thread)."""
    return {sig: signal.signal(sig, ending.handler) for sig in signals}
