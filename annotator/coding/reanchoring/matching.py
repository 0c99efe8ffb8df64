"""The decision for one annotation: which new sentence, if any, and how sure.

Three anchors are weighed, never one alone: the quote (the sentence's text), the context
(32 characters before and after it) and the position (where the landmark map expects
it). The exact step looks the quote up; the fuzzy step compares it with a bounded set of
candidates. A sentence is chosen automatically only when all three anchors agree on it
and nothing else comes close; when they disagree the annotation is held for review with
the best candidate proposed; when no sentence resembles the quote it is orphaned.
``docs/reanchoring.md`` explains each threshold and how it was calibrated.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from annotator.annotation import Annotation
from annotator.coding.reanchoring.candidates import SentenceIndex
from annotator.coding.reanchoring.landmarks import (
    Bracket,
    Landmark,
    PositionMap,
    position_map,
    unique_lines,
)
from annotator.coding.reanchoring.similarity import bounded, similarity


class Method(StrEnum):
    """How an annotation was placed automatically."""

    EXACT_UNIQUE = "exact-unique"  # the quote is found once, and nothing contradicts it
    EXACT_CONTEXT = "exact-context"  # found several times; context and position decide
    FUZZY = "fuzzy"  # found with small edits; context, position and a margin agree


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The numbers behind every decision (calibrated on generated edits; see the docs)."""

    quote_accept: float = 0.8
    """Least similarity of quote and sentence for a fuzzy placement."""
    quote_review: float = 0.5
    """Least similarity for a sentence to be proposed for review; below it, orphaned."""
    context_side: float = 0.7
    """Least similarity of the prefix or of the suffix for the context to agree."""
    context_both: float = 0.8
    """Least mean similarity of prefix and suffix when the position cannot decide."""
    margin: float = 0.1
    """How much better than the runner-up the chosen sentence must be."""
    position_tolerance: int = 8
    """Characters a sentence may be from where the map expects it and still agree."""
    distinctive_quote: int = 40
    """A quote this long, found once with its context, is placed even if it moved."""
    window: int = 12
    """Sentences nearest the expected position compared with a quote (or exact matches
    weighed, when a quote is found more often)."""
    rare_words: int = 3
    """The quote's rarest words used to find sentences elsewhere in the text."""
    rare_limit: int = 24
    """Sentences found by rare words compared with a quote, at most."""
    rare_ceiling: int = 24
    """A word in more sentences than this is not rare."""
    rank_span: int = 200_000
    """Characters between two landmarks searched at most to match repeated quotes by
    their order (only with the old text at hand)."""
    longest_fuzzy: int = 4000
    """Characters of a quote or sentence compared at most; a longer quote that is not
    found exactly can be proposed for review but is never placed."""


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True, slots=True)
class Candidate:
    """One new sentence weighed for one annotation."""

    sentence: int
    quote: float
    prefix: float
    suffix: float
    distance: int | None  # from the expected position; None outside the bracket

    @property
    def context(self) -> float:
        return (self.prefix + self.suffix) / 2


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do with one annotation, before conflicts between annotations are settled."""

    annotation: Annotation
    sentence: int | None
    method: Method | None  # None: not placed
    similarity: float = 0.0
    context: float = 0.0
    reason: str = ""

    @property
    def placed(self) -> bool:
        return self.method is not None


class Matcher:
    """Decides annotations made on one old version against one new document."""

    def __init__(
        self,
        index: SentenceIndex,
        group: Sequence[Annotation],
        old_text: str | None = None,
        thresholds: Thresholds = DEFAULT_THRESHOLDS,
    ) -> None:
        self.index = index
        self.t = thresholds
        self.old_text = old_text
        self._contexts: dict[tuple[int, int], tuple[float, float]] = {}
        spans: dict[str, set[tuple[int, int]]] = {}
        for annotation in group:
            spans.setdefault(annotation.quote, set()).add((annotation.start, annotation.end))
        # Quotes of several old sentences: finding one of them once proves nothing.
        self.repeated_quotes = frozenset(q for q, found in spans.items() if len(found) > 1)
        text = index.document.text
        landmarks: list[Landmark] = []
        if old_text == text:  # the same version: every offset maps to itself
            landmarks.append(Landmark((0, len(text)), (0, len(text))))
        elif old_text is not None:
            landmarks.extend(unique_lines(old_text, text))
        landmarks.extend(self._quoted_landmarks(group))
        self.positions: PositionMap = position_map(
            landmarks,
            new_length=len(index.document.text),
            old_length=len(old_text) if old_text is not None else None,
        )

    def _quoted_landmarks(self, group: Iterable[Annotation]) -> list[Landmark]:
        """Quotes found exactly once whose context agrees on one side: sure matches."""
        found: dict[tuple[int, int], Landmark] = {}
        for annotation in group:
            old = (annotation.start, annotation.end)
            exact = self.index.exact(annotation.quote)
            if len(exact) != 1 or annotation.quote in self.repeated_quotes or old in found:
                continue
            if max(self._context(annotation, exact[0])) >= self.t.context_side:
                found[old] = Landmark(old, self.index.span(exact[0]))
        return list(found.values())

    def _context(self, annotation: Annotation, sentence: int) -> tuple[float, float]:
        """Similarity of the stored prefix and suffix to those of ``sentence``."""
        key = (id(annotation), sentence)
        known = self._contexts.get(key)
        if known is None:
            prefix, suffix = self.index.context(sentence)
            known = (similarity(annotation.prefix, prefix), similarity(annotation.suffix, suffix))
            self._contexts[key] = known
        return known

    def weigh(
        self, annotation: Annotation, sentence: int, quote: float, bracket: Bracket
    ) -> Candidate:
        prefix, suffix = self._context(annotation, sentence)
        distance = bracket.distance((annotation.start, annotation.end), self.index.span(sentence))
        return Candidate(sentence, quote, prefix, suffix, distance)

    def plausible(self, candidate: Candidate) -> bool:
        distance = candidate.distance
        return distance is not None and distance <= self.t.position_tolerance

    def one_side_agrees(self, candidate: Candidate) -> bool:
        return max(candidate.prefix, candidate.suffix) >= self.t.context_side

    def decide(self, annotation: Annotation) -> Decision:
        bracket = self.positions.bracket((annotation.start, annotation.end))
        exact = self.index.exact(annotation.quote)
        if exact:
            return self._exact(annotation, exact, bracket)
        return self._fuzzy(annotation, bracket)

    # -- found exactly -------------------------------------------------------------------

    def _exact(self, annotation: Annotation, exact: list[int], bracket: Bracket) -> Decision:
        quote = annotation.quote
        unique = len(exact) == 1 and quote not in self.repeated_quotes
        inside = self.index.exact_inside(quote, bracket)
        if len(inside) == 1:
            only = self.weigh(annotation, inside[0], 1.0, bracket)
            if unique:
                long_enough = len(quote) >= self.t.distinctive_quote
                sure = (
                    self.plausible(only)
                    or self.one_side_agrees(only)
                    or long_enough
                    or self._once_in_old(quote)
                )
            else:
                # The same text elsewhere, out of order: it must not fit its context better.
                rivals = self._weigh_nearest(annotation, bracket, window=self.t.window + 1)
                best_rival = max(
                    (r.context for r in rivals if r.sentence != only.sentence), default=0.0
                )
                sure = self.plausible(only) or (
                    self.one_side_agrees(only) and only.context > best_rival
                )
            if sure:
                method = Method.EXACT_UNIQUE if unique else Method.EXACT_CONTEXT
                return self._place(annotation, only, method)
        elif not inside and unique:
            # Out of order with the landmarks: a moved sentence, or a look-alike.
            moved = self.weigh(annotation, exact[0], 1.0, bracket)
            long_enough = len(quote) >= self.t.distinctive_quote
            if self.old_text is not None:
                sure = self._once_in_old(quote) and (long_enough or self.one_side_agrees(moved))
            else:
                sure = moved.context >= self.t.context_both
            if sure:
                return self._place(annotation, moved, Method.EXACT_UNIQUE)
        elif len(inside) > 1:
            ranked = self._same_rank(annotation, inside, bracket)
            if ranked is not None:
                candidate = self.weigh(annotation, ranked, 1.0, bracket)
                if self.plausible(candidate) or self.one_side_agrees(candidate):
                    return self._place(annotation, candidate, Method.EXACT_CONTEXT)
        if inside:
            candidates = [self.weigh(annotation, i, 1.0, bracket) for i in inside[: self.t.window]]
        else:
            candidates = self._weigh_nearest(annotation, bracket)
        best = max(candidates, key=lambda c: (self.plausible(c), c.distance is not None, c.context))
        if len(inside) > 1:
            reason = f"found {len(inside)} times near its place"
        elif inside:
            reason = "found near its place, but with a different context"
        elif unique:
            reason = "found once, away from its place and with a different context"
        else:
            reason = f"found {len(exact)} times, none of them at its place"
        return self._review(annotation, best, reason)

    def _weigh_nearest(
        self, annotation: Annotation, bracket: Bracket, window: int | None = None
    ) -> list[Candidate]:
        """The exact matches nearest the expected position (``window`` of them), weighed."""
        expected = bracket.expected(annotation.start)
        nearest = self.index.exact_nearest(annotation.quote, expected, window or self.t.window)
        return [self.weigh(annotation, i, 1.0, bracket) for i in nearest]

    def _once_in_old(self, quote: str) -> bool:
        """Whether ``quote`` is known to occur once in the old text (False when it is not
        at hand): then the one sentence that is the quote in the new text is its sentence,
        wherever it went. A passage said twice, one copy since rewritten, is not moved."""
        if self.old_text is None:
            return False
        first = self.old_text.find(quote)
        return first >= 0 and self.old_text.find(quote, first + 1) < 0

    def _same_rank(self, annotation: Annotation, inside: list[int], bracket: Bracket) -> int | None:
        """With the old text at hand: the sentence holding the same occurrence of the quote.

        When the quote occurs as often between the two landmarks in the old text as in the
        new, the k-th occurrence is still the k-th; when the count changed (a paragraph
        was copied or deleted) no rule can tell the original from the copy.
        """
        old_text = self.old_text
        if old_text is None or bracket.old_high is None:
            return None
        limit = self.t.rank_span
        if bracket.old_high - bracket.old_low > limit or bracket.high - bracket.low > limit:
            return None
        quote = annotation.quote
        old_hits = _occurrences(old_text, quote, bracket.old_low, bracket.old_high)
        new_hits = _occurrences(self.index.document.text, quote, bracket.low, bracket.high)
        if len(old_hits) != len(new_hits) or annotation.start not in old_hits:
            return None
        start = new_hits[old_hits.index(annotation.start)]
        return next((i for i in inside if self.index.starts[i] == start), None)

    # -- found with edits ----------------------------------------------------------------

    def _fuzzy(self, annotation: Annotation, bracket: Bracket) -> Decision:
        t = self.t
        quote = bounded(annotation.quote, t.longest_fuzzy)
        too_long = len(annotation.quote) > t.longest_fuzzy
        near = self.index.near(bracket, bracket.expected(annotation.start), t.window)
        rare = self.index.sharing_rare_words(quote, t.rare_words, t.rare_limit, t.rare_ceiling)
        candidates: list[Candidate] = []
        for sentence in dict.fromkeys(near + rare):
            text = bounded(self.index.texts[sentence], t.longest_fuzzy)
            score = similarity(quote, text, t.quote_review)
            if score:
                candidates.append(self.weigh(annotation, sentence, score, bracket))
        if not candidates:
            return self._contained(annotation, near, bracket)
        candidates.sort(key=lambda c: (-c.quote, -c.context))
        best = candidates[0]
        inside = [c for c in candidates if c.distance is not None]
        # Rivals outside the bracket are out of order with the landmarks: they matter
        # only when the best candidate is among them, and then nothing is placed.
        runner_up = max((c.quote for c in inside if c is not best), default=0.0)
        clear = best.distance is not None and best.quote - runner_up >= t.margin
        text = self.index.texts[best.sentence]
        cut = text in annotation.quote or annotation.quote in text  # re-segmented, not edited
        if best.quote >= t.quote_accept and clear and not too_long and not cut:
            if self.plausible(best) and self.one_side_agrees(best):
                return self._place(annotation, best, Method.FUZZY)
            if best.context >= t.context_both:
                return self._place(annotation, best, Method.FUZZY)
        if best.quote < t.quote_accept:
            reason = f"the closest sentence differs ({best.quote:.0%} alike)"
        elif too_long:
            reason = "a long sentence, changed: compared only in part"
        elif cut:
            reason = "its sentence is cut differently now"
        elif best.distance is None:
            reason = "the closest sentence is elsewhere in the text"
        elif not clear:
            reason = "another sentence is almost as close"
        else:
            reason = "its context or position has changed"
        return self._review(annotation, best, reason)

    def _contained(self, annotation: Annotation, near: list[int], bracket: Bracket) -> Decision:
        """No sentence resembles the quote: is it part of a longer one, or split in parts?"""
        quote = annotation.quote
        for sentence in near:
            text = self.index.texts[sentence]
            if (len(quote) * 3 >= len(text) and quote in text) or (
                len(text) * 3 >= len(quote) and text in quote
            ):
                candidate = self.weigh(annotation, sentence, 0.0, bracket)
                longer = len(text) > len(quote)
                reason = "now part of a longer sentence" if longer else "now split in parts"
                return self._review(annotation, candidate, reason)
        return Decision(annotation, None, None, reason="no sentence like it remains")

    # -- outcomes ------------------------------------------------------------------------

    @staticmethod
    def _place(annotation: Annotation, candidate: Candidate, method: Method) -> Decision:
        return Decision(annotation, candidate.sentence, method, candidate.quote, candidate.context)

    @staticmethod
    def _review(annotation: Annotation, candidate: Candidate, reason: str) -> Decision:
        return Decision(
            annotation, candidate.sentence, None, candidate.quote, candidate.context, reason
        )


def _occurrences(text: str, quote: str, low: int, high: int) -> list[int]:
    """Offsets of every occurrence of ``quote`` inside ``text[low:high]``."""
    found = []
    at = text.find(quote, low, high)
    while at >= 0:
        found.append(at)
        at = text.find(quote, at + 1, high)
    return found
