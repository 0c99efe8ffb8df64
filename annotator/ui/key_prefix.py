"""What a coder types before a key: a count (``5j``, ``#12j``) and two-key commands (``t``, ``x``).

Count rule: a digit that no code is bound to starts a count (with the default codebook,
5-9 and 0); once a count is started every digit extends it; ``#`` starts a count with any
digit (``#12j``). A count applies to the key that follows it and is then forgotten.

A two-key command (``t`` then a code key) waits for its second key, which goes to the
command instead of to a binding; a count typed before the first key is kept for it.
No Textual here: the reader screen feeds each key in and acts on the answer.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from rich.text import Text

MAX_COUNT = 99_999
DIGITS = "0123456789"


class Step(Enum):
    """What ``KeyPrefix.feed`` made of a key."""

    PASS = "pass"
    """Not part of a prefix: the key goes to its binding, unchanged."""
    COUNTED = "counted"
    """The key goes to its binding, and the count typed before it applies to it."""
    DIGIT = "digit"
    """A digit of a count: taken, the binding does not see it."""
    SECOND = "second"
    """The second key of a two-key command: taken and handed to the command."""
    CANCELLED = "cancelled"
    """Escape forgot the count being typed."""
    ESCAPE = "escape"
    """Escape with nothing typed."""

    @property
    def taken(self) -> bool:
        """The key is used up here; no binding may see it."""
        return self in (Step.DIGIT, Step.SECOND)


class KeyPrefix:
    """The count being typed, the count for the current key, and a pending first key."""

    def __init__(self, is_code_key: Callable[[str], bool]) -> None:
        self._is_code_key = is_code_key
        self._typed = ""
        """Digits typed so far ("0" after ``#`` alone)."""
        self._count: int | None = None
        """The count for the key being handled, until it is taken."""
        self._leader: str | None = None
        self._second: Callable[[str], None] | None = None

    def feed(self, key: str) -> Step:
        """Take in one key, before any binding sees it."""
        self._count = None
        if self._second is not None:
            second, self._second, self._leader = self._second, None, None
            typed, self._typed = self._typed, ""
            self._count = int(typed) if typed else None
            if key != "escape":
                second(key)
            return Step.SECOND
        if len(key) == 1 and key in DIGITS and (self._typed or not self._is_code_key(key)):
            if len(self._typed) < len(str(MAX_COUNT)):
                self._typed = (self._typed + key).lstrip("0")
            return Step.DIGIT
        if key == "escape":
            if self._typed:
                self._typed = ""
                return Step.CANCELLED
            return Step.ESCAPE
        if self._typed:
            self._count = min(MAX_COUNT, int(self._typed))
            self._typed = ""
            return Step.COUNTED
        return Step.PASS

    def take(self) -> int:
        """The count for the current key (1 if none); using it forgets it."""
        count = self._count or 1
        self._count = None
        return count

    def take_number(self) -> int | None:
        """The count for the current key as typed (None if none), forgotten."""
        count, self._count = self._count, None
        return count

    def start_count(self) -> None:
        """``#``: the digits that follow are a count, even those bound to codes."""
        self._typed = self._typed or "0"

    def wait_for_second(self, leader: str, second: Callable[[str], None]) -> None:
        """``leader`` (shown as typed) waits for a key; ``second(key)`` gets it.

        The count typed before ``leader`` is kept for the second key.
        """
        self._leader = leader
        self._second = second
        if self._count is not None:
            self._typed = str(self._count)

    def describe(self, parts: Text) -> None:
        """Append what is typed and waiting (``12…``, ``5t…``) to the status line."""
        if self._typed or self._leader:
            typed = "#" if self._typed == "0" else self._typed
            parts.append(f"{typed}{self._leader or ''}…", style="bold")
