"""The reader in a real pseudo-terminal, for the signal and terminal-close tests.

Not a test module. ``TerminalApp`` starts ``python -m annotator`` (through a tiny wrapper
that can ignore SIGXFSZ, so that a file-size limit set from outside acts as a full disk
instead of killing the process) with the pty as its controlling terminal, and lets a
test type keys, read what was drawn, signal it, close the terminal and wait for it.
Waits are for events (bytes on the terminal, the child's exit); a timeout is only a
failure guard.
"""

from __future__ import annotations

import os
import pty
import re
import resource
import select
import signal
import sys
import time
from pathlib import Path

from tests.helpers import REPO

WRAPPER = (
    "import signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
    "from annotator.entry import main; raise SystemExit(main(sys.argv[1:]))"
)
GUARD = 60.0
"""Seconds before a wait that should have ended counts as a failure."""
_ESCAPES = re.compile(rb"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-_])")


class TerminalApp:
    """One ``annotator`` process on its own pseudo-terminal."""

    def __init__(self, args: list[str], data_dir: Path, *, coder: str = "tester") -> None:
        pid, master = pty.fork()
        if pid == 0:  # the child: the pty is its controlling terminal
            try:
                os.chdir(REPO)
                os.environ.update(
                    ANNOTATOR_DATA_DIR=str(data_dir),
                    ANNOTATOR_NAME=coder,
                    TERM="xterm-256color",
                    COLUMNS="120",
                    LINES="36",
                )
                os.execv(sys.executable, [sys.executable, "-c", WRAPPER, *args])
            finally:
                os._exit(127)  # never return into pytest in the child
        self.pid = pid
        self.master: int | None = master
        self.output = bytearray()
        self.status: int | None = None

    # -- the terminal ----------------------------------------------------------------

    def mark(self) -> int:
        """Where the output is now: ``read_until(..., since=mark)`` looks only after it."""
        return len(self.output)

    def read_until(self, needle: bytes, guard: float = GUARD, *, since: int = 0) -> None:
        """Read what is drawn until ``needle`` shows (in the text, escapes removed)."""
        self.read_until_match(re.escape(needle), guard, since=since)

    def read_until_match(self, pattern: bytes, guard: float = GUARD, *, since: int = 0) -> None:
        """Read what is drawn until the regular expression ``pattern`` matches."""
        deadline = time.monotonic() + guard
        while not re.search(pattern, _ESCAPES.sub(b"", bytes(self.output[since:]))):
            left = deadline - time.monotonic()
            if left <= 0 or not self._read(left):
                raise AssertionError(f"{pattern!r} never showed; last: {self.text(400)!r}")

    def read_bytes(self, count: int, guard: float = GUARD) -> None:
        """Read until ``count`` more bytes have been drawn (or the terminal ends)."""
        wanted = len(self.output) + count
        deadline = time.monotonic() + guard
        while len(self.output) < wanted:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"fewer than {count} bytes were drawn")
            if not self._read(left):
                return

    def drain(self) -> None:
        """Read what is there now, without waiting."""
        while self._read(0):
            pass

    def _read(self, wait: float) -> bool:
        assert self.master is not None
        if not select.select([self.master], [], [], wait)[0]:
            return False
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: the child has gone
            return False
        self.output += chunk
        return bool(chunk)

    def text(self, tail: int | None = None) -> bytes:
        """What was drawn, escape sequences removed (the last ``tail`` bytes of it)."""
        raw = bytes(self.output if tail is None else self.output[-tail:])
        return _ESCAPES.sub(b"", raw)

    def tagged_shown(self) -> int:
        """The last "N/M sentences tagged" the status bar showed."""
        found = re.findall(rb"(\d+)/\d+ sentences tagged", self.text())
        assert found, "the status bar never showed"
        return int(found[-1])

    def type(self, keys: bytes) -> None:
        assert self.master is not None
        os.write(self.master, keys)

    def close_terminal(self) -> None:
        """Close the terminal, as closing its window does: the child gets SIGHUP."""
        assert self.master is not None
        os.close(self.master)
        self.master = None

    # -- the process -----------------------------------------------------------------

    def signal(self, signum: int) -> None:
        os.kill(self.pid, signum)

    def full_disk(self, limit: int) -> None:
        """From now on the child cannot write files past ``limit`` bytes (EFBIG)."""
        resource.prlimit(self.pid, resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    def wait(self, guard: float = GUARD) -> int:
        """Wait for the child to exit, reading what it draws meanwhile; its exit status.

        The exit is an event on a pidfd, so nothing here sleeps or polls.
        """
        if self.status is not None:
            return self.status
        deadline = time.monotonic() + guard
        pidfd = os.pidfd_open(self.pid)
        try:
            reading = self.master is not None
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"still running after {guard} s; {self.text(400)!r}")
                watched = [pidfd, self.master] if reading and self.master is not None else [pidfd]
                ready = select.select(watched, [], [], left)[0]
                if pidfd in ready:
                    break
                if ready and not self._read(0):
                    reading = False  # the terminal says no more; the exit follows
        finally:
            os.close(pidfd)
        _, status = os.waitpid(self.pid, 0)
        self.status = os.waitstatus_to_exitcode(status)
        if self.master is not None:
            self.drain()
        return self.status

    def kill(self) -> None:
        """Clean up: the child is gone, whatever happened in the test."""
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except ProcessLookupError:
                pass
        if self.master is not None:
            os.close(self.master)
            self.master = None
