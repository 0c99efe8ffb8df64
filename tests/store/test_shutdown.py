"""Flushing every open store at shutdown (the signal path itself runs in test_faults)."""

from __future__ import annotations

import signal
from pathlib import Path

from annotator.store import DocumentStore, close_all, flush_all, install_signal_handlers
from annotator.store.shutdown import open_stores
from tests.store.helpers import annotation, store_file


def test_flush_all_and_close_all_cover_every_open_store(tmp_path: Path) -> None:
    one = DocumentStore(store_file(tmp_path, "doc1"))
    two = DocumentStore(store_file(tmp_path, "doc2"))
    reader = DocumentStore(store_file(tmp_path, "doc3"), read_only=True)
    assert one in open_stores() and two in open_stores()
    assert reader not in open_stores(), "a read-only store has nothing to flush"
    one.save(annotation("a"))
    two.save(annotation("b"))
    assert flush_all(5)
    assert one.pending == 0 and two.pending == 0
    assert close_all(5)
    assert one not in open_stores() and two not in open_stores()
    assert one.lock is None and two.lock is None


def test_install_returns_previous_handlers_and_calls_the_exit_hook(tmp_path: Path) -> None:
    exits: list[int] = []
    store = DocumentStore(store_file(tmp_path))
    previous = install_signal_handlers(exits.append, signals=(signal.SIGUSR1,))
    try:
        store.save(annotation("a", note="queued at the signal"))
        signal.raise_signal(signal.SIGUSR1)
        assert exits == [signal.SIGUSR1]
        assert store.lock is None, "the handler closed the store"
        with DocumentStore(store_file(tmp_path), read_only=True) as again:
            assert [a.note for a in again.load()] == ["queued at the signal"]
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]
