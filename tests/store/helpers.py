"""Small builders shared by the store tests and the fault-injection child script."""

from __future__ import annotations

from pathlib import Path

from annotator.annotation import Annotation


def annotation(key: str, *, note: str = "", tags: tuple[str, ...] = ("claim",)) -> Annotation:
    """An annotation with a chosen id on a made-up sentence."""
    return Annotation(
        id=key,
        doc_id="doc1",
        document="doc1.txt",
        paragraph=1,
        sentence=1,
        start=0,
        end=10,
        quote="Some text.",
        prefix="",
        suffix="",
        coder="alice",
        tags=tags,
        note=note,
    )


def store_file(root: Path, doc_id: str = "doc1", coder: str = "alice") -> Path:
    return root / "documents" / doc_id / f"{coder}.json"
