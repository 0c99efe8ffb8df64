"""Figures about a coding: counts and shares per code, spread over paragraphs, coding rate.

Kept apart from the UI so that the statistics screen, a future report and the tests all
count the same way, and so that the figures can be computed for a document of any size
without drawing anything. The coding rate (``RateMeter``) is in ``rate``, which the
reader needs from its first screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.coding.code_usage import count_usage
from annotator.coding.rate import RateMeter
from annotator.coding.session import CodingSession


@dataclass(frozen=True, slots=True)
class CodeShare:
    """How many sentences carry one code, and their share of the tagged sentences and of
    all sentences."""

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
    codes: tuple[CodeShare, ...]
    bands: tuple[Band, ...]


def coding_statistics(session: CodingSession, columns: int = 60) -> CodingStatistics:
    """Count codes over the document; group paragraphs into at most ``columns`` bands.

    A sentence with two codes counts once for each, so shares of tagged sentences can add
    up to more than 100 %. Tags whose code left the codebook are counted and flagged.
    """
    total = len(session.document.sentences)
    usage = count_usage(session.codebook, ((i, a.tags) for i, a in session.annotations.items()))
    tagged = usage.tagged_sentences
    rows = tuple(
        CodeShare(
            code.name,
            code.label,
            code.color,
            code.sentences,
            code.sentences / tagged if tagged else 0.0,
            code.sentences / total if total else 0.0,
            code.in_codebook,
        )
        for code in usage.codes
    )
    return CodingStatistics(total, tagged, rows, paragraph_bands(session, columns))


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
        band = paragraphs[first : last + 1]
        usage = count_usage(
            session.codebook,
            (
                (index, session.annotations[index].tags)
                for paragraph in band
                for index in paragraph.sentence_range
                if index in session.annotations
            ),
        )
        per_code = {code.name: code.sentences for code in usage.codes if code.sentences}
        sentences = sum(paragraph.sentence_count for paragraph in band)
        bands.append(Band(first, last, sentences, usage.tagged_sentences, per_code))
    return tuple(bands)


__all__ = [
    "Band",
    "CodeShare",
    "CodingStatistics",
    "RateMeter",
    "coding_statistics",
    "paragraph_bands",
]
