"""A coder's manual corrections to sentence segmentation, per document.

The segmenter is sometimes wrong ("Pasha Holding Ltd. Participants ..." stays one
sentence), and no rule fixes every case, so a coder can split a sentence at a word and
merge a sentence with the next. The corrections are kept as offsets into the normalized
text, which never changes for a given document id (the id is a hash of that text):

- ``splits``: offsets where a new sentence must start;
- ``merges``: offsets of boundaries to ignore, i.e. where a sentence that should be joined
  to the one before it starts (any offset between the two sentences counts).

Offsets should be where a word starts (the UI knows the words). ``split_at`` cancels a
merge at the same offset and ``merge_at`` a split, so undoing one with the other restores
the segmenter's sentences. When a split and a merge fall in the same gap, the merge wins.

Overrides are applied paragraph by paragraph, after the segmenter, so a split never
crosses a paragraph boundary and a merge only joins sentences of one paragraph.
The model is immutable: ``split_at`` and ``merge_at`` return new overrides.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from annotator.text.spans import Span, trim_span

FORMAT_VERSION = 1


class OverridesDamaged(ValueError):
    """A saved overrides file cannot be read; it is left untouched."""


def _sorted_offsets(offsets: Iterable[int]) -> tuple[int, ...]:
    return tuple(sorted(set(offsets)))


@dataclass(frozen=True, slots=True)
class SegmentationOverrides:
    """Forced splits and suppressed boundaries, as sorted tuples of text offsets."""

    splits: tuple[int, ...] = ()
    merges: tuple[int, ...] = ()

    @classmethod
    def of(cls, *, splits: Iterable[int] = (), merges: Iterable[int] = ()) -> SegmentationOverrides:
        """Build overrides from any offsets, sorted and without duplicates."""
        return cls(_sorted_offsets(splits), _sorted_offsets(merges))

    def __bool__(self) -> bool:
        return bool(self.splits or self.merges)


EMPTY = SegmentationOverrides()


def split_at(overrides: SegmentationOverrides, offset: int) -> SegmentationOverrides:
    """Overrides that also start a sentence at ``offset`` (and undo a merge there)."""
    return SegmentationOverrides.of(
        splits=(*overrides.splits, offset),
        merges=(m for m in overrides.merges if m != offset),
    )


def merge_at(overrides: SegmentationOverrides, boundary_offset: int) -> SegmentationOverrides:
    """Overrides that also join the sentence at ``boundary_offset`` to the one before.

    ``boundary_offset`` is the start of the second sentence (or any offset in the space
    between the two). A split at the same offset is undone.
    """
    return SegmentationOverrides.of(
        splits=(s for s in overrides.splits if s != boundary_offset),
        merges=(*overrides.merges, boundary_offset),
    )


def _between(offsets: tuple[int, ...], low: int, high: int) -> tuple[int, ...]:
    """The offsets ``o`` with ``low < o < high``."""
    return offsets[bisect_right(offsets, low) : bisect_left(offsets, high)]


def apply_overrides(
    spans: Sequence[Span], overrides: SegmentationOverrides, text: str
) -> list[Span]:
    """The sentence spans of one paragraph with the coder's splits and merges applied.

    ``spans`` are sorted, trimmed sentence spans of a single paragraph of ``text``. Splits
    are applied first, then merges; the result is again sorted, non-overlapping and
    trimmed, and stays inside the paragraph.
    """
    if not overrides or not spans:
        return list(spans)
    split: list[Span] = []
    for start, end in spans:
        edges = [start, *_between(overrides.splits, start, end), end]
        for a, b in pairwise(edges):
            part = trim_span(text, a, b)
            if part is not None:
                split.append(part)
    result: list[Span] = [split[0]]
    for start, end in split[1:]:
        previous_end = result[-1][1]
        if _between(overrides.merges, previous_end - 1, start + 1):
            result[-1] = (result[-1][0], end)
        else:
            result.append((start, end))
    return result


# -- serialization ---------------------------------------------------------------------


def to_json(overrides: SegmentationOverrides) -> str:
    """Stable JSON text: sorted keys and offsets, so equal overrides give equal bytes."""
    document = {
        "format_version": FORMAT_VERSION,
        "merges": list(overrides.merges),
        "splits": list(overrides.splits),
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def _offsets(document: dict[str, Any], key: str) -> list[int]:
    value = document.get(key, [])
    if not isinstance(value, list) or not all(
        isinstance(item, int) and not isinstance(item, bool) and item >= 0 for item in value
    ):
        raise OverridesDamaged(f"{key!r} must be a list of non-negative integers")
    return value


def from_json(data: str | bytes) -> SegmentationOverrides:
    """Parse ``to_json`` output; raise OverridesDamaged on anything else."""
    try:
        document = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise OverridesDamaged(f"not valid JSON: {exc}") from None
    if not isinstance(document, dict):
        raise OverridesDamaged("expected a JSON object")
    version = document.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise OverridesDamaged("no format_version")
    if version > FORMAT_VERSION:
        raise OverridesDamaged(f"format version {version} is newer than this annotator understands")
    return SegmentationOverrides.of(
        splits=_offsets(document, "splits"), merges=_offsets(document, "merges")
    )
