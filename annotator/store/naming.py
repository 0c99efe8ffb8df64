"""The names of everything under the data directory, and what each name is.

A coder's name becomes a file name that is short, safe on every filesystem and never
shared with another name: a readable ASCII prefix (for people listing the folder) and 16
hex digits of the SHA-256 of the exact name (for the machine). Case variants (``Alice``,
``alice``) and Unicode normalisation variants get different hashes, and the name is
lower case, so no two coders meet in one file on a case-insensitive or normalising
filesystem (Windows, macOS); reserved device names (``CON``) never stand alone. The real
name is kept inside the file, so nothing ever reads it back from the file name.

Document ids become folder names, so only the hex form that ``content_id`` makes is
accepted. ``kind_of`` tells every file the store writes from anything else, for the
doctor and for listing stores.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from annotator.text.document import sha256_hex

DOC_ID = re.compile(r"[0-9a-f]{16}")
"""A document id: the first 16 hex digits of the SHA-256 of its normalized text."""

HASH_DIGITS = 16
PREFIX_LIMIT = 24
STORE_SUFFIX = ".json"
LEGACY_CORRECTIONS = ".segmentation.json"
VERSION_TEXT = "text.txt"
"""The copy of a version's text in its document folder (see ``texts``)."""
CATALOG = "catalog.json"
CATALOG_LOCK = "catalog.lock"
GITIGNORE = ".gitignore"
"""In a project's coding folder: what stays on each machine (``PER_MACHINE_PATTERNS``)."""
CATALOGS = "catalog"
"""In a project's coding folder: one catalog file per coder, named like the coder's files."""
DOCUMENTS = "documents"
CACHE = "cache"
"""Files made from others, kept to save work: one line of a .gitignore (``cache/``)."""
SEGMENTS = "segments"
"""The segmentation cache, inside ``CACHE``."""

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_LEGACY_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


class InvalidName(ValueError):
    """An id or name that would make an unsafe path; nothing was created."""


def check_doc_id(doc_id: str) -> str:
    """``doc_id`` if it is a document id (16 lower-case hex digits), else InvalidName."""
    if not isinstance(doc_id, str) or DOC_ID.fullmatch(doc_id) is None:
        shown = repr(doc_id)[:60]
        raise InvalidName(f"{shown} is not a document id (16 hex digits)")
    return doc_id


def _readable(coder: str) -> str:
    """Letters and digits of the name in lower-case ASCII, runs of anything else as '-'."""
    folded = unicodedata.normalize("NFKD", coder).encode("ascii", "ignore").decode("ascii")
    readable = _NOT_ALNUM.sub("-", folded.lower()).strip("-")
    return readable[:PREFIX_LIMIT].rstrip("-") or "coder"


def coder_digest(coder: str) -> str:
    """16 hex digits that tell ``coder`` from every other name (exact code points)."""
    data = coder.encode("utf-8", "surrogatepass")
    return sha256_hex(data)[:HASH_DIGITS]


def coder_file_name(coder: str) -> str:
    """The store file name of ``coder``: ``<readable>-<16 hex>.json``, at most 46 chars."""
    if not coder:
        raise InvalidName("a coder's name cannot be empty")
    return f"{_readable(coder)}-{coder_digest(coder)}{STORE_SUFFIX}"


def legacy_coder_file_name(coder: str) -> str:
    """The name format 1 files had: the name with unsafe characters as ``%XX``.

    Still read (and renamed by the next writer), never written.
    """
    escaped = _LEGACY_UNSAFE.sub(
        lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8", "surrogatepass")),
        coder,
    )
    if escaped.startswith("."):
        escaped = "%2E" + escaped[1:]
    return f"{escaped or '%00'}{STORE_SUFFIX}"


# -- what a file name is -----------------------------------------------------------------

FileKind = Literal[
    "store",
    "backup",
    "schema-backup",
    "lock",
    "kept-aside",
    "temp",
    "legacy-corrections",
    "version-text",
    "catalog",
    "catalog-backup",
    "catalog-lock",
    "gitignore",
    "segment-cache",
    "unknown",
]

