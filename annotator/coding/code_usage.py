"""How much each code is used: the annotations that carry it, and the sentences.

One routine counts for the statistics screen (one coder, one document) and for
``annotator stats`` (every coder, many documents), so both agree on the rules: a tag
under a code's former name counts as the code, a tag given twice in one annotation
counts once, the codebook's codes come first (in its order, even when unused), and tags
whose code left the codebook follow by name, counted and flagged.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from annotator.codebook.model import Codebook


@dataclass(frozen=True, slots=True)
class CodeUsage:
    """One code's use: annotations that carry it, and the distinct sentences they are on.

    ``annotations`` counts each coder's use (two coders giving a sentence the code count
    twice); ``sentences`` counts the sentences that carry it from anyone.
    """

    name: str
    label: str
    color: str | None
    in_codebook: bool
    annotations: int
    sentences: int


@dataclass(frozen=True, slots=True)
class UsageCount:
    """Every code's use, in codebook order then by name, and how many sentences are tagged."""

    codes: tuple[CodeUsage, ...]
    tagged_sentences: int


def count_usage(
    codebook: Codebook, annotations: Iterable[tuple[Hashable, Iterable[str]]]
) -> UsageCount:
    """Count ``(sentence, tags)`` pairs, one per annotation.

    ``sentence`` is anything that tells sentences apart: an index within one document, a
    span, or a document and a span across several.
    """
    uses: dict[str, int] = {}
    on: dict[str, set[Hashable]] = {}
    tagged: set[Hashable] = set()
    for sentence, tags in annotations:
        for tag in {codebook.canonical(t) for t in tags}:
            uses[tag] = uses.get(tag, 0) + 1
            on.setdefault(tag, set()).add(sentence)
            tagged.add(sentence)
    rows = [
        CodeUsage(
            code.name,
            code.label,
            code.color,
            True,
            uses.pop(code.name, 0),
            len(on.get(code.name, ())),
        )
        for code in codebook.codes
    ]
    rows += [CodeUsage(name, name, None, False, uses[name], len(on[name])) for name in sorted(uses)]
    return UsageCount(tuple(rows), len(tagged))
