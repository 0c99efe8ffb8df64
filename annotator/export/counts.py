"""Counts of the coding: per code, and the share of sentences coded.

Two counts per code, because they answer different questions: ``annotations`` counts
each coder's use of the code (a sentence two coders tagged counts twice), ``sentences``
counts the sentences that carry it from anyone. The coded share is the number of
sentences with at least one tag over the number of sentences in the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.codebook.model import Codebook
from annotator.export.sources import ExportDocument


@dataclass(slots=True)
class CodeCount:
    code: str
    label: str
    annotations: int = 0
    sentences: int = 0


@dataclass(slots=True)
class DocumentStats:
    """Counts for one document; ``sentences`` is None when its text is unavailable."""

    name: str
    doc_id: str
    sentences: int | None
    coded_sentences: int
    noted_sentences: int
    annotations: int
    coders: list[str]
    codes: list[CodeCount] = field(default_factory=list)
    problem: str | None = None

    @property
    def coded_share(self) -> float | None:
        if not self.sentences:
            return None
        return self.coded_sentences / self.sentences


@dataclass(slots=True)
class Stats:
    documents: list[DocumentStats]
    total: DocumentStats

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": [_document_json(d) for d in self.documents],
            "total": _document_json(self.total),
        }


def _document_json(d: DocumentStats) -> dict[str, Any]:
    return {
        "name": d.name,
        "doc_id": d.doc_id,
        "sentences": d.sentences,
        "coded_sentences": d.coded_sentences,
        "coded_share": d.coded_share,
        "noted_sentences": d.noted_sentences,
        "annotations": d.annotations,
        "coders": d.coders,
        "codes": [
            {
                "code": c.code,
                "label": c.label,
                "annotations": c.annotations,
                "sentences": c.sentences,
            }
            for c in d.codes
        ],
        "problem": d.problem,
    }


def _code_counts(codebook: Codebook, names: Sequence[str]) -> dict[str, CodeCount]:
    counts: dict[str, CodeCount] = {}
    for name in names:
        code = codebook.by_name(name)
        counts[name] = CodeCount(name, code.label if code is not None else name)
    return counts


def document_stats(doc: ExportDocument, codebook: Codebook) -> DocumentStats:
    kept = [a for a in doc.placed if not a.is_empty]
    tagged: dict[str, set[tuple[int, int]]] = {}
    per_code: dict[str, int] = {}
    for a in kept:
        for tag in {codebook.canonical(t) for t in a.tags}:
            per_code[tag] = per_code.get(tag, 0) + 1
            tagged.setdefault(tag, set()).add((a.start, a.end))
    names = [c.name for c in codebook.codes]
    names += sorted(t for t in per_code if t not in names)
    counts = _code_counts(codebook, names)
    for name, count in counts.items():
        count.annotations = per_code.get(name, 0)
        count.sentences = len(tagged.get(name, ()))
    return DocumentStats(
        name=doc.name,
        doc_id=doc.doc_id,
        sentences=len(doc.document.sentences) if doc.document is not None else None,
        coded_sentences=len({(a.start, a.end) for a in kept if a.tags}),
        noted_sentences=len({(a.start, a.end) for a in kept if a.note}),
        annotations=len(kept),
        coders=sorted({a.coder for a in kept}),
        codes=list(counts.values()),
        problem=doc.problem,
    )


def compute_stats(docs: Sequence[ExportDocument], codebook: Codebook) -> Stats:
    """Per-document counts and their sum (the share over documents whose text is known)."""
    documents = [document_stats(doc, codebook) for doc in docs]
    names: list[str] = []
    for d in documents:
        names += [c.code for c in d.codes if c.code not in names]
    total_codes = _code_counts(codebook, names)
    for d in documents:
        for c in d.codes:
            total_codes[c.code].annotations += c.annotations
            total_codes[c.code].sentences += c.sentences
    known = [d for d in documents if d.sentences is not None]
    total = DocumentStats(
        name="total",
        doc_id="",
        sentences=sum(d.sentences or 0 for d in known) if known else None,
        coded_sentences=sum(d.coded_sentences for d in known),
        noted_sentences=sum(d.noted_sentences for d in documents),
        annotations=sum(d.annotations for d in documents),
        coders=sorted({c for d in documents for c in d.coders}),
        codes=list(total_codes.values()),
    )
    return Stats(documents, total)
