"""Git's conflict markers in a file a person left half-merged.

A project's files are in git, and a merge finished by hand can leave the lines git
writes around a conflict in them. Readers of the project file, the codebook, the
assignments and the store check for them first, so that the coder is told what happened
and how to mend it rather than that the file is malformed.
"""

from __future__ import annotations

CONFLICT_MARKERS = (b"<<<<<<< ", b">>>>>>> ")


def has_conflict_markers(data: bytes) -> bool:
    """True if ``data`` holds the lines git writes around a conflict it left to a person."""
    return all(
        data.startswith(marker) or b"\n" + marker in data for marker in CONFLICT_MARKERS
    ) and (data.startswith(b"=======") or b"\n=======" in data)


def conflict_message(name: str) -> str:
    """What to tell the user of a file ``name`` that holds conflict markers."""
    return (
        "holds git conflict markers (a merge was committed unresolved): keep one "
        f"version ('git checkout BRANCH -- {name}'), then commit"
    )
