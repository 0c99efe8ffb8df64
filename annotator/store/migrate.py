"""Schema versions of store files and the steps that bring old files up to date.

Version 0 is a plain TinyDB JSONStorage file (``{"annotations": {"1": {...}}}``), as
written before stores carried an envelope. Version 1 is the envelope
``{"schema_version": 1, "tables": {...}}`` introduced by the reader issue. Version 2
keeps all of a coder's work on a document in the coder's file: the coder's real name
(table ``coder``), the finished mark and the cursor (``state``) and the sentence
corrections (``corrections``; see ``schema``). Each step turns the tables of version N
into those of version N + 1, so a file of any known version is read by applying the steps
in order; files are never rewritten by a reader that holds no lock.

The catalog shares the envelope and its version, not the tables: its one table
(``documents``) is the same in every version, so it needs no migration step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from annotator.store.schema import ANNOTATIONS, SINGLETON_KEY, STATE, Tables

SCHEMA_VERSION = 2
LEGACY_VERSION = 0


class MigrationError(ValueError):
    """The tables cannot be brought to the current schema version."""


def _from_legacy(tables: Tables) -> Tables:
    """Version 0 -> 1: the tables are kept as they are, records checked to be objects.

    TinyDB's own default table is dropped when empty: it was never used by annotator
    and would otherwise appear in every migrated file.
    """
    migrated: Tables = {}
    for name, table in tables.items():
        if name == "_default" and not table:
            continue
        for doc_id, record in table.items():
            if not isinstance(record, dict):
                raise MigrationError(f"record {doc_id} of table {name!r} is not an object")
        migrated[name] = dict(table)
    return migrated


def _from_v1(tables: Tables) -> Tables:
    """Version 1 -> 2: an empty ``state``.

    A version 1 file did not hold its coder's name (its file name did, escaped). The
    next writer, who knows its own name, adds the ``coder`` table; until then readers
    take the name from the annotations' ``annotator`` field. It is not guessed here: a
    name read from the records is not a name the file was written under.
    """
    migrated: Tables = dict(tables)
    migrated[ANNOTATIONS] = tables.get(ANNOTATIONS, {})
    if STATE not in tables:
        migrated[STATE] = {SINGLETON_KEY: {"cursor": None, "finished": None}}
    return migrated


# from_version -> step producing from_version + 1
MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {
    LEGACY_VERSION: _from_legacy,
    1: _from_v1,
}


def migrate(tables: Tables, from_version: int, to_version: int = SCHEMA_VERSION) -> Tables:
    """Apply the steps from ``from_version`` up to ``to_version``."""
    if from_version > to_version:
        raise MigrationError(f"cannot migrate down from version {from_version} to {to_version}")
    for version in range(from_version, to_version):
        step = MIGRATIONS.get(version)
        if step is None:
            raise MigrationError(f"no migration from schema version {version}")
        tables = step(tables)
    return tables


def looks_like_legacy(document: dict[str, Any]) -> bool:
    """True for a plain TinyDB file: at least one table, each mapping ids to objects.

    An empty object is not one: annotator never wrote ``{}``, and reading it as an empty
    file would have the next save replace the backup of the last good version with it.
    """
    if not document or "schema_version" in document or "tables" in document:
        return False
    return all(
        isinstance(table, dict)
        and all(isinstance(key, str) and isinstance(value, dict) for key, value in table.items())
        for table in document.values()
    )
