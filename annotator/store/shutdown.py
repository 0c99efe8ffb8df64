"""Flush every open store before the process ends: at exit, on SIGTERM and SIGHUP.

Closing the terminal sends SIGHUP; a logout or ``kill`` sends SIGTERM. Both would end the
process with changes still queued for the background writers, so the app installs these
handlers, which flush every open store (bounded by a timeout) and then exit.
"""

from __future__ import annotations

import atexit
import signal
import sys
import threading
import weakref
from collections.abc import Callable, Iterable
from types import FrameType
from typing import Protocol


class Flushable(Protocol):
    def flush(self, timeout: float | None = None) -> bool: ...

    def close(self, timeout: float | None = 10.0) -> bool: ...


_open: weakref.WeakSet[Flushable] = weakref.WeakSet()
_guard = threading.Lock()


def register(store: Flushable) -> None:
    with _guard:
        _open.add(store)


def unregister(store: Flushable) -> None:
    with _guard:
        _open.discard(store)


def open_stores() -> list[Flushable]:
    with _guard:
        return list(_open)


def flush_all(timeout: float = 5.0) -> bool:
    """Flush every open store; True when all of them are durable."""
    return all([store.flush(timeout) for store in open_stores()])


def close_all(timeout: float = 5.0) -> bool:
    """Flush and close every open store (releasing locks); True when nothing was lost."""
    return all([store.close(timeout) for store in open_stores()])


ExitHook = Callable[[int], None]


def _default_exit(signum: int) -> None:
    sys.exit(128 + signum)


def install_signal_handlers(
    on_exit: ExitHook | None = None,
    *,
    timeout: float = 5.0,
    signals: Iterable[signal.Signals] = (signal.SIGTERM, signal.SIGHUP),
) -> dict[signal.Signals, object]:
    """Make SIGTERM and SIGHUP flush and close every open store, then call ``on_exit``.

    ``on_exit(signum)`` defaults to ``sys.exit(128 + signum)``; an app with its own
    shutdown (a Textual app's ``exit``) passes that instead. Must be called from the main
    thread. Returns the previous handlers.
    """
    hook = on_exit or _default_exit

    def handler(signum: int, frame: FrameType | None) -> None:
        close_all(timeout)
        hook(signum)

    previous: dict[signal.Signals, object] = {}
    for sig in signals:
        previous[sig] = signal.signal(sig, handler)
    return previous


atexit.register(flush_all)
