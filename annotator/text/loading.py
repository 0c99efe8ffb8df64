"""Read a document into normalized text, or fail with one clear sentence.

Everything downstream (offsets, the content id, exports) refers to the *normalized* text:
decoded to str, a leading byte-order mark removed, and CRLF / CR line endings turned into
LF. Keeping that normalization in one place is what makes offsets agree everywhere.

Documents are untrusted, so every failure (missing file, FIFO, binary data, bad bytes)
becomes a ``LoadError`` whose message is a single line for the user; nothing here may
block (a FIFO is never opened) or crash on hostile bytes.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from annotator.safe_text import one_line
from annotator.wording import plural

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
STDIN_NAME = "<stdin>"
STDIN_ARGUMENT = "-"
"""How a user names standard input as the document (``annotator -``)."""

# Byte-order marks, longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

# A well-formed UTF-8 multi-byte character. Real cp1252 text almost never contains one,
# so finding one in undecodable bytes means "damaged UTF-8", which we refuse to guess at.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)

# Non-ASCII characters that ordinary cp1252 prose uses on their own (punctuation, money,
# common symbols). Anything else non-ASCII must be a letter inside a word with ASCII letters.
_CP1252_SYMBOLS = frozenset("\u00a0‘’‚“”„–—…•€£¥¢°§©®™«»±×÷·¶½¼¾²³µ¿¡†‡‰‹›")
# Letters that are rare in Western prose but common in mis-decoded binary or other codepages.
_CP1252_RARE = frozenset("ÿþÞðÐ")

# Control characters that have no business in a text document (tab, LF, FF, CR allowed).
_STRAY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


class LoadError(Exception):
    """A document cannot be opened; the message is one line meant for the user."""


@dataclass(frozen=True, slots=True)
class LoadedText:
    """Normalized text and what was learned while decoding it.

    ``notices`` are one-line remarks the reader must be shown (a guessed encoding,
    control characters that will appear as symbols).
    """

    text: str
    encoding: str
    notices: tuple[str, ...] = field(default=())


def normalize_newlines(text: str) -> str:
    """Turn CRLF and lone CR into LF, so offsets do not depend on the platform."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _where(data: bytes, offset: int) -> str:
    """The bad byte, its offset and 1-based line number, counting CRLF, CR and LF breaks."""
    before = data[:offset]
    line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
    value = f"0x{data[offset]:02X} " if offset < len(data) else ""
    return f"{value}at byte offset {offset}, line {line}"


def _utf16_hint(data: bytes) -> str:
    """A hint when NUL bytes look like UTF-16/32 text saved without a byte-order mark."""
    sample = data[:4096]
    if len(sample) >= 4 and sample.count(0) * 3 >= len(sample):
        return "; if it is UTF-16 or UTF-32 without a byte-order mark, pass --encoding utf-16-le"
    return ""


def _looks_like_cp1252(data: bytes, text: str) -> bool:
    """Is it safe to read undecodable-as-UTF-8 ``data`` as cp1252 (``text``)?

    Only when nothing suggests another reading: no well-formed UTF-8 character (that
    would be damaged UTF-8), and every non-ASCII character is either common Western
    punctuation or a letter within a word that also has ASCII letters (a Cyrillic or
    Greek codepage decodes to whole words of accented Latin letters and fails this).
    """
    if _UTF8_MULTIBYTE.search(data):
        return False
    for match in re.finditer(r"[^\x00-\x7f]+", text):
        run = match.group()
        if all(char in _CP1252_SYMBOLS for char in run):
            continue
        if len(run) > 2 or any(char in _CP1252_RARE for char in run):
            return False
        if not all(char in _CP1252_SYMBOLS or unicodedata.category(char)[0] == "L" for char in run):
            return False
        before = text[match.start() - 1] if match.start() > 0 else " "
        after = text[match.end()] if match.end() < len(text) else " "
        if not (before.isascii() and before.isalpha()) and not (
            after.isascii() and after.isalpha()
        ):
            return False
    return True


def _decode_utf8_or_guess(data: bytes, name: str) -> tuple[str, str, tuple[str, ...]]:
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    try:
        guess = data.decode("cp1252")
    except UnicodeDecodeError:
        guess = None
    if guess is not None and _looks_like_cp1252(data, guess):
        notice = (
            f"{name} is not valid UTF-8; it was read as Windows-1252 (cp1252). "
            "If the text looks wrong, reopen it with --encoding NAME."
        )
        return guess, "cp1252", (notice,)
    raise LoadError(
        f"{name} is not valid UTF-8 (bad byte {_where(data, first_bad)}); "
        "if you know its encoding, pass --encoding NAME, e.g. --encoding cp1252"
    )


