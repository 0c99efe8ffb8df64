"""What a front end may know about saving: the status of the coder's edits on disk.

The session hands the store's own status objects through as they are (a keystroke pays
for no conversion); ``SaveStatus`` is the part of them a front end may rely on, so that
it never needs the store's types.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, Protocol


class SaveStatus(Protocol):
    """Whether the coder's edits are on disk, as the status bar shows it."""

    @property
    def state(self) -> Literal["saved", "saving", "failed"]:
        """saved (all on disk), saving (changes queued) or failed (a write failed)."""

    @property
    def pending(self) -> int:
        """Changes queued and not yet on disk."""

    @property
    def message(self) -> str:
        """What went wrong, when a write failed."""


SaveListener = Callable[[SaveStatus], None]
