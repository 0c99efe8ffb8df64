"""Commands that print document text, notes or names never pass control sequences to a
terminal: a title change, an OSC 52 clipboard write or a C1 CSI is shown as symbols, as
the reader shows it. A file or a pipe still gets the exact text.

Each command runs as a subprocess whose stdout (or stderr) is a real pseudo-terminal.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import termios
from pathlib import Path

import pytest

TIMEOUT = 60
TITLE = "\x1b]0;PWNED\x07"
CLIPBOARD = "\x1b]52;c;ZXZpbA==\x07"
HOSTILE_TEXT = (
    f"A press release sets the title {TITLE} here. "
    f"It writes the clipboard {CLIPBOARD} too.\n\n"
    "Then a C1 control \x9b31m and a bidi override \u202egnp.exe sit here.\n"
)
INJECTED = (b"\x1b", b"\x07", "\x9b".encode(), "\u202e".encode())


def _env(data_dir: Path) -> dict[str, str]:
    return dict(os.environ, ANNOTATOR_DATA_DIR=str(data_dir), TERM="xterm-256color")


def _on_terminal(
    args: list[str], cwd: Path, data_dir: Path, *, stream: str = "stdout"
) -> tuple[int, bytes, bytes]:
    """Run ``annotator ARGS`` with ``stream`` on a pty; (status, terminal bytes, other)."""
    master, slave = pty.openpty()
    attributes = termios.tcgetattr(slave)
    attributes[1] &= ~termios.ONLCR  # no LF -> CRLF, so a CR we see is the program's
    termios.tcsetattr(slave, termios.TCSANOW, attributes)
    other = subprocess.PIPE
    child = subprocess.Popen(
        [sys.executable, "-m", "annotator", *args],
        cwd=cwd,
        env=_env(data_dir),
        stdin=subprocess.DEVNULL,
        stdout=slave if stream == "stdout" else other,
        stderr=slave if stream == "stderr" else other,
    )
    os.close(slave)
    shown = bytearray()
    try:
        while True:
            ready, _, _ = select.select([master], [], [], TIMEOUT)
            if not ready:
                raise AssertionError("the command wrote nothing and did not exit")
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the child closed its side
                break
            if not chunk:
                break
            shown += chunk
        _, rest = child.communicate(timeout=TIMEOUT) if stream == "stdout" else (None, b"")
        if stream == "stderr":
            rest = child.stdout.read() if child.stdout else b""
            child.wait(timeout=TIMEOUT)
    finally:
        os.close(master)
        if child.poll() is None:
            child.kill()
            child.wait()
    return child.returncode, bytes(shown), rest or b""


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    document = tmp_path / "hostile.txt"
    document.write_text(HOSTILE_TEXT, encoding="utf-8")
    return document


def _assert_nothing_injected(shown: bytes) -> None:
    for sequence in INJECTED:
        assert sequence not in shown, (sequence, shown[:400])


@pytest.mark.parametrize("format", ["csv", "jsonl", "html"])
def test_export_to_a_terminal_shows_control_characters_as_symbols(
    tmp_path: Path, hostile: Path, format: str
) -> None:
    data_dir = tmp_path / "data"
    note = f"note {TITLE} {CLIPBOARD} end\rFAKE \x9b31m \u202e"
    _code_first_sentence(hostile, data_dir, note=note)
    args = ["export", "--format", format, "hostile.txt"]
    status, shown, _ = _on_terminal(args, tmp_path, data_dir)
    assert status == 0, shown
    _assert_nothing_injected(shown)
    text = shown.decode("utf-8")
    if format != "jsonl":  # JSON escapes C0 characters itself ("\u001b")
        assert "␛]0;PWNED␇" in text and "␛]52;c;ZXZpbA==␇" in text
        assert "␍FAKE" in text, "a lone CR could overwrite what the line showed"
    assert "\u2426" in text, "the C1 control and the bidi override are shown as symbols"
    if format == "csv":
        assert text.count("\r\n") >= 2, "CSV line ends stay line ends"


def test_export_to_a_pipe_or_a_file_keeps_the_exact_text(tmp_path: Path, hostile: Path) -> None:
    data_dir = tmp_path / "data"
    _code_first_sentence(hostile, data_dir, note=f"note {TITLE}\rFAKE")
    piped = subprocess.run(
        [sys.executable, "-m", "annotator", "export", "--format", "jsonl", "hostile.txt"],
        cwd=tmp_path,
        env=_env(data_dir),
        capture_output=True,
        timeout=TIMEOUT,
        check=True,
    )
    record = json.loads(piped.stdout.decode("utf-8"))
    assert TITLE in record["quote"] and record["note"] == f"note {TITLE}\rFAKE"
    subprocess.run(
        [sys.executable, "-m", "annotator", "export", "hostile.txt", "-o", "out.csv"],
        cwd=tmp_path,
        env=_env(data_dir),
        capture_output=True,
        timeout=TIMEOUT,
        check=True,
    )
    assert TITLE.encode() in (tmp_path / "out.csv").read_bytes()


def test_stats_json_on_a_terminal_is_safe(tmp_path: Path, hostile: Path) -> None:
    data_dir = tmp_path / "data"
    renamed = tmp_path / f"name{CLIPBOARD}\u202e.txt"
    hostile.rename(renamed)
    _code_first_sentence(renamed, data_dir, note="a note")
    status, shown, _ = _on_terminal(["stats", "--json", renamed.name], tmp_path, data_dir)
    assert status == 0, shown
    _assert_nothing_injected(shown)
    status, shown, _ = _on_terminal(["stats", renamed.name], tmp_path, data_dir)
    assert status == 0, shown
    for sequence in INJECTED[1:]:  # the table itself is drawn with escape sequences
        assert sequence not in shown
    assert b"]52;" not in shown.replace("␛]52;".encode(), b"")


def test_a_usage_error_echoing_an_argument_is_safe(tmp_path: Path) -> None:
    status, shown, _ = _on_terminal(
        ["stats", f"--bogus{TITLE}"], tmp_path, tmp_path / "data", stream="stderr"
    )
    assert status == 2
    _assert_nothing_injected(shown)
    assert "␛]0;PWNED␇".encode() in shown


HOSTILE_CODER = "ana\x9b31m\u202e"
"""A coder name with a C1 control and a bidi override: JSON does not escape either."""


@pytest.mark.parametrize("format", ["json", "csv"])
def test_agree_on_a_terminal_is_safe(tmp_path: Path, hostile: Path, format: str) -> None:
    from annotator.codebook.model import DEFAULT_CODEBOOK
    from annotator.coding.opening import open_session
    from annotator.store import DataDir
    from annotator.text.document import load_document

    data_dir = tmp_path / "data"
    renamed = tmp_path / f"name{CLIPBOARD}\u202e.txt"  # the document's name is in every format
    hostile.rename(renamed)
    document = load_document(renamed)
    for coder, code in ((HOSTILE_CODER, "claim"), ("ben", "appeal")):
        session = open_session(DataDir(data_dir), document, DEFAULT_CODEBOOK, coder)
        session.toggle_tag(0, code)
        session.set_finished(True)
        assert session.close()
    args = ["agree", renamed.name, "--format", format, "--bootstrap", "10"]
    status, shown, _ = _on_terminal(args, tmp_path, data_dir)
    assert status == 0, shown
    _assert_nothing_injected(shown)
    if format == "csv":  # names no coder; JSON escapes the ESC and BEL itself
        assert "name␛]52;c;ZXZpbA==␇\u2426.txt".encode() in shown
    else:
        assert "ana\u242631m\u2426".encode() in shown, shown[:400]


def test_reanchor_json_on_a_terminal_is_safe(tmp_path: Path) -> None:
    from annotator.store import DataDir
    from tests.helpers import code_then_edit

    data_dir = tmp_path / "data"
    code_then_edit(tmp_path / "doc.txt", DataDir(data_dir), HOSTILE_CODER)
    args = ["reanchor", "doc.txt", "--json", "--all-coders", "--dry-run"]
    status, shown, _ = _on_terminal(args, tmp_path, data_dir)
    assert status == 0, shown
    _assert_nothing_injected(shown)
    assert json.loads(shown.decode("utf-8"))["coders"][0]["coder"] == "ana\u242631m\u2426"


def _code_first_sentence(document: Path, data_dir: Path, note: str) -> None:
    """Tag the document's first sentence and give it ``note``, through the session."""
    from annotator.codebook.model import DEFAULT_CODEBOOK
    from annotator.coding.opening import open_session
    from annotator.store import DataDir
    from annotator.text.document import load_document

    session = open_session(
        DataDir(data_dir), load_document(document), DEFAULT_CODEBOOK, "c\x1b]0;CODER\x07"
    )
    try:
        session.toggle_tag(0, "claim")
        session.set_note(0, note)
    finally:
        assert session.close()


