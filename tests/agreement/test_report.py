"""The report: units, missing versus absent, scopes, codes, and the figures end to end."""

from __future__ import annotations

import json

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.metrics.agreement import AnnotationTask
from statsmodels.stats.inter_rater import fleiss_kappa as statsmodels_fleiss

from annotator.agreement import (
    AgreementOptions,
    BootstrapSettings,
    CodedSentence,
    CoderWork,
    DocumentWork,
    Undefined,
    compute_agreement,
    report_json,
)
from annotator.agreement.report import NOT_DRAWN, NOT_EXCLUSIVE
from annotator.codebook.model import Code, Codebook
from tests.agreement.builders import Cell, codebook, document
from tests.agreement.test_references import nltk_masi_total

BOOK = codebook("a", "b", "c")
FEW = AgreementOptions(bootstrap=BootstrapSettings(resamples=50))
TOLERANCE = 1e-9


def only_code(report_codes: tuple, name: str):  # type: ignore[no-untyped-def]
    (found,) = [code for code in report_codes if code.code == name]
    return found


cells = st.one_of(st.none(), st.frozensets(st.sampled_from(("a", "b", "c"))))
matrices = st.integers(2, 4).flatmap(
    lambda coders: st.integers(1, 12).flatmap(
        lambda units: st.lists(
            st.lists(cells, min_size=units, max_size=units), min_size=coders, max_size=coders
        )
    )
)


@settings(max_examples=80, deadline=None)
@given(matrices)
def test_the_report_matches_the_references(matrix: list[list[frozenset[str] | None]]) -> None:
    """Per code against krippendorff and statsmodels (and nltk for two coders); overall
    MASI alpha against nltk: the whole path from coded sentences to figures. A selection
    of one document is that document, intervals included."""
    report = compute_agreement([document(matrix)], BOOK, FEW)
    (doc,) = report.documents
    assert doc.agreement.codes == report.selection.codes
    coders = len(matrix)
    units = len(matrix[0])
    for code in report.selection.codes:
        binary = np.array(
            [[np.nan if v is None else float(code.code in v) for v in row] for row in matrix]
        )
        pairable = [u for u in range(units) if (~np.isnan(binary[:, u])).sum() >= 2]
        assert code.units == len(pairable)
        assert code.pairable == int(sum((~np.isnan(binary[:, u])).sum() for u in pairable))
        if isinstance(code.alpha, Undefined):
            seen = {binary[c, u] for u in pairable for c in range(coders)}
            assert len({v for v in seen if not np.isnan(v)}) < 2
        else:
            reference = krippendorff.alpha(binary, level_of_measurement="nominal")
            assert abs(code.alpha - reference) <= TOLERANCE
        full = [u for u in range(units) if not np.isnan(binary[:, u]).any()]
        table = np.array([[(binary[:, u] == 0).sum(), (binary[:, u] == 1).sum()] for u in full])
        if not isinstance(code.fleiss_kappa, Undefined):
            assert abs(code.fleiss_kappa - statsmodels_fleiss(table)) <= TOLERANCE
        else:
            assert not full or table[:, 0].sum() == 0 or table[:, 1].sum() == 0
        if coders == 2 and not isinstance(code.cohen_kappa, Undefined):
            data = [(c, u, binary[c, u]) for u in full for c in range(2)]
            assert abs(code.cohen_kappa - AnnotationTask(data=data).kappa()) <= TOLERANCE
        if coders != 2:
            assert isinstance(code.cohen_kappa, Undefined)
    masi = report.selection.overall.alpha_masi
    if not isinstance(masi, Undefined):
        data = [
            (c, u, value)
            for c, row in enumerate(matrix)
            for u, value in enumerate(row)
            if value is not None
        ]
        reference = AnnotationTask(data=data, distance=nltk_masi_total).alpha()
        assert abs(masi - reference) <= TOLERANCE


def claims(*indices: int, length: int = 10) -> list[Cell]:
    return [{"a"} if i in indices else set() for i in range(length)]


def test_a_finished_coder_who_coded_nothing_disagrees_rather_than_goes_missing() -> None:
    """B finished and applied no code: B says "absent" on every sentence. Treating B's
    silence as missing would leave no pair and hide the disagreement (the pitfall of kappa
    over only the units both coders coded)."""
    report = compute_agreement([document([claims(1, 4, 7), claims()])], BOOK, FEW)
    a = only_code(report.selection.codes, "a")
    assert a.units == 10 and a.pairable == 20
    assert a.alpha == pytest.approx(1 - 19 / 17)  # n = 20, n1 = 3, D = 3
    assert a.cohen_kappa == 0.0
    assert a.observed_agreement == pytest.approx(0.7)


