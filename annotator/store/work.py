"""One coder's work on one document as its file holds it, read without opening a writer.

Agreement, corpus progress, exports and the doctor read many coders' files and write
none: they need the annotations, the coder's name, the finished mark and the sentence
corrections, and no lock, TinyDB or writer thread. ``read_work`` gives them all of it from
the file's bytes, checked against the one schema (bad records are listed and left out).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotator.annotation import Annotation
from annotator.store.records import corrections_from_record
from annotator.store.schema import ANNOTATIONS, CODER, CORRECTIONS, STATE, BadRecord, singleton
from annotator.store.storage import read_contents, read_nofollow
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
    state = singleton(tables, STATE) or {}
    own = corrections_from_record(singleton(tables, CORRECTIONS))
    finished = state.get("finished")
    cursor = state.get("cursor")
    adjudicated = state.get("adjudicated")
    carried_from = state.get("carried_from")
    return CoderWork(
        path=path,
        coder=coder,
        annotations=annotations,
        corrections=own if own is not None else (legacy or EMPTY),
        own_corrections=own is not None,
        finished=finished if isinstance(finished, str) else None,
        cursor=cursor if isinstance(cursor, int) else None,
        version=contents.version,
        bad=contents.bad,
        reference=bool(coder_record and coder_record.get("reference") is True),
        adjudicated=tuple(adjudicated) if isinstance(adjudicated, list) else (),
        carried_from=carried_from if isinstance(carried_from, str) else None,
        held=_ids(state.get("held")),
        rejected=_ids(state.get("rejected")),
    )


def _ids(value: object) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else ()
