"""The report as JSON-ready data: numbers or null, never NaN, and a reason for every null.

Each figure that has no value is ``null`` and its reason is under ``reasons`` in the same
object, keyed by the figure's name (``{"alpha": null, ..., "reasons": {"alpha": "..."}}``);
``reasons`` is empty when every figure has a value. ``json.dumps(..., allow_nan=False)``
always succeeds on the result.
"""

from __future__ import annotations

from typing import Any

from annotator.agreement.bootstrap import Interval
from annotator.agreement.coefficients import Figure, Undefined
from annotator.agreement.model import AgreementReport, CodeAgreement, Overall, ScopeAgreement


def report_json(report: AgreementReport) -> dict[str, Any]:
    """The whole report, in the shape documented in docs/agreement.md."""
    selection = report.selection
    return {
        "coders": list(selection.coders),
        "documents": [doc.document.name for doc in report.documents],
        "units": selection.units,
        "codes": _codes(selection),
        "overall": _overall(selection.overall),
        "per_document": [
            {
                "document": doc.document.name,
                "doc_id": doc.document.doc_id,
                "coders": list(doc.agreement.coders),
                "units": doc.agreement.units,
                "refined_units": doc.agreement.refined_units,
                "codes": _codes(doc.agreement),
                "overall": _overall(doc.agreement.overall),
            }
            for doc in report.documents
        ],
        "refined_units": selection.refined_units,
        "excluded": [
            {
                "document": exclusion.document,
                "doc_id": exclusion.doc_id,
                "coder": exclusion.coder,
                "reason": exclusion.reason,
            }
            for exclusion in report.excluded
        ],
        "codebook": {
            "name": report.codebook,
            "version": report.codebook_version,
            "exclusive": report.exclusive,
        },
        "bootstrap": {
            "resamples": report.bootstrap.resamples,
            "seed": report.bootstrap.seed,
            "confidence": report.bootstrap.confidence,
        },
    }


def _codes(scope: ScopeAgreement) -> dict[str, dict[str, Any]]:
    return {code.code: _code(code) for code in scope.codes}


def _code(code: CodeAgreement) -> dict[str, Any]:
    reasons: dict[str, str] = {}
    return {
        "alpha": _figure("alpha", code.alpha, reasons),
        "alpha_ci": _interval(code.alpha_ci, reasons),
        "observed_agreement": _figure("observed_agreement", code.observed_agreement, reasons),
        "cohen_kappa": _figure("cohen_kappa", code.cohen_kappa, reasons),
        "fleiss_kappa": _figure("fleiss_kappa", code.fleiss_kappa, reasons),
        "units": code.units,
        "pairable": code.pairable,
        "reasons": reasons,
    }


def _overall(overall: Overall) -> dict[str, Any]:
    reasons: dict[str, str] = {}
    return {
        "alpha_masi": _figure("alpha_masi", overall.alpha_masi, reasons),
        "alpha_nominal": _figure("alpha_nominal", overall.alpha_nominal, reasons),
        "units": overall.units,
        "pairable": overall.pairable,
        "reasons": reasons,
    }


def _figure(name: str, value: Figure, reasons: dict[str, str]) -> float | None:
    if isinstance(value, Undefined):
        reasons[name] = value.reason
        return None
    return value


def _interval(value: Interval | Undefined, reasons: dict[str, str]) -> list[float] | None:
    if isinstance(value, Undefined):
        reasons["alpha_ci"] = value.reason
        return None
    return [value[0], value[1]]
