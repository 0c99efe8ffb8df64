"""Which documents an export or a count covers: the ones named, then the whole catalog.

A user names a document by its file (``-`` for stdin, or the bundled sample's name), or,
when no such file exists, by the content id, file name or recorded path under which the
data directory knows it. Named files are loaded, and each coder's annotations placed on
the sentences that coder's reader shows (with the coder's own splits and merges);
catalogued documents are loaded from their recorded paths, or exported from their stored
records when the file has gone (see ``annotator.export.sources``). A document counts once,
at its current version: a file edited since it was coded and the version it replaced are
one document.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from annotator.coding.catalog import catalog_damage, catalog_warning
from annotator.export.sources import (
    ExportDocument,
    all_documents,
    from_catalog_entry,
    from_document,
)
from annotator.export.ticker import ticker
from annotator.store import CatalogEntry, DataDir
from annotator.store.segment_cache import SegmentCache
from annotator.store.versions import Versions
from annotator.text.document import SAMPLE_NAME, STDIN_ARGUMENT, load_named_document
from annotator.text.loading import LoadError


@dataclass(frozen=True, slots=True)
class Selection:
    """The documents found, each once, in the order named; and what loading them noticed.

    ``notices`` are the loading remarks (a guessed encoding, control characters) of the
    files named, in order, for the front end to show: a reader of ``annotator export``
    sees them as a reader of the same file on screen would.
    """

    sources: list[ExportDocument]
    notices: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """What went wrong but did not stop the export (a damaged catalog it did not need)."""


def resolve_sources(
    references: Sequence[str],
    data_dir: DataDir,
    *,
    everything: bool,
    coder: str | None,
    encoding: str | None = None,
    lang: str | None = None,
    need_text: bool = True,
    stdin: BinaryIO | None = None,
    show_progress: bool = False,
    all_versions: bool = False,
) -> Selection:
    """Sources for the named documents (then the catalog with ``everything``), no repeats.

    A reference that is not a file is looked up in the data directory by id, file name
    or recorded path. One that is neither raises ``LoadError``, with the loader's own
    one-line message (``no such file: ...``) where it has one. ``stdin`` is read for
    ``-``. Without ``need_text`` catalogued documents are not loaded (JSONL writes the
    stored records as they are). Only the current version of each document is taken,
    unless ``all_versions`` (with ``everything``: every version catalogued).
    """
    sources: list[ExportDocument] = []
    versions: Versions | None = None
    notices: list[str] = []
    warnings: list[str] = []
    cache = SegmentCache(data_dir)
    damage = catalog_damage(data_dir)
    if damage is not None:
        if everything:
            raise damage  # the catalog is what --all exports
        warnings.append(catalog_warning(damage))
    for reference in references:
        if reference in (STDIN_ARGUMENT, SAMPLE_NAME) or Path(reference).exists():
            loaded = cache.load_named(reference, stdin=stdin, lang=lang, encoding=encoding)
            notices.extend(loaded.notices)
            sources.append(from_document(loaded, data_dir, coder, cache=cache))
            continue
        if damage is not None:
            raise damage  # a document named by id or name is found through the catalog
        versions = versions or Versions.of(data_dir.catalog())
        entries = find_documents(data_dir, versions, reference)
        if not entries:
            load_named_document(reference, stdin=stdin, encoding=encoding)  # its own error
            raise LoadError(f"no such document: {reference}")
        sources.extend(
            from_catalog_entry(
                e, data_dir, coder, need_text=need_text, versions=versions, cache=cache
            )
            for e in entries
        )
    if everything:
        versions = versions or Versions.of(data_dir.catalog())
        count = len(versions.entries) if all_versions else len(versions.histories)
        with contextlib.ExitStack() as stack:
            tick = (
                stack.enter_context(ticker(count, "loading documents")) if show_progress else None
            )
            sources.extend(
                all_documents(
                    data_dir,
                    coder,
                    tick,
                    need_text=need_text,
                    all_versions=all_versions,
                    cache=cache,
                )
            )
    unique: dict[str, ExportDocument] = {}
    for source in sources:
        unique.setdefault(source.doc_id, source)
    return Selection(list(unique.values()), notices, warnings)


def find_documents(data_dir: DataDir, versions: Versions, reference: str) -> list[CatalogEntry]:
    """The catalogued documents ``reference`` names: by id, that very version; by file
    name or recorded path, the current version of each document so named."""
    found = data_dir.find(reference)
    if any(entry.doc_id == reference for entry in found):
        return [entry for entry in found if entry.doc_id == reference]
    current: dict[str, CatalogEntry] = {}
    for entry in found:
        latest = versions.latest(entry.doc_id) or entry
        current.setdefault(latest.doc_id, latest)
    return list(current.values())
