"""Compute agreement on a selection of documents, per document and in all.

Each unit is reduced to its *signature*: the (coder, codes) pairs of the finished coders
who have a value there. Units with the same signature count the same in every
coefficient, so each scope counts its signatures once, and the selection's counts are the
sum of its documents'. Every coefficient then works on a handful of weighted rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from annotator.agreement.bootstrap import BootstrapSettings, Interval, scope_intervals
from annotator.agreement.coefficients import (
    TOO_FEW_CODERS,
    Coincidences,
    Figure,
    Undefined,
    alpha,
    cohen_kappa,
    fleiss_kappa,
    observed_agreement,
)
from annotator.agreement.encoding import Canonical, Codes, Encoding
from annotator.agreement.lanes import UnitCounts
from annotator.agreement.model import (
    AgreementReport,
    CodeAgreement,
    DocumentAgreement,
    Exclusion,
    Overall,
    ScopeAgreement,
)
from annotator.agreement.units import NOT_FINISHED, DocumentWork, RefinedDocument, refine
from annotator.codebook.model import Codebook
from annotator.wording import plural, plural_form

Signature = tuple[tuple[int, Codes], ...]
"""A unit's values: (coder index, canonical codes) for each coder with a value, by index."""

V = TypeVar("V", bound=Hashable)

NOT_EXCLUSIVE = "the codebook does not declare its codes mutually exclusive (exclusive = true)"
UNDEFINED_ALPHA = Undefined("alpha is undefined, so it has no interval")
NOT_DRAWN = Undefined("bootstrap intervals were not drawn per document (document_intervals off)")
NO_CODE = ""
"""The nominal value of a unit no code applies to (a code's name is never empty)."""


@dataclass(frozen=True, slots=True)
class AgreementOptions:
    """``document_intervals`` draws bootstrap intervals per document too, not only in all."""

    bootstrap: BootstrapSettings = field(default_factory=BootstrapSettings)
    document_intervals: bool = True


def compute_agreement(
    documents: Iterable[DocumentWork],
    codebook: Codebook,
    options: AgreementOptions | None = None,
) -> AgreementReport:
    """Agreement on ``documents`` under ``codebook``: the one entry point of the core."""
    options = options or AgreementOptions()
    refined = [refine(document) for document in documents]
    ids = [doc.doc_id for doc in refined]
    if len(set(ids)) != len(ids):
        raise ValueError("a document appears twice in the selection")
    canonical = Canonical(codebook)
    coders = tuple(sorted({coder for doc in refined for coder in doc.coders}))
    index = {coder: i for i, coder in enumerate(coders)}
    signatures = [_signatures(doc, index, canonical) for doc in refined]
    codes = canonical.codes()
    scope = _Scope(Encoding(codes, len(coders)), codebook.exclusive)
    documents_figures = [
        scope.figures(counted, len(doc.coders))
        for doc, counted in zip(refined, signatures, strict=True)
    ]
    everything: Counter[Signature] = Counter()
    # In the order of document ids, so that the selection's resamples do not depend on
    # the order the documents were given in.
    for _, counted in sorted(zip(ids, signatures, strict=True), key=lambda pair: pair[0]):
        everything.update(counted)
    pending = scope.figures(everything, len(coders))
    # All intervals in one call: documents of equal size are resampled together.
    resampled = [pending.resampled]
    if options.document_intervals:
        resampled.extend(figures.resampled for figures in documents_figures)
    selection_intervals, *drawn = scope_intervals(resampled, len(codes), options.bootstrap)
    document_intervals = drawn if options.document_intervals else [None] * len(refined)
    per_document = []
    for doc, figures, intervals in zip(refined, documents_figures, document_intervals, strict=True):
        agreement = ScopeAgreement(
            doc.coders, len(doc.units), doc.refined_units, *figures.finished(intervals)
        )
        per_document.append(DocumentAgreement(doc, agreement))
    units = sum(len(doc.units) for doc in refined)
    refined_units = sum(doc.refined_units for doc in refined)
    return AgreementReport(
        codebook=codebook.name,
        codebook_version=codebook.version,
        exclusive=codebook.exclusive,
        codes=codes,
        bootstrap=options.bootstrap,
        selection=ScopeAgreement(
            coders, units, refined_units, *pending.finished(selection_intervals)
        ),
        documents=tuple(per_document),
        excluded=tuple(
            Exclusion(doc.doc_id, doc.name, coder, NOT_FINISHED)
            for doc in refined
            for coder in doc.excluded
        ),
    )


def _signatures(
    doc: RefinedDocument, index: dict[str, int], canonical: Canonical
) -> Counter[Signature]:
    sets = canonical.mapping({s.codes for unit in doc.units for _, s in unit.sentences})
    return Counter(
        tuple([(index[coder], sets[sentence.codes]) for coder, sentence in unit.sentences])
        for unit in doc.units
    )


