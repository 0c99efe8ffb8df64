"""The annotation record: what a coder said about one sentence, and where it was.

Every record keeps three independent anchors (offsets, the exact quote, and the context
on either side) so that it can be re-attached if the document changes, and is never
attached to the wrong sentence when it cannot be.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from typing import Any

CONTEXT_WIDTH = 32

MAX_NOTE = 100_000
"""Characters a new note may hold (about 15,000 words). A note is drawn on every move to
its sentence; a 10 MB one made each keystroke there take 10-13 s. The editor, the session
and imports refuse longer notes, and ``annotator doctor`` lists stored ones."""


def note_too_long(note: str) -> str:
    """Why ``note`` cannot be kept (one line), or "" when it is within the bound."""
    if len(note) <= MAX_NOTE:
        return ""
    return f"the note is {len(note):,} characters long; a note holds at most {MAX_NOTE:,}"


def utc_now() -> str:
    """ISO 8601 UTC with a ``Z``, to the millisecond: sortable and unambiguous."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id() -> str:
    import uuid  # imported by the first new annotation, not before the first screen

    return str(uuid.uuid4())


@dataclass(frozen=True, slots=True)
class Annotation:
    """Tags and a note on one sentence, by one coder."""

    id: str
    doc_id: str
    document: str
    paragraph: int
    sentence: int
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    coder: str
    tags: tuple[str, ...] = ()
    note: str = ""
    codebook: str = ""
    codebook_version: str = ""
    created: str = field(default_factory=utc_now)
    updated: str = field(default_factory=utc_now)

    @property
    def is_empty(self) -> bool:
        """An annotation with no tag and no note says nothing and is not kept."""
        return not self.tags and not self.note

    def with_changes(self, **changes: Any) -> Annotation:
        return replace(self, **changes)

    def to_record(self) -> dict[str, Any]:
        record = {key: getattr(self, name) for name, key in RECORD_FIELDS}
        record["tags"] = list(self.tags)
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Annotation:
        known = {name: record[key] for name, key in RECORD_FIELDS if key in record}
        known["tags"] = tuple(known.get("tags", ()))
        return cls(**known)


_RECORD_KEYS = {"coder": "annotator"}
"""Where a record's key differs from the attribute: store files and exports have called
the coder ``annotator`` from the start, and their format does not change."""

RECORD_FIELDS: tuple[tuple[str, str], ...] = tuple(
    (f.name, _RECORD_KEYS.get(f.name, f.name)) for f in fields(Annotation)
)
"""(attribute, record key) for every field, in declaration order."""
