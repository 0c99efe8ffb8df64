"""The file that keeps a coder's sentence corrections (splits and merges) for a document.

The corrections themselves are plain data (``annotator.text.overrides``); this module only
reads and writes their file, atomically, like every other file the store keeps.
"""

from __future__ import annotations

from pathlib import Path

from annotator.files import atomic_write_bytes
from annotator.text.overrides import (
    EMPTY,
    OverridesDamaged,
    SegmentationOverrides,
    from_json,
    to_json,
)


def load_overrides(path: Path) -> SegmentationOverrides:
    """The overrides saved at ``path``; none if the file does not exist."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return EMPTY
    try:
        return from_json(data)
    except OverridesDamaged as exc:
        raise OverridesDamaged(f"{path}: {exc}") from None


def save_overrides(path: Path, overrides: SegmentationOverrides) -> None:
    """Write ``overrides`` to ``path`` atomically, creating its directory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, to_json(overrides).encode("utf-8"))
