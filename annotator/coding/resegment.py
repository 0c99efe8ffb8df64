"""Apply a coder's manual splits and merges, carrying annotations to the new sentences.

Each coder's corrections are kept in the coder's own store file; a document's sentences
are therefore per coder, and so is the placing of annotations on them.

When a sentence is split, both halves keep its codes and note; when two are merged, the
merged sentence gets the union of their codes and both notes. Nothing a coder wrote is
dropped because the sentence boundaries moved.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from annotator.annotation import Annotation, new_id, utc_now
from annotator.coding.anchoring import reposition
from annotator.store import DataDir, StoreDamaged
from annotator.text.document import Document, resegmented
from annotator.text.overrides import EMPTY, OverridesDamaged, SegmentationOverrides


def with_overrides(document: Document, overrides: SegmentationOverrides) -> Document:
    """The same text segmented again with ``overrides``, as far as it was segmented."""
    return resegmented(document, overrides=overrides, upto=document.segmented_upto)


def coder_corrections(data_dir: DataDir, doc_id: str, coder: str) -> SegmentationOverrides:
    """A coder's sentence corrections on a document, read without a lock: the coder's
    own, else the document's legacy shared ones; none when the file cannot be read (its
    damage is reported where the file is opened)."""
    try:
        work = data_dir.work(doc_id, coder)
    except (StoreDamaged, OSError):
        work = None
    if work is not None:
        return work.corrections
    try:
        return data_dir.legacy_corrections(doc_id) or EMPTY
    except OverridesDamaged:
        return EMPTY


def common_corrections(data_dir: DataDir, doc_id: str) -> SegmentationOverrides:
    """The corrections every coder of a document shares: theirs when they all have the
    same (the legacy shared ones, adopted by all, included), else none."""
    try:
        works = data_dir.all_work(doc_id)
    except (StoreDamaged, OSError):
        works = []
    found = {work.corrections for work in works}
    if len(found) == 1:
        return found.pop()
    if found:
        return EMPTY
    try:
        return data_dir.legacy_corrections(doc_id) or EMPTY
    except OverridesDamaged:
        return EMPTY


def legacy_notice(data_dir: DataDir, doc_id: str) -> str | None:
    """A notice when the document's legacy shared corrections cannot be read."""
    try:
        data_dir.legacy_corrections(doc_id)
    except OverridesDamaged as exc:
        return f"sentence corrections not applied: {exc} (the file is kept as it is)"
    return None


def apply_saved_overrides(
    data_dir: DataDir, document: Document, coder: str | None = None
) -> Document:
    """``document`` with the saved corrections: ``coder``'s, or with no coder those that
    every coder shares (see ``common_corrections``).

    A damaged legacy corrections file is left untouched and reported in the document's
    notices; the segmenter's sentences are used meanwhile.
    """
    if coder is None:
        overrides = common_corrections(data_dir, document.doc_id)
    else:
        overrides = coder_corrections(data_dir, document.doc_id, coder)
    notice = legacy_notice(data_dir, document.doc_id)
    if notice is not None:
        document = replace(document, notices=(*document.notices, notice))
    return with_overrides(document, overrides) if overrides != EMPTY else document


@dataclass(frozen=True, slots=True)
class Carried:
    """The outcome of moving one coder's annotations onto new sentence boundaries."""

    annotations: dict[int, Annotation]
    saved: list[Annotation]
    deleted: list[str]


def carry_annotations(old: Document, new: Document, annotations: dict[int, Annotation]) -> Carried:
    """Move annotations keyed by ``old`` sentence index onto the sentences of ``new``."""
    by_start = sorted(annotations.items(), key=lambda item: old.sentences[item[0]].start)
    result: dict[int, Annotation] = {}
    saved: list[Annotation] = []
    used: set[str] = set()
    for sentence in new.sentences:
        overlapping = [
            a
            for index, a in by_start
            if old.sentences[index].start < sentence.end
            and sentence.start < old.sentences[index].end
        ]
        if not overlapping:
            continue
        if len(overlapping) == 1 and (overlapping[0].start, overlapping[0].end) == (
            sentence.start,
            sentence.end,
        ):
            result[sentence.index] = reposition(new, sentence.index, overlapping[0])
            used.add(overlapping[0].id)
            continue
        first = overlapping[0]
        tags: list[str] = []
        notes: list[str] = []
        for a in overlapping:
            tags.extend(t for t in a.tags if t not in tags)
            if a.note and a.note not in notes:
                notes.append(a.note)
        keep_id = first.id if first.id not in used else new_id()
        used.add(keep_id)
        merged = reposition(new, sentence.index, first).with_changes(
            id=keep_id,
            tags=tuple(tags),
            note="\n\n".join(notes),
            created=min(a.created for a in overlapping),
            updated=utc_now(),
        )
        result[sentence.index] = merged
        saved.append(merged)
    deleted = [a.id for a in annotations.values() if a.id not in used]
    return Carried(result, saved, deleted)


def changed_sentences(
    old: Document,
    new: Document,
    before: dict[int, Annotation],
    after: dict[int, Annotation],
) -> tuple[tuple[tuple[int, Annotation], ...], tuple[tuple[int, Annotation], ...]]:
    """The annotations on the sentences a correction replaced (numbered in ``old``) and
    on those it made (numbered in ``new``): the sentences whose span is in only one."""
    old_spans = {(s.start, s.end) for s in old.sentences}
    new_spans = {(s.start, s.end) for s in new.sentences}
    replaced = tuple(
        (i, a)
        for i, a in sorted(before.items())
        if (old.sentences[i].start, old.sentences[i].end) not in new_spans
    )
    made = tuple(
        (i, a)
        for i, a in sorted(after.items())
        if (new.sentences[i].start, new.sentences[i].end) not in old_spans
    )
    return replaced, made


def swap_annotations(
    old: Document,
    new: Document,
    annotations: dict[int, Annotation],
    leaving: tuple[tuple[int, Annotation], ...],
    coming: tuple[tuple[int, Annotation], ...],
) -> dict[int, Annotation]:
    """``annotations`` (on ``old``) moved onto ``new``: those in ``leaving`` go, those in
    ``coming`` are put back as they were, and the rest follow their unchanged sentences."""
    gone = {i for i, _ in leaving}
    by_span = {(s.start, s.end): s.index for s in new.sentences}
    result: dict[int, Annotation] = {}
    strays: dict[int, Annotation] = {}
    for index, annotation in annotations.items():
        if index in gone:
            continue
        span = old.sentences[index]
        moved = by_span.get((span.start, span.end))
        if moved is None:
            strays[index] = annotation  # not expected; carried as a correction carries
        else:
            result[moved] = annotation if moved == index else reposition(new, moved, annotation)
    result.update(coming)
    if strays:
        for index, annotation in carry_annotations(old, new, strays).annotations.items():
            result.setdefault(index, annotation)
    return result
