"""The one schema of a store file's records, checked whenever a file is read.

A store file holds four tables (format 2): ``annotations`` (one record per coded
sentence), and three tables of one record each: ``coder`` (the coder's real name, and
``reference: true`` for an adjudicated reference layer), ``state`` (when the coder marked
the document finished, the sentence they were on, in a reference layer the sentences the
adjudicator decided and, after an edit of the text, the version the coding was carried
over from and the annotations held for the coder's review) and ``corrections`` (the
coder's splits and merges; absent until the first one).

Every reader checks every record against this module: the store when it opens a file,
the doctor, imports and progress. A record of the wrong shape (``tags: "claim"``, a
string ``start``, no ``id``, ``paragraph: 0``) is a *bad record*: it is named, never
used, and the file is left as it is. The checks are plain type tests in one pass over the
fields, cheap enough for a thousand files (see docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from typing import Any

from annotator.store.naming import DOC_ID as _DOC_ID

ANNOTATIONS = "annotations"
CODER = "coder"
STATE = "state"
CORRECTIONS = "corrections"
SINGLETONS = (CODER, STATE, CORRECTIONS)
SINGLETON_KEY = "1"

Tables = dict[str, dict[str, Any]]

_REQUIRED: tuple[tuple[str, type], ...] = (
    ("id", str),
    ("doc_id", str),
    ("document", str),
    ("paragraph", int),
    ("sentence", int),
    ("start", int),
    ("end", int),
    ("quote", str),
    ("prefix", str),
    ("suffix", str),
    ("annotator", str),
)
_OPTIONAL: tuple[tuple[str, type], ...] = (
    ("tags", list),
    ("note", str),
    ("codebook", str),
    ("codebook_version", str),
    ("created", str),
    ("updated", str),
)
_TYPE_NAMES = {str: "a string", int: "a whole number", list: "a list"}


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    return {str: "a string", int: "a number", float: "a number", list: "a list"}.get(
        type(value), "an object"
    )


_ALL_KEYS = itemgetter(*(key for key, _ in (*_REQUIRED, *_OPTIONAL)))
_ALL_TYPES = tuple(kind for _, kind in (*_REQUIRED, *_OPTIONAL))


def _sound(record: Any) -> bool:
    """True for a sound annotation record, in a few C-level passes over its fields: this
    runs for every record of every file read, and nearly all of them are sound and have
    every field (a record without an optional field takes the slower, full check)."""
    try:
        values = _ALL_KEYS(record)
    except (KeyError, TypeError):
        return _sound_by_full_check(record)
    if tuple(map(type, values)) != _ALL_TYPES:
        return False
    identity, _d, _n, paragraph, sentence, start, end, _q, _p, _s, coder, tags = values[:12]
    return bool(
        identity
        and coder
        and paragraph >= 1
        and sentence >= 1
        and 0 <= start <= end
        and (not tags or (set(map(type, tags)) == _ONLY_STRINGS and "" not in tags))
    )


def _sound_by_full_check(record: Any) -> bool:
    """The full check, for a record that lacks a field the quick test reads."""
    return type(record) is dict and _type_problem(record) is None


_ONLY_STRINGS = {str}


def annotation_problem(record: object) -> str | None:
    """What is wrong with an annotation record, or None when it is sound.

    Only a record that fails the quick test is looked at field by field, to say what
    its problem is.
    """
    if _sound(record):
        return None
    if type(record) is not dict:
        return f"is {_kind(record)}, not an object"
    return _type_problem(record)


def _type_problem(record: dict[str, Any]) -> str | None:
    for key, kind in _REQUIRED:
        value = record.get(key)
        if type(value) is not kind:
            if key not in record:
                return f"has no {key!r}"
            return f"{key!r} is {_kind(value)}, not {_TYPE_NAMES[kind]}"
    for key, kind in _OPTIONAL:
        if key in record and type(record[key]) is not kind:
            return f"{key!r} is {_kind(record[key])}, not {_TYPE_NAMES[kind]}"
    return _value_problem(record)


def _value_problem(record: dict[str, Any]) -> str | None:
    if not record["id"]:
        return "'id' is empty"
    if not record["annotator"]:
        return "'annotator' (the coder) is empty"
    if record["paragraph"] < 1 or record["sentence"] < 1:
        return "'paragraph' and 'sentence' count from 1"
    start, end = record["start"], record["end"]
    if start < 0 or end < start:
        return f"the offsets {start}-{end} are not a span (0 <= start <= end)"
    for tag in record.get("tags", ()):
        if type(tag) is not str or not tag:
            return "'tags' must be a list of non-empty strings"
    return None


def _offsets_problem(value: object, key: str) -> str | None:
    if type(value) is not list or not all(type(o) is int and o >= 0 for o in value):
        return f"{key!r} must be a list of offsets (whole numbers from 0)"
    return None


def coder_problem(record: object) -> str | None:
    if type(record) is not dict:
        return f"is {_kind(record)}, not an object"
    name = record.get("name")
    if type(name) is not str or not name:
        return "'name' (the coder's name) must be a non-empty string"
    reference = record.get("reference", False)
    if type(reference) is not bool:
        return f"'reference' is {_kind(reference)}, not true or false"
    return None


def state_problem(record: object) -> str | None:
    if type(record) is not dict:
        return f"is {_kind(record)}, not an object"
    finished = record.get("finished")
    if finished is not None:
        if type(finished) is not str:
            return f"'finished' is {_kind(finished)}, not a UTC time or null"
        try:
            datetime.fromisoformat(finished)
        except ValueError:
            return f"'finished' is not a time: {finished[:40]!r}"
    cursor = record.get("cursor")
    if cursor is not None and (type(cursor) is not int or cursor < 0):
        return f"'cursor' is {_kind(cursor)}, not an offset or null"
    if "adjudicated" in record:
        problem = _offsets_problem(record["adjudicated"], "adjudicated")
        if problem is not None:
            return problem
    return _carried_problem(record)


def _carried_problem(record: dict[str, Any]) -> str | None:
    """The fields of coding carried over from an earlier version of the text:
    ``carried_from`` (that version's id), ``held`` (its annotations not placed, awaiting
    the coder's decision) and ``rejected`` (those the coder left orphaned)."""
    carried = record.get("carried_from")
    if carried is not None and (type(carried) is not str or _DOC_ID.fullmatch(carried) is None):
        return "'carried_from' is not a document id (16 hex digits) or null"
    for key in ("held", "rejected"):
        value = record.get(key, [])
        if type(value) is not list or not all(type(i) is str and i for i in value):
            return f"{key!r} must be a list of annotation ids (non-empty strings)"
    return None


def corrections_problem(record: object) -> str | None:
    if type(record) is not dict:
        return f"is {_kind(record)}, not an object"
    return _offsets_problem(record.get("splits", []), "splits") or _offsets_problem(
        record.get("merges", []), "merges"
    )


_CHECKS = {
    ANNOTATIONS: annotation_problem,
    CODER: coder_problem,
    STATE: state_problem,
    CORRECTIONS: corrections_problem,
}


@dataclass(frozen=True, slots=True)
class BadRecord:
    """A record that does not fit the schema: where it is and what is wrong."""

    table: str
    key: str
    problem: str

    def describe(self) -> str:
        return f"record {self.key} of table {self.table!r} {self.problem}"


@dataclass(frozen=True, slots=True)
class Checked:
    """A file's tables with only their sound records, and the bad ones named."""

    tables: Tables
    bad: list[BadRecord] = field(default_factory=list)


def _key_problem(key: str) -> str | None:
    if not (key.isascii() and key.isdecimal()) or key[0] == "0":
        return "has a key that is not a record number"
    return None


def _all_sound_annotations(table: dict[str, Any]) -> bool:
    """The quick test of a whole annotations table: every key a record number, every
    record sound (C-level loops; a table that fails is checked record by record)."""
    return (
        all(map(str.isdecimal, table))
        and all(map(str.isascii, table))
        # Keys are ASCII digits by now: the smallest starts with 0 only if one does.
        and (not table or min(table)[0] != "0")
        and all(map(_sound, table.values()))
    )


def check_tables(tables: Tables) -> Checked:
    """Split ``tables`` into sound records and bad ones.

    A table that is absent holds no record (no ``corrections`` yet; a ``coder`` or
    ``state`` the next writer adds). Tables this module does not know are kept as they
    are (a newer annotator's are refused earlier, by the file's version). The result
    shares no dict with ``tables`` where a record was dropped, so the caller's tables are
    never changed.
    """
    bad: list[BadRecord] = []
    clean: Tables = {}
    for name, table in tables.items():
        check = _CHECKS.get(name)
        if check is None or (name == ANNOTATIONS and _all_sound_annotations(table)):
            clean[name] = table
            continue
        kept: dict[str, Any] | None = None
        seen = 0
        for key, record in table.items():
            problem = _key_problem(key) or check(record)
            if problem is None and name in SINGLETONS:
                seen += 1
                if seen > 1:
                    problem = "is a second record in a table that holds one"
            if problem is not None:
                bad.append(BadRecord(name, key, problem))
                if kept is None:
                    kept = {k: r for k, r in table.items() if k != key}
                else:
                    kept.pop(key, None)
        clean[name] = table if kept is None else kept
    return Checked(clean, bad)


def singleton(tables: Mapping[str, Mapping[str, Any]], name: str) -> dict[str, Any] | None:
    """The one record of table ``name`` (from checked tables), or None."""
    table = tables.get(name)
    if not table:
        return None
    record = next(iter(table.values()))
    return record if isinstance(record, dict) else None