_TEMP = re.compile(r"^\.(?P<owner>.+?)(?:\.bak)?\.\d+\.tmp$")
_SCHEMA_BACKUP = re.compile(r"^(?P<owner>.+\.json)\.schema(?P<version>\d+)\.bak$")
_KEPT_ASIDE = re.compile(r"^(?P<owner>.+\.json)\.damaged-[0-9T]+Z$")
_SEGMENT_RECORD = re.compile(r"^(?P<doc_id>[0-9a-f]{16})-[0-9a-f]{16}\.json$")


def temp_owner(name: str) -> str | None:
    """The file name a temp file named ``name`` was written for, or None if not a temp."""
    match = _TEMP.match(name)
    return match.group("owner") if match else None


def is_store_name(name: str) -> bool:
    """A coder's store file (either name format), as opposed to our other files."""
    return (
        name.endswith(STORE_SUFFIX)
        and not name.startswith(".")
        and _LEGACY_UNSAFE.search(name.replace("%", "")) is None
    )


def owner_of(name: str) -> str | None:
    """The store file that a backup, lock, schema backup, kept-aside or temp file is of."""
    owner = temp_owner(name)
    if owner is not None:
        return owner
    for suffix in (".bak", ".lock"):
        if name.endswith(suffix) and is_store_name(name[: -len(suffix)]):
            return name[: -len(suffix)]
    for pattern in (_SCHEMA_BACKUP, _KEPT_ASIDE):
        match = pattern.match(name)
        if match is not None:
            return match.group("owner")
    return None


def schema_backup_version(name: str) -> int | None:
    match = _SCHEMA_BACKUP.match(name)
    return int(match.group("version")) if match else None


def kind_in_document_folder(name: str) -> FileKind:
    """What a file named ``name`` in ``documents/<doc_id>/`` is."""
    if name == LEGACY_CORRECTIONS:
        return "legacy-corrections"
    if name == VERSION_TEXT:
        return "version-text"
    if temp_owner(name) is not None:
        return "temp"
    if is_store_name(name):
        return "store"
    if _SCHEMA_BACKUP.match(name):
        return "schema-backup"
    if _KEPT_ASIDE.match(name):
        return "kept-aside"
    if name.endswith(".bak") and is_store_name(name[:-4]):
        return "backup"
    if name.endswith(".lock") and is_store_name(name[:-5]):
        return "lock"
    return "unknown"


def kind_in_catalog_folder(name: str) -> FileKind:
    """What a file named ``name`` in a project's ``catalog/`` folder is."""
    if temp_owner(name) is not None:
        return "temp"
    if is_store_name(name):
        return "catalog"
    if _KEPT_ASIDE.match(name):
        return "kept-aside"
    if name.endswith(".bak") and is_store_name(name[:-4]):
        return "catalog-backup"
    if name.endswith(".lock") and is_store_name(name[:-5]):
        return "catalog-lock"
    return "unknown"


PER_MACHINE_PATTERNS: tuple[tuple[str, str], ...] = (
    ("**/*.lock", "locks: held while a coder's annotator writes"),
    ("**/.*.tmp", "temp files of a write in progress"),
    ("**/*.bak", "backups of the previous version of each file"),
    ("**/*.schema*.bak", "originals of files brought to a newer format"),
    ("**/*.damaged-*", "damaged files that 'annotator doctor --restore' set aside"),
    ("/cache/", "caches each machine rebuilds"),
)
"""What in a data directory stays on the machine that made it, as .gitignore patterns
relative to the data directory, with why: none of it is needed by another coder."""


def kind_in_root(name: str) -> FileKind:
    """What a file named ``name`` at the top of the data directory is."""
    if name == CATALOG:
        return "catalog"
    if name == f"{CATALOG}.bak":
        return "catalog-backup"
    if name == CATALOG_LOCK:
        return "catalog-lock"
    if name == GITIGNORE:
        return "gitignore"
    if temp_owner(name) == CATALOG:
        return "temp"
    if name.startswith(f"{CATALOG}.damaged-"):
        return "kept-aside"
    return "unknown"


def segment_record_name(doc_id: str, key_digest: str) -> str:
    """The file name of a document's segmentation record under one key."""
    return f"{check_doc_id(doc_id)}-{key_digest}.json"


def kind_in_segments_folder(name: str) -> FileKind:
    """What a file named ``name`` in ``cache/segments/`` is."""
    if _SEGMENT_RECORD.match(name):
        return "segment-cache"
    if temp_owner(name) is not None:
        return "temp"
    return "unknown"
