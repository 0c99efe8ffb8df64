"""Reliability coefficients, written out from their definitions.

The data are *units of values*: for each unit, the values of the coders who coded it; a
missing value is simply not there. Every coefficient either returns a number or an
``Undefined`` that says why there is none (nothing to pair, no variation): a reliability
report must never show NaN or fail on a division by zero.

Counting is exact: coincidences are summed as integers, grouped by the number of values in
a unit, and divided once at the end, so results match the published examples and the
reference implementations to the last digits that floating point allows.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Generic, TypeAlias, TypeVar

V = TypeVar("V", bound=Hashable)

Distance: TypeAlias = Callable[[V, V], float]
"""A difference function: 0 for identical values, positive for different ones."""

NO_PAIRS = "no unit has values from two coders, so no pair of values can be compared"
NO_VARIATION = "no variation: every pairable value is the same, so chance agreement is total"
NO_COMMON_UNITS = "no unit was coded by both coders"
NO_FULL_UNITS = "no unit was coded by every compared coder"
TOO_FEW_CODERS = "fewer than two coders"


@dataclass(frozen=True, slots=True)
class Undefined:
    """A coefficient with no value on these data, and the reason, in plain words."""

    reason: str


Figure: TypeAlias = float | Undefined
"""A coefficient's value, or why it has none."""

WeightedCounts: TypeAlias = tuple[Mapping[V, int], int]
"""One unit's value counts (value -> how many coders gave it) and how many such units."""


def value_counts(units: Iterable[Sequence[V]]) -> list[tuple[Counter[V], int]]:
    """Units given as their values, as weighted count rows (each unit once)."""
    return [(Counter(unit), 1) for unit in units]


def nominal_distance(a: Hashable, b: Hashable) -> float:
    """Nominal difference: values either match or they do not."""
    return 0.0 if a == b else 1.0


def masi_distance(a: Set[str], b: Set[str]) -> float:
    """MASI distance between two sets of codes (Passonneau 2006).

    One minus Jaccard's overlap |A∩B|/|A∪B| weighted by monotonicity: 1 for equal sets,
    2/3 when one set contains the other, 1/3 when they only overlap, 0 when disjoint.
    The weights are exact thirds, not 0.67 and 0.33. Two empty sets ("no code applies",
    twice) are equal and at distance 0; there the quotient 0/0 is never formed.
    """
    if a == b:
        return 0.0
    inter = len(a & b)
    union = len(a | b)
    if inter == min(len(a), len(b)):
        weight = 2 / 3
    elif inter > 0:
        weight = 1 / 3
    else:
        weight = 0.0
    return 1 - inter / union * weight


@dataclass(frozen=True, slots=True)
class Coincidences(Generic[V]):
    """Krippendorff's coincidence matrix of the pairable values.

    Within a unit of m values, each ordered pair of values from different coders counts
    1/(m-1), so a unit contributes exactly m to the matrix, and a unit with fewer than two
    values contributes nothing. ``totals`` holds n_c, how often value c occurs among the
    pairable values, and ``pairable`` is n, their number.
    """

    matrix: Mapping[tuple[V, V], float]
    totals: Mapping[V, int]
    pairable: int
    units: int

    @classmethod
    def from_counts(cls, rows: Iterable[WeightedCounts[V]]) -> Coincidences[V]:
        """Coincidences from weighted value-count rows (see ``value_counts``)."""
        by_size: dict[int, dict[tuple[V, V], int]] = {}
        totals: dict[V, int] = {}
        pairable = 0
        units = 0
        for counts, weight in rows:
            m = sum(counts.values())
            if m < 2 or weight <= 0:
                continue
            present = [(value, n) for value, n in counts.items() if n]
            units += weight
            pairable += weight * m
            cell = by_size.setdefault(m, {})
            for c, n_c in present:
                totals[c] = totals.get(c, 0) + weight * n_c
                for k, n_k in present:
                    pair = (c, k)
                    cell[pair] = cell.get(pair, 0) + weight * n_c * (n_k - 1 if c == k else n_k)
        # One common denominator keeps the sums exact integers until the single division.
        common = math.lcm(*(m - 1 for m in by_size)) if by_size else 1
        exact: dict[tuple[V, V], int] = {}
        for m, cell in by_size.items():
            factor = common // (m - 1)
            for pair, count in cell.items():
                exact[pair] = exact.get(pair, 0) + count * factor
        matrix = {pair: value / common for pair, value in exact.items() if value}
        return cls(matrix=matrix, totals=dict(totals), pairable=pairable, units=units)

    @classmethod
    def of(cls, units: Iterable[Sequence[V]]) -> Coincidences[V]:
        """Coincidences of units given as their values."""
        return cls.from_counts(value_counts(units))


