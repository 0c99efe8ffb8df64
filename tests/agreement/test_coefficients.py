"""Each coefficient on hand-checked cases, and every edge where it has no value."""

from __future__ import annotations

from collections import Counter

import pytest

from annotator.agreement.coefficients import (
    NO_COMMON_UNITS,
    NO_FULL_UNITS,
    NO_PAIRS,
    NO_VARIATION,
    TOO_FEW_CODERS,
    Coincidences,
    Undefined,
    alpha,
    cohen_kappa,
    cohen_table,
    fleiss_kappa,
    masi_distance,
    nominal_distance,
    observed_agreement,
    value_counts,
)
from tests.agreement.builders import units_of


def nominal(matrix: list[list[str | None]]) -> float | Undefined:
    return alpha(Coincidences.of(units_of(matrix)))


# -- MASI ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ({"x"}, {"x"}, 0.0),
        (set(), set(), 0.0),  # "no code applies", twice: identical, never 0/0
        ({"x", "y"}, {"x", "y", "z", "w"}, 1 - (2 / 4) * (2 / 3)),  # subset: weight 2/3
        ({"x", "y"}, {"y", "z"}, 1 - (1 / 3) * (1 / 3)),  # overlap: weight 1/3
        ({"x"}, {"y"}, 1.0),  # disjoint
        (set(), {"x"}, 1.0),  # nothing against something
    ],
)
def test_masi_distance(a: set[str], b: set[str], expected: float) -> None:
    assert masi_distance(frozenset(a), frozenset(b)) == pytest.approx(expected, abs=1e-15)
    assert masi_distance(frozenset(b), frozenset(a)) == pytest.approx(expected, abs=1e-15)


def test_masi_weights_are_exact_thirds_not_rounded() -> None:
    """Weights rounded to 0.67 and 0.33 (nltk #3361) would give 0.665 and 0.89."""
    assert masi_distance(frozenset("ab"), frozenset("abcd")) == pytest.approx(2 / 3, abs=1e-15)
    assert masi_distance(frozenset("ab"), frozenset("bc")) == pytest.approx(8 / 9, abs=1e-15)


# -- alpha -----------------------------------------------------------------------------


def test_alpha_perfect_agreement_with_variation_is_one() -> None:
    assert nominal([["a", "b", "a"], ["a", "b", "a"]]) == 1.0


def test_alpha_systematic_disagreement_is_below_zero() -> None:
    # n = 4, two a-b pairs each way: 1 - 3 * 4 / (2 * 2 * 2) = -0.5
    assert nominal([["a", "b"], ["b", "a"]]) == pytest.approx(-0.5)


def test_alpha_no_variation_is_undefined_with_a_reason() -> None:
    assert nominal([["a", "a", "a"], ["a", "a", "a"]]) == Undefined(NO_VARIATION)


def test_alpha_one_unit() -> None:
    assert nominal([["a"], ["a"]]) == Undefined(NO_VARIATION)
    # One unit, two different values: observed equals expected disagreement.
    assert nominal([["a"], ["b"]]) == 0.0


def test_alpha_all_values_missing_is_undefined() -> None:
    assert nominal([[None, None], [None, None]]) == Undefined(NO_PAIRS)
    assert nominal([["a", None], [None, "b"]]) == Undefined(NO_PAIRS)  # no unit pairs up
    assert alpha(Coincidences.of([])) == Undefined(NO_PAIRS)


def test_a_coder_with_no_values_changes_nothing() -> None:
    with_silent = nominal([["a", "b", "a", "c"], ["a", "b", "b", "c"], [None] * 4])
    without = nominal([["a", "b", "a", "c"], ["a", "b", "b", "c"]])
    assert with_silent == without
    assert isinstance(without, float)


def test_a_unit_with_one_value_is_not_paired() -> None:
    assert nominal([["a", "b", "a"], ["a", "b", None]]) == nominal([["a", "b"], ["a", "b"]])


def test_weighted_rows_count_like_repeated_units() -> None:
    units = [["a", "a"], ["a", "b"], ["a", "b"], ["b", "b", "a"]]
    weighted = [(Counter(["a", "a"]), 1), (Counter(["a", "b"]), 2), (Counter("bba"), 1)]
    assert Coincidences.from_counts(weighted) == Coincidences.of(units)
    assert Coincidences.of(units) == Coincidences.from_counts(value_counts(units))


def test_custom_distance_and_nominal_distance_agree_on_nominal_data() -> None:
    coincidences = Coincidences.of(units_of([["a", "b", "a", "c"], ["a", "b", "b", "c"]]))
    assert alpha(coincidences, nominal_distance) == alpha(coincidences)


# -- observed agreement -------------------------------------------------------------------


def test_observed_agreement_is_the_share_of_agreeing_pairable_values() -> None:
    # Unit 1: both agree (2 values agreeing); unit 2: a and b (2 values, none agreeing).
    coincidences = Coincidences.of([["a", "a"], ["a", "b"]])
    assert observed_agreement(coincidences) == 0.5
    # Three values, two agreeing: the pair a-a counts 2 x 1/(3-1) = 1 of the unit's 3.
    assert observed_agreement(Coincidences.of([["a", "a", "b"]])) == pytest.approx(1 / 3)


def test_observed_agreement_without_pairs_is_undefined() -> None:
    assert observed_agreement(Coincidences.of([["a"], []])) == Undefined(NO_PAIRS)


# -- Cohen's kappa ----------------------------------------------------------------------


def test_cohen_kappa_perfect_and_chance() -> None:
    assert cohen_kappa(cohen_table([("a", "a"), ("b", "b"), ("a", "a")])) == 1.0
    # B says "a" throughout: agreement equals what B's constancy predicts.
    assert cohen_kappa(cohen_table([("a", "a"), ("b", "a"), ("a", "a"), ("b", "a")])) == 0.0


def test_cohen_kappa_edges_are_undefined() -> None:
    assert cohen_kappa(cohen_table([])) == Undefined(NO_COMMON_UNITS)
    assert cohen_kappa(cohen_table([("a", "a"), ("a", "a")])) == Undefined(NO_VARIATION)


def test_cohen_kappa_one_unit() -> None:
    assert cohen_kappa(cohen_table([("a", "a")])) == Undefined(NO_VARIATION)
    assert cohen_kappa(cohen_table([("a", "b")])) == 0.0


def test_cohen_kappa_never_exceeds_one() -> None:
    """A kappa above 1 (nltk #2302) can only come from a table that is not a contingency
    table; here the table is always built from pairs."""
    table = cohen_table([("a", "a"), ("b", "b"), ("c", "c"), ("a", "b")])
    value = cohen_kappa(table)
    assert isinstance(value, float) and -1.0 <= value <= 1.0


# -- Fleiss' kappa ----------------------------------------------------------------------


def test_fleiss_kappa_edges() -> None:
    assert fleiss_kappa([]) == Undefined(NO_FULL_UNITS)
    assert fleiss_kappa(value_counts([["a"], ["b"]])) == Undefined(TOO_FEW_CODERS)
    assert fleiss_kappa(value_counts([["a", "a"], ["a", "a"]])) == Undefined(NO_VARIATION)
    assert fleiss_kappa(value_counts([["a", "b"]])) == -1.0  # one unit, a split decision
    assert fleiss_kappa(value_counts([["a", "a"], ["b", "b"]])) == 1.0


def test_fleiss_kappa_refuses_units_of_different_sizes() -> None:
    with pytest.raises(ValueError, match="same number of values"):
        fleiss_kappa(value_counts([["a", "b"], ["a", "b", "a"]]))
