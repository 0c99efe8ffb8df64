"""Published values: Krippendorff (2011), Wikipedia's worked example, statsmodels' Fleiss table.

The data and their sources are in tests/data/agreement (see its README); each expected
value is checked to the digits its source publishes.
"""

from __future__ import annotations

from typing import Any

import pytest

from annotator.agreement import AgreementOptions, BootstrapSettings, compute_agreement
from annotator.agreement.coefficients import (
    Coincidences,
    alpha,
    cohen_kappa,
    cohen_table,
    fleiss_kappa,
    observed_agreement,
    value_counts,
)
from tests.agreement.builders import codebook, document, reference_datasets, units_of

DATASETS = reference_datasets()
FEW = AgreementOptions(bootstrap=BootstrapSettings(resamples=20))


def digits(expected: float) -> float:
    """Half a unit in the last published digit."""
    places = len(repr(expected).split(".")[1])
    return 0.5 * 10**-places


@pytest.mark.parametrize(
    "name",
    [
        "k2011_A_binary_two_coders",
        "k2011_B_nominal_two_coders",
        "k2011_C_four_coders_missing",
        "wikipedia_three_coders",
    ],
)
def test_nominal_alpha_matches_the_published_value(name: str) -> None:
    dataset = DATASETS[name]
    expected = dataset["expected"]["alpha"]
    value = alpha(Coincidences.of(units_of(dataset["data"])))
    assert value == pytest.approx(expected, abs=digits(expected))


def test_binary_two_coders_alpha_is_0_095() -> None:
    value = alpha(Coincidences.of(units_of(DATASETS["k2011_A_binary_two_coders"]["data"])))
    assert round(value, 3) == 0.095  # type: ignore[arg-type]


def test_nominal_two_coders_kappa_and_scott_pi() -> None:
    dataset = DATASETS["k2011_B_nominal_two_coders"]
    coder_a, coder_b = dataset["data"]
    kappa = cohen_kappa(cohen_table(zip(coder_a, coder_b, strict=True)))
    pi = fleiss_kappa(value_counts(units_of(dataset["data"])))
    assert round(kappa, 3) == dataset["expected"]["cohen_kappa"] == 0.684  # type: ignore[arg-type]
    assert round(pi, 3) == dataset["expected"]["scott_pi_fleiss_kappa"] == 0.679  # type: ignore[arg-type]


def test_four_coders_with_missing_values_alpha_is_0_743() -> None:
    value = alpha(Coincidences.of(units_of(DATASETS["k2011_C_four_coders_missing"]["data"])))
    assert round(value, 3) == 0.743  # type: ignore[arg-type]


def test_wikipedia_three_coders_alpha_is_0_691358() -> None:
    value = alpha(Coincidences.of(units_of(DATASETS["wikipedia_three_coders"]["data"])))
    assert round(value, 6) == 0.691358  # type: ignore[arg-type]


def test_statsmodels_fleiss_table_kappa_is_0_210() -> None:
    table = DATASETS["fleiss_wikipedia_table"]["table"]
    rows = [(dict(enumerate(row)), 1) for row in table]
    assert round(fleiss_kappa(rows), 3) == 0.210  # type: ignore[arg-type]


def test_the_coincidence_matrix_of_the_four_coder_example() -> None:
    """Three cells of the matrix Krippendorff (2011) prints, and its margins."""
    coincidences = Coincidences.of(units_of(DATASETS["k2011_C_four_coders_missing"]["data"]))
    assert coincidences.pairable == 40
    assert coincidences.units == 11  # the last unit has one value and cannot be paired
    assert coincidences.matrix[1, 1] == pytest.approx(7.0)
    assert coincidences.matrix[1, 2] == pytest.approx(4 / 3)
    assert coincidences.matrix[3, 3] == pytest.approx(8.0)
    assert dict(coincidences.totals) == {1: 9, 2: 13, 3: 10, 4: 5, 5: 3}
    assert observed_agreement(coincidences) == pytest.approx(1 - 0.2)


# -- the same data through the whole report ------------------------------------------------


def as_sentences(matrix: list[list[Any]]) -> list[list[set[str] | None]]:
    """A coders x units matrix as coded sentences: value v becomes the code "v"."""
    return [[None if v is None else {str(v)} for v in row] for row in matrix]


def test_binary_example_through_the_report() -> None:
    data = DATASETS["k2011_A_binary_two_coders"]["data"]
    matrix = [[{"x"} if v else set() for v in row] for row in data]
    report = compute_agreement([document(matrix)], codebook("x"), FEW)
    (code,) = report.selection.codes
    assert round(code.alpha, 3) == 0.095  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "places"), [("k2011_C_four_coders_missing", 3), ("wikipedia_three_coders", 6)]
)
def test_missing_values_through_the_report(name: str, places: int) -> None:
    """Missing cells are sentences a coder does not have; nominal alpha on an exclusive
    codebook gives the published value."""
    dataset = DATASETS[name]
    values = sorted({str(v) for row in dataset["data"] for v in row if v is not None})
    book = codebook(*values, exclusive=True)
    report = compute_agreement([document(as_sentences(dataset["data"]))], book, FEW)
    nominal = report.selection.overall.alpha_nominal
    assert round(nominal, places) == dataset["expected"]["alpha"]  # type: ignore[arg-type]
