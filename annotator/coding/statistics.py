"""Figures about a coding: counts and shares per code, spread over paragraphs, coding rate.

Kept apart from the UI so that the statistics screen, a future report and the tests all
count the same way, and so that the figures can be computed for a document of any size
without drawing anything.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from annotator.coding.session import Change, CodingSession


@dataclass(frozen=True, slots=True)
class CodeCount:
    """How many sentences carry one code, and their share of the tagged sentences."""

    name: str
    label: str
    color: str | None
    count: int
    share_of_tagged: float
    share_of_sentences: float
    in_codebook: bool = True


@dataclass(frozen=True, slots=True)
class Band:
    """A run of consecutive paragraphs, summarised as one column of the chart."""

    first_paragraph: int
    last_paragraph: int
    sentences: int
    tagged: int
    per_code: dict[str, int]


@dataclass(frozen=True, slots=True)
class CodingStatistics:
    """Everything the statistics screen shows."""

    sentences: int
    tagged: int
    codes: tuple[CodeCount, ...]
    bands: tuple[Band, ...]


def coding_statistics(session: CodingSession, columns: int = 60) -> CodingStatistics:
    """Count codes over the document; group paragraphs into at most ``columns`` bands.

    A sentence with two codes counts once for each, so shares of tagged sentences can add
    up to more than 100 %. Tags whose code left the codebook are counted and flagged.
    """
    document = session.document
    total = len(document.sentences)
    counts: dict[str, int] = {}
    tagged = 0
    for index in session.annotations:
        tags = session.tags(index)
        if not tags:
            continue
        tagged += 1
        for tag in tags:
            counts[tag] = counts.get(tag, 0) + 1
    codebook = session.codebook
    rows: list[CodeCount] = []
    for code in codebook.codes:
        count = counts.pop(code.name, 0)
        rows.append(
            CodeCount(
                code.name,
                code.label,
                code.color,
                count,
                count / tagged if tagged else 0.0,
                count / total if total else 0.0,
            )
        )
    for name in sorted(counts):
        count = counts[name]
        rows.append(
            CodeCount(
                name,
                name,
                None,
                count,
                count / tagged if tagged else 0.0,
                count / total if total else 0.0,
                in_codebook=False,
            )
        )
    return CodingStatistics(total, tagged, tuple(rows), paragraph_bands(session, columns))


def paragraph_bands(session: CodingSession, columns: int) -> tuple[Band, ...]:
    """Split the paragraphs into at most ``columns`` bands of near-equal paragraph count."""
    paragraphs = session.document.paragraphs
    if not paragraphs:
        return ()
    columns = max(1, min(columns, len(paragraphs)))
    bands: list[Band] = []
    for column in range(columns):
        first = column * len(paragraphs) // columns
        last = (column + 1) * len(paragraphs) // columns - 1
        sentences = 0
        tagged = 0
        per_code: dict[str, int] = {}
        for paragraph in paragraphs[first : last + 1]:
            sentences += paragraph.sentence_count
            for index in paragraph.sentence_range:
                annotation = session.annotations.get(index)
                if annotation is None or not annotation.tags:
                    continue
                tagged += 1
                for tag in session.tags(index):
                    per_code[tag] = per_code.get(tag, 0) + 1
        bands.append(Band(first, last, sentences, tagged, per_code))
    return tuple(bands)


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
