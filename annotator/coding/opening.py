"""Opening a coding session: the coder's store, their corrections, and the catalog.

Kept apart from the session itself: opening decides which sentences the coder sees (their
own corrections, or a legacy shared file's), records the document in the catalog when it
can, and carries coding over from earlier versions of the file.
"""

from __future__ import annotations

from dataclasses import replace

from annotator.codebook.model import Codebook
from annotator.coding.catalog import (
    carry_over_earlier_versions,
    catalog_warning,
    is_catalog,
    register_if_possible,
)
from annotator.coding.resegment import legacy_notice, with_overrides
from annotator.coding.session import CodingSession
from annotator.store import DataDir, StoreDamaged
from annotator.store.segment_cache import SegmentCache
from annotator.text.document import Document


def open_session(
    data_dir: DataDir,
    document: Document,
    codebook: Codebook,
    coder: str,
    *,
    read_only: bool = False,
) -> CodingSession:
    """Register the document, open the coder's store and place stored annotations.

    When this version of the document has no annotations yet but an earlier version of
    the same file does, those that can be placed exactly are carried over; the rest stay
    where they are and are counted in ``unplaced``.
    """
    warnings: list[str] = []
    store = data_dir.open_store(document.doc_id, coder, read_only=read_only)
    try:
        overrides = store.corrections
        if overrides and document.complete:
            document = SegmentCache(data_dir).segmented(document, overrides)
        elif overrides:
            document = with_overrides(document, overrides)
        if store.own_corrections is None:
            notice = legacy_notice(data_dir, document.doc_id)
            if notice is not None:
                document = replace(document, notices=(*document.notices, notice))
        if not store.read_only and document.complete:
            register_if_possible(data_dir, document, warnings)
    except BaseException:
        store.close()
        raise
    session = CodingSession(document, codebook, store, coder, data_dir)
    session.warnings = warnings
    if not session.annotations and not session.unplaced and not warnings:
        try:
            carry_over_earlier_versions(data_dir, session)
        except StoreDamaged as exc:
            if not is_catalog(data_dir, exc):
                raise
            session.warnings.append(catalog_warning(exc))
    return session
