"""GUIDs for REFI-QDA files: derived from stable ids when writing, normalized when reading.

Every GUID we write is a UUID5 of the kind of element and the stable ids it stands for
(a coder's name, a document's content id, a sentence's span), so two exports of the same
coding give the same GUIDs, and the same bytes. Other tools write GUIDs in upper or lower
case, with or without braces; ``normalize`` makes them comparable.
"""

from __future__ import annotations

import functools
import uuid

NAMESPACE = uuid.UUID("3c8e5b1a-94d2-5f0e-a7c6-1d2b4e6f8a90")
"""Fixed for good: changing it would change every GUID of every export."""


def derive(kind: str, *parts: str) -> str:
    """The GUID of one element: ``kind`` keeps a user and a source with the same id apart."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join((kind, *parts))))


@functools.lru_cache(maxsize=65536)
def normalize(raw: str) -> str:
    """``raw`` as a lower-case 8-4-4-4-12 GUID; braces, spaces and case do not matter.

    A value that is no GUID at all is kept (trimmed, lower-cased) so that references to it
    still match it.
    """
    text = raw.strip().strip("{}").strip()
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return text.lower()


def user_guid(coder: str) -> str:
    return derive("user", coder)


def source_guid(doc_id: str) -> str:
    return derive("source", doc_id)


def selection_guid(doc_id: str, start: int, end: int, coder: str) -> str:
    """Keyed by span and coder, not by annotation id, so a re-imported coding keeps it."""
    return derive("selection", doc_id, str(start), str(end), coder)


def coding_guid(selection: str, code: str) -> str:
    return derive("coding", selection, code)


def note_guid(selection: str) -> str:
    return derive("note", selection)


def finished_variable_guid(coder: str) -> str:
    return derive("finished", coder)


REFERENCE_CASE_GUID = derive("case", "reference-layer")
"""The case that groups the selections of the adjudicated reference layer."""
