"""A ticker for long exports and imports: a bar on stderr, and silence otherwise.

A bar only helps a person watching a terminal, and only when there is time to read it:
it appears when stderr is a terminal and the job has run for more than a second, and
never in pipes, logs or tests. (How far a coder has got with a document, the other
"progress", is ``annotator.store.progress``.)
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from annotator.safe_text import is_terminal

DELAY_SECONDS = 1.0


class Ticker:
    """Counts work done; starts a Rich bar once the delay has passed on a terminal."""

    def __init__(
        self, total: int, description: str, stream: TextIO, *, delay: float = DELAY_SECONDS
    ) -> None:
        self.total = total
        self.description = description
        self.stream = stream
        self.delay = delay
        self.done = 0
        self.started = time.monotonic()
        self.enabled = is_terminal(stream)
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __call__(self, amount: int = 1) -> None:
        self.done += amount
        if not self.enabled:
            return
        if self._progress is None:
            if time.monotonic() - self.started < self.delay:
                return
            self._start()
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, completed=self.done)

    def _start(self) -> None:
        console = Console(file=self.stream, markup=False, highlight=False)
        self._progress = Progress(
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task(self.description, total=self.total or None)

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


@contextmanager
def ticker(total: int, description: str, stream: TextIO | None = None) -> Iterator[Ticker]:
    """A ``Ticker`` to call with the amount of work done; the bar is removed at the end."""
    counter = Ticker(total, description, stream if stream is not None else sys.stderr)
    try:
        yield counter
    finally:
        counter.close()
