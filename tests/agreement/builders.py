"""Builders for agreement tests: reliability matrices, coded documents, small codebooks."""

from __future__ import annotations

import json
from collections.abc import Hashable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from annotator.agreement.units import CodedSentence, CoderWork, DocumentWork
from annotator.codebook.model import Code, Codebook

V = TypeVar("V", bound=Hashable)

DATA = Path(__file__).resolve().parent.parent / "data" / "agreement"

Cell = Iterable[str] | None
"""One coder's codes on one sentence; None: the coder has no sentence there (missing)."""


def reference_datasets() -> dict[str, dict[str, Any]]:
    """The published data sets (copied into tests/data with their attribution)."""
    data = json.loads((DATA / "reference_values.json").read_text(encoding="utf-8"))
    return {dataset["id"]: dataset for dataset in data["datasets"]}


def units_of(matrix: Sequence[Sequence[V | None]]) -> list[list[V]]:
    """A coders x units matrix (None missing) as units of their present values."""
    return [[row[u] for row in matrix if row[u] is not None] for u in range(len(matrix[0]))]


def codebook(*names: str, exclusive: bool = False) -> Codebook:
    """A codebook with codes named ``names`` on keys 1, 2, ..."""
    return Codebook(
        name="test-book",
        version="1",
        codes=tuple(
            Code(
                name=name,
                label=name[:6],
                key=str(i + 1),
                color="#5f87d7",
                definition=f"The {name} code.",
                id=f"00000000-0000-4000-8000-{i:012d}",
            )
            for i, name in enumerate(names)
        ),
        exclusive=exclusive,
    )


SENTENCE = 10
"""Each built sentence is 10 characters followed by one space."""


def span(index: int) -> tuple[int, int]:
    return index * (SENTENCE + 1), index * (SENTENCE + 1) + SENTENCE


def coder_work(
    coder: str,
    cells: Sequence[Cell],
    *,
    finished: bool = True,
    notes: Sequence[str] | None = None,
) -> CoderWork:
    """A coder's sentences: one per cell, all of equal length, skipping missing cells."""
    sentences = tuple(
        CodedSentence(*span(i), frozenset(cell), notes[i] if notes else "")
        for i, cell in enumerate(cells)
        if cell is not None
    )
    return CoderWork(coder, finished, sentences)


def document(
    matrix: Sequence[Sequence[Cell]], *, doc_id: str = "doc1", **kwargs: Any
) -> DocumentWork:
    """A document from a coders x sentences matrix of code sets; coders are c0, c1, ..."""
    finished = kwargs.pop("finished", None)
    works = tuple(
        coder_work(f"c{i}", row, finished=True if finished is None else finished[i])
        for i, row in enumerate(matrix)
    )
    length = len(matrix[0]) if matrix else 0
    text = " ".join(f"sentence{i:02d}" for i in range(length))
    return DocumentWork(doc_id, kwargs.pop("name", f"{doc_id}.txt"), works, text, **kwargs)
