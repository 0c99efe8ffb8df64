"""What the doctor finds in ``cache/``: segmentation records that cannot be used, records
of an earlier segmenter, and anything else.

Nothing here is a problem for the coder's work: a record is never used unless it fits its
text (``annotator.text.segmentation``), so a damaged one only costs a segmentation. The
doctor reports them, and ``--clean`` removes them (``remove_outdated`` and the damaged
ones it names).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from annotator.store.naming import SEGMENTS, kind_in_segments_folder, segment_record_name
from annotator.store.places import symlink_problem
from annotator.store.storage import StoreDamaged, read_nofollow
from annotator.text.overrides import SegmentationOverrides
from annotator.text.segmentation import (
    SegmentationKey,
    Unusable,
    check_fit,
    read_record,
    segmenter_version,
)

Add = Callable[[str, Path, str, bool], None]
"""Where a finding goes: (kind, path, message, whether it is a problem)."""


def check_cache(folder: Path, add: Add, text_of: Callable[[str], str | None]) -> None:
    """Report what is in the data directory's ``cache/`` folder; ``text_of`` gives a
    document's text by id (None when it cannot be read), to check records against."""
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        path = Path(entry.path)
        if entry.is_symlink():
            add("symlink", path, symlink_problem(path), True)
        elif entry.name == SEGMENTS and entry.is_dir():
            _segments(path, add, text_of)
        else:
            add("unknown", path, "not a file annotator writes; left alone", False)


def _segments(folder: Path, add: Add, text_of: Callable[[str], str | None]) -> None:
    outdated = 0
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        path = Path(entry.path)
        kind = kind_in_segments_folder(entry.name)
        if entry.is_symlink():
            add("symlink", path, symlink_problem(path), True)
        elif kind == "temp":
            add("cache-temp", path, "temp file of a cache write (interrupted?)", False)
        elif kind == "segment-cache" and entry.is_file():
            problem = record_problem(path, text_of(entry.name[:16]))
            if problem is not None:
                add(
                    "damaged-cache",
                    path,
                    f"segmentation cache record not usable: {problem}; it is never used, "
                    "and is made anew when next needed ('--clean' removes it)",
                    False,
                )
            elif is_outdated(path):
                outdated += 1
        else:
            add("unknown", path, "not a file annotator writes; left alone", False)
    if outdated:
        add(
            "outdated-cache",
            folder,
            f"{outdated} segmentation cache record{'' if outdated == 1 else 's'} made by an "
            "earlier segmenter, no longer used ('--clean' removes them)",
            False,
        )


def record_problem(path: Path, text: str | None = None) -> str | None:
    """What is wrong with the record at ``path`` (read without following a symlink), or
    None: checked as far as it can be without the text, and against ``text`` (the
    document's, when it can be read) too."""
    try:
        data = read_nofollow(path)
    except (OSError, StoreDamaged) as exc:
        return f"cannot be read: {exc}"
    if data is None:
        return "the file is missing"
    try:
        record, paragraphs, sentences = read_record(data)
        if not path.name.startswith(f"{record['doc_id']}-"):
            raise Unusable("its file name names another document")
        if text is not None:
            overrides = SegmentationOverrides.of(splits=record["splits"], merges=record["merges"])
            key = SegmentationKey(
                record["doc_id"], record["lang"], record["markdown"], overrides, record["segmenter"]
            )
            if path.name != segment_record_name(key.doc_id, key.digest()):
                raise Unusable("its file name does not match what it holds")
            check_fit(text, paragraphs, sentences)
    except Unusable as exc:
        return str(exc)
    return None


def is_outdated(path: Path) -> bool:
    """Whether the record at ``path`` was made by another segmenter (never used again)."""
    try:
        data = read_nofollow(path)
        record, _, _ = read_record(data or b"")
    except (OSError, StoreDamaged, Unusable):
        return False
    return bool(record["segmenter"] != segmenter_version())


def record_files(folder: Path) -> list[Path]:
    """The segmentation records in ``folder`` (``segments_dir``), symlinks left out."""
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(
        Path(e.path)
        for e in entries
        if kind_in_segments_folder(e.name) == "segment-cache" and not e.is_symlink()
    )


def remove_outdated(folder: Path) -> list[Path]:
    """Delete the records in ``folder`` made by another segmenter; the paths removed."""
    removed = []
    for path in record_files(folder):
        if is_outdated(path):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
    return removed
