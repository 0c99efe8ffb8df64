"""The coefficients against reference implementations, on generated data (to 1e-9).

krippendorff for alpha (missing values included), statsmodels for Fleiss' kappa, nltk's
AnnotationTask for Cohen's kappa and for alpha with the MASI distance. Where a reference
has no value (one value in all the data, nothing to pair), ours is undefined, and the
test checks the data really are degenerate instead of comparing.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Sequence
from typing import Any

import krippendorff
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.metrics.agreement import AnnotationTask
from nltk.metrics.distance import masi_distance as nltk_masi
from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss

from annotator.agreement.coefficients import (
    Coincidences,
    Undefined,
    alpha,
    cohen_kappa,
    cohen_table,
    fleiss_kappa,
    masi_distance,
    observed_agreement,
    value_counts,
)
from tests.agreement.builders import units_of

TOLERANCE = 1e-9
CODES = ("a", "b", "c")

values = st.integers(min_value=0, max_value=3)
sets = st.frozensets(st.sampled_from(CODES))


def matrices(cell: st.SearchStrategy[Any], *, missing: bool) -> st.SearchStrategy[list[list[Any]]]:
    """coders x units matrices, 2-5 coders, 1-20 units, optionally with missing cells."""
    cells = st.one_of(st.none(), cell) if missing else cell
    return st.integers(2, 5).flatmap(
        lambda coders: st.integers(1, 20).flatmap(
            lambda units: st.lists(
                st.lists(cells, min_size=units, max_size=units),
                min_size=coders,
                max_size=coders,
            )
        )
    )


def pairable_values(matrix: Sequence[Sequence[Hashable | None]]) -> list[Hashable]:
    return [v for unit in units_of(matrix) if len(unit) >= 2 for v in unit]


def degenerate(matrix: Sequence[Sequence[Hashable | None]]) -> bool:
    """Nothing to pair, or a single value among the pairable ones."""
    return len(set(pairable_values(matrix))) < 2


@settings(max_examples=200, deadline=None)
@given(matrices(values, missing=True))
def test_nominal_alpha_matches_krippendorff(matrix: list[list[int | None]]) -> None:
    ours = alpha(Coincidences.of(units_of(matrix)))
    if isinstance(ours, Undefined):
        assert degenerate(matrix)
        return
    data = np.array([[np.nan if v is None else v for v in row] for row in matrix], dtype=float)
    reference = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert abs(ours - reference) <= TOLERANCE


def brute_force_observed(matrix: Sequence[Sequence[Hashable | None]]) -> float:
    """Agreeing ordered pairs within each unit, each weighted 1/(m-1), over n."""
    agreeing = 0.0
    n = 0
    for unit in units_of(matrix):
        m = len(unit)
        if m < 2:
            continue
        n += m
        for i, a in enumerate(unit):
            for j, b in enumerate(unit):
                if i != j and a == b:
                    agreeing += 1 / (m - 1)
    return agreeing / n


@settings(max_examples=200, deadline=None)
@given(matrices(values, missing=True))
def test_observed_agreement_matches_pair_counting(matrix: list[list[int | None]]) -> None:
    ours = observed_agreement(Coincidences.of(units_of(matrix)))
    if isinstance(ours, Undefined):
        assert not pairable_values(matrix)
        return
    assert abs(ours - brute_force_observed(matrix)) <= TOLERANCE


def nltk_masi_total(a: frozenset[str], b: frozenset[str]) -> float:
    """nltk's masi_distance, where it is defined: it divides 0 by 0 for two empty sets."""
    return 0.0 if not a and not b else float(nltk_masi(a, b))


@settings(max_examples=300, deadline=None)
@given(sets, sets)
def test_masi_distance_matches_nltk(a: frozenset[str], b: frozenset[str]) -> None:
    assert masi_distance(a, b) == nltk_masi_total(a, b)
    if a or b:
        assert masi_distance(a, b) == nltk_masi(a, b)


@settings(max_examples=150, deadline=None)
@given(matrices(sets, missing=True))
def test_masi_alpha_matches_nltk(matrix: list[list[frozenset[str] | None]]) -> None:
    ours = alpha(Coincidences.of(units_of(matrix)), masi_distance)
    if isinstance(ours, Undefined):
        assert degenerate(matrix)
        return
    data = [
        (f"coder{c}", f"unit{u}", value)
        for c, row in enumerate(matrix)
        for u, value in enumerate(row)
        if value is not None
    ]
    reference = AnnotationTask(data=data, distance=nltk_masi_total).alpha()
    assert abs(ours - reference) <= TOLERANCE


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(values, values), min_size=1, max_size=25))
def test_cohen_kappa_matches_nltk(pairs: list[tuple[int, int]]) -> None:
    ours = cohen_kappa(cohen_table(pairs))
    if isinstance(ours, Undefined):
        assert len({a for a, _ in pairs} | {b for _, b in pairs}) == 1
        return
    data = [
        (coder, f"unit{u}", pair[i]) for u, pair in enumerate(pairs) for i, coder in enumerate("AB")
    ]
    reference = AnnotationTask(data=data).kappa()
    assert abs(ours - reference) <= TOLERANCE


@settings(max_examples=200, deadline=None)
@given(matrices(values, missing=False))
def test_fleiss_kappa_matches_statsmodels(matrix: list[list[int]]) -> None:
    units = units_of(matrix)
    ours = fleiss_kappa(value_counts(units))
    if isinstance(ours, Undefined):
        assert len({v for unit in units for v in unit}) == 1
        return
    table = np.array([[Counter(unit)[v] for v in range(4)] for unit in units])
    reference = statsmodels_fleiss(table, method="fleiss")
    assert math.isfinite(reference)
    assert abs(ours - reference) <= TOLERANCE
