"""Counts of the coding for ``annotator stats``: per code, and the share of sentences coded.

Two counts per code, because they answer different questions: ``annotations`` counts
each coder's use of the code (a sentence two coders tagged counts twice), ``sentences``
counts the sentences that carry it from anyone (``annotator.coding.code_usage``, which
the statistics screen counts with too). The coded share is the number of sentences with
at least one tag over the number of sentences in the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from annotator.annotation import Annotation
from annotator.codebook.model import Codebook
from annotator.coding.code_usage import CodeUsage, count_usage
from annotator.export.sources import ExportDocument


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
    codes: tuple[CodeUsage, ...] = ()
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
                "code": c.name,
                "label": c.label,
                "annotations": c.annotations,
                "sentences": c.sentences,
            }
            for c in d.codes
        ],
        "problem": d.problem,
    }


def _sentences(doc: ExportDocument) -> list[Annotation]:
    """The annotations that count: empty ones (no tags, no note) are left out."""
    return [a for a in doc.placed if not a.is_empty]


def document_stats(doc: ExportDocument, codebook: Codebook) -> DocumentStats:
    kept = _sentences(doc)
    usage = count_usage(codebook, (((a.start, a.end), a.tags) for a in kept))
    return DocumentStats(
        name=doc.name,
        doc_id=doc.doc_id,
        sentences=len(doc.document.sentences) if doc.document is not None else None,
        coded_sentences=usage.tagged_sentences,
        noted_sentences=len({(a.start, a.end) for a in kept if a.note}),
        annotations=len(kept),
        coders=sorted({a.coder for a in kept}),
        codes=usage.codes,
        problem=doc.problem,
    )


def compute_stats(docs: Sequence[ExportDocument], codebook: Codebook) -> Stats:
    """Per-document counts and their sum (the share over documents whose text is known).

    A sentence is told apart by its document and span, so the total counts each
    document's sentences as that document's count does.
    """
    documents = [document_stats(doc, codebook) for doc in docs]
    every = (
        ((number, a.start, a.end), a.tags)
        for number, doc in enumerate(docs)
        for a in _sentences(doc)
    )
    known = [d for d in documents if d.sentences is not None]
    total = DocumentStats(
        name="total",
        doc_id="",
        sentences=sum(d.sentences or 0 for d in known) if known else None,
        coded_sentences=sum(d.coded_sentences for d in known),
        noted_sentences=sum(d.noted_sentences for d in documents),
        annotations=sum(d.annotations for d in documents),
        coders=sorted({c for d in documents for c in d.coders}),
        codes=count_usage(codebook, every).codes,
    )
    return Stats(documents, total)
