"""Reading the coding of earlier versions of a text: what carrying it over starts from.

A coder's work on a version is that version's file; once coding was carried over from an
earlier version, the file records that version (``carried_from``) and the ids of its
annotations that were not placed (``held``, and ``rejected`` among the decided ones).
Those stay in the earlier version's file, never deleted, so reading a coder's work on a
version follows ``carried_from`` back to find them.

``earlier_work`` finds, for a coder and a text, the latest version before it holding that
coder's work (walking back through versions the coder never opened), with everything
that work holds; ``held_annotations`` finds the held ones of a version already carried.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from annotator.annotation import Annotation
from annotator.coding.reanchoring.carry import Earlier
from annotator.store import CatalogEntry, DataDir, StoreDamaged
from annotator.store.naming import coder_file_name
from annotator.store.texts import kept_text
from annotator.store.versions import Versions
from annotator.store.work import CoderWork, read_work
from annotator.text.document import content_id
from annotator.text.loading import LoadError, load_text
from annotator.text.overrides import OverridesDamaged

MAX_VERSIONS = 1000
"""Versions walked back at most (a guard against a catalog whose links loop)."""


@dataclass(frozen=True, slots=True)
class Held:
    """Annotations a version holds for its coder from the version it was carried from."""

    source: str
    annotations: tuple[Annotation, ...]
    rejected: tuple[Annotation, ...]
    text: str | None


def version_text(data_dir: DataDir, entry: CatalogEntry | None, doc_id: str) -> str | None:
    """Version ``doc_id``'s text: its kept copy, or its file if that still holds it."""
    kept = kept_text(data_dir, doc_id)
    if kept is not None or entry is None:
        return kept
    try:
        text = load_text(Path(entry.path)).text
    except (LoadError, OSError):
        return None
    return text if content_id(text) == doc_id else None


def _work(data_dir: DataDir, doc_id: str, coder: str) -> CoderWork | None:
    """The coder's work on a version; a damaged file holds nothing that can be carried
    (it is reported where that version is opened, and by the doctor)."""
    try:
        return data_dir.work(doc_id, coder)
    except (StoreDamaged, OSError, ValueError):
        return None


def _own(work: CoderWork, coder: str) -> tuple[Annotation, ...]:
    return tuple(a for a in work.annotations if a.coder == coder)


def _holds(work: CoderWork) -> bool:
    return bool(work.annotations or work.carried_from or work.corrections or work.finished)


def _everything(
    data_dir: DataDir, work: CoderWork, coder: str, seen: set[str]
) -> tuple[tuple[Annotation, ...], tuple[Annotation, ...]]:
    """A version's annotations for ``coder``, with those it still holds undecided from
    versions before it; and those the coder rejected."""
    own = _own(work, coder)
    if work.carried_from is None or not (work.held or work.rejected):
        return own, ()
    held = _held(data_dir, coder, Holding.of(work), seen)
    return own + held.annotations, held.rejected


@dataclass(frozen=True, slots=True)
class Holding:
    """What a version's file says about coding carried into it."""

    source: str | None
    held: tuple[str, ...]
    rejected: tuple[str, ...]
    own: frozenset[str]
    """Ids of the annotations in the file: held ones moved there are decided."""

    @classmethod
    def of(cls, work: CoderWork) -> Holding:
        own = frozenset(a.id for a in work.annotations)
        return cls(work.carried_from, work.held, work.rejected, own)


def _held(data_dir: DataDir, coder: str, holding: Holding, seen: set[str]) -> Held:
    source = holding.source
    nothing = not (holding.held or holding.rejected)
    if source is None or nothing or source in seen or len(seen) > MAX_VERSIONS:
        return Held(source or "", (), (), None)
    seen.add(source)
    before = _work(data_dir, source, coder)
    if before is None:
        return Held(source, (), (), None)
    everything, rejected_before = _everything(data_dir, before, coder, seen)
    pool = {a.id: a for a in (*everything, *rejected_before)}
    own = holding.own
    held = tuple(pool[i] for i in holding.held if i in pool and i not in own)
    rejected = tuple(pool[i] for i in holding.rejected if i in pool and i not in own)
    return Held(source, held, rejected, None)


def held_annotations(
    data_dir: DataDir,
    doc_id: str,
    coder: str,
    holding: Holding,
    versions: Versions | None = None,
) -> Held:
    """The annotations version ``doc_id`` holds for ``coder``'s review from the version
    it was carried from, and those the coder rejected; with that version's text, which
    re-anchoring uses to propose them again."""
    held = _held(data_dir, coder, holding, {doc_id})
    if not (held.annotations or held.rejected):
        return held
    entry = versions.entries.get(held.source) if versions is not None else None
    return Held(
        held.source, held.annotations, held.rejected, version_text(data_dir, entry, held.source)
    )


def version_input(data_dir: DataDir, doc_id: str, coder: str) -> tuple[Annotation, ...]:
    """Every annotation ``coder``'s work on version ``doc_id`` holds: its own records,
    those it holds undecided from versions before it, and the rejected ones (what a
    carry from this version gives an outcome each)."""
    work = _work(data_dir, doc_id, coder)
    if work is None:
        return ()
    annotations, rejected = _everything(data_dir, work, coder, {doc_id})
    return annotations + rejected


def _chain(versions: Versions, first: CatalogEntry | None) -> Iterator[CatalogEntry]:
    seen: set[str] = set()
    entry = first
    while entry is not None and entry.doc_id not in seen and len(seen) < MAX_VERSIONS:
        seen.add(entry.doc_id)
        yield entry
        entry = versions.previous(entry.doc_id)


def earlier_work(
    data_dir: DataDir, versions: Versions, predecessor: CatalogEntry | None, coder: str
) -> Earlier | None:
    """``coder``'s work to carry over to a text that follows ``predecessor``: from the
    latest version (``predecessor`` or one before it) that holds work of theirs."""
    for entry in _chain(versions, predecessor):
        work = _work(data_dir, entry.doc_id, coder)
        if work is None or not _holds(work):
            continue
        annotations, rejected = _everything(data_dir, work, coder, {entry.doc_id})
        return Earlier(
            doc_id=entry.doc_id,
            coder=coder,
            text=version_text(data_dir, entry, entry.doc_id),
            annotations=annotations,
            rejected=rejected,
            corrections=work.corrections,
            finished=work.finished,
            cursor=work.cursor,
            reference=work.reference,
        )
    return None


def earlier_coders(
    data_dir: DataDir,
    versions: Versions,
    predecessor: CatalogEntry | None,
    known: Collection[str] = (),
) -> list[str]:
    """Every coder other than ``known`` with work on ``predecessor`` or a version before
    it (damaged files and files that name no coder left out: nothing of theirs can be
    carried). The files of ``known`` coders are not read: a long history costs a
    directory listing per version once everyone's work is carried."""
    skip = {coder_file_name(name) for name in known if name}
    found: dict[str, None] = {}
    for entry in _chain(versions, predecessor):
        try:
            paths = data_dir.store_files(entry.doc_id)
            legacy = data_dir.legacy_corrections(entry.doc_id)
        except (StoreDamaged, OSError, OverridesDamaged):
            continue
        for path in paths:
            if path.name in skip:
                continue
            try:
                work = read_work(path, legacy)
            except (StoreDamaged, OSError):
                continue
            if work is not None and work.coder is not None and _holds(work):
                found.setdefault(work.coder)
    return list(found)
