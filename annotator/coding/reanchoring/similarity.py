"""How alike two pieces of text are: the one place the fuzzy library is called.

RapidFuzz (pinned exactly in pyproject.toml: its scores define the thresholds) computes
edit distances with bit-parallel algorithms in C++, and a cutoff lets it give up early
on a pair that cannot reach it. The distance is the optimal string alignment one:
Levenshtein's insertions, deletions and substitutions, plus swapping two neighbouring
characters as one edit, because a swap is the commonest typo and counting it as two
edits would make a fixed typo in a short sentence look like a changed sentence.
``docs/reanchoring.md`` gives the comparison with edlib that chose RapidFuzz.
"""

from __future__ import annotations

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA


def similarity(a: str, b: str, cutoff: float = 0.0) -> float:
    """1 minus the share of characters edited to turn one text into the other.

    0.0 when it is below ``cutoff`` (computing it exactly would cost more). Two empty
    texts are alike (1.0): the start of a document has no prefix in either version.
    """
    return float(OSA.normalized_similarity(a, b, score_cutoff=cutoff))


def found_in(needle: str, haystack: str, cutoff: float = 0.0) -> float:
    """How alike ``needle`` is to the best-matching stretch of ``haystack`` (1.0: found
    word for word); 0.0 below ``cutoff``. Indel-based (RapidFuzz's partial ratio): used
    to tell whether a sentence was in an old text at all, never to place an annotation."""
    return float(fuzz.partial_ratio(needle, haystack, score_cutoff=cutoff * 100)) / 100


def bounded(text: str, limit: int) -> str:
    """At most ``limit`` characters of ``text``: its start and end halves, when longer."""
    if len(text) <= limit:
        return text
    half = limit // 2
    return text[:half] + text[-half:]
