"""The other coders' codes on a document, for showing beside the coder's own.

In a project coding is blind by default: the reader shows only the coder's own codes, so
that one coder's choices do not lead another's. Once the coder has finished a document
(or in a project with ``blind = false``, or outside a project) the reader can show what
the others gave each sentence. ``read_peers`` reads their store files once, without a
lock; ``Peers.over`` answers for a span of the text, whatever the others' sentence
boundaries (their annotations are placed by offset: the text is the same, since the
document id is its content's). After an edit of the text, a coder who has not opened the
new text yet has no file on it: ``carried_peers`` carries their work over in memory, as
exports and agreement do, so they are shown too. Adjudication shows every coder through
its own view and does not use this.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.store import DataDir, StoreDamaged
from annotator.store.naming import coder_file_name
from annotator.store.work import read_work
from annotator.text.document import Document


@dataclass(frozen=True, slots=True)
class PeerAnswer:
    """What one other coder gave a span: their codes (in the order first met) and notes."""

    coder: str
    codes: tuple[str, ...]
    note: str
    finished: bool
    reference: bool


@dataclass(frozen=True, slots=True)
class PeerWork:
    """One other coder's coded spans, in text order: (start, end, codes, note)."""

    coder: str
    finished: bool
    reference: bool
    spans: tuple[tuple[int, int, tuple[str, ...], str], ...]


class Peers:
    """Every other coder's work on one document; ``unreadable`` counts store files that
    could not be read (damaged: the doctor names them)."""

    def __init__(self, works: Sequence[PeerWork], unreadable: int = 0) -> None:
        self.works = tuple(sorted(works, key=lambda w: (w.reference, w.coder)))
        self.unreadable = unreadable
        self._starts = [tuple(span[0] for span in work.spans) for work in self.works]

    @property
    def coders(self) -> tuple[str, ...]:
        return tuple(work.coder for work in self.works)

    def __bool__(self) -> bool:
        return bool(self.works)

    def over(self, start: int, end: int) -> list[PeerAnswer]:
        """Each other coder's codes and notes on the text from ``start`` to ``end``:
        everything they gave a sentence of theirs that overlaps it."""
        answers = []
        for work, starts in zip(self.works, self._starts, strict=True):
            codes: dict[str, None] = {}
            notes: list[str] = []
            # Spans never overlap one another, so only the one before ``start`` can
            # reach into the span from the left.
            first = max(bisect.bisect_right(starts, start) - 1, 0)
            for span_start, span_end, tags, note in work.spans[first:]:
                if span_start >= end:
                    break
                if span_end <= start:
                    continue
                codes.update(dict.fromkeys(tags))
                if note:
                    notes.append(note)
            answers.append(
                PeerAnswer(
                    work.coder, tuple(codes), "\n".join(notes), work.finished, work.reference
                )
            )
        return answers


def read_peers(data_dir: DataDir, doc_id: str, coder: str) -> Peers:
    """Every coder's work on the document but ``coder``'s own, by coder name.

    The coder's own file is not even read: outside a project this is called when every
    document opens, and there it is usually the only file.
    """
    own = {data_dir.store_path(doc_id, coder), data_dir.legacy_store_path(doc_id, coder)}
    try:
        paths = [path for path in data_dir.store_files(doc_id) if path not in own]
    except (StoreDamaged, OSError):
        return Peers((), unreadable=1)
    found: dict[str, PeerWork] = {}
    unreadable = 0
    for path in paths:
        try:
            work = read_work(path)
        except (StoreDamaged, OSError):
            unreadable += 1
            continue
        if work is None or work.coder is None or work.coder == coder:
            continue
        spans = sorted(
            (a.start, a.end, a.tags, a.note)
            for a in work.annotations
            if a.doc_id == doc_id and (a.tags or a.note)
        )
        if work.coder in found and path.name != coder_file_name(work.coder):
            continue  # an older annotator's copy under the old name: the new one counts
        found[work.coder] = PeerWork(
            work.coder, work.finished is not None, work.reference, tuple(spans)
        )
    return Peers(list(found.values()), unreadable=unreadable)


def carried_peers(
    data_dir: DataDir, document: Document, coder: str, known: Sequence[str]
) -> list[PeerWork]:
    """The work of coders other than ``coder`` and ``known`` on earlier versions of
    ``document``'s text, carried over to it in memory (placed annotations only: what is
    held for review stays with its coder). ``document`` is segmented as the segmenter
    does, without corrections; nothing is read or segmented when no such coder exists."""
    # Imported here: only an edited document needs them, and they bring the
    # re-anchoring modules along, which the first screen does not load.
    from annotator.coding.document_coders import carried_codings
    from annotator.coding.reanchoring.earlier import earlier_coders
    from annotator.store.versions import Versions

    try:
        versions = Versions.of(data_dir.catalog())
    except StoreDamaged:
        return []
    path = str(document.path) if document.path else document.name
    previous = versions.predecessor(document.doc_id, path, document.name)
    if previous is None:
        return []
    missing = earlier_coders(data_dir, versions, previous, [*known, coder])
    if not missing:
        return []
    # Only the earlier versions are read: this version's files were read by the caller.
    found = carried_codings(data_dir, document, missing, versions, previous)
    return [
        PeerWork(
            coding.coder,
            coding.finished is not None,
            coding.reference,
            tuple(
                sorted(
                    (a.start, a.end, a.tags, a.note)
                    for a in coding.annotations.values()
                    if a.tags or a.note
                )
            ),
        )
        for coding in found
    ]
