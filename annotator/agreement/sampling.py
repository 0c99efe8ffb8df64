"""Exact random draws for the bootstrap, fast enough without numpy.

Two ways to resample N units with replacement, with the same distribution:

- ``byte_draws``: the unit drawn each time, one byte per draw, for N up to 256. The
  bytes come from ``Random.randbytes`` and are reduced modulo N in C (``bytes.translate``),
  after deleting the few top byte values that would favour some units; no Python code
  runs per draw.
- ``multinomial``: how many times each kind of unit is drawn, in one step per kind, from
  conditional binomial draws. Its cost does not grow with N.

Both take their randomness from a seeded ``random.Random``, so a rerun draws the same.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

MAX_BYTE_POPULATION = 256
INVERSION_MEAN = 10.0
"""Below this mean a binomial is drawn by inversion; above, by transformed rejection."""


def byte_draws(rng: random.Random, population: int, count: int) -> bytes:
    """``count`` independent uniform draws from ``range(population)``, one byte each."""
    if not 1 <= population <= MAX_BYTE_POPULATION:
        raise ValueError(f"byte draws need 1 to 256 choices, not {population}")
    limit = MAX_BYTE_POPULATION - MAX_BYTE_POPULATION % population
    table = bytes(value % population for value in range(MAX_BYTE_POPULATION))
    rejected = bytes(range(limit, MAX_BYTE_POPULATION))
    parts: list[bytes] = []
    have = 0
    while have < count:
        raw = rng.randbytes((count - have) * MAX_BYTE_POPULATION // limit + 16)
        kept = raw.translate(table, rejected)
        parts.append(kept)
        have += len(kept)
    return b"".join(parts)[:count]


def multinomial(rng: random.Random, draws: int, weights: Sequence[int]) -> list[int]:
    """How many of ``draws`` draws fall in each category, chosen with odds ``weights``."""
    counts: list[int] = []
    left = draws
    remaining = sum(weights)
    for weight in weights[:-1]:
        drawn = binomial(rng, left, weight / remaining) if left and remaining else 0
        counts.append(drawn)
        left -= drawn
        remaining -= weight
    if weights:
        counts.append(left)
    return counts


def binomial(rng: random.Random, n: int, p: float) -> int:
    """A Binomial(n, p) draw, exact up to floating point."""
    if n <= 0 or p <= 0.0:
        return 0
    if p >= 1.0:
        return n
    if p > 0.5:
        return n - binomial(rng, n, 1.0 - p)
    if n * p < INVERSION_MEAN:
        return _by_inversion(rng, n, p)
    return _by_rejection(rng, n, p)


def _by_inversion(rng: random.Random, n: int, p: float) -> int:
    """Walk the distribution function from 0 until it passes one uniform draw."""
    ratio = p / (1.0 - p)
    probability = (1.0 - p) ** n
    cumulative = probability
    u = rng.random()
    k = 0
    while u > cumulative and k < n:
        k += 1
        probability *= ratio * (n - k + 1) / k
        cumulative += probability
    return k


def _by_rejection(rng: random.Random, n: int, p: float) -> int:
    """Hörmann's transformed rejection with squeeze (BTRS, 1993), for n p >= 10, p <= 1/2.

    A uniform draw is mapped through a hat function close to the binomial's shape; most
    draws are accepted by a cheap squeeze test, the rest by comparing with the exact
    log-probability.
    """
    q = 1.0 - p
    spread = math.sqrt(n * p * q)
    b = 1.15 + 2.53 * spread
    a = -0.0873 + 0.0248 * b + 0.01 * p
    c = n * p + 0.5
    squeeze = 0.92 - 4.2 / b
    scale = (2.83 + 5.1 / b) * spread
    log_odds = math.log(p / q)
    mode = math.floor((n + 1) * p)
    log_mode = math.lgamma(mode + 1) + math.lgamma(n - mode + 1)
    while True:
        u = rng.random() - 0.5
        v = rng.random()
        us = 0.5 - abs(u)
        if us <= 0.0:
            continue
        k = math.floor((2 * a / us + b) * u + c)
        if k < 0 or k > n:
            continue
        if us >= 0.07 and v <= squeeze:
            return k
        if v <= 0.0:
            continue
        lhs = math.log(v * scale / (a / (us * us) + b))
        rhs = log_mode - math.lgamma(k + 1) - math.lgamma(n - k + 1) + (k - mode) * log_odds
        if lhs <= rhs:
            return k
