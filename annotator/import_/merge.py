"""Merging imported annotations into one coder's store on one document.

An incoming annotation replaces the stored one with the same id; failing that, the one
the same coder has on the same span (one annotation per sentence per coder). An id the
store already uses on another sentence is refused, never moved: moving it replaced that
sentence's coding and left two annotations on the new one. Stored annotations the file
does not mention are left alone: an import adds and updates, it never deletes. Each
store gets its changes in one durable write.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotator.annotation import Annotation
from annotator.codebook.model import Codebook
from annotator.import_.parse import Incoming
from annotator.import_.problems import Problem
from annotator.safe_text import one_line
from annotator.store import DataDir, DocumentStore, StoreDamaged

SAVE_SECONDS = 60.0
"""How long an import waits for one store's writes before reporting it unsaved."""


class StoreFailure(Exception):
    """One store could not be written; the others go on."""


@dataclass(slots=True)
class Merged:
    """What merging into one store did."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: list[Problem] = field(default_factory=list)


def id_in_use(stored: Annotation, incoming: Annotation) -> str:
    """Why ``incoming`` may not take the id of ``stored`` (on another sentence), or ""."""
    if (stored.start, stored.end) == (incoming.start, incoming.end):
        return ""
    return (
        f"id {one_line(incoming.id, 60)} is already used by {one_line(stored.coder, 40)}'s "
        f"annotation on paragraph {stored.paragraph}, sentence {stored.sentence} "
        f"({stored.start}..{stored.end}), not on this sentence; refused: give the row a new id"
    )


def refuse_ids_in_use(
    data_dir: DataDir, doc_id: str, incoming: Sequence[Incoming]
) -> tuple[list[Incoming], list[Problem]]:
    """Split ``incoming`` into rows to import and rows whose id each coder's store already
    uses on another sentence. Reads the stores only, so nothing is written before an
    all-or-nothing import knows every row is good. A store that cannot be read is
    reported when it is written (see ``merge_store``)."""
    coders = {item.annotation.coder for item in incoming}
    stored: dict[str, dict[str, Annotation]] = {}
    for coder in coders:
        try:
            work = data_dir.work(doc_id, coder)
        except (StoreDamaged, OSError, ValueError):
            continue
        if work is not None:
            stored[coder] = {a.id: a for a in work.annotations}
    kept: list[Incoming] = []
    refused: list[Problem] = []
    for item in incoming:
        current = stored.get(item.annotation.coder, {}).get(item.annotation.id)
        problem = id_in_use(current, item.annotation) if current is not None else ""
        if problem:
            refused.append(Problem(item.line, problem))
        else:
            kept.append(item)
    return kept, refused


def merge_store(
    data_dir: DataDir, doc_id: str, coder: str, items: Iterable[Incoming], codebook: Codebook
) -> Merged:
    """Merge one coder's incoming annotations into their store on ``doc_id``.

    Runs on a worker thread: stores are independent files, and most of the time goes to
    opening them (a lock file, a writer thread) and waiting for the disk, so several
    stores at once overlap those waits.
    """
    try:
        store = data_dir.open_store(doc_id, coder)
    except (StoreDamaged, OSError, ValueError) as exc:
        raise StoreFailure(f"cannot write the store of {doc_id}: {exc}") from None
    try:
        if store.read_only:
            reason = store.read_only_reason or "the store is read-only"
            raise StoreFailure(f"cannot write the store of {doc_id}: {reason}")
        merged = _queue_changes(store, items, codebook)
    finally:
        # close() waits for the writes, with a timeout: on a failing disk the writer
        # retries without end, and an import must report that rather than hang.
        closed = store.close(timeout=SAVE_SECONDS)
    if closed is False:
        raise StoreFailure(f"could not save the annotations of {doc_id}")
    return merged


def _queue_changes(store: DocumentStore, items: Iterable[Incoming], codebook: Codebook) -> Merged:
    merged = Merged()
    existing = store.load()
    by_id = {a.id: a for a in existing}
    by_span = {(a.start, a.end): a for a in existing}
    changes: list[tuple[str, Annotation | None]] = []
    for item in items:
        incoming = item.annotation
        same_id = by_id.get(incoming.id)
        if same_id is not None and (problem := id_in_use(same_id, incoming)):
            # The store changed since the rows were checked (a reader was open on it).
            merged.refused.append(Problem(item.line, problem))
            continue
        current = same_id or by_span.get((incoming.start, incoming.end))
        target = _merged(current, incoming, item.from_csv, codebook)
        if current is not None and target == current:
            merged.unchanged += 1
            continue
        if current is not None and current.id != target.id:
            changes.append((current.id, None))
            by_id.pop(current.id, None)
        changes.append((target.id, target))
        by_id[target.id] = target
        by_span[(target.start, target.end)] = target
        if current is None:
            merged.added += 1
        else:
            merged.updated += 1
    if changes:
        store.apply_many(changes)  # one durable write for the whole store
    return merged


def _merged(
    current: Annotation | None, incoming: Annotation, from_csv: bool, codebook: Codebook
) -> Annotation:
    """What should be stored. CSV rows change tags, note and time, and keep the rest."""
    if current is None or not from_csv:
        return incoming
    same_tags = set(codebook.canonical(t) for t in current.tags) == set(incoming.tags)
    return current.with_changes(
        tags=current.tags if same_tags else incoming.tags,
        note=incoming.note,
        updated=incoming.updated,
    )