def test_for_terminal_keeps_line_ends_and_tabs_and_shows_the_rest() -> None:
    from annotator.safe_text import for_terminal

    assert for_terminal("a\tb\r\nc\n") == "a\tb\r\nc\n"
    assert for_terminal("x\ry\x1b[2J\x07\x9b\u202e") == "x␍y␛[2J␇\u2426\u2426"


def test_the_writer_keeps_a_line_end_split_across_two_writes() -> None:
    from annotator.safe_text import TerminalWriter

    written: list[str] = []

    class Sink:
        def write(self, text: str) -> int:
            written.append(text)
            return len(text)

        def flush(self) -> None:
            written.append("<flush>")

    writer = TerminalWriter(Sink())  # type: ignore[arg-type]
    writer.write("row one\r")
    writer.write("\nrow two\r")
    writer.write("FAKE\x1b")
    writer.write("\r")
    writer.flush()
    assert "".join(written) == "row one\r\nrow two␍FAKE␛␍<flush>"


def test_status_json_on_a_terminal_is_safe(tmp_path: Path) -> None:
    """A document named with a C1 control and a bidi override, in the overlap sample."""
    from annotator.cli.main import run_cli
    from tests.helpers import make_project

    project = make_project(tmp_path / "p", documents=1)
    (project / "texts" / "release-1.txt").rename(project / "texts" / "name\x9b31m\u202e.txt")

    def refuse(request: object) -> int:
        raise AssertionError("assign opens no screen")

    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        assert run_cli(["assign", "--coders", "ana,ben", "--overlap", "1"], launch=refuse) == 0
    status, shown, _ = _on_terminal(["status", "--json"], project, tmp_path / "data")
    assert status == 0, shown
    _assert_nothing_injected(shown)
    assert b"\xc2\x9b" not in shown, "the C1 control reached the terminal"
    assert "name\u242631m\u2426.txt".encode() in shown, shown[:600]
