"""Intercoder agreement, computed by the book (issue 11): the pure core.

The wiring builds one ``DocumentWork`` per document (each coder's sentences with their
codes and notes, and whether the coder finished it), calls ``compute_agreement`` and
hands the ``AgreementReport`` to one of the outputs. Nothing here reads the store.
See docs/agreement.md for the method.
"""

from __future__ import annotations

from annotator.agreement.bootstrap import BootstrapSettings
from annotator.agreement.coefficients import Figure, Undefined
from annotator.agreement.model import (
    AgreementReport,
    CodeAgreement,
    CoderValue,
    Disagreement,
    DocumentAgreement,
    Exclusion,
    Overall,
    PairConfusion,
    ScopeAgreement,
    verdict,
)
from annotator.agreement.output_csv import write_csv
from annotator.agreement.output_html import render_html
from annotator.agreement.output_json import report_json
from annotator.agreement.output_table import agreement_table
from annotator.agreement.report import AgreementOptions, compute_agreement
from annotator.agreement.units import (
    NOT_FINISHED,
    CodedSentence,
    CoderWork,
    DocumentWork,
    RefinedDocument,
    Unit,
    refine,
)

__all__ = [
    "NOT_FINISHED",
    "AgreementOptions",
    "AgreementReport",
    "BootstrapSettings",
    "CodeAgreement",
    "CodedSentence",
    "CoderValue",
    "CoderWork",
    "Disagreement",
    "DocumentAgreement",
    "DocumentWork",
    "Exclusion",
    "Figure",
    "Overall",
    "PairConfusion",
    "RefinedDocument",
    "ScopeAgreement",
    "Undefined",
    "Unit",
    "agreement_table",
    "compute_agreement",
    "refine",
    "render_html",
    "report_json",
    "verdict",
    "write_csv",
]
