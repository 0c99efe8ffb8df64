"""The shared corrections file of format 1: ``documents/<doc_id>/.segmentation.json``.

Sentence corrections (splits and merges) now live in each coder's own store file (table
``corrections``), written in the same atomic write as the annotations a split or merge
moves. A document's legacy shared file is still read: every coder whose file has no
corrections yet adopts it (see ``DocumentStore``). It is never written or deleted.
"""

from __future__ import annotations

from pathlib import Path

from annotator.store.storage import StoreDamaged, read_nofollow
from annotator.text.overrides import EMPTY, OverridesDamaged, SegmentationOverrides, from_json


def load_overrides(path: Path) -> SegmentationOverrides:
    """The overrides saved at ``path``; none if the file does not exist.

    Raises OverridesDamaged naming the file when it cannot be read (a symlink included).
    """
    try:
        data = read_nofollow(path)
    except StoreDamaged as exc:  # a symlink
        raise OverridesDamaged(str(exc)) from None
    except OSError as exc:
        raise OverridesDamaged(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if data is None:
        return EMPTY
    try:
        return from_json(data)
    except OverridesDamaged as exc:
        raise OverridesDamaged(f"{path}: {exc}") from None
