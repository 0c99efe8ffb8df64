"""Notes longer than new notes may be, in a store file: for ``annotator doctor`` to list.

Notes are bounded at ``annotation.MAX_NOTE`` characters since a 10 MB note made every
keystroke on its sentence take seconds. A longer note stored before (or written by
another tool) is kept whole and shown cut short; the doctor says where it is, so the
coder can shorten it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from annotator.annotation import MAX_NOTE


def long_notes(records: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """One line per annotation record (checked against the schema) whose note is over
    the bound."""
    found: list[str] = []
    for record in records.values():
        note = record["note"]
        if len(note) > MAX_NOTE:
            found.append(
                f"the note on paragraph {record['paragraph']}, sentence "
                f"{record['sentence']} is {len(note):,} characters long; new notes "
                f"hold at most {MAX_NOTE:,}: it is kept whole and shown cut short, shorten it "
                "in the reader (enter on that sentence)"
            )
    return found
