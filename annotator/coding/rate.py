"""The coding rate: sentences tagged per minute in this sitting.

Apart from the statistics (``statistics``) because the reader's status bar shows the rate
from its first screen, and the statistics' figures are needed only when asked for.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from annotator.coding.history import Change


class RateMeter:
    """Sentences per minute for this session: sentences that became tagged since the first.

    It listens to the session's changes. A sentence untagged again (by undo or a toggle)
    no longer counts, so the rate cannot be inflated by toggling one sentence.
    """

    MIN_SECONDS = 5.0
    """Below this the rate is noise (one tag in 0.1 s would read as 600 per minute)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._started: float | None = None
        self._tagged: set[int] = set()

    @property
    def count(self) -> int:
        return len(self._tagged)

    def observe(self, change: Change) -> None:
        before = bool(change.before and change.before.tags)
        after = bool(change.after and change.after.tags)
        if after and not before:
            if self._started is None:
                self._started = self._clock()
            self._tagged.add(change.sentence)
        elif before and not after:
            self._tagged.discard(change.sentence)

    def per_minute(self) -> float | None:
        """The rate, or None until a few seconds have passed since the first tag."""
        if self._started is None:
            return None
        seconds = self._clock() - self._started
        if seconds < self.MIN_SECONDS:
            return None
        return len(self._tagged) / (seconds / 60.0)
