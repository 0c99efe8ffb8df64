"""Hostile documents in a real pseudo-terminal: nothing injected reaches the terminal.

The app runs as a subprocess attached to a pty, exactly as a user would start it; the
bytes it writes to the terminal are collected and searched for the injected sequences.
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
from pathlib import Path

import pytest

from annotator.safe_text import file_stem

HOSTILE = (
    "Title sequence here \x1b]0;INJECTED\x07 ends the title trick.\n"
    "A link \x1b]8;;http://example.invalid\x1b\\link\x1b]8;;\x1b\\ hides a target.\n"
    "Clear the screen ZZ\x1b[2J now. Bell \x07 and C1 \x9b31m too.\n"
    "Markup [bold]stays[/] literal, [link=x]so does this[/link], and "
    "[@click=app.quit]this[/] does nothing.\n"
)


def _read_until(fd: int, deadline: float, needle: bytes | None, buffer: bytearray) -> bool:
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return needle is None
            if not chunk:
                return needle is None
            buffer.extend(chunk)
            if needle is not None and needle in buffer:
                return True
    return False


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")
def test_injected_sequences_never_reach_the_terminal(tmp_path: Path) -> None:
    document = tmp_path / "hostile [bold]name[@click=app.quit].txt"
    document.write_bytes(HOSTILE.encode("utf-8"))
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))
    env = dict(
        os.environ,
        TERM="xterm-256color",
        ANNOTATOR_DATA_DIR=str(tmp_path / "data"),
        TEXTUAL_ANIMATIONS="none",
        # Textual takes COLUMNS and LINES over the terminal's size; some runners (pytest's
        # xdist workers) export them, which narrowed the screen and wrapped the needle.
        COLUMNS="120",
        LINES="30",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "annotator", str(document)],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        close_fds=True,
        start_new_session=True,
    )
    os.close(follower)
    output = bytearray()
    try:
        assert _read_until(leader, time.monotonic() + 30, b"does nothing", output), (
            "the document never appeared on screen"
        )
        _read_until(leader, time.monotonic() + 1.0, None, output)
        os.write(leader, b"q")
        _read_until(leader, time.monotonic() + 15, None, output)
        process.wait(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(leader)
    assert process.returncode == 0
    data = bytes(output)
    assert b"INJECTED\x07" not in data and b"\x1b]0;INJECTED" not in data
    assert b"\x1b]8;;http://example.invalid" not in data
    assert b"ZZ\x1b[2J" not in data
    assert "\x9b".encode() not in data  # C1 CSI as UTF-8
    # The escapes are shown as visible symbols, and markup is shown as typed.
    assert "␛]0;INJECTED␇".encode() in data
    assert "ZZ␛[2J".encode() in data
    assert b"[bold]stays[/]" in data
    assert b"[@click=app.quit]this[/]" in data
    assert b"[link=x]so" in data


def test_proposed_file_names_carry_no_control_characters_or_markup() -> None:
    assert file_stem("x\x1b]0;T\x07 [bold]y.txt") == "x_0_T_bold_y"
    assert file_stem("...") == "document"
