"""What agreement is computed on: each coder's sentences of a document, and their units.

The caller (the store wiring) describes, per document and per coder, every sentence as
that coder segmented it, with the codes and note the coder gave it (none for a sentence
left uncoded), and whether the coder finished the document. Here that becomes units:

- Only finished coders count. An unfinished coder's work is missing, never "no code";
  a finished coder's uncoded sentence means "no code applies" and is a value.
- Units are the sentences. Where coders split or merged differently, the units are the
  common refinement of their boundaries: every sentence start of any finished coder
  starts a unit, and each coder's codes go to every piece of that coder's sentence.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

_SPAN = attrgetter("start", "end")

NOT_FINISHED = "not finished"
"""Why a coder's work on a document is left out: only finished documents count."""


@dataclass(frozen=True, slots=True)
class CodedSentence:
    """One sentence as one coder saw it: its span in the text, codes and note.

    ``start`` and ``end`` are offsets into the document's normalized text (the same for
    every coder, since a document's id is a hash of it). No codes means "no code applies".
    """

    start: int
    end: int
    codes: frozenset[str] = frozenset()
    note: str = ""


@dataclass(frozen=True, slots=True)
class CoderWork:
    """One coder's sentences of one document, in text order, and whether they finished it."""

    coder: str
    finished: bool
    sentences: tuple[CodedSentence, ...]

    def __post_init__(self) -> None:
        previous_end = -1
        for sentence in self.sentences:
            if sentence.start >= sentence.end:
                raise ValueError(f"{self.coder!r}: empty sentence at {sentence.start}")
            if sentence.start < previous_end:
                raise ValueError(
                    f"{self.coder!r}: sentences out of order or overlapping at {sentence.start}"
                )
            previous_end = sentence.end


@dataclass(frozen=True, slots=True)
class DocumentWork:
    """Everything agreement needs about one document.

    ``text`` is the normalized text the offsets point into; it is only used to quote
    the sentences coders disagree on, and may be empty when the file is unavailable.
    """

    doc_id: str
    name: str
    work: tuple[CoderWork, ...]
    text: str = ""

    def __post_init__(self) -> None:
        coders = [w.coder for w in self.work]
        if len(set(coders)) != len(coders):
            raise ValueError(f"{self.name!r}: a coder appears twice")


@dataclass(frozen=True, slots=True)
class Unit:
    """One unit of a document: a piece of the common refinement of the coders' sentences.

    ``sentences`` pairs each finished coder who has a sentence over the piece with that
    sentence (coders in name order); a finished coder missing here has no sentence
    there, which counts as a missing value. ``refined`` is true when the piece is only
    part of some coder's sentence.
    """

    start: int
    end: int
    sentences: tuple[tuple[str, CodedSentence], ...]
    refined: bool


@dataclass(frozen=True, slots=True)
class RefinedDocument:
    """A document's units, the coders whose work counts, and the coders left out."""

    doc_id: str
    name: str
    text: str
    coders: tuple[str, ...]
    units: tuple[Unit, ...]
    excluded: tuple[str, ...]

    @property
    def refined_units(self) -> int:
        return sum(1 for unit in self.units if unit.refined)

    def quote(self, unit: Unit) -> str:
        """The unit's text, or "" when the document's text was not given."""
        return self.text[unit.start : unit.end].strip() if self.text else ""


def refine(document: DocumentWork) -> RefinedDocument:
    """Units of ``document`` from its finished coders' sentences."""
    finished = sorted((w for w in document.work if w.finished), key=lambda w: w.coder)
    excluded = tuple(sorted(w.coder for w in document.work if not w.finished))
    spans = [list(map(_SPAN, w.sentences)) for w in finished]
    if finished and all(other == spans[0] for other in spans[1:]):
        names = [w.coder for w in finished]
        units = tuple(
            Unit(pieces[0].start, pieces[0].end, tuple(zip(names, pieces, strict=True)), False)
            for pieces in zip(*(w.sentences for w in finished), strict=True)
        )
    else:
        units = _common_refinement(finished)
    return RefinedDocument(
        doc_id=document.doc_id,
        name=document.name,
        text=document.text,
        coders=tuple(w.coder for w in finished),
        units=units,
        excluded=excluded,
    )


def _common_refinement(finished: Sequence[CoderWork]) -> tuple[Unit, ...]:
    """Cut every coder's sentences at every sentence start of any coder."""
    starts = sorted({s.start for w in finished for s in w.sentences})
    if not starts:
        return ()
    own_starts = [[s.start for s in w.sentences] for w in finished]
    units: list[Unit] = []
    for position, start in enumerate(starts):
        covering: list[tuple[str, CodedSentence]] = []
        for work, coder_starts in zip(finished, own_starts, strict=True):
            index = bisect_right(coder_starts, start) - 1
            if index >= 0 and start < work.sentences[index].end:
                covering.append((work.coder, work.sentences[index]))
        end = min(sentence.end for _, sentence in covering)
        if position + 1 < len(starts):
            end = min(end, starts[position + 1])
        refined = any((s.start, s.end) != (start, end) for _, s in covering)
        units.append(Unit(start, end, tuple(covering), refined))
    return tuple(units)
