"""The small records of a store file other than annotations, as Python values.

``corrections`` records hold a coder's splits and merges; ``setting_record`` says which
record a setting's new value goes to, and how; a file whose records do not fit the schema
is described in one line for the reader and the command line.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

from annotator.annotation import Annotation
from annotator.store.schema import CODER, CORRECTIONS, STATE, BadRecord
from annotator.store.writer import QueuedChange, Setting, Value
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


def setting_record(setting: Setting, value: Value) -> tuple[str, Mapping[str, object]]:
    """The table whose one record takes ``setting``'s new value, and the fields to update
    in it: the corrections have a record of their own, the reference mark is kept with
    the coder's name, and every other setting is a field of the ``state`` record."""
    if setting is Setting.CORRECTIONS:
        assert isinstance(value, SegmentationOverrides)
        return CORRECTIONS, corrections_record(value)
    if setting is Setting.REFERENCE:
        return CODER, {"reference": bool(value)}
    if setting in (Setting.ADJUDICATED, Setting.HELD, Setting.REJECTED):
        assert isinstance(value, tuple)
        return STATE, {setting.value: sorted(value)}
    return STATE, {setting.value: value}


_OPS = {CORRECTIONS: "corrections", CODER: "coder", STATE: "state"}
"""The ``op`` of an unsaved setting's line, by the table its record is in."""


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
        if isinstance(key, Setting):
            # The record the writer would update, named by its table.
            table, fields = setting_record(key, value)
            record = {"op": _OPS[table], **fields}
        elif isinstance(value, Annotation):
            record = {"op": "save", "annotation": value.to_record()}
        else:
            record = {"op": "delete", "id": key}
        lines.append(json.dumps(record, ensure_ascii=False, sort_keys=True))
    return "".join(line + "\n" for line in lines).encode("utf-8")
