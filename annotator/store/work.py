"""Coders' work on a document as their files hold it, read without opening a writer.

Agreement, corpus progress, exports and the doctor read many coders' files and write
none: they need the annotations, the coder's name, the finished mark and the sentence
corrections, and no lock, TinyDB or writer thread. ``read_work`` gives them all of it from
one file's bytes, checked against the one schema (bad records are listed and left out);
``store_files`` lists a document's files and ``read_all_work`` reads every coder's, once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.annotation import Annotation
from annotator.store.naming import coder_file_name, is_store_name
from annotator.store.records import corrections_from_record
from annotator.store.schema import ANNOTATIONS, CODER, CORRECTIONS, STATE, BadRecord, singleton
from annotator.store.state_fields import StateFields
from annotator.store.storage import StoreDamaged, read_contents, read_nofollow
from annotator.text.overrides import EMPTY, SegmentationOverrides


@dataclass(frozen=True, slots=True)
class CoderWork:
    """What one store file holds.

    ``coder`` is the name the file holds, or the one its annotations name (a file of an
    older format); None for an old file with no annotations. ``corrections`` are the
    coder's own, or the document's legacy shared ones when the file has none yet
    (``own_corrections`` tells which). ``bad`` are records that do not fit the schema:
    left out of everything here. ``reference`` is true for an adjudicated reference
    layer, whose ``adjudicated`` are the start offsets of the sentences decided.
    ``carried_from`` is the earlier version of the text the coding was carried over
    from; ``held`` the ids of that version's annotations awaiting the coder's decision,
    ``rejected`` those the coder left orphaned.
    """

    path: Path
    coder: str | None
    annotations: list[Annotation]
    corrections: SegmentationOverrides = EMPTY
    own_corrections: bool = False
    finished: str | None = None
    cursor: int | None = None
    version: int = 0
    bad: list[BadRecord] = field(default_factory=list)
    reference: bool = False
    adjudicated: tuple[int, ...] = ()
    carried_from: str | None = None
    held: tuple[str, ...] = ()
    rejected: tuple[str, ...] = ()


def read_work(
    path: Path, legacy: SegmentationOverrides | None = None, data: bytes | None = None
) -> CoderWork | None:
    """The work in the store file at ``path`` (None if there is none); StoreDamaged if
    the file is damaged. ``legacy`` are the document's shared corrections to fall back on.
    """
    if data is None:
        data = read_nofollow(path)
        if data is None:
            return None
    contents = read_contents(path, data)
    tables = contents.tables
    annotations = [
        Annotation.from_record(record) for record in tables.get(ANNOTATIONS, {}).values()
    ]
    coder_record = singleton(tables, CODER)
    coder = coder_record.get("name") if coder_record else None
    if not isinstance(coder, str):
        names = {a.coder for a in annotations}
        coder = names.pop() if len(names) == 1 else None
    state = StateFields.of(singleton(tables, STATE))
    own = corrections_from_record(singleton(tables, CORRECTIONS))
    return CoderWork(
        path=path,
        coder=coder,
        annotations=annotations,
        corrections=own if own is not None else (legacy or EMPTY),
        own_corrections=own is not None,
        finished=state.finished,
        cursor=state.cursor,
        version=contents.version,
        bad=contents.bad,
        reference=bool(coder_record and coder_record.get("reference") is True),
        adjudicated=state.adjudicated,
        carried_from=state.carried_from,
        held=state.held,
        rejected=state.rejected,
    )


def store_files(directory: Path) -> list[Path]:
    """Every coder's store file in a document's folder (either name format; symlinks
    too, so that reading them reports them); none when there is no folder."""
    try:
        entries = list(os.scandir(directory))
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(Path(e.path) for e in entries if is_store_name(e.name))


def read_all_work(
    files: Iterable[Path],
    legacy: SegmentationOverrides | None = None,
    damaged: list[StoreDamaged] | None = None,
) -> list[CoderWork]:
    """The work in each of a document's store ``files``, one per coder, in their order.

    A coder whose file exists under both name formats (an older annotator wrote the
    old name again) is read from the new one. Raises StoreDamaged for a damaged file,
    unless ``damaged`` is given: then each damaged file is added to it and the others
    are read.
    """
    found: list[CoderWork] = []
    for path in files:
        try:
            work = read_work(path, legacy)
        except StoreDamaged as exc:
            if damaged is None:
                raise
            damaged.append(exc)
            continue
        if work is not None:
            found.append(work)
    current = {w.coder for w in found if w.coder and w.path.name == coder_file_name(w.coder)}
    return [
        w
        for w in found
        if not (w.coder in current and w.coder and w.path.name != coder_file_name(w.coder))
    ]