def _decode(data: bytes, name: str, encoding: str | None) -> tuple[str, str, tuple[str, ...]]:
    """Decode by explicit encoding, else byte-order mark, else UTF-8 (or a safe guess)."""
    if encoding is not None:
        try:
            codec = codecs.lookup(encoding).name
        except LookupError:
            raise LoadError(f"unknown encoding: {one_line(encoding, 60)}") from None
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise LoadError(
                f"{name} cannot be read as {codec}: bad byte {_where(data, exc.start)}"
            ) from None
        return text.removeprefix("\ufeff"), codec, ()
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), codec, ()
            except UnicodeDecodeError as exc:
                where = _where(data, exc.start + len(bom))
                raise LoadError(
                    f"{name} starts with a {label} byte-order mark but has a bad byte {where}"
                ) from None
    if b"\x00" in data:
        raise LoadError(f"{name} is not a text file (it contains NUL bytes){_utf16_hint(data)}")
    return _decode_utf8_or_guess(data, name)


def decode_bytes(data: bytes, *, name: str, encoding: str | None = None) -> LoadedText:
    """Decode and normalize document bytes; reject binary, undecodable and empty input.

    ``name`` is shown in messages and is made safe here. ``encoding`` (a Python codec
    name) overrides detection.
    """
    shown = one_line(name, 200)
    text, codec, notices = _decode(data, shown, encoding)
    if "\x00" in text:
        raise LoadError(f"{shown} is not a text file (it contains NUL characters)")
    text = normalize_newlines(text)
    if not text.strip():
        if text:
            raise LoadError(f"{shown} holds only whitespace: there is nothing to annotate")
        raise LoadError(f"{shown} is empty: there is nothing to annotate")
    strays = len(_STRAY_CONTROLS.findall(text))
    if strays:
        notices = (
            *notices,
            f"{shown} contains {plural(strays, 'control character')}; shown as symbols.",
        )
    return LoadedText(text=text, encoding=codec, notices=notices)


def _describe_non_regular(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "is a directory, not a text file"
    if stat.S_ISFIFO(mode):
        return "is a FIFO (named pipe), not a regular file; to read a pipe use 'annotator -'"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file"
    if stat.S_ISSOCK(mode):
        return "is a socket, not a regular file"
    return "is not a regular file"


def _os_failure(action: str, shown: str, exc: OSError) -> LoadError:
    if isinstance(exc, FileNotFoundError):
        return LoadError(f"no such file: {shown}")
    if isinstance(exc, PermissionError):
        return LoadError(f"permission denied: {shown}")
    if isinstance(exc, IsADirectoryError):
        return LoadError(f"{shown} is a directory, not a text file")
    return LoadError(f"cannot {action} {shown}: {exc.strerror or exc}")


_Opener = Callable[[str, int], int]


def read_document_bytes(path: Path, *, opener: _Opener | None = None) -> bytes:
    """Read a regular file, turning every OS-level failure into a LoadError.

    The path is checked with ``stat`` before it is opened, so a FIFO or device is never
    opened (opening a FIFO blocks); the file is opened non-blocking and checked again
    with ``fstat``, so swapping the file for a FIFO in between cannot hang us either.
    ``opener`` stands in for ``os.open`` in tests.
    """
    shown = one_line(os.fspath(path), 200)
    try:
        info = os.stat(path)
    except ValueError:  # a NUL in the name: no such file can exist
        raise LoadError(f"no such file: {shown}") from None
    except OSError as exc:
        raise _os_failure("open", shown, exc) from None
    if not stat.S_ISREG(info.st_mode):
        raise LoadError(f"{shown} {_describe_non_regular(info.st_mode)}")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = (opener or os.open)(os.fspath(path), flags)
    except OSError as exc:
        raise _os_failure("open", shown, exc) from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise LoadError(f"{shown} {_describe_non_regular(mode)}")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    except OSError as exc:
        raise _os_failure("read", shown, exc) from None
    finally:
        os.close(fd)


def read_stream_bytes(stream: BinaryIO, *, name: str = STDIN_NAME) -> bytes:
    """Read a whole document from a pipe or redirected file (``annotator -``).

    A terminal is refused rather than read: the user would be left typing into a
    screen that looks hung.
    """
    try:
        if stream.isatty():
            raise LoadError(
                f"{name} is a terminal; pipe a document in, e.g. 'cat FILE | annotator -'"
            )
        return stream.read()
    except OSError as exc:
        raise LoadError(f"cannot read {name}: {exc.strerror or exc}") from None


def load_text(path: Path, *, encoding: str | None = None) -> LoadedText:
    """Read and decode ``path``; reject files with no text in them."""
    return decode_bytes(read_document_bytes(path), name=os.fspath(path), encoding=encoding)


def load_stream(
    stream: BinaryIO, *, name: str = STDIN_NAME, encoding: str | None = None
) -> LoadedText:
    """Read and decode a document from ``stream`` (standard input for ``annotator -``)."""
    return decode_bytes(read_stream_bytes(stream, name=name), name=name, encoding=encoding)


def is_markdown_name(name: str) -> bool:
    """Whether a document's file name says it is Markdown (``.md`` and friends): its
    paragraphs are then found by Markdown's rules."""
    return name.lower().endswith(MARKDOWN_SUFFIXES)


__all__ = [
    "MARKDOWN_SUFFIXES",
    "STDIN_ARGUMENT",
    "STDIN_NAME",
    "LoadError",
    "LoadedText",
    "decode_bytes",
    "is_markdown_name",
    "load_stream",
    "load_text",
    "normalize_newlines",
    "read_document_bytes",
    "read_stream_bytes",
]
