"""Bootstrap intervals for each code's alpha: resample units, recompute, take percentiles.

A code's binary alpha depends on the units only through three sums: n (pairable values),
n1 (values where the code is present) and D, the sum of k(m-k)/(m-1) over units with m
values of which k are "present". So each resample costs additions over per-unit
contributions, never a pass over pairs of values:

- scopes of up to 256 pairable units (documents) draw units one by one, one random byte
  each; documents of the same size are resampled many at a time (``lanes``);
- larger scopes (a selection) group units by (m, k) and draw how many of each kind the
  resample holds (``sampling.multinomial``), a few draws per code whatever their size.

The draws depend only on the seed and the number of units, so a rerun gives the same
interval, and a document's interval is the same alone or in any selection.

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
from annotator.agreement.lanes import (
    Packing,
    UnitCounts,
    common_scale,
    disagreement,
    fits_in_lanes,
    lane_samples,
    single_samples,
)
from annotator.agreement.sampling import MAX_BYTE_POPULATION, byte_draws, multinomial

Interval = tuple[float, float]

BATCH = 128
"""Scopes resampled together: bounds memory to resamples x BATCH values per code."""
LANES_FROM = 2
"""A scope alone is cheaper to resample without lanes (measured: lanes from two on)."""


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
    units: Sequence[UnitCounts], codes: int, settings: BootstrapSettings
) -> list[Interval | Undefined]:
    """A percentile interval for each code's alpha over the pairable ``units`` of a scope."""
    return scope_intervals([units], codes, settings)[0]


def scope_intervals(
    scopes: Sequence[Sequence[UnitCounts]], codes: int, settings: BootstrapSettings
) -> list[list[Interval | Undefined]]:
    """``alpha_intervals`` for many scopes, small ones resampled together."""
    results: list[list[Interval | Undefined]] = [[] for _ in scopes]
    by_size: dict[int, list[int]] = {}
    for i, units in enumerate(scopes):
        if not units:
            results[i] = [Undefined(NO_PAIRS)] * codes
        elif len(units) > MAX_BYTE_POPULATION:
            results[i] = _large(units, codes, settings)
        else:
            by_size.setdefault(len(units), []).append(i)
    for count, members in by_size.items():
        draws = byte_draws(_rng(settings, f"units {count}"), count, count * settings.resamples)
        for start in range(0, len(members), BATCH):
            batch = members[start : start + BATCH]
            group = [scopes[i] for i in batch]
            packing = Packing.fitting(group, count)
            if not fits_in_lanes(packing):  # very many coders: sums too wide for one word
                samples = [_by_kind_all(units, codes, settings) for units in group]
            elif len(group) >= LANES_FROM:
                samples = lane_samples(group, codes, draws, packing)
            else:
                samples = [single_samples(units, codes, draws, packing) for units in group]
            for i, per_code in zip(batch, samples, strict=True):
                results[i] = [_percentiles(values, settings) for values in per_code]
    return results


def _rng(settings: BootstrapSettings, stream: str) -> random.Random:
    return random.Random(f"annotator agreement\x1f{settings.seed}\x1f{stream}")


def _large(
    units: Sequence[UnitCounts], codes: int, settings: BootstrapSettings
) -> list[Interval | Undefined]:
    return [_percentiles(values, settings) for values in _by_kind_all(units, codes, settings)]


def _by_kind_all(
    units: Sequence[UnitCounts], codes: int, settings: BootstrapSettings
) -> list[list[float]]:
    scale = common_scale([units])
    return [_by_kind(units, code, scale, settings) for code in range(codes)]


def _by_kind(
    units: Sequence[UnitCounts], code: int, scale: int, settings: BootstrapSettings
) -> list[float]:
    """Resample one code by drawing how many units of each (m, k) kind are drawn."""
    kinds = sorted(Counter((m, ks[code]) for m, ks in units).items())
    weights = [weight for _, weight in kinds]
    sizes = [m for (m, _), _ in kinds]
    presents = [k for (_, k), _ in kinds]
    disagreements = [disagreement(m, k, scale) for (m, k), _ in kinds]
    rng = _rng(settings, f"units {len(units)}\x1fcode {code}")
    sample: list[float] = []
    for _ in range(settings.resamples):
        drawn = multinomial(rng, len(units), weights)
        n = sum(d * m for d, m in zip(drawn, sizes, strict=True))
        present = sum(d * k for d, k in zip(drawn, presents, strict=True))
        absent = n - present
        if present and absent:
            scaled = sum(d * x for d, x in zip(drawn, disagreements, strict=True))
            sample.append(1.0 - (n - 1) * scaled / (scale * present * absent))
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