def test_unfinished_work_is_missing_and_reported_as_excluded() -> None:
    doc = document([claims(1, 4, 7), claims()], finished=[True, False])
    report = compute_agreement([doc], BOOK, FEW)
    assert report.selection.coders == ("c0",)
    a = only_code(report.selection.codes, "a")
    assert isinstance(a.alpha, Undefined) and a.units == 0
    assert isinstance(a.cohen_kappa, Undefined)
    data = report_json(report)
    assert data["excluded"] == [
        {"document": "doc1.txt", "doc_id": "doc1", "coder": "c1", "reason": "not finished"}
    ]
    assert data["units"] == 10  # units of the finished coder, none pairable


def test_a_code_nobody_used_is_null_with_a_reason() -> None:
    report = compute_agreement([document([claims(1), claims(1, 2)])], BOOK, FEW)
    b = only_code(report.selection.codes, "b")
    assert b.alpha == Undefined("no coder applied this code to a pairable unit")
    assert b.observed_agreement == 1.0
    assert isinstance(b.alpha_ci, Undefined) and isinstance(b.cohen_kappa, Undefined)
    entry = report_json(report)["codes"]["b"]
    assert entry["alpha"] is None and entry["alpha_ci"] is None
    assert entry["reasons"]["alpha"] == "no coder applied this code to a pairable unit"
    assert set(entry["reasons"]) == {"alpha", "alpha_ci", "cohen_kappa", "fleiss_kappa"}


def test_the_selection_pools_the_units_of_its_documents() -> None:
    first = [claims(1, 2, length=6), claims(1, length=6)]
    second = [claims(0, 3, length=6), claims(0, 3, 4, length=6)]
    pooled = [row_1 + row_2 for row_1, row_2 in zip(first, second, strict=True)]
    report = compute_agreement(
        [document(first, doc_id="one"), document(second, doc_id="two")], BOOK, FEW
    )
    alone = compute_agreement([document(pooled, doc_id="both")], BOOK, FEW)
    assert report.selection.units == 12
    for ours, reference in zip(report.selection.codes, alone.selection.codes, strict=True):
        assert ours.alpha == reference.alpha
        assert ours.fleiss_kappa == reference.fleiss_kappa
        assert ours.units == reference.units
    assert [d.agreement.units for d in report.documents] == [6, 6]


def test_a_documents_interval_does_not_depend_on_the_other_documents() -> None:
    first = document([claims(1, 2, 5), claims(1, 5, 6)], doc_id="one")
    second = document([claims(0, 3), claims(0, 3, 4)], doc_id="two")
    alone = compute_agreement([first], BOOK, FEW)
    together = compute_agreement([first, second], BOOK, FEW)
    assert together.documents[0].agreement == alone.documents[0].agreement


def test_the_order_of_the_documents_changes_nothing_in_the_selection() -> None:
    one = document([claims(1, 2, 5), claims(1, 5, 6), claims(2, 5)], doc_id="one")
    two = document([claims(0, 3), claims(0, 3, 4), claims(3)], doc_id="two")
    three = document([claims(7), claims(7, 8), claims()], doc_id="three")
    forward = compute_agreement([one, two, three], BOOK, FEW)
    backward = compute_agreement([three, two, one], BOOK, FEW)
    assert forward.selection == backward.selection
    assert not isinstance(only_code(forward.selection.codes, "a").alpha_ci, Undefined)
    assert [d.document.doc_id for d in backward.documents] == ["three", "two", "one"]


def test_reruns_give_the_same_report() -> None:
    docs = [document([claims(1, 2, 5), claims(1, 5, 6), claims(2, 5)])]
    one = json.dumps(report_json(compute_agreement(docs, BOOK)), allow_nan=False)
    assert one == json.dumps(report_json(compute_agreement(docs, BOOK)), allow_nan=False)


def test_document_intervals_can_be_left_out() -> None:
    options = AgreementOptions(bootstrap=BootstrapSettings(resamples=50), document_intervals=False)
    report = compute_agreement([document([claims(1, 2, 5), claims(1, 5, 6)])], BOOK, options)
    assert only_code(report.documents[0].agreement.codes, "a").alpha_ci == NOT_DRAWN
    assert not isinstance(only_code(report.selection.codes, "a").alpha_ci, Undefined)


def test_three_coders_have_no_cohen_kappa_and_fleiss_needs_common_units() -> None:
    one = document([claims(1), claims(1, 2)], doc_id="one")
    two = DocumentWork(
        "two",
        "two.txt",
        (
            CoderWork("c0", True, (CodedSentence(0, 5, frozenset("a")), CodedSentence(6, 9))),
            CoderWork("c2", True, (CodedSentence(0, 5), CodedSentence(6, 9))),
        ),
    )
    report = compute_agreement([one, two], BOOK, FEW)
    a = only_code(report.selection.codes, "a")
    assert report.selection.coders == ("c0", "c1", "c2")
    assert a.cohen_kappa == Undefined("3 coders compared; Cohen's kappa is for exactly two")
    assert a.fleiss_kappa == Undefined("no unit was coded by every compared coder")
    assert isinstance(a.alpha, float)
    assert [only_code(d.agreement.codes, "a").cohen_kappa for d in report.documents] != [
        a.cohen_kappa
    ] * 2


