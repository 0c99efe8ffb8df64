"""Counts, shares, the paragraph bands of the statistics chart, and the coding rate."""

from __future__ import annotations

from itertools import pairwise

import pytest

from annotator.coding.session import CodingSession
from annotator.coding.statistics import RateMeter, coding_statistics, paragraph_bands


def test_counts_and_shares(session: CodingSession) -> None:
    session.toggle_tag(0, "claim")
    session.toggle_tag(1, "claim")
    session.toggle_tag(1, "statistic")
    session.toggle_tag(2, "appeal")
    session.set_note(3, "only a note")
    stats = coding_statistics(session)
    assert stats.sentences == len(session.document.sentences)
    assert stats.tagged == 3
    by_name = {row.name: row for row in stats.codes}
    assert [row.name for row in stats.codes] == ["claim", "assertion", "appeal", "statistic"]
    assert by_name["claim"].count == 2
    assert by_name["claim"].share_of_tagged == pytest.approx(2 / 3)
    assert by_name["assertion"].count == 0
    assert by_name["statistic"].share_of_sentences == pytest.approx(1 / stats.sentences)


def test_removed_code_is_counted_and_flagged(session: CodingSession) -> None:
    session.toggle_tag(0, "retired-code")
    stats = coding_statistics(session)
    row = stats.codes[-1]
    assert row.name == "retired-code"
    assert not row.in_codebook
    assert row.count == 1


def test_bands_cover_every_paragraph_once(session: CodingSession) -> None:
    paragraphs = session.document.paragraphs
    session.toggle_tag(paragraphs[-1].first_sentence, "claim")
    for columns in (1, 3, len(paragraphs), 1000):
        bands = paragraph_bands(session, columns)
        assert len(bands) == min(columns, len(paragraphs))
        assert bands[0].first_paragraph == 0
        assert bands[-1].last_paragraph == len(paragraphs) - 1
        for left, right in pairwise(bands):
            assert right.first_paragraph == left.last_paragraph + 1
        assert sum(b.sentences for b in bands) == len(session.document.sentences)
        assert sum(b.tagged for b in bands) == 1
        assert bands[-1].per_code == {"claim": 1}


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_rate_counts_sentences_that_became_tagged(session: CodingSession) -> None:
    clock = FakeClock()
    meter = RateMeter(clock)
    session.listeners.append(meter.observe)
    assert meter.per_minute() is None
    session.toggle_tag(0, "claim")
    assert meter.per_minute() is None  # too early to say
    clock.now += 30
    session.toggle_tag(1, "claim")
    session.toggle_tag(1, "appeal")  # a second code on the same sentence is not a new one
    assert meter.count == 2
    assert meter.per_minute() == pytest.approx(4.0)
    session.undo()
    session.undo()
    assert meter.count == 1
    clock.now += 30
    assert meter.per_minute() == pytest.approx(1.0)
