"""Apply a coder's manual splits and merges, carrying annotations to the new sentences.

When a sentence is split, both halves keep its codes and note; when two are merged, the
merged sentence gets the union of their codes and both notes. Nothing a coder wrote is
dropped because the sentence boundaries moved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from annotator.annotation import Annotation, new_id, utc_now
from annotator.coding.anchoring import reposition
from annotator.store import DataDir
from annotator.store.corrections import load_overrides, save_overrides
from annotator.text.document import Document, resegmented
from annotator.text.overrides import EMPTY, OverridesDamaged, SegmentationOverrides


def with_overrides(document: Document, overrides: SegmentationOverrides) -> Document:
    """The same text segmented again with ``overrides``, as far as it was segmented."""
    return resegmented(document, overrides=overrides, upto=document.segmented_upto)


def saved_overrides(data_dir: DataDir, doc_id: str) -> SegmentationOverrides:
    """The coder's split/merge corrections saved for a document (none if there are none).

    Raises ``OverridesDamaged`` if their file is damaged.
    """
    return load_overrides(data_dir.segmentation_path(doc_id))


def corrected(
    data_dir: DataDir,
    document: Document,
    change: Callable[[SegmentationOverrides], SegmentationOverrides],
) -> Document:
    """``document`` segmented with its saved corrections changed by ``change``.

    The corrections file is written before anything else changes, so a correction shown
    is a correction kept. Raises ``OverridesDamaged`` when the file cannot be read (it is
    left as it is) and ``OSError`` when it cannot be written.
    """
    overrides = change(saved_overrides(data_dir, document.doc_id))
    new = with_overrides(document, overrides)
    save_overrides(data_dir.segmentation_path(document.doc_id), overrides)
    return new


def apply_saved_overrides(data_dir: DataDir, document: Document) -> Document:
    """``document`` with the overrides saved for it, if there are any.

    A damaged or unreadable overrides file is left untouched and reported in the
    document's notices; the segmenter's sentences are used meanwhile.
    """
    try:
        overrides = saved_overrides(data_dir, document.doc_id)
    except OverridesDamaged as exc:
        notice = f"sentence corrections not applied: {exc} (the file is kept as it is)"
        return replace(document, notices=(*document.notices, notice))
    except NotADirectoryError:
        return document  # the data directory cannot exist, so neither can the file
    except OSError as exc:
        notice = f"sentence corrections not applied: cannot read them ({exc.strerror or exc})"
        return replace(document, notices=(*document.notices, notice))
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
