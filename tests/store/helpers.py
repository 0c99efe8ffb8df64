"""Small builders shared by the store tests and the fault-injection child script."""

from __future__ import annotations

import hashlib
from pathlib import Path

from annotator.annotation import Annotation
from annotator.store.datadir import DataDir


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


def doc_key(name: str) -> str:
    """A document id (16 hex digits) made from a readable name such as ``doc1``."""
    return hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]


def store_file(root: Path, doc_id: str = "doc1", coder: str = "alice") -> Path:
    """Where ``coder``'s store file of document ``doc_id`` (a name: see ``doc_key``) is."""
    return DataDir(root).store_path(doc_key(doc_id), coder)
