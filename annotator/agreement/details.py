"""What lies behind the figures: the sentences coders disagree on, and who agrees with whom.

Computed on demand from the report's documents (the HTML page shows them, adjudication
will work through them), so that figures alone cost nothing extra.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import combinations

from annotator.agreement.encoding import Canonical, Codes
from annotator.agreement.model import CoderValue, Disagreement, PairConfusion
from annotator.agreement.units import RefinedDocument
from annotator.codebook.model import Codebook


def disagreements(document: RefinedDocument, codebook: Codebook) -> tuple[Disagreement, ...]:
    """Units on which the document's finished coders did not all give the same codes."""
    canonical = Canonical(codebook)
    found = []
    for unit in document.units:
        sets = [canonical(sentence.codes) for _, sentence in unit.sentences]
        if len(sets) < 2 or all(s == sets[0] for s in sets[1:]):
            continue
        values = tuple(
            CoderValue(coder, canonical.ordered(codes), sentence.note)
            for (coder, sentence), codes in zip(unit.sentences, sets, strict=True)
        )
        found.append(Disagreement(unit, document.quote(unit), values))
    return tuple(found)


def confusion(
    documents: Iterable[RefinedDocument], codebook: Codebook, codes: Sequence[str]
) -> dict[str, tuple[PairConfusion, ...]]:
    """Per code and per pair of coders, the units both coded, by who applied the code."""
    canonical = Canonical(codebook)
    pairs: Counter[tuple[str, Codes, str, Codes]] = Counter()
    coders: set[str] = set()
    for document in documents:
        coders.update(document.coders)
        for unit in document.units:
            values = [(coder, canonical(s.codes)) for coder, s in unit.sentences]
            for (a, codes_a), (b, codes_b) in combinations(values, 2):
                pairs[a, codes_a, b, codes_b] += 1
    result: dict[str, tuple[PairConfusion, ...]] = {}
    for code in codes:
        cells: dict[tuple[str, str], Counter[tuple[bool, bool]]] = {
            pair: Counter() for pair in combinations(sorted(coders), 2)
        }
        for (a, codes_a, b, codes_b), count in pairs.items():
            cells[a, b][code in codes_a, code in codes_b] += count
        result[code] = tuple(
            PairConfusion(
                a,
                b,
                both=cell[True, True],
                only_a=cell[True, False],
                only_b=cell[False, True],
                neither=cell[False, False],
            )
            for (a, b), cell in cells.items()
        )
    return result
