"""Every open store of the process, flushed before it ends: at exit and on signals.

Stores register here when they open for writing. ``flush_all`` runs at interpreter exit;
``close_all`` and the registry are what the signal handlers (``signals``) use to make
queued edits durable before a SIGTERM or a SIGHUP (a closed terminal) ends the process.
"""

from __future__ import annotations

import atexit
import threading
import weakref
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


atexit.register(flush_all)
