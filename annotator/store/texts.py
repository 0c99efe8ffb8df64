"""A copy of each catalogued version's text, so that coding can follow it after an edit.

When a file is edited, the text its coding was made on is gone from the disk. Keeping it
lets re-anchoring (``annotator.coding.reanchoring.reanchor``) map the unchanged lines of both
versions, carry sentence corrections (bare offsets) and the coder's place by the text
around them, and tell which sentences of the new version a coder has never seen.

The copy is the normalized text, UTF-8, in the document's own folder
(``documents/<doc_id>/text.txt``): written once when the version is catalogued, never
changed (its name is its content's hash), and identical in every clone of a project, so
two coders committing it never conflict and git stores it once. A copy that does not
hash to its folder's id is not used (the doctor reports it).
"""

from __future__ import annotations

import os
from pathlib import Path

from annotator.files import atomic_write_bytes
from annotator.store.datadir import DataDir
from annotator.store.naming import VERSION_TEXT
from annotator.store.places import check_inside, ensure_directory
from annotator.store.storage import StoreDamaged, read_nofollow
from annotator.text.document import content_id


def text_path(data_dir: DataDir, doc_id: str) -> Path:
    """Where the copy of version ``doc_id``'s text is kept."""
    return data_dir.document_dir(doc_id) / VERSION_TEXT


def keep_text(data_dir: DataDir, doc_id: str, text: str) -> bool:
    """Keep a copy of ``text`` (whose id is ``doc_id``) unless one is there; True if
    written. Raises OSError when the folder cannot be written."""
    if content_id(text) != doc_id:
        raise ValueError("the text does not have this document id")
    path = text_path(data_dir, doc_id)
    if os.path.lexists(path):
        return False
    ensure_directory(data_dir.root, path.parent, data_dir.modes)
    check_inside(data_dir.root, path.parent)
    atomic_write_bytes(path, text.encode("utf-8"), mode=data_dir.modes.file)
    return True


def text_problem(path: Path, doc_id: str) -> str | None:
    """What is wrong with a kept text, or None when it is the text of ``doc_id``."""
    try:
        data = read_nofollow(path)
    except StoreDamaged as exc:
        return exc.problem
    if data is None:
        return "it does not exist"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "it is not UTF-8"
    if content_id(text) != doc_id:
        return "its text is not that of its folder's document id (edited by hand?)"
    return None


def kept_text(data_dir: DataDir, doc_id: str) -> str | None:
    """The kept text of version ``doc_id``; None when there is none or it is not that
    version's text (damage, a symlink, an edit by hand: the doctor names it)."""
    try:
        data = read_nofollow(text_path(data_dir, doc_id))
    except (StoreDamaged, OSError, ValueError):
        return None
    if data is None:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if content_id(text) == doc_id else None
