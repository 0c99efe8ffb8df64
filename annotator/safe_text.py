"""Make untrusted text safe to show in a terminal without changing its length.

Documents under study are often propaganda and may be crafted to attack the reader's
terminal: an ESC in the text would otherwise start a control sequence. Every C0 and C1
control character (and DEL) is mapped to one visible symbol, so offsets into the
original text stay valid for the displayed text.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Protocol, TextIO

# C0 controls map to the Unicode "Control Pictures" block (U+2400 + code); DEL to U+2421.
_TABLE: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20)}
_TABLE[0x7F] = "\u2421"
# C1 controls have no pictures of their own; show a replacement-style symbol.
for _code in range(0x80, 0xA0):
    _TABLE[_code] = "\u2426"
# Characters that reorder or hide text (bidi overrides and isolates) are kept visible
# as a symbol too, so a line cannot be made to display differently from its content.
for _code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)):
    _TABLE[_code] = "\u2426"


def _variant(*, keep_newlines: bool, keep_tabs: bool) -> dict[int, str]:
    table = dict(_TABLE)
    if keep_newlines:
        del table[0x0A]
    else:
        table[0x0A] = " "
    if keep_tabs:
        del table[0x09]
    else:
        table[0x09] = " "
    return table


_VARIANTS = {
    (nl, tab): _variant(keep_newlines=nl, keep_tabs=tab)
    for nl in (False, True)
    for tab in (False, True)
}


def visible(text: str, *, keep_newlines: bool = False, keep_tabs: bool = False) -> str:
    """Return ``text`` with every control character replaced by a visible symbol.

    The result has exactly the same length as ``text``. Newlines become a space unless
    ``keep_newlines`` is set (a hard-wrapped line break inside a paragraph reads as a
    space); tabs become a space unless ``keep_tabs`` is set.
    """
    return text.translate(_VARIANTS[keep_newlines, keep_tabs])


_TERMINAL = {code: symbol for code, symbol in _TABLE.items() if code not in (0x09, 0x0A, 0x0D)}
_LONE_CR = re.compile("\r(?!\n)")


def is_terminal(stream: TextIO | None) -> bool:
    """Whether ``stream`` is a terminal, which must never get raw control characters."""
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):
        return False


def for_terminal(text: str) -> str:
    """``text`` as a command prints it to a terminal: lines and tabs kept, nothing else.

    Line feeds, tabs and a CR that ends a line (CR LF, as CSV writes) pass; every other
    control character, a CR alone included (it would let a line overwrite what was
    shown), is shown as its symbol, as the reader shows it. Only for a terminal: a file
    or a pipe gets the exact text.
    """
    return _LONE_CR.sub("\u240d", text).translate(_TERMINAL)


class TextSink(Protocol):
    """Where text is written: a file, stdout, or a ``TerminalWriter`` in front of one."""

    def write(self, text: str, /) -> int: ...

    def flush(self) -> None: ...


class TerminalWriter:
    """Writes to ``out`` what ``for_terminal`` makes of the text, across writes.

    A CR at the end of one write may end a line with the LF that starts the next, so it
    is held back until the next write (or ``flush``) says which it is.
    """

    def __init__(self, out: TextSink) -> None:
        self._out = out
        self._held_cr = False

    def write(self, text: str, /) -> int:
        size = len(text)
        if self._held_cr:
            text = "\r" + text
            self._held_cr = False
        if text.endswith("\r"):
            self._held_cr = True
            text = text[:-1]
        if text:
            self._out.write(for_terminal(text))
        return size

    def flush(self) -> None:
        if self._held_cr:
            self._held_cr = False
            self._out.write("\u240d")
        self._out.flush()


def one_line(text: str, limit: int | None = None) -> str:
    """A single-line, control-free rendering of ``text`` for labels and status lines."""
    flat = visible(text)
    if limit is not None and len(flat) > limit:
        return flat[: max(0, limit - 1)] + "…"
    return flat


def file_stem(name: str, fallback: str = "document") -> str:
    """A document name's stem made safe for a file name we propose: word characters, dots
    and hyphens only, so no control character, separator or space reaches a path."""
    return re.sub(r"[^\w.-]+", "_", PurePath(name).stem).strip("._") or fallback
