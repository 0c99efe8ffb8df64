"""Sets of codes under their current names, and as small integers for fast counting.

A selection holds few distinct sets of codes (four codes make sixteen), so each set is
canonicalized, numbered and measured once, and units are compared through integers.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from annotator.agreement.coefficients import masi_distance
from annotator.codebook.model import Codebook

Codes = frozenset[str]


class Canonical:
    """Codes under their current names (a renamed code keeps its annotations), cached.

    Remembers every code it has seen, so that codes no longer in the codebook are
    reported too, after the codebook's own.
    """

    def __init__(self, codebook: Codebook) -> None:
        self.codebook = codebook
        self._sets: dict[frozenset[str], Codes] = {}
        self._orders: dict[Codes, tuple[str, ...]] = {}
        self._seen: set[str] = set()

    def __call__(self, codes: frozenset[str]) -> Codes:
        found = self._sets.get(codes)
        if found is None:
            found = frozenset(self.codebook.canonical(code) for code in codes)
            self._sets[codes] = found
            self._seen.update(found)
        return found

    def mapping(self, raw: Iterable[frozenset[str]]) -> dict[frozenset[str], Codes]:
        """Each of the ``raw`` sets under canonical names, for lookups in a tight loop."""
        return {codes: self(codes) for codes in raw}

    def ordered(self, codes: Codes) -> tuple[str, ...]:
        """A set of canonical codes in codebook order, for showing a coder's value."""
        found = self._orders.get(codes)
        if found is None:
            found = tuple(self.codebook.ordered(codes))
            self._orders[codes] = found
        return found

    def codes(self) -> tuple[str, ...]:
        """Every code of the codebook, then the codes seen that it no longer holds."""
        names = [code.name for code in self.codebook.codes]
        return tuple(self.codebook.ordered([*names, *sorted(self._seen)]))


class Encoding:
    """Integers for sets of ``codes``: an id (one bit per code) and packed code counts.

    ``counts(s)`` holds a 1 in the field of each code in ``s``; summing it over a unit's
    values gives, field by field, how many coders applied each code (fields are wide
    enough for every coder, so they never carry into each other).
    """

    def __init__(self, codes: Sequence[str], coders: int) -> None:
        self.codes = tuple(codes)
        self.width = max(1, coders.bit_length())
        self.mask = (1 << self.width) - 1
        self._position = {code: i for i, code in enumerate(self.codes)}
        self._ids: dict[Codes, int] = {}
        self._counts: dict[Codes, int] = {}
        self._sets: dict[int, Codes] = {}
        self._distances: dict[tuple[int, int], float] = {}

    def ids(self, codes: Codes) -> int:
        found = self._ids.get(codes)
        if found is None:
            found = sum(1 << self._position[code] for code in codes)
            self._ids[codes] = found
            self._sets[found] = codes
        return found

    def counts(self, codes: Codes) -> int:
        found = self._counts.get(codes)
        if found is None:
            found = sum(1 << (self.width * self._position[code]) for code in codes)
            self._counts[codes] = found
        return found

    def count(self, counts: int, code: int) -> int:
        """How many coders applied code number ``code``, from summed ``counts``."""
        return (counts >> (self.width * code)) & self.mask

    def masi(self, a: int, b: int) -> float:
        """``masi_distance`` between two sets given by id, remembered."""
        found = self._distances.get((a, b))
        if found is None:
            found = masi_distance(self._sets[a], self._sets[b])
            self._distances[a, b] = found
        return found

    def single(self, set_id: int) -> str | None:
        """The one code of a set of at most one code; None for the empty set."""
        codes = self._sets[set_id]
        return next(iter(codes)) if codes else None
