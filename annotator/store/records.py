"""The small records of a store file other than annotations, as Python values.

``corrections`` records hold a coder's splits and merges; a file whose records do not
fit the schema is described in one line for the reader and the command line.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from annotator.annotation import Annotation
from annotator.store.schema import BadRecord
from annotator.store.writer import QueuedChange, Setting
from annotator.text.overrides import SegmentationOverrides


def bad_records_reason(path: Path, bad: Sequence[BadRecord]) -> str:
    """One line for the reader and the command line about a file with bad records."""
    count = len(bad)
    records = "record" if count == 1 else "records"
    return (
        f"{path} has {count} bad {records} (first: {bad[0].describe()}); opened read-only "
        "and left as it is: run 'annotator doctor' to see them"
    )


def corrections_from_record(record: dict[str, object] | None) -> SegmentationOverrides | None:
    """The corrections a (checked) ``corrections`` record holds; None for no record."""
    if record is None:
        return None
    splits = record.get("splits", [])
    merges = record.get("merges", [])
    assert isinstance(splits, list) and isinstance(merges, list)
    return SegmentationOverrides.of(splits=splits, merges=merges)


def corrections_record(overrides: SegmentationOverrides) -> dict[str, list[int]]:
    return {"merges": list(overrides.merges), "splits": list(overrides.splits)}


def unsaved_lines(changes: Sequence[QueuedChange]) -> bytes:
    """Changes not yet on disk as JSON lines, for a coder to recover them elsewhere.

    Each line is ``{"op": "save", "annotation": {...}}``, ``{"op": "delete", "id":
    ...}``, ``{"op": "corrections", "splits": [...], "merges": [...]}`` or
    ``{"op": "state", KEY: ...}`` (KEY: ``finished``, ``cursor``, ``adjudicated``,
    ``carried_from``, ``held`` or ``rejected``), or, for a reference layer,
    ``{"op": "coder", "reference": true}``.
    """
    lines = []
    for change in changes:
        key, value = change.key, change.value
        record: dict[str, object]
        if key is Setting.CORRECTIONS and isinstance(value, SegmentationOverrides):
            record = {"op": "corrections", **corrections_record(value)}
        elif key is Setting.REFERENCE:
            record = {"op": "coder", "reference": bool(value)}
        elif key in (Setting.ADJUDICATED, Setting.HELD, Setting.REJECTED) and isinstance(
            value, tuple
        ):
            record = {"op": "state", key.value: sorted(value)}
        elif isinstance(key, Setting):
            record = {"op": "state", key.value: value}
        elif isinstance(value, Annotation):
            record = {"op": "save", "annotation": value.to_record()}
        else:
            record = {"op": "delete", "id": key}
        lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True))
    return "".join(line + "\n" for line in lines).encode("utf-8")
