"""The agreement report: what was computed, per code and overall, per document and in all.

Plain immutable data. Every figure is a number or an ``Undefined`` with its reason, so
the outputs (JSON, table, CSV, HTML) never have to guess why a value is missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from annotator.agreement.bootstrap import BootstrapSettings, Interval
from annotator.agreement.coefficients import Figure, Undefined
from annotator.agreement.units import RefinedDocument, Unit

RELIABLE = 0.800
TENTATIVE = 0.667
"""Krippendorff's customary thresholds: rely on alpha >= .800, draw tentative
conclusions from .667 <= alpha < .800, and none below."""


def verdict(value: Figure) -> str:
    """ "reliable", "tentative", "not reliable" or "undefined" for an alpha."""
    if isinstance(value, Undefined):
        return "undefined"
    if value >= RELIABLE:
        return "reliable"
    if value >= TENTATIVE:
        return "tentative"
    return "not reliable"


@dataclass(frozen=True, slots=True)
class CodeAgreement:
    """One code scored present or absent on every unit.

    ``units`` counts the pairable units (those with values from at least two coders) and
    ``pairable`` the values in them, which is n in alpha's formulas.
    """

    code: str
    alpha: Figure
    alpha_ci: Interval | Undefined
    observed_agreement: Figure
    cohen_kappa: Figure
    fleiss_kappa: Figure
    units: int
    pairable: int


@dataclass(frozen=True, slots=True)
class Overall:
    """Agreement on the whole coding of each unit rather than code by code.

    ``units`` and ``pairable`` are as for a code: pairable units and the values in them.
    """

    alpha_masi: Figure
    alpha_nominal: Figure
    units: int
    pairable: int


@dataclass(frozen=True, slots=True)
class ScopeAgreement:
    """The figures for one scope: a document, or the whole selection.

    ``coders`` are the compared coders (those whose finished work is in the scope) and
    ``units`` every unit at least one of them coded, pairable or not.
    """

    coders: tuple[str, ...]
    units: int
    refined_units: int
    codes: tuple[CodeAgreement, ...]
    overall: Overall


@dataclass(frozen=True, slots=True)
class CoderValue:
    """What one coder said about a unit: canonical codes (in codebook order) and the note."""

    coder: str
    codes: tuple[str, ...]
    note: str


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A unit on which the finished coders did not give the same codes."""

    unit: Unit
    quote: str
    values: tuple[CoderValue, ...]


@dataclass(frozen=True, slots=True)
class PairConfusion:
    """For one code and two coders, the units both coded, by who applied the code."""

    coder_a: str
    coder_b: str
    both: int
    only_a: int
    only_b: int
    neither: int


@dataclass(frozen=True, slots=True)
class DocumentAgreement:
    """A document's units (with every coder's sentence, codes and note) and its figures."""

    document: RefinedDocument
    agreement: ScopeAgreement


@dataclass(frozen=True, slots=True)
class Exclusion:
    """A coder's work on a document that was left out, and why."""

    doc_id: str
    document: str
    coder: str
    reason: str


@dataclass(frozen=True, slots=True)
class AgreementReport:
    """Agreement on a selection of documents, with every document's own figures."""

    codebook: str
    codebook_version: str
    exclusive: bool
    codes: tuple[str, ...]
    bootstrap: BootstrapSettings
    selection: ScopeAgreement
    documents: tuple[DocumentAgreement, ...]
    excluded: tuple[Exclusion, ...]
