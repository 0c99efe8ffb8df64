"""Bootstrap intervals: reproducible, consistent between the two ways of resampling, and
undefined (with the reason) when resamples mostly lack variation."""

from __future__ import annotations

import random

import pytest

from annotator.agreement.bootstrap import (
    BootstrapSettings,
    _by_kind,
    _percentiles,
    _rng,
    alpha_intervals,
    scope_intervals,
)
from annotator.agreement.coefficients import Coincidences, Undefined, alpha
from annotator.agreement.lanes import Packing, fits_in_lanes, lane_samples, single_samples
from annotator.agreement.sampling import byte_draws

Units = list[tuple[int, tuple[int, ...]]]


def random_units(count: int, codes: int, seed: int, sizes: tuple[int, ...] = (2, 3, 4)) -> Units:
    """Units of varying size m, with k of the m values holding each code."""
    rng = random.Random(seed)
    units = []
    for _ in range(count):
        m = rng.choice(sizes)
        units.append((m, tuple(rng.choice([0, 0, m, m, rng.randint(0, m)]) for _ in range(codes))))
    return units


def generic_alpha(units: Units, code: int) -> float | Undefined:
    rows = [({True: ks[code], False: m - ks[code]}, 1) for m, ks in units]
    return alpha(Coincidences.from_counts(rows))


def test_packed_sums_give_the_same_alpha_as_the_coincidence_matrix() -> None:
    units = random_units(60, 3, seed=1)
    packing = Packing.fitting([units], len(units))
    total = sum(packing.pack(m, ks) for m, ks in units)
    mask = (1 << packing.width) - 1
    for code in range(3):
        present = (total >> ((1 + 2 * code) * packing.width)) & mask
        scaled = (total >> ((2 + 2 * code) * packing.width)) & mask
        packed = packing.alpha(total & mask, present, scaled)
        assert packed == pytest.approx(generic_alpha(units, code), abs=1e-12)


def test_intervals_repeat_with_the_seed_and_change_with_it() -> None:
    units = random_units(40, 2, seed=2)
    settings = BootstrapSettings(resamples=300, seed=7)
    first = alpha_intervals(units, 2, settings)
    assert first == alpha_intervals(units, 2, settings)
    assert first != alpha_intervals(units, 2, BootstrapSettings(resamples=300, seed=8))


def test_scopes_resampled_together_get_their_own_intervals() -> None:
    """Lanes never leak into each other: a scope's interval is the same alone or batched
    with other scopes of the same size (and of other sizes)."""
    scopes = [random_units(40, 3, seed=s) for s in range(5)] + [random_units(7, 3, seed=9)]
    settings = BootstrapSettings(resamples=200)
    together = scope_intervals(scopes, 3, settings)
    assert together == [alpha_intervals(units, 3, settings) for units in scopes]
    assert len({tuple(intervals) for intervals in together}) == len(scopes)


def test_an_interval_brackets_the_estimate() -> None:
    units = random_units(200, 3, seed=3)
    for code, interval in enumerate(alpha_intervals(units, 3, BootstrapSettings())):
        assert not isinstance(interval, Undefined)
        low, high = interval
        estimate = generic_alpha(units, code)
        assert isinstance(estimate, float)
        assert low <= estimate <= high
        assert high - low < 0.5


def test_lanes_and_one_scope_at_a_time_give_the_same_alphas() -> None:
    scopes = [random_units(30, 3, seed=s, sizes=(2, 3)) for s in range(3)]
    packing = Packing.fitting(scopes, 30)
    draws = byte_draws(random.Random(1), 30, 30 * 100)
    together = lane_samples(scopes, 3, draws, packing)
    assert together == [single_samples(units, 3, draws, packing) for units in scopes]
    assert all(len(values) > 50 for per_code in together for values in per_code)


@pytest.mark.parametrize("count", [40, 256])
def test_both_ways_of_resampling_give_the_same_interval(count: int) -> None:
    """Drawing units one by one and drawing counts per kind sample the same distribution."""
    units = random_units(count, 2, seed=count)
    settings = BootstrapSettings(resamples=4000)
    packing = Packing.fitting([units], count)
    draws = byte_draws(_rng(settings, "test"), count, count * settings.resamples)
    (by_unit,) = lane_samples([units], 2, draws, packing)
    for code in range(2):
        by_kind = _by_kind(units, code, packing.scale, settings)
        one, other = _percentiles(by_unit[code], settings), _percentiles(by_kind, settings)
        assert not isinstance(one, Undefined) and not isinstance(other, Undefined)
        assert one == pytest.approx(other, abs=0.03)
        assert sum(by_unit[code]) / len(by_unit[code]) == pytest.approx(
            sum(by_kind) / len(by_kind), abs=0.01
        )


def test_very_many_coders_fall_back_to_drawing_by_kind() -> None:
    """With 14 coders the scaled sums need more than a 64-bit key; intervals still come."""
    units = random_units(50, 2, seed=14, sizes=(14,))
    assert not fits_in_lanes(Packing.fitting([units], len(units)))
    for code, interval in enumerate(alpha_intervals(units, 2, BootstrapSettings(resamples=300))):
        estimate = generic_alpha(units, code)
        assert not isinstance(interval, Undefined) and isinstance(estimate, float)
        assert interval[0] <= estimate <= interval[1]


def test_large_scopes_resample_by_kind() -> None:
    units = random_units(5000, 2, seed=5)
    settings = BootstrapSettings(resamples=500)
    intervals = alpha_intervals(units, 2, settings)
    for code, interval in enumerate(intervals):
        assert not isinstance(interval, Undefined)
        estimate = generic_alpha(units, code)
        assert isinstance(estimate, float)
        assert interval[0] <= estimate <= interval[1]
        assert interval[1] - interval[0] < 0.1


def test_too_little_variation_makes_the_interval_undefined() -> None:
    """One use of a code among 40 units: most resamples never draw it."""
    units: Units = [(2, (0,))] * 39 + [(2, (1,))]
    (interval,) = alpha_intervals(units, 1, BootstrapSettings(resamples=200))
    assert isinstance(interval, Undefined)
    assert "resamples had none" in interval.reason


def test_a_few_resamples_without_variation_are_left_out() -> None:
    values = [0.1 * i for i in range(97)]
    settings = BootstrapSettings(resamples=100)
    interval = _percentiles(values, settings)
    assert not isinstance(interval, Undefined)
    assert interval[0] == pytest.approx(0.025 * 96 * 0.1)


def test_no_pairable_units() -> None:
    assert all(isinstance(i, Undefined) for i in alpha_intervals([], 2, BootstrapSettings()))


def test_one_unit_gives_a_point_interval() -> None:
    (interval,) = alpha_intervals([(2, (1,))], 1, BootstrapSettings(resamples=50))
    assert interval == (0.0, 0.0)


@pytest.mark.parametrize("kwargs", [{"resamples": 0}, {"confidence": 1.0}, {"confidence": 0.0}])
def test_settings_are_checked(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        BootstrapSettings(**kwargs)  # type: ignore[arg-type]
