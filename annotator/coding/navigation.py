"""Where a jump lands: untagged sentences, sentences with a code, search matches, paragraphs.

These are pure functions over a session and its document so that the keys, the command
palette and the tests agree on every jump, and so that they can be timed without a
terminal. Jumps that find nothing return None: the UI says so and leaves the cursor.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from annotator.coding.session import CodingSession
from annotator.text.document import Document


def find_sentence(
    total: int,
    start: int,
    accept: Callable[[int], bool],
    *,
    forward: bool = True,
    count: int = 1,
) -> int | None:
    """The ``count``-th sentence after (or before) ``start`` that ``accept`` takes.

    Does not wrap: a coder working down a document wants "no more", not a jump back to
    the top. With fewer than ``count`` hits, the last one found is returned.
    """
    step = 1 if forward else -1
    found: int | None = None
    index = start + step
    remaining = max(1, count)
    while 0 <= index < total:
        if accept(index):
            found = index
            remaining -= 1
            if remaining == 0:
                break
        index += step
    return found


def next_untagged(
    session: CodingSession, start: int, *, forward: bool = True, count: int = 1
) -> int | None:
    """The next (or previous) sentence without any code."""
    annotations = session.annotations

    def untagged(index: int) -> bool:
        annotation = annotations.get(index)
        return annotation is None or not annotation.tags

    return find_sentence(
        len(session.document.sentences), start, untagged, forward=forward, count=count
    )


def next_with_code(
    session: CodingSession, start: int, code: str, *, forward: bool = True, count: int = 1
) -> int | None:
    """The next (or previous) sentence carrying ``code`` (by its current name)."""

    def carries(index: int) -> bool:
        annotation = session.annotations.get(index)
        return annotation is not None and code in session.tags(index)

    return find_sentence(
        len(session.document.sentences), start, carries, forward=forward, count=count
    )


class TextSearch:
    """Case-insensitive literal search over a document's sentences.

    Runs of white space (line breaks included) compare as one space, as the reader shows
    them, so a phrase broken across lines in the file is still found.

    Each sentence is lower-cased once, on the first search, and matches for the last query
    are kept, so stepping through matches costs a bisection rather than a scan.
    """

    def __init__(self, document: Document) -> None:
        self.document = document
        self._lowered: list[str] | None = None
        self.query = ""
        self.matches: list[int] = []
        self._matched: frozenset[int] = frozenset()
        self._pattern: re.Pattern[str] | None = None
        self._spans: dict[int, list[tuple[int, int]]] = {}

    def search(self, query: str) -> list[int]:
        """Every sentence containing ``query``, ignoring case; remembers the query."""
        if self._lowered is None:
            document = self.document
            self._lowered = [
                " ".join(document.text[s.start : s.end].lower().split()) for s in document.sentences
            ]
        needle = " ".join(query.lower().split()) if query.strip() else ""
        self.query = query
        self.matches = [i for i, text in enumerate(self._lowered) if needle and needle in text]
        self._matched = frozenset(self.matches)
        words = query.split()
        self._pattern = (
            re.compile(r"\s+".join(map(re.escape, words)), re.IGNORECASE) if words else None
        )
        self._spans = {}
        return self.matches

    def spans(self, sentence: int) -> list[tuple[int, int]]:
        """Where the query occurs in ``sentence``, as document offsets (for highlighting).

        Found lazily, for the sentences drawn, and kept until the next search.
        """
        if sentence not in self._matched or self._pattern is None:
            return []
        found = self._spans.get(sentence)
        if found is None:
            span = self.document.sentences[sentence]
            found = [
                m.span() for m in self._pattern.finditer(self.document.text, span.start, span.end)
            ]
            self._spans[sentence] = found
        return found

    def step(self, cursor: int, *, forward: bool = True, count: int = 1) -> int | None:
        """The ``count``-th match after (or before) ``cursor``, wrapping round the document.

        Searching wraps, unlike the other jumps, because a search is a question about the
        whole text: "where else does this occur?"
        """
        matches = self.matches
        if not matches:
            return None
        if forward:
            position = bisect_right(matches, cursor) + max(1, count) - 1
        else:
            position = bisect_left(matches, cursor) - max(1, count)
        return matches[position % len(matches)]

    def position(self, sentence: int) -> int | None:
        """The 1-based number of ``sentence`` among the matches, for "match 3 of 12"."""
        index = bisect_left(self.matches, sentence)
        if index < len(self.matches) and self.matches[index] == sentence:
            return index + 1
        return None


def paragraph_sentence(document: Document, number: int) -> int | None:
    """The first sentence of paragraph ``number`` (1-based, as shown), or None if none."""
    if not 1 <= number <= len(document.paragraphs):
        return None
    paragraph = document.paragraphs[number - 1]
    if paragraph.sentence_count == 0:
        return None
    return paragraph.first_sentence
