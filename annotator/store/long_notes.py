"""Notes longer than new notes may be, in a store file: for ``annotator doctor`` to list.

Notes are bounded at ``annotation.MAX_NOTE`` characters since a 10 MB note made every
keystroke on its sentence take seconds. A longer note stored before (or written by
another tool) is kept whole and shown cut short; the doctor says where it is, so the
coder can shorten it.
"""

from __future__ import annotations

from pathlib import Path

from annotator.annotation import MAX_NOTE
from annotator.store.migrate import MigrationError, migrate
from annotator.store.storage import StoreDamaged, read_store_bytes


def long_notes(path: Path) -> list[str]:
    """One line per annotation in the store file at ``path`` whose note is over the bound.

    A file that cannot be read gives none: the doctor reports the damage itself.
    """
    try:
        parsed = read_store_bytes(path, path.read_bytes())
        tables = migrate(parsed.tables, parsed.version)
    except (OSError, StoreDamaged, MigrationError):
        return []
    found: list[str] = []
    records = tables.get("annotations", {})
    for record in records.values() if isinstance(records, dict) else ():
        note = record.get("note") if isinstance(record, dict) else None
        if isinstance(note, str) and len(note) > MAX_NOTE:
            found.append(
                f"the note on paragraph {record.get('paragraph')}, sentence "
                f"{record.get('sentence')} is {len(note):,} characters long; new notes "
                f"hold at most {MAX_NOTE:,}: it is kept whole and shown cut short, shorten it "
                "in the reader (enter on that sentence)"
            )
    return found
