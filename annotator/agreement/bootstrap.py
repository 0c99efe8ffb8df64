"""Bootstrap intervals for each code's alpha: resample units, recompute, take percentiles.

A code's binary alpha depends on the units only through three sums: n (pairable values),
n1 (values where the code is present) and D = sum of k(m-k)/(m-1) over units with m
values of which k are "present" (the coincidences of present with absent). So each
resample costs one pass of additions over per-unit contributions, never a pass over
pairs of values:

- scopes of up to 256 pairable units (a document) draw units one by one
  (``sampling.byte_draws``) and add their contributions, all codes packed into one
  integer per unit so that one C-level ``sum`` serves every code;
- larger scopes (a selection) group units by (m, k) and draw how many of each kind the
  resample holds (``sampling.multinomial``), so a resample costs a few draws per code
  whatever the number of units.

The interval is the percentile interval of the resampled alphas. A resample in which a
code shows no variation has no alpha; such resamples are left out, unless they are more
than 1 - confidence of all (then the interval is undefined, with the reason).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.agreement.coefficients import NO_PAIRS, Undefined
from annotator.agreement.sampling import MAX_BYTE_POPULATION, byte_draws, multinomial

Interval = tuple[float, float]

UnitCounts = tuple[int, tuple[int, ...]]
"""One pairable unit: its number of values m, and per code how many of them hold it (k)."""


@dataclass(frozen=True, slots=True)
class BootstrapSettings:
    """How intervals are drawn: resamples of units, the seed, and the confidence level."""

    resamples: int = 1000
    seed: int = 0
    confidence: float = 0.95

    def __post_init__(self) -> None:
        if self.resamples < 1:
            raise ValueError("the bootstrap needs at least one resample")
        if not 0.0 < self.confidence < 1.0:
            raise ValueError("the confidence level lies strictly between 0 and 1")


def alpha_intervals(
    units: Sequence[UnitCounts], codes: int, settings: BootstrapSettings, scope: str
) -> list[Interval | Undefined]:
    """A percentile interval for each code's alpha over ``units``.

    ``scope`` names the scope in the seed, so that each scope draws its own resamples and
    a document's interval does not depend on which other documents were selected.
    """
    if not units:
        return [Undefined(NO_PAIRS)] * codes
    scale = math.lcm(*range(1, max(m for m, _ in units)))
    if len(units) <= MAX_BYTE_POPULATION:
        samples = _unit_by_unit(units, codes, scale, settings, scope)
    else:
        samples = [
            _by_kind(units, code, scale, settings, f"{scope}\x1f{code}") for code in range(codes)
        ]
    return [_percentiles(values, settings) for values in samples]


def _rng(settings: BootstrapSettings, scope: str) -> random.Random:
    return random.Random(f"annotator agreement\x1f{settings.seed}\x1f{scope}")


def _disagreement(m: int, k: int, scale: int) -> int:
    """Present-absent coincidences of one unit, times ``scale`` to keep them integers."""
    return k * (m - k) * scale // (m - 1)


@dataclass(frozen=True, slots=True)
class Packing:
    """Every code's sums of one unit as fields of one integer: m, then k and D per code.

    Fields are wide enough for the sums over all units of the scope, so adding packed
    integers adds every field at once and no field carries into the next.
    """

    values: list[int]
    width: int
    scale: int

    @classmethod
    def of(cls, units: Sequence[UnitCounts], scale: int) -> Packing:
        largest = max(max(m, _disagreement(m, m // 2, scale)) for m, _ in units)
        width = (len(units) * largest).bit_length()
        values = []
        for m, ks in units:
            value = m
            for code, k in enumerate(ks):
                value |= k << ((1 + 2 * code) * width)
                value |= _disagreement(m, k, scale) << ((2 + 2 * code) * width)
            values.append(value)
        return cls(values, width, scale)

    def alphas(self, totals: Sequence[int], code: int) -> list[float]:
        """Binary alpha of ``code`` for each sum of packed units, where it is defined."""
        width, scale = self.width, self.scale
        mask = (1 << width) - 1
        present_at, disagree_at = (1 + 2 * code) * width, (2 + 2 * code) * width
        return [
            1.0 - (n - 1) * ((total >> disagree_at) & mask) / (scale * present * (n - present))
            for total in totals
            for n in (total & mask,)
            for present in ((total >> present_at) & mask,)
            if present and n - present
        ]


def _unit_by_unit(
    units: Sequence[UnitCounts], codes: int, scale: int, settings: BootstrapSettings, scope: str
) -> list[list[float]]:
    """Resample by drawing units; one C-level sum of packed integers serves every code."""
    count = len(units)
    packing = Packing.of(units, scale)
    draws = memoryview(byte_draws(_rng(settings, scope), count, count * settings.resamples))
    pick = packing.values.__getitem__
    totals = [sum(map(pick, draws[at : at + count])) for at in range(0, len(draws), count)]
    return [packing.alphas(totals, code) for code in range(codes)]


def _by_kind(
    units: Sequence[UnitCounts], code: int, scale: int, settings: BootstrapSettings, scope: str
) -> list[float]:
    """Resample one code by drawing how many units of each (m, k) kind are drawn."""
    kinds = sorted(Counter((m, ks[code]) for m, ks in units).items())
    weights = [weight for _, weight in kinds]
    sizes = [m for (m, _), _ in kinds]
    presents = [k for (_, k), _ in kinds]
    disagreements = [_disagreement(m, k, scale) for (m, k), _ in kinds]
    rng = _rng(settings, scope)
    sample: list[float] = []
    for _ in range(settings.resamples):
        drawn = multinomial(rng, len(units), weights)
        n = sum(d * m for d, m in zip(drawn, sizes, strict=True))
        present = sum(d * k for d, k in zip(drawn, presents, strict=True))
        absent = n - present
        if present and absent:
            disagreement = sum(d * x for d, x in zip(drawn, disagreements, strict=True))
            sample.append(1.0 - (n - 1) * disagreement / (scale * present * absent))
    return sample


def _percentiles(values: list[float], settings: BootstrapSettings) -> Interval | Undefined:
    missing = settings.resamples - len(values)
    if not values or missing > (1.0 - settings.confidence) * settings.resamples:
        return Undefined(
            f"too little variation to resample: {missing} of {settings.resamples} "
            "resamples had none"
        )
    values.sort()
    tail = (1.0 - settings.confidence) / 2
    return (_quantile(values, tail), _quantile(values, 1.0 - tail))


def _quantile(ordered: Sequence[float], q: float) -> float:
    """The q-quantile, interpolating linearly between order statistics."""
    position = q * (len(ordered) - 1)
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (position - below) * (ordered[above] - ordered[below])