def alpha(coincidences: Coincidences[V], distance: Distance[V] | None = None) -> Figure:
    """Krippendorff's alpha: 1 - observed disagreement / disagreement expected by chance.

    Observed disagreement is the distance-weighted share of coincidences between different
    values; expected disagreement is the same over all pairs that could be formed from the
    pairable values, n_c * n_k / (n (n-1)). Nominal distance unless ``distance`` is given.
    """
    n = coincidences.pairable
    if n < 2:
        return Undefined(NO_PAIRS)
    delta = distance or nominal_distance
    observed = sum(o * delta(c, k) for (c, k), o in coincidences.matrix.items() if c != k)
    values = list(coincidences.totals.items())
    expected = 0.0
    for i, (c, n_c) in enumerate(values):
        for k, n_k in values[i + 1 :]:
            expected += 2 * n_c * n_k * delta(c, k)
    if expected == 0:
        return Undefined(NO_VARIATION)
    return 1 - (n - 1) * observed / expected


def observed_agreement(coincidences: Coincidences[V]) -> Figure:
    """The share of agreeing pairs among the pairable values: sum of o_cc over n."""
    n = coincidences.pairable
    if n < 2:
        return Undefined(NO_PAIRS)
    agreeing = sum(o for (c, k), o in coincidences.matrix.items() if c == k)
    return agreeing / n


def cohen_kappa(table: Mapping[tuple[V, V], int]) -> Figure:
    """Cohen's kappa for two coders from their contingency table (value of A, value of B).

    Only units both coders coded belong in the table. Chance agreement comes from each
    coder's own distribution of values over those units.
    """
    total = sum(table.values())
    if total == 0:
        return Undefined(NO_COMMON_UNITS)
    rows: Counter[V] = Counter()
    columns: Counter[V] = Counter()
    agreeing = 0
    for (a, b), count in table.items():
        rows[a] += count
        columns[b] += count
        if a == b:
            agreeing += count
    chance = sum(rows[value] * columns[value] for value in rows)
    if chance == total * total:
        return Undefined(NO_VARIATION)
    return (agreeing * total - chance) / (total * total - chance)


def cohen_table(pairs: Iterable[tuple[V, V]]) -> Counter[tuple[V, V]]:
    """The contingency table of two coders' values on the units both coded."""
    return Counter(pairs)


def fleiss_kappa(rows: Iterable[WeightedCounts[V]]) -> Figure:
    """Fleiss' kappa over units that each carry the same number m of values.

    Per unit, the share of agreeing pairs among its m(m-1) ordered pairs; their mean is
    set against chance agreement from the pooled share of each value. With two coders
    this is Scott's pi. Units with a different number of values are a caller's error.
    """
    size: int | None = None
    units = 0
    squares = 0
    totals: Counter[V] = Counter()
    for counts, weight in rows:
        if weight <= 0:
            continue
        m = sum(counts.values())
        if size is None:
            size = m
        elif m != size:
            raise ValueError(
                f"Fleiss' kappa needs the same number of values per unit: {m} ≠ {size}"
            )
        units += weight
        for value, n in counts.items():
            squares += weight * n * n
            totals[value] += weight * n
    if size is None or units == 0:
        return Undefined(NO_FULL_UNITS)
    if size < 2:
        return Undefined(TOO_FEW_CODERS)
    # Mean pairwise agreement (S - A) / (A (m-1)) against chance T / A^2, with A = units * m
    # values, S the sum of squared counts and T the sum of squared totals, over one common
    # denominator so that the arithmetic stays exact until the one division.
    values = units * size
    chance = sum(t * t for t in totals.values())
    if chance == values * values:
        return Undefined(NO_VARIATION)
    numerator = (squares - values) * values - chance * (size - 1)
    return numerator / ((size - 1) * (values * values - chance))
