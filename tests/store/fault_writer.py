"""A child process for the fault tests: it writes annotations and says what is durable.

Not a test module. Modes:

``kill STORE``    save ``<run>-<i>`` and a ``counter`` record forever, printing
                  ``durable <seq>`` each time the durable sequence number grows; the
                  parent kills it with SIGKILL at a random moment.
``fullfs STORE``  lower RLIMIT_FSIZE below the store's next size, edit, and print a JSON
                  report of what the store said and kept; then lift the limit and flush.
``signal STORE``  queue edits behind a slow disk, print ``queued``, and wait for SIGTERM
                  or SIGHUP, which must flush them before the process exits.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from annotator.store import DocumentStore, StoreStatus, install_signal_handlers
from annotator.store import storage as storage_module
from tests.store.helpers import annotation


def _say(line: str) -> None:
    os.write(1, (line + "\n").encode())  # unbuffered: survives SIGKILL once written


def kill_mode(path: Path, run: str) -> None:
    last = [0]
    guard = threading.Lock()

    def on_status(status: StoreStatus) -> None:
        with guard:
            if status.durable_seq > last[0]:
                last[0] = status.durable_seq
                _say(f"durable {status.durable_seq}")

    store = DocumentStore(path, on_status=on_status)
    _say("ready")
    i = 0
    while True:
        store.save(annotation(f"{run}-{i}", note=f"note {i}"))  # seq 2i + 1
        store.save(annotation(f"{run}-counter", note=str(i)))  # seq 2i + 2
        i += 1
        if i % 3 == 0:
            time.sleep(0.0005 * (i % 7))


def fullfs_mode(path: Path) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    store = DocumentStore(path)
    for i in range(20):
        store.save(annotation(f"base-{i}", note="x" * 50))
    assert store.flush(5)
    good = path.read_bytes()
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (len(good) // 2, hard))
    seq = 0
    for i in range(5):
        seq = store.save(annotation(f"new-{i}", note="edit while the disk is full"))
    flushed = store.flush(1.0)
    status = store.status
    report = {
        "flushed_while_full": flushed,
        "state": status.state,
        "message": status.message,
        "pending": status.pending,
        "unsaved": sorted(a.id for a in store.unsaved_annotations()),
        "file_intact": path.read_bytes() == good,
        "temps": sorted(p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")),
    }
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    report["flushed_after"] = store.flush(10)
    report["durable_after"] = store.durable_seq >= seq
    report["state_after"] = store.status.state
    store.close()
    _say(json.dumps(report))


def signal_mode(path: Path) -> None:
    real = storage_module.atomic_write_bytes

    def slow_disk(*args: object, **kwargs: object) -> None:
        time.sleep(0.05)
        real(*args, **kwargs)  # type: ignore[arg-type]

    storage_module.atomic_write_bytes = slow_disk  # type: ignore[assignment]
    install_signal_handlers(timeout=20)
    store = DocumentStore(path)
    for i in range(40):
        store.save(annotation(f"s-{i}", note=str(i)))
        time.sleep(0.002)
    _say(f"queued {store.pending}")
    while True:
        time.sleep(1)


if __name__ == "__main__":
    mode, target = sys.argv[1], Path(sys.argv[2])
    if mode == "kill":
        kill_mode(target, sys.argv[3])
    elif mode == "fullfs":
        fullfs_mode(target)
    elif mode == "signal":
        signal_mode(target)
    else:
        raise SystemExit(f"unknown mode {mode}")
