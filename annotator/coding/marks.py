"""Finished marks and reference layers of many documents, saved by imports.

A REFI-QDA project carries which coder finished which document and which coder's
selections are the adjudicated reference layer; an export reads them with each
document's current coding (``annotator.export.sources``), and an import of a project
annotator wrote saves them back here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from annotator.annotation import utc_now
from annotator.store import DataDir, StoreDamaged
from annotator.store.places import UnsafePath
from annotator.store.writer import Setting


def save_marks(
    data_dir: DataDir,
    finished: Iterable[tuple[str, str]],
    reference: tuple[str, Collection[str]] | None = None,
) -> list[str]:
    """Mark each (document id, coder) of ``finished`` finished now (a mark already there
    keeps its time), and ``reference`` = (coder, document ids) as a reference layer on
    those documents where the coder has work. Returns what could not be saved (a file
    another annotator holds, a damaged one), one line each."""
    changes: dict[tuple[str, str], set[Setting]] = {}
    for doc_id, coder in finished:
        changes.setdefault((doc_id, coder), set()).add(Setting.FINISHED)
    if reference is not None:
        coder, doc_ids = reference
        for doc_id in doc_ids:
            try:
                has_work = data_dir.work(doc_id, coder) is not None
            except (StoreDamaged, OSError):
                has_work = True  # opening it below reports the problem
            if has_work:
                changes.setdefault((doc_id, coder), set()).add(Setting.REFERENCE)
    problems = []
    for (doc_id, coder), settings in sorted(changes.items()):
        try:
            store = data_dir.open_store(doc_id, coder)
        except (StoreDamaged, UnsafePath, OSError) as exc:
            problems.append(f"{coder} on {doc_id}: {exc}")
            continue
        try:
            if store.read_only:
                problems.append(f"{coder} on {doc_id}: {store.read_only_reason}")
                continue
            if Setting.FINISHED in settings and store.finished is None:
                store.set(Setting.FINISHED, utc_now())
            if Setting.REFERENCE in settings and not store.reference:
                store.set(Setting.REFERENCE, True)
        finally:
            if not store.close():
                problems.append(f"{coder} on {doc_id}: not saved")
    return problems
