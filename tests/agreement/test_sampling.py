"""The bootstrap's random draws: exact distributions, reproducible from the seed.

Each distribution test uses a fixed seed, so it is deterministic; it compares many draws
with the exact probabilities by a chi-square statistic against a generous bound, which a
wrong sampler (a shifted mean, a wrong spread, a biased byte) exceeds by far.
"""

from __future__ import annotations

import math
import random
from collections import Counter

import pytest

from annotator.agreement.sampling import binomial, byte_draws, multinomial

DRAWS = 20_000


def chi_square(observed: Counter[int], expected: dict[int, float]) -> tuple[float, int]:
    """Pearson's statistic, pooling outcomes expected fewer than 5 times into one cell."""
    statistic = 0.0
    cells = 0
    pooled_observed = 0
    pooled_expected = 0.0
    for outcome, count in expected.items():
        if count < 5:
            pooled_observed += observed.get(outcome, 0)
            pooled_expected += count
            continue
        statistic += (observed.get(outcome, 0) - count) ** 2 / count
        cells += 1
    if pooled_expected > 0:
        statistic += (pooled_observed - pooled_expected) ** 2 / max(pooled_expected, 1.0)
        cells += 1
    stray = sum(n for outcome, n in observed.items() if outcome not in expected)
    assert stray == 0
    return statistic, cells - 1


def binomial_pmf(n: int, p: float) -> dict[int, float]:
    """Exact probabilities, in logs so that large n does not overflow."""

    def log_pmf(k: int) -> float:
        log_comb = math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)
        return log_comb + k * math.log(p) + (n - k) * math.log1p(-p)

    return {k: math.exp(log_pmf(k)) for k in range(n + 1)}


@pytest.mark.parametrize(
    ("n", "p"),
    [(40, 0.1), (12, 0.3), (40, 0.5), (17, 0.9), (300, 0.04), (1000, 0.3), (5000, 0.02)],
)
def test_binomial_draws_follow_the_binomial_distribution(n: int, p: float) -> None:
    """Covers inversion (small n p), transformed rejection (large n p) and p > 1/2."""
    rng = random.Random(f"binomial {n} {p}")
    observed = Counter(binomial(rng, n, p) for _ in range(DRAWS))
    expected = {k: DRAWS * q for k, q in binomial_pmf(n, p).items()}
    statistic, freedom = chi_square(observed, expected)
    # The 99.99th percentile of chi-square is below freedom + 9 sqrt(2 freedom) + 20 here.
    assert statistic < freedom + 9 * math.sqrt(2 * freedom) + 20
    mean = sum(k * c for k, c in observed.items()) / DRAWS
    assert abs(mean - n * p) < 5 * math.sqrt(n * p * (1 - p) / DRAWS)


def test_binomial_edges() -> None:
    rng = random.Random(0)
    assert binomial(rng, 0, 0.5) == 0
    assert binomial(rng, 10, 0.0) == 0
    assert binomial(rng, 10, 1.0) == 10
    assert all(0 <= binomial(rng, 3, 0.5) <= 3 for _ in range(1000))


@pytest.mark.parametrize("population", [1, 2, 3, 40, 100, 255, 256])
def test_byte_draws_are_uniform(population: int) -> None:
    draws = byte_draws(random.Random(population), population, DRAWS * 2)
    assert len(draws) == DRAWS * 2
    observed = Counter(draws)
    expected = {unit: DRAWS * 2 / population for unit in range(population)}
    statistic, freedom = chi_square(observed, expected)
    assert statistic < freedom + 9 * math.sqrt(2 * max(freedom, 1)) + 20


def test_byte_draws_need_a_population_of_1_to_256() -> None:
    with pytest.raises(ValueError):
        byte_draws(random.Random(0), 0, 10)
    with pytest.raises(ValueError):
        byte_draws(random.Random(0), 257, 10)


def test_draws_repeat_with_the_seed() -> None:
    assert byte_draws(random.Random("s"), 40, 500) == byte_draws(random.Random("s"), 40, 500)
    first = [binomial(random.Random("t"), 1000, 0.3) for _ in range(3)]
    assert first == [binomial(random.Random("t"), 1000, 0.3) for _ in range(3)]


def test_multinomial_counts_add_up_and_follow_the_weights() -> None:
    rng = random.Random("multinomial")
    weights = [1, 0, 3, 6]
    totals = Counter[int]()
    for _ in range(2000):
        counts = multinomial(rng, 50, weights)
        assert sum(counts) == 50 and counts[1] == 0
        for i, c in enumerate(counts):
            totals[i] += c
    shares = [totals[i] / (2000 * 50) for i in range(4)]
    assert shares == pytest.approx([0.1, 0.0, 0.3, 0.6], abs=0.01)
    assert multinomial(rng, 0, [1, 2]) == [0, 0]
    assert multinomial(rng, 7, [5]) == [7]
