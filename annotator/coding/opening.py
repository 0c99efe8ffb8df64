"""Opening a coding session: the coder's store, their corrections, the catalog, and the
coding of earlier versions of the text.

Kept apart from the session itself: opening decides which sentences the coder sees (their
own corrections, those carried from an earlier version of the text, or a legacy shared
file's), records the document in the catalog when it can (as the version that follows
the earlier one), and hands the session what to carry over (see
``annotator.coding.carrying``).
"""

from __future__ import annotations

from dataclasses import replace

from annotator.codebook.model import Codebook
from annotator.coding.carrying import CarryPlan, plan_carry
from annotator.coding.catalog import (
    catalog_warning,
    is_catalog,
    register_if_possible,
)
from annotator.coding.resegment import legacy_notice, with_overrides
from annotator.coding.session import CodingSession
from annotator.store import CatalogEntry, DataDir, StoreDamaged
from annotator.store.places import UnsafePath
from annotator.store.segment_cache import SegmentCache
from annotator.store.versions import Versions
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

    When the text follows an earlier version (the same file edited), the coder's work on
    it is carried over: placed annotations are saved under this version, the rest held
    for review (``session.held``), never deleted. A partly segmented document takes it
    once it is whole.

    When the data directory cannot be written (a read-only folder, a full disk), the
    document opens read-only and ``read_only_reason`` says why.
    """
    warnings: list[str] = []
    reason = ""
    try:
        store = data_dir.open_store(document.doc_id, coder, read_only=read_only)
    except UnsafePath:
        raise
    except OSError as exc:  # its folder cannot be made: a read-only folder, a full disk
        reason = _unwritable(data_dir, exc)
        store = data_dir.open_store(document.doc_id, coder, read_only=True)
    try:
        damage: StoreDamaged | None = None
        known: CatalogEntry | None = None
        try:
            read = data_dir.catalog_read(coder)
            versions = Versions.of(read.entries)
        except StoreDamaged as exc:
            if not is_catalog(data_dir, exc):
                raise
            damage = exc
            warnings.append(catalog_warning(exc))
            plan = CarryPlan()
        else:
            plan = plan_carry(data_dir, versions, document, store)
            known = read.own.get(document.doc_id)
        overrides = store.corrections
        carried = plan.corrections
        if carried is not None and store.own_corrections is None:
            overrides = carried.overrides
        if overrides and document.complete:
            document = SegmentCache(data_dir).segmented(document, overrides)
        elif overrides:
            document = with_overrides(document, overrides)
        if store.own_corrections is None and carried is None:
            notice = legacy_notice(data_dir, document.doc_id)
            if notice is not None:
                document = replace(document, notices=(*document.notices, notice))
        previous = plan.previous.doc_id if plan.previous is not None else None
        if not store.read_only and document.complete and _may_register(data_dir, damage, coder):
            try:
                register_if_possible(data_dir, document, warnings, previous, coder, known)
            except UnsafePath:
                raise
            except OSError as exc:  # the catalog cannot be written: the coder can still read
                store.close()
                reason = _unwritable(data_dir, exc)
                store = data_dir.open_store(document.doc_id, coder, read_only=True)
    except BaseException:
        store.close()
        raise
    session = CodingSession(document, codebook, store, coder, data_dir, read_only_reason=reason)
    session.warnings = warnings
    session.corrections = overrides
    session.previous_version = previous
    session.carry_over(plan)
    return session


def _may_register(data_dir: DataDir, damage: StoreDamaged | None, coder: str) -> bool:
    """Whether the document can be recorded in the catalog: a damaged catalog file is
    never written, but in a project a teammate's damaged file leaves the coder's own
    one free."""
    return damage is None or (
        data_dir.project_root is not None and damage.path != data_dir.catalog_file(coder)
    )


def _unwritable(data_dir: DataDir, exc: OSError) -> str:
    why = exc.strerror or str(exc)
    return f"cannot write the data directory ({why}): {data_dir.root}; opened read-only"
