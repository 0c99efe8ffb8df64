"""Read a document file into normalized text, or fail with one clear sentence.

Everything downstream (offsets, the content id, exports) refers to the *normalized* text:
decoded to str, a leading byte-order mark removed, and CRLF / CR line endings turned into
LF. Keeping that normalization in one place is what makes offsets agree everywhere.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path


class LoadError(Exception):
    """A document cannot be opened; the message is one line meant for the user."""


@dataclass(frozen=True, slots=True)
class LoadedText:
    """Normalized text and what was learned while decoding it."""

    text: str
    encoding: str
    notices: tuple[str, ...] = field(default=())


def normalize_newlines(text: str) -> str:
    """Turn CRLF and lone CR into LF, so offsets do not depend on the platform."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_bytes(data: bytes, *, name: str) -> LoadedText:
    """Decode document bytes as UTF-8 (with or without a BOM)."""
    if b"\x00" in data:
        raise LoadError(f"{name} is not a text file (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LoadError(
            f"{name} is not valid UTF-8 (first bad byte at offset {exc.start})"
        ) from None
    return LoadedText(text=normalize_newlines(text), encoding="utf-8")


def read_document_bytes(path: Path) -> bytes:
    """Read a regular file, turning every OS-level failure into a LoadError."""
    shown = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise LoadError(f"no such file: {shown}") from None
    except PermissionError:
        raise LoadError(f"permission denied: {shown}") from None
    except OSError as exc:
        raise LoadError(f"cannot open {shown}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise LoadError(f"{shown} is a directory, not a text file")
    if not stat.S_ISREG(info.st_mode):
        raise LoadError(f"{shown} is not a regular file")
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except PermissionError:
        raise LoadError(f"permission denied: {shown}") from None
    except OSError as exc:
        raise LoadError(f"cannot read {shown}: {exc.strerror or exc}") from None


def load_text(path: Path) -> LoadedText:
    """Read and decode ``path``; reject files with no text in them."""
    data = read_document_bytes(path)
    loaded = decode_bytes(data, name=os.fspath(path))
    if not loaded.text.strip():
        raise LoadError(f"{path} is empty: there is nothing to annotate")
    return loaded
