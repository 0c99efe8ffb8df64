"""The report as CSV: one row per (scope, code), then the overall rows of each scope.

Empty cells are figures without a value; ``reasons`` says why, as "figure: reason" pairs
joined by " | ". Text cells (document and code names, reasons) are guarded against
spreadsheet formulas the way exports are: a leading ``'`` when a cell starts with
``=``, ``+``, ``-``, ``@``, a tab, a carriage return or ``'`` itself.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import TextIO

from annotator.agreement.bootstrap import Interval
from annotator.agreement.coefficients import Figure, Undefined
from annotator.agreement.model import AgreementReport, ScopeAgreement

COLUMNS = (
    "scope",
    "document",
    "doc_id",
    "row",
    "code",
    "alpha",
    "alpha_ci_low",
    "alpha_ci_high",
    "observed_agreement",
    "cohen_kappa",
    "fleiss_kappa",
    "units",
    "pairable",
    "reasons",
)
_FORMULA_STARTS = frozenset("=+-@\t\r'")

Cell = str | int | float


def guarded(text: str) -> str:
    """``text`` made inert for spreadsheets (the export guard's rule)."""
    return "'" + text if text and text[0] in _FORMULA_STARTS else text


def write_csv(out: TextIO, report: AgreementReport) -> int:
    """Write the report; returns the number of data rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for row in _rows(report):
        writer.writerow(row)
        count += 1
    return count


def _rows(report: AgreementReport) -> Iterator[list[Cell]]:
    yield from _scope_rows("selection", "", "", report.selection)
    for doc in report.documents:
        yield from _scope_rows("document", doc.document.name, doc.document.doc_id, doc.agreement)


def _scope_rows(
    scope: str, document: str, doc_id: str, figures: ScopeAgreement
) -> Iterator[list[Cell]]:
    where: list[Cell] = [scope, guarded(document), guarded(doc_id)]
    for code in figures.codes:
        reasons: list[str] = []
        low, high = _interval(code.alpha_ci, reasons)
        yield [
            *where,
            "code",
            guarded(code.code),
            _figure("alpha", code.alpha, reasons),
            low,
            high,
            _figure("observed_agreement", code.observed_agreement, reasons),
            _figure("cohen_kappa", code.cohen_kappa, reasons),
            _figure("fleiss_kappa", code.fleiss_kappa, reasons),
            code.units,
            code.pairable,
            guarded(" | ".join(reasons)),
        ]
    overall = figures.overall
    for row, value in (
        ("overall_masi", overall.alpha_masi),
        ("overall_nominal", overall.alpha_nominal),
    ):
        reasons = []
        alpha = _figure("alpha", value, reasons)
        blank: list[Cell] = ["", "", "", "", ""]
        yield [
            *where,
            row,
            "",
            alpha,
            *blank,
            overall.units,
            overall.pairable,
            guarded(" | ".join(reasons)),
        ]


def _figure(name: str, value: Figure, reasons: list[str]) -> Cell:
    if isinstance(value, Undefined):
        reasons.append(f"{name}: {value.reason}")
        return ""
    return value


def _interval(value: Interval | Undefined, reasons: list[str]) -> tuple[Cell, Cell]:
    if isinstance(value, Undefined):
        reasons.append(f"alpha_ci: {value.reason}")
        return "", ""
    return value
