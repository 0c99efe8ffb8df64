"""Run the app as a user does, in a pseudo-terminal, and time what it draws.

Shared by the benchmarks that start ``annotator`` (or the bare Textual app) and wait for
words on its screen: ``bench_open.py`` and ``bench_corpus.py``; ``ANNOTATOR`` also by
those that run a command in a new process.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

_SCRIPT = Path(sys.executable).with_name("annotator")
ANNOTATOR = (
    [sys.executable, str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-m", "annotator"]
)
"""The console script a user types (``annotator FILE``), run by this interpreter; ``-m``
where it is not installed beside it."""
BARE_APP = Path(__file__).resolve().parent / "bare_textual_app.py"
"""A bare Textual app showing a document: the floor the first screen is compared to."""

Step = tuple[bytes | None, bytes]
"""Keys to type (None: none), then the bytes to wait for on screen."""


def run_in_pty(
    command: Sequence[str],
    env: Mapping[str, str],
    steps: Sequence[Step],
    *,
    timeout: float = 60.0,
) -> tuple[list[float], float]:
    """Start ``command`` in a 120×40 pseudo-terminal, with ``env`` added to this
    process's environment, and go through ``steps``: the seconds each step's bytes took
    to be drawn, counted from its keys (from the start for the first; NaN for a step not
    reached within ``timeout``), and the process's peak memory in MB (VmHWM) once the last
    step is done. The app is then asked to quit (``q``), and killed if it does not."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    # COLUMNS and LINES, if exported, would override the pty's size in Textual. Bytecode
    # is written and read as an installed copy does (site-packages has it already).
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environment.update(TERM="xterm-256color", COLUMNS="120", LINES="40", **env)
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command),
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=environment,
        start_new_session=True,
    )
    os.close(follower)
    output = bytearray()
    seen: list[float] = []
    peak = float("nan")
    try:
        for keys, mark in steps:
            since, searched = started, len(output)
            if keys is not None:
                time.sleep(0.3)  # let the screen settle, then type
                output.clear()
                searched = 0
                since = time.perf_counter()
                os.write(leader, keys)
            while time.perf_counter() - since < timeout:
                if mark in output[searched:]:
                    seen.append(time.perf_counter() - since)
                    break
                if select.select([leader], [], [], 0.02)[0]:
                    output.extend(os.read(leader, 1 << 20))
            else:
                break
        with open(f"/proc/{process.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    peak = int(line.split()[1]) / 1024
        os.write(leader, b"q")
        deadline = time.perf_counter() + 10
        while process.poll() is None and time.perf_counter() < deadline:
            if select.select([leader], [], [], 0.05)[0]:
                try:
                    os.read(leader, 65536)
                except OSError:
                    break
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        os.close(leader)
    return seen + [float("nan")] * (len(steps) - len(seen)), peak
