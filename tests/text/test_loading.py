"""Decoding and reading documents: encodings, newlines, and one-line refusals."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.text.loading import (
    STDIN_NAME,
    LoadError,
    decode_bytes,
    load_stream,
    load_text,
    normalize_newlines,
    read_document_bytes,
)
from tests.helpers import DATA

CORPUS = DATA / "corpus"
TEXT = "Grüße aus Köln — “quoted” text.\nSecond line: 3 € and 5 ½.\n"


def _decode(data: bytes, encoding: str | None = None) -> str:
    return decode_bytes(data, name="doc.txt", encoding=encoding).text


def _error(data: bytes, encoding: str | None = None) -> str:
    with pytest.raises(LoadError) as caught:
        decode_bytes(data, name="doc.txt", encoding=encoding)
    message = str(caught.value)
    assert "\n" not in message
    return message


# --- Encodings ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codec", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8"),
        ("utf-16", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
        ("utf-32", "utf-32-le"),
        ("utf-32-be", "utf-32-be"),
    ],
)
def test_unicode_encodings_with_byte_order_marks(codec: str, expected: str) -> None:
    data = TEXT.encode(codec)
    if codec in ("utf-16-be", "utf-32-be"):
        data = "\ufeff".encode(codec) + data
    loaded = decode_bytes(data, name="doc.txt")
    assert loaded.text == TEXT
    assert loaded.encoding == expected
    assert loaded.notices == ()


def test_byte_order_mark_is_not_part_of_the_text() -> None:
    assert not _decode(b"\xef\xbb\xbfHello.").startswith("\ufeff")
    assert _decode(b"\xef\xbb\xbfHello.", encoding="utf-8") == "Hello."


def test_cp1252_prose_is_detected_with_a_notice() -> None:
    data = TEXT.replace("½", "1/2").encode("cp1252")
    loaded = decode_bytes(data, name="legacy.txt")
    assert loaded.text == TEXT.replace("½", "1/2")
    assert loaded.encoding == "cp1252"
    assert len(loaded.notices) == 1
    assert "cp1252" in loaded.notices[0] and "--encoding" in loaded.notices[0]


def test_explicit_encoding_reads_legacy_text_without_notice() -> None:
    loaded = decode_bytes("Привет, мир.".encode("cp1251"), name="ru.txt", encoding="cp1251")
    assert loaded.text == "Привет, мир."
    assert loaded.encoding == "cp1251"
    assert loaded.notices == ()


@pytest.mark.parametrize(
    "data",
    [
        "Привет, мир. Это текст.".encode("cp1251"),  # another codepage: whole words of high bytes
        "naïve café".encode() + b" and \xe9",  # damaged UTF-8, not cp1252
        b"plain text \x81 with a byte cp1252 leaves undefined",
        b"Hello \xff\xfe world",  # letters no Western prose uses together
        b"price \xa4 \xa6",  # symbols rather than letters
    ],
)
def test_undecodable_bytes_are_refused_when_a_guess_is_unsafe(data: bytes) -> None:
    message = _error(data)
    assert "not valid UTF-8" in message
    assert "--encoding" in message


def test_error_names_byte_offset_and_line() -> None:
    data = b"line one\r\nline two\rline three \xff here\n"
    message = _error(data + b"\x81")
    offset = data.index(b"\xff")
    assert f"byte offset {offset}," in message
    assert "line 3" in message
    assert "0xFF" in message


def test_unknown_and_failing_explicit_encodings() -> None:
    assert "unknown encoding" in _error(b"text", encoding="no-such-codec")
    message = _error(b"ok\nthen \xe9", encoding="ascii")
    assert "ascii" in message and "byte offset 8" in message and "line 2" in message


@given(st.binary(max_size=200), st.sampled_from([None, "utf-8", "cp1252", "utf-16"]))
def test_arbitrary_bytes_never_crash(data: bytes, encoding: str | None) -> None:
    try:
        loaded = decode_bytes(data, name="fuzz", encoding=encoding)
    except LoadError as exc:
        assert "\n" not in str(exc)
    else:
        assert loaded.text.strip()
        assert "\r" not in loaded.text


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1))
def test_utf8_round_trips_up_to_newlines(text: str) -> None:
    if "\x00" in text or not normalize_newlines(text).strip() or text.startswith("\ufeff"):
        return
    assert _decode(text.encode("utf-8")) == normalize_newlines(text)


# --- Newlines and content ---------------------------------------------------------------


def test_crlf_and_cr_become_lf() -> None:
    assert normalize_newlines("a\r\nb\rc\n\r\nd") == "a\nb\nc\n\nd"
    assert _decode(b"One.\r\nTwo.\rThree.\n") == "One.\nTwo.\nThree.\n"


def test_crlf_book_is_normalized() -> None:
    path = CORPUS / "en_book_gutenberg1404_federalist_papers.txt"
    raw = path.read_bytes()
    assert b"\r\n" in raw
    loaded = load_text(path)
    assert "\r" not in loaded.text
    assert len(loaded.text) == len(raw) - raw.count(b"\r\n")


def test_nul_bytes_mean_binary() -> None:
    assert "NUL" in _error(b"PK\x03\x04\x00\x00binary")
    assert "utf-16" in _error("Hello there".encode("utf-16-le"))  # no BOM: hint


@pytest.mark.parametrize(("data", "word"), [(b"", "empty"), (b" \r\n\t\n ", "whitespace")])
def test_empty_and_blank_documents_are_refused(data: bytes, word: str) -> None:
    assert word in _error(data)
    assert word in _error(b"\xef\xbb\xbf" + data)  # a byte-order mark adds nothing


def test_control_characters_are_kept_with_a_notice() -> None:
    loaded = decode_bytes(b"Title\x1b]0;x\x07 text.", name="esc.txt")
    assert "\x1b" in loaded.text  # offsets stay true; the display shows symbols
    assert any("control character" in notice for notice in loaded.notices)


def test_names_in_messages_are_made_safe() -> None:
    with pytest.raises(LoadError) as caught:
        decode_bytes(b"", name="evil\x1b[2J\nname.txt")
    assert "\x1b" not in str(caught.value)
    assert "\n" not in str(caught.value)


# --- Reading files -----------------------------------------------------------------------


def _never_open(path: str, flags: int) -> int:
    raise AssertionError(f"{path} must not be opened")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no such file"):
        read_document_bytes(tmp_path / "missing.txt", opener=_never_open)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="directory"):
        read_document_bytes(tmp_path, opener=_never_open)


def test_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(LoadError, match="FIFO"):
        read_document_bytes(fifo, opener=_never_open)


def test_device_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="device"):
        read_document_bytes(Path(os.devnull), opener=_never_open)


def test_permission_denied_simulated(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Hidden.")

    def deny(name: str, flags: int) -> int:
        raise PermissionError(13, "Permission denied", name)

    with pytest.raises(LoadError, match="permission denied"):
        read_document_bytes(path, opener=deny)


@pytest.mark.skipif(os.geteuid() == 0, reason="root bypasses file permissions")
def test_permission_denied_for_real(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("Hidden.")
    path.chmod(0)
    try:
        with pytest.raises(LoadError, match="permission denied"):
            load_text(path)
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_file_swapped_for_fifo_after_stat_does_not_block(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("Text.")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def swap(name: str, flags: int) -> int:
        assert flags & os.O_NONBLOCK
        return os.open(fifo, flags)  # non-blocking, so this returns at once

    with pytest.raises(LoadError, match="FIFO"):
        read_document_bytes(path, opener=swap)


def test_load_text_reads_a_regular_file(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes("Ünïcode.\r\n".encode("utf-16"))
    assert load_text(path).text == "Ünïcode.\n"
    path.write_bytes(b"caf\xe9 cr\xe8me.")
    assert load_text(path, encoding="latin-1").text == "café crème."


# --- Streams (annotator -) ---------------------------------------------------------------


def test_load_stream_reads_piped_bytes() -> None:
    loaded = load_stream(io.BytesIO(b"From a pipe.\r\n"))
    assert loaded.text == "From a pipe.\n"


def test_load_stream_refuses_a_terminal() -> None:
    class Terminal(io.BytesIO):
        def isatty(self) -> bool:
            return True

    with pytest.raises(LoadError, match="terminal") as caught:
        load_stream(Terminal(b"never read"))
    assert STDIN_NAME in str(caught.value)


def test_load_stream_refuses_empty_input() -> None:
    with pytest.raises(LoadError, match="empty"):
        load_stream(io.BytesIO(b""))


def test_notices_reach_the_document(tmp_path: Path) -> None:
    from annotator.text.document import load_document

    path = tmp_path / "old.txt"
    path.write_bytes("Caf\u00e9 \u201cnoir\u201d. Second sentence.".encode("cp1252"))
    document = load_document(path, lang="en")
    assert document.text.startswith("Café “noir”.")
    assert len(document.notices) == 1 and "cp1252" in document.notices[0]
    assert load_document(path, lang="en", encoding="cp1252").notices == ()