def test_refined_units_are_counted_and_carry_the_coders_codes() -> None:
    a = CoderWork("a", True, (CodedSentence(0, 20, frozenset({"a"})),))
    b = CoderWork(
        "b", True, (CodedSentence(0, 9, frozenset({"a"})), CodedSentence(10, 20, frozenset()))
    )
    report = compute_agreement([DocumentWork("d", "d.txt", (a, b))], BOOK, FEW)
    assert report.selection.units == 2 and report.selection.refined_units == 2
    assert report_json(report)["refined_units"] == 2
    code = only_code(report.selection.codes, "a")
    assert code.units == 2 and code.observed_agreement == 0.5


def test_nominal_alpha_needs_an_exclusive_codebook() -> None:
    matrix: list[list[Cell]] = [[{"a"}, {"b"}, set(), {"a"}], [{"a"}, {"b"}, {"b"}, set()]]
    plain = compute_agreement([document(matrix)], BOOK, FEW)
    assert plain.selection.overall.alpha_nominal == Undefined(NOT_EXCLUSIVE)
    exclusive = compute_agreement([document(matrix)], codebook("a", "b", exclusive=True), FEW)
    values = [["a", "b", "-", "a"], ["a", "b", "b", "-"]]
    reference = krippendorff.alpha(values, level_of_measurement="nominal")
    assert exclusive.selection.overall.alpha_nominal == pytest.approx(reference, abs=TOLERANCE)
    assert report_json(exclusive)["codebook"]["exclusive"] is True


def test_several_codes_on_an_exclusive_codebook_are_reported() -> None:
    matrix: list[list[Cell]] = [[{"a", "b"}, {"b"}], [{"a"}, {"b"}]]
    report = compute_agreement([document(matrix)], codebook("a", "b", exclusive=True), FEW)
    value = report.selection.overall.alpha_nominal
    assert isinstance(value, Undefined)
    assert value.reason.startswith("1 value carries more than one code")


def test_renamed_and_unknown_codes() -> None:
    book = Codebook(
        name="b",
        version="1",
        codes=(
            Code("claim", "CLM", "1", "#d7875f", "A claim.", "id-1", aliases=("fact",)),
            Code("appeal", "APL", "2", "#af5fd7", "An appeal.", "id-2"),
        ),
    )
    matrix: list[list[Cell]] = [[{"fact"}, {"zzz"}, set()], [{"claim"}, {"zzz"}, {"claim"}]]
    report = compute_agreement([document(matrix)], book, FEW)
    assert report.codes == ("claim", "appeal", "zzz")
    claim = only_code(report.selection.codes, "claim")
    assert claim.observed_agreement == pytest.approx(2 / 3)
    assert only_code(report.selection.codes, "zzz").observed_agreement == 1.0


def test_json_shape_and_no_nan() -> None:
    report = compute_agreement(
        [document([claims(1, 2), claims(1)], doc_id="one"), document([claims(3), claims()])],
        BOOK,
        FEW,
    )
    data = json.loads(json.dumps(report_json(report), allow_nan=False))
    assert list(data) == [
        "coders",
        "documents",
        "units",
        "codes",
        "overall",
        "per_document",
        "refined_units",
        "excluded",
        "codebook",
        "bootstrap",
    ]
    assert data["coders"] == ["c0", "c1"]
    assert data["documents"] == ["one.txt", "doc1.txt"]
    assert list(data["codes"]) == ["a", "b", "c"]
    assert set(data["codes"]["a"]) == {
        "alpha",
        "alpha_ci",
        "observed_agreement",
        "cohen_kappa",
        "fleiss_kappa",
        "units",
        "pairable",
        "reasons",
    }
    assert set(data["overall"]) == {"alpha_masi", "alpha_nominal", "units", "pairable", "reasons"}
    assert data["overall"]["reasons"] == {"alpha_nominal": NOT_EXCLUSIVE}
    assert [d["document"] for d in data["per_document"]] == ["one.txt", "doc1.txt"]
    assert data["bootstrap"] == {"resamples": 50, "seed": 0, "confidence": 0.95}
    for scope in [data, *data["per_document"]]:
        for entry in [*scope["codes"].values(), scope["overall"]]:
            for name, value in entry.items():
                if value is None:
                    assert entry["reasons"][name]


def test_a_document_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        compute_agreement([document([claims(1)]), document([claims(2)])], BOOK, FEW)