@dataclass(frozen=True, slots=True)
class _Pending:
    """A scope's figures before its intervals are drawn, with the units to resample."""

    per_code: list[tuple[str, Figure, Figure, Figure, Figure]]
    units: int
    values: int
    overall: Overall
    resampled: list[UnitCounts]

    def finished(
        self, intervals: list[Interval | Undefined] | None
    ) -> tuple[tuple[CodeAgreement, ...], Overall]:
        """The per-code figures with their intervals (``None``: none were drawn)."""
        codes = []
        for i, (code, alpha_value, observed, cohen, fleiss) in enumerate(self.per_code):
            interval: Interval | Undefined = UNDEFINED_ALPHA
            if not isinstance(alpha_value, Undefined):
                interval = NOT_DRAWN if intervals is None else intervals[i]
            codes.append(
                CodeAgreement(
                    code, alpha_value, interval, observed, cohen, fleiss, self.units, self.values
                )
            )
        return tuple(codes), self.overall


class _Scope:
    """The coefficients of one scope, from its signature counts."""

    def __init__(self, encoding: Encoding, exclusive: bool) -> None:
        self.encoding = encoding
        self.exclusive = exclusive

    def figures(self, counted: Counter[Signature], compared: int) -> _Pending:
        """Per-code and overall figures for ``compared`` coders, intervals still to draw."""
        encoding = self.encoding
        pairable = [(sig, weight) for sig, weight in counted.items() if len(sig) >= 2]
        # Units with the same number of values and the same code counts weigh the same.
        groups: Counter[tuple[int, int]] = Counter()
        multisets: Counter[tuple[int, ...]] = Counter()
        for sig, weight in pairable:
            sets = [codes for _, codes in sig]
            groups[len(sets), sum(map(encoding.counts, sets))] += weight
            multisets[tuple(sorted(map(encoding.ids, sets)))] += weight
        units = sum(groups.values())
        values = sum(m * weight for (m, _), weight in groups.items())
        per_code = [
            self._code(i, code, groups, pairable, compared, values)
            for i, code in enumerate(encoding.codes)
        ]
        overall = Overall(self._masi(multisets), self._nominal(counted, multisets), units, values)
        resampled: list[UnitCounts] = []
        for (m, counts), weight in groups.items():
            ks = tuple(encoding.count(counts, i) for i in range(len(encoding.codes)))
            resampled.extend([(m, ks)] * weight)
        return _Pending(per_code, units, values, overall, resampled)

    def _code(
        self,
        i: int,
        code: str,
        groups: Counter[tuple[int, int]],
        pairable: list[tuple[Signature, int]],
        compared: int,
        values: int,
    ) -> tuple[str, Figure, Figure, Figure, Figure]:
        kinds: Counter[tuple[int, int]] = Counter()
        full: Counter[int] = Counter()
        for (m, counts), weight in groups.items():
            k = self.encoding.count(counts, i)
            kinds[m, k] += weight
            if m == compared:
                full[k] += weight
        coincidences: Coincidences[bool] = Coincidences.from_counts(
            ({True: k, False: m - k}, weight) for (m, k), weight in kinds.items()
        )
        present = sum(k * weight for (_, k), weight in kinds.items())
        alpha_value = alpha(coincidences)
        if isinstance(alpha_value, Undefined) and values:
            if present == 0:
                alpha_value = Undefined("no coder applied this code to a pairable unit")
            elif present == values:
                alpha_value = Undefined("every coder applied this code to every pairable unit")
        if compared == 2:
            table: Counter[tuple[bool, bool]] = Counter()
            for sig, weight in pairable:
                table[code in sig[0][1], code in sig[1][1]] += weight
            cohen: Figure = cohen_kappa(table)
        elif compared < 2:
            cohen = Undefined(TOO_FEW_CODERS)
        else:
            cohen = Undefined(f"{compared} coders compared; Cohen's kappa is for exactly two")
        fleiss = (
            fleiss_kappa(({True: k, False: compared - k}, w) for k, w in full.items())
            if compared >= 2
            else Undefined(TOO_FEW_CODERS)
        )
        return code, alpha_value, observed_agreement(coincidences), cohen, fleiss

    def _masi(self, multisets: Counter[tuple[int, ...]]) -> Figure:
        rows = ((_tally(ids), weight) for ids, weight in multisets.items())
        return alpha(Coincidences.from_counts(rows), self.encoding.masi)

    def _nominal(self, counted: Counter[Signature], multisets: Counter[tuple[int, ...]]) -> Figure:
        if not self.exclusive:
            return Undefined(NOT_EXCLUSIVE)
        several = sum(w for sig, w in counted.items() for _, codes in sig if len(codes) > 1)
        if several:
            return Undefined(
                f"{plural(several, 'value')} {plural_form(several, 'carries', 'carry')} more "
                "than one code, though the codebook says its codes are mutually exclusive"
            )
        single = self.encoding.single
        rows = (
            (_tally([single(i) or NO_CODE for i in ids]), weight)
            for ids, weight in multisets.items()
        )
        return alpha(Coincidences.from_counts(rows))


def _tally(values: Sequence[V]) -> dict[V, int]:
    """How often each value occurs (a plain dict: cheaper than a Counter for a few values)."""
    counts: dict[V, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts
