"""A child process for the fault tests: it writes annotations and says what is durable.

Not a test module. Modes:

``kill STORE RUN STEP``  save ``<run>-<i>`` and a ``counter`` record forever, printing
                  ``durable <seq>`` each time the durable sequence number grows, and
                  SIGKILL itself at the STEP-th step of the writes (an fsync, a link or
                  a rename), so the parent's choice of STEP says where a write dies.
``fullfs STORE``  lower RLIMIT_FSIZE below the store's next size, edit, and print a JSON
                  report of what the store said and kept; then lift the limit and flush.
``signal STORE``  queue edits behind a disk that is stuck until SIGTERM or SIGHUP
                  arrives, print ``queued``, and wait for the signal, which must flush
                  them before the process exits.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from annotator.store import DocumentStore, StoreStatus, install_signal_handlers
from annotator.store import storage as storage_module
from tests.store.helpers import annotation


def _say(line: str) -> None:
    os.write(1, (line + "\n").encode())  # unbuffered: survives SIGKILL once written


IN_FLIGHT = 40
"""Changes the kill mode lets queue before it waits for the writer: enough that a batch
holds many, few enough that the store file stays small."""


def die_at_step(step: int) -> None:
    """SIGKILL this process just before its ``step``-th fsync, link or rename."""
    seen = [0]
    guard = threading.Lock()

    def counted(call: Callable[..., None]) -> Callable[..., None]:
        def step_then_call(*args: object, **kwargs: object) -> None:
            with guard:
                seen[0] += 1
                if seen[0] == step:
                    os.kill(os.getpid(), signal.SIGKILL)
            call(*args, **kwargs)

        return step_then_call

    os.fsync = counted(os.fsync)
    os.link = counted(os.link)
    os.replace = counted(os.replace)


def kill_mode(path: Path, run: str, step: int) -> None:
    durable = threading.Condition()
    last = [0]

    def on_status(status: StoreStatus) -> None:
        with durable:
            if status.durable_seq > last[0]:
                last[0] = status.durable_seq
                _say(f"durable {status.durable_seq}")
                durable.notify_all()

    store = DocumentStore(path, on_status=on_status)
    die_at_step(step)
    _say("ready")
    i = 0
    while True:
        store.save(annotation(f"{run}-{i}", note=f"note {i}"))  # seq 2i + 1
        seq = store.save(annotation(f"{run}-counter", note=str(i)))  # seq 2i + 2
        i += 1
        wanted = seq - IN_FLIGHT
        with durable:
            durable.wait_for(lambda: last[0] >= wanted)  # noqa: B023 (called at once)


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
    store = DocumentStore(path)
    real = storage_module.atomic_write_bytes
    disk_free = threading.Event()

    def stuck_disk(*args: object, **kwargs: object) -> None:
        disk_free.wait()
        real(*args, **kwargs)  # type: ignore[arg-type]

    storage_module.atomic_write_bytes = stuck_disk  # type: ignore[assignment]
    install_signal_handlers(timeout=20)
    flush_and_exit = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGHUP)}

    def free_the_disk(signum: int, frame: FrameType | None) -> None:
        disk_free.set()  # the disk comes back when the signal arrives, not before
        handler = flush_and_exit[signal.Signals(signum)]
        assert callable(handler)
        handler(signum, frame)

    for sig in flush_and_exit:
        signal.signal(sig, free_the_disk)
    for i in range(40):
        store.save(annotation(f"s-{i}", note=str(i)))
    _say(f"queued {store.pending}")
    while True:
        signal.pause()


if __name__ == "__main__":
    mode, target = sys.argv[1], Path(sys.argv[2])
    if mode == "kill":
        kill_mode(target, sys.argv[3], int(sys.argv[4]))
    elif mode == "fullfs":
        fullfs_mode(target)
    elif mode == "signal":
        signal_mode(target)
    else:
        raise SystemExit(f"unknown mode {mode}")
