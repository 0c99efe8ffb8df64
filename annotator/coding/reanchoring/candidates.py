"""The sentences of a new version an annotation may be compared with, found cheaply.

Comparing a quote with every sentence of a book would cost millions of comparisons, and
most would be pointless. The exact step is a dictionary lookup. The fuzzy step compares a
quote with a bounded set: the sentences nearest to where the position map expects it,
inside its bracket, and the few sentences that share the quote's rarest words (which
finds a sentence that moved, and a look-alike that should make a match ambiguous).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from annotator.annotation import CONTEXT_WIDTH
from annotator.coding.reanchoring.landmarks import Bracket
from annotator.text.document import Document

_WORD = re.compile(r"[^\W\d_]{3,}")
"""A word for the rare-word index: three letters or more, no digits."""


@dataclass(slots=True)
class SentenceIndex:
    """Lookups over the sentences of one document, built once per re-anchoring."""

    document: Document
    texts: list[str] = field(init=False)
    starts: list[int] = field(init=False)
    by_text: dict[str, list[int]] = field(init=False)
    _words: dict[str, list[int]] | None = field(init=False, default=None)
    _exact_starts: dict[str, list[int]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        text = self.document.text
        sentences = self.document.sentences
        self.texts = [text[s.start : s.end] for s in sentences]
        self.starts = [s.start for s in sentences]
        self.by_text = {}
        for index, sentence_text in enumerate(self.texts):
            self.by_text.setdefault(sentence_text, []).append(index)

    def span(self, index: int) -> tuple[int, int]:
        sentence = self.document.sentences[index]
        return sentence.start, sentence.end

    def context(self, index: int) -> tuple[str, str]:
        return self.document.context(index, CONTEXT_WIDTH)

    def exact(self, quote: str) -> list[int]:
        """The sentences whose text is exactly ``quote``."""
        return self.by_text.get(quote, [])

    def exact_inside(self, quote: str, bracket: Bracket) -> list[int]:
        """The sentences whose text is ``quote`` and that lie inside ``bracket``."""
        found = self.by_text.get(quote, [])
        if len(found) < 8:
            return [i for i in found if bracket.contains(*self.span(i))]
        starts = self._starts_of(quote)
        first, last = bisect_left(starts, bracket.low), bisect_right(starts, bracket.high)
        return [i for i in found[first:last] if bracket.contains(*self.span(i))]

    def exact_nearest(self, quote: str, offset: int, limit: int) -> list[int]:
        """Up to ``limit`` sentences whose text is ``quote``, nearest to ``offset``."""
        found = self.by_text.get(quote, [])
        if len(found) <= limit:
            return sorted(found, key=lambda i: abs(self.starts[i] - offset))
        starts = self._starts_of(quote)
        middle = bisect_left(starts, offset)
        window = found[max(0, middle - limit) : middle + limit]
        return sorted(window, key=lambda i: abs(self.starts[i] - offset))[:limit]

    def _starts_of(self, quote: str) -> list[int]:
        starts = self._exact_starts.get(quote)
        if starts is None:
            starts = self._exact_starts[quote] = [self.starts[i] for i in self.by_text[quote]]
        return starts

    def near(self, bracket: Bracket, expected: int, limit: int) -> list[int]:
        """Up to ``limit`` sentences inside ``bracket``, nearest to offset ``expected``."""
        first = bisect_left(self.starts, bracket.low)
        last = bisect_right(self.starts, bracket.high) - 1  # may end past it: checked below
        if first > last:
            return []
        middle = min(max(bisect_right(self.starts, expected) - 1, first), last)
        found: list[int] = []
        low, high = middle, middle + 1
        while len(found) < limit and (low >= first or high <= last):
            before = expected - self.starts[low] if low >= first else None
            after = self.starts[high] - expected if high <= last else None
            if after is None or (before is not None and before <= after):
                pick, low = low, low - 1
            else:
                pick, high = high, high + 1
            if self.document.sentences[pick].end <= bracket.high:
                found.append(pick)
        return found

    def sharing_rare_words(self, quote: str, words: int, limit: int, ceiling: int) -> list[int]:
        """Sentences holding one of the ``words`` rarest words of ``quote``.

        Only words found in at most ``ceiling`` sentences count as rare; at most ``limit``
        sentences are returned, those sharing the rarest word first.
        """
        index = self._word_index()
        counted = []
        for word in {w.lower() for w in _WORD.findall(quote)}:
            postings = index.get(word)
            if postings and len(postings) <= ceiling:
                counted.append((len(postings), word))
        found: list[int] = []
        seen: set[int] = set()
        for _, word in sorted(counted)[:words]:
            for sentence in index[word]:
                if sentence not in seen:
                    seen.add(sentence)
                    found.append(sentence)
                    if len(found) >= limit:
                        return found
        return found

    def _word_index(self) -> dict[str, list[int]]:
        """Word to the sentences holding it; built on first use (exact matches need none)."""
        if self._words is None:
            words: dict[str, list[int]] = {}
            for index, sentence_text in enumerate(self.texts):
                for word in set(_WORD.findall(sentence_text.lower())):
                    words.setdefault(word, []).append(index)
            self._words = words
        return self._words
