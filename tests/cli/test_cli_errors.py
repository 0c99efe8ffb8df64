"""Bad input on the command line: one line on stderr, exit 2, no traceback, no store writes.

Each case runs ``python -m annotator`` in a subprocess, as a user would, with the data
directory pointed at a temporary one that must stay untouched.
"""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

TIMEOUT = 60


def _run(
    args: list[str], cwd: Path, data_dir: Path, stdin: bytes = b"", new_session: bool = False
) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, ANNOTATOR_DATA_DIR=str(data_dir), NO_COLOR="1", TERM="dumb")
    return subprocess.run(
        [sys.executable, "-m", "annotator", *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        timeout=TIMEOUT,
        start_new_session=new_session,
        check=False,
    )


def _assert_one_line_error(result: subprocess.CompletedProcess[bytes], data_dir: Path) -> str:
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, stderr
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("annotator: error: ")
    assert "\x1b" not in stderr
    assert not data_dir.exists() or not any(data_dir.iterdir()), "the store was written"
    return lines[0]


def _missing(tmp: Path) -> str:
    return "missing.txt"


def _directory(tmp: Path) -> str:
    (tmp / "folder").mkdir()
    return "folder"


def _fifo(tmp: Path) -> str:
    os.mkfifo(tmp / "pipe")
    return "pipe"


def _device(tmp: Path) -> str:
    return os.devnull


def _write(name: str, data: bytes) -> Callable[[Path], str]:
    def make(tmp: Path) -> str:
        (tmp / name).write_bytes(data)
        return name

    return make


CASES: dict[str, tuple[Callable[[Path], str], str]] = {
    "missing": (_missing, "no such file"),
    "directory": (_directory, "directory"),
    "fifo": (_fifo, "FIFO"),
    "device": (_device, "device"),
    "nul-bytes": (_write("nul.txt", b"Text\x00with a NUL."), "NUL"),
    "binary": (_write("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "not a text file"),
    "invalid-utf8": (_write("bad.txt", "naïve ".encode() + b"\xff\xfe"), "byte offset 7"),
    "empty": (_write("empty.txt", b""), "empty"),
    "whitespace": (_write("blank.txt", b" \r\n\t\n"), "whitespace"),
    "markup-name": (_write("[bold]x[red]y[@click=app.quit].txt", b""), "[bold]x[red]y[@click"),
    "control-name": (_write("a\x1b[2Jb\x07.txt", b"\x00"), "a␛[2Jb␇.txt"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_export_bad_input(case: str, tmp_path: Path) -> None:
    make, expected = CASES[case]
    data_dir = tmp_path / "data"
    work = tmp_path / "work"
    work.mkdir()
    line = _assert_one_line_error(_run(["export", make(work)], work, data_dir), data_dir)
    assert expected in line


def test_markup_in_a_directory_name(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    folder = tmp_path / "[bold]x["
    folder.mkdir()
    (folder / "].txt").write_bytes(b"\x00")
    line = _assert_one_line_error(_run(["export", "[bold]x[/].txt"], tmp_path, data_dir), data_dir)
    assert "[bold]x[/].txt" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root bypasses file permissions")
def test_export_no_permission(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    secret = tmp_path / "secret.txt"
    secret.write_text("Hidden.")
    secret.chmod(0)
    try:
        line = _assert_one_line_error(_run(["export", "secret.txt"], tmp_path, data_dir), data_dir)
    finally:
        secret.chmod(0o600)
    assert "permission denied" in line


def test_no_permission_simulated_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Tests run as root, where chmod 000 is no obstacle: deny the open itself."""
    from annotator.cli.main import run_cli

    data_dir = tmp_path / "data"
    secret = tmp_path / "secret.txt"
    secret.write_text("Hidden.")

    def deny(path: object, flags: int, *args: object) -> int:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "open", deny)
    status = run_cli(["export", "--data-dir", str(data_dir), str(secret)], launch=_no_launch)
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and err.startswith("annotator: error: permission denied")
    assert not data_dir.exists()


def _no_launch(request: object) -> int:
    raise AssertionError("the reader must not start")


def test_unknown_encoding(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text("Text.")
    data_dir = tmp_path / "data"
    result = _run(["export", "--encoding", "klingon-8", "doc.txt"], tmp_path, data_dir)
    assert "unknown encoding" in _assert_one_line_error(result, data_dir)


@pytest.mark.parametrize("case", ["missing", "nul-bytes", "invalid-utf8", "empty", "fifo"])
def test_reader_bad_input_fails_before_any_screen(case: str, tmp_path: Path) -> None:
    make, expected = CASES[case]
    data_dir = tmp_path / "data"
    line = _assert_one_line_error(_run([make(tmp_path)], tmp_path, data_dir), data_dir)
    assert expected in line


def test_reader_from_empty_stdin(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    line = _assert_one_line_error(_run(["-"], tmp_path, data_dir, stdin=b""), data_dir)
    assert "<stdin> is empty" in line


def test_reader_from_stdin_without_a_terminal(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    result = _run(["-"], tmp_path, data_dir, stdin=b"A document. Two.\n", new_session=True)
    assert "no terminal" in _assert_one_line_error(result, data_dir)


# --- What should work ----------------------------------------------------------------------


def test_export_reads_the_document_from_stdin(tmp_path: Path) -> None:
    result = _run(["export", "-"], tmp_path, tmp_path / "data", stdin=b"One. Two.\r\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode().startswith("document,")


def test_export_with_explicit_and_detected_legacy_encoding(tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_bytes("Café “au lait”. Crème brûlée.".encode("cp1252"))
    for extra, notes in ((["--encoding", "cp1252"], 0), ([], 1)):
        result = _run(["export", *extra, "old.txt"], tmp_path, tmp_path / "data")
        assert result.returncode == 0, result.stderr
        assert result.stderr.decode().count("annotator: note:") == notes
        assert "cp1252" in result.stderr.decode() or not notes


@pytest.mark.slow
def test_reader_reads_stdin_and_then_keys_from_the_terminal(tmp_path: Path) -> None:
    """``annotator -`` in a real pseudo-terminal: the piped text shows, keys still work."""
    read_end, write_end = os.pipe()
    os.write(write_end, b"Piped document first sentence. Second one.\n\nAnother paragraph.\n")
    os.close(write_end)
    pid, master = pty.fork()
    if pid == 0:  # the child: document on stdin, the pty as its controlling terminal
        try:
            os.dup2(read_end, 0)
            os.environ.update(ANNOTATOR_DATA_DIR=str(tmp_path / "data"), TERM="xterm-256color")
            os.execv(sys.executable, [sys.executable, "-m", "annotator", "-"])
        finally:
            os._exit(127)  # never return into pytest in the child
    os.close(read_end)
    shown = b""
    deadline = time.monotonic() + TIMEOUT
    try:
        while b"Piped document" not in shown and time.monotonic() < deadline:
            if select.select([master], [], [], 0.5)[0]:
                try:
                    shown += os.read(master, 65536)
                except OSError:  # the child is gone
                    break
        assert b"Piped document" in shown
        for key in (b"q", b"\x11"):  # quit, then ctrl+q should a confirmation be open
            os.write(master, key)
            if _exited_within(pid, master, 10):
                break
        else:
            raise AssertionError("the reader did not quit on keys from the terminal")
        pid = 0
    finally:
        if pid:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(master)


def _exited_within(pid: int, master: int, seconds: float) -> bool:
    """Whether the child quits: its side of the terminal closes, then it is reaped.

    Reading the terminal ends (EOF, or EIO on Linux) once the child has exited; until
    then whatever it draws is read and dropped, so it never blocks on a full terminal.
    ``seconds`` only bounds the wait when the child does not quit.
    """
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        if not select.select([master], [], [], left)[0]:
            return False
        try:
            if not os.read(master, 65536):
                break
        except OSError:  # EIO: no process holds the terminal any more
            break
    else:
        return False
    os.waitpid(pid, 0)
    return True
