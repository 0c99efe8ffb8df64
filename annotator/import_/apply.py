"""Merge parsed annotations into the data directory, never duplicating one.

An incoming annotation replaces the stored one with the same id; failing that, the one
the same coder has on the same span (one annotation per sentence per coder). Stored
annotations the file does not mention are left alone: an import adds and updates, it
never deletes. Writes go through each coder's ``DocumentStore``, flushed and closed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from annotator.annotation import Annotation
from annotator.codebook.model import Codebook
from annotator.coding.catalog import register_document
from annotator.coding.resegment import coder_corrections, common_corrections, with_overrides
from annotator.export.ticker import ticker
from annotator.import_.parse import ImportFailed, Incoming, ParsedImport, Problem, read_import
from annotator.store import DataDir, DocumentStore, StoreDamaged
from annotator.text.document import Document, content_id, load_document
from annotator.text.loading import LoadError, load_text

SAVE_SECONDS = 60.0
"""How long an import waits for one store's writes before reporting it unsaved."""

STORE_WORKERS = 8


@dataclass(slots=True)
class ImportResult:
    """What an import did; ``skipped`` lists the bad rows left out under ``skip_bad``."""

    format: str
    layout: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    blank: int = 0
    skipped: list[Problem] = field(default_factory=list)
    registered: list[str] = field(default_factory=list)


class ImportInterrupted(Exception):
    """Writing stopped part way (a store is locked or cannot be saved).

    ``result`` counts what was written before; those annotations are in the store.
    """

    def __init__(self, message: str, result: ImportResult) -> None:
        super().__init__(message)
        self.result = result


class UnknownCodes(Exception):
    """The file names codes the codebook does not have; nothing was written.

    ``codes`` maps each unknown name to the lines (rows) that use it, in file order.
    """

    def __init__(self, codes: dict[str, list[int]]) -> None:
        super().__init__(", ".join(codes))
        self.codes = codes


def unknown_codes(parsed: ParsedImport, codebook: Codebook) -> dict[str, list[int]]:
    """The codes ``parsed`` uses that ``codebook`` lacks (under any of its names)."""
    found: dict[str, list[int]] = {}
    for item in parsed.incoming:
        for tag in item.annotation.tags:
            if codebook.by_name(tag) is None:
                found.setdefault(tag, []).append(item.line)
    return found


class DocumentFinder:
    """Find each document: ``--doc`` files first, then the catalog's recorded path.

    A file at the recorded path counts only if its content id is still the document's.
    A document is segmented as its coder's reader shows it, with that coder's splits and
    merges: rows exported from a split sentence must find it again.
    """

    def __init__(self, data_dir: DataDir, extra: Sequence[Document]) -> None:
        self.data_dir = data_dir
        self._given = {d.doc_id: d for d in extra}
        self._documents: dict[str, Document | None] = {}
        self._segmented: dict[tuple[str, str | None], Document] = {}
        self._texts: dict[str, str | None] = {}
        self._catalog = {e.doc_id: e for e in data_dir.catalog()}

    def known(self, doc_id: str) -> bool:
        return doc_id in self._catalog or doc_id in self._given

    def in_catalog(self, doc_id: str) -> bool:
        return doc_id in self._catalog

    def given(self, doc_id: str) -> Document | None:
        """A ``--doc`` document, segmented with the corrections its coders share."""
        document = self._given.get(doc_id)
        return None if document is None else self._as_seen(document, None)

    def document(self, doc_id: str, coder: str | None = None) -> Document | None:
        """The document as ``coder`` sees it (with no coder: as all its coders do)."""
        document = self._given.get(doc_id)
        if document is None:
            if doc_id not in self._documents:
                self._documents[doc_id] = self._load(doc_id)
            document = self._documents[doc_id]
        return None if document is None else self._as_seen(document, coder)

    def _as_seen(self, document: Document, coder: str | None) -> Document:
        key = (document.doc_id, coder)
        if key not in self._segmented:
            if coder is None:
                overrides = common_corrections(self.data_dir, document.doc_id)
            else:
                overrides = coder_corrections(self.data_dir, document.doc_id, coder)
            self._segmented[key] = with_overrides(document, overrides) if overrides else document
        return self._segmented[key]

    def text(self, doc_id: str) -> str | None:
        if doc_id in self._given:
            return self._given[doc_id].text
        if doc_id not in self._texts:
            self._texts[doc_id] = self._load_text(doc_id)
        return self._texts[doc_id]

    def _load(self, doc_id: str) -> Document | None:
        entry = self._catalog.get(doc_id)
        if entry is None:
            return None
        try:
            document = load_document(Path(entry.path))
        except LoadError:
            return None
        if document.doc_id != doc_id:
            return None
        return document

    def _load_text(self, doc_id: str) -> str | None:
        entry = self._catalog.get(doc_id)
        if entry is None:
            return None
        try:
            text = load_text(Path(entry.path)).text
        except LoadError:
            return None
        return text if content_id(text) == doc_id else None


def import_file(
    data_dir: DataDir,
    path: Path,
    codebook: Codebook,
    *,
    documents: Sequence[Document] = (),
    skip_bad: bool = False,
    raw: bool | None = None,
    default_coder: str | None = None,
    show_progress: bool = False,
    add_codes: Callable[[list[str]], Codebook] | None = None,
) -> ImportResult:
    """Parse ``path`` and merge it into ``data_dir``; ImportFailed (nothing written) if bad.

    Codes the codebook lacks (a typo such as ``clam``) refuse the import with
    ``UnknownCodes`` unless ``add_codes`` is given: it adds them to the codebook and
    returns the codebook to import with.
    """
    finder = DocumentFinder(data_dir, documents)
    parsed = read_import(
        path,
        finder=finder,
        codebook=codebook,
        raw=raw,
        default_coder=default_coder,
    )
    if parsed.problems and not skip_bad:
        raise ImportFailed(sorted(parsed.problems, key=lambda p: p.line))
    unknown = unknown_codes(parsed, codebook)
    if unknown:
        if add_codes is None:
            raise UnknownCodes(unknown)
        codebook = add_codes(list(unknown))
    return apply_import(
        data_dir, parsed, codebook, in_catalog=finder.in_catalog, show_progress=show_progress
    )


def apply_import(
    data_dir: DataDir,
    parsed: ParsedImport,
    codebook: Codebook,
    *,
    in_catalog: Callable[[str], bool] = lambda _: True,
    show_progress: bool = False,
) -> ImportResult:
    """Write ``parsed.incoming`` to the stores; bad rows in ``parsed`` are reported as skipped."""
    result = ImportResult(parsed.format, parsed.layout, blank=parsed.blank)
    result.skipped = sorted(parsed.problems, key=lambda p: p.line)
    row_coders: dict[str, str] = {}
    for item in parsed.incoming:
        known = row_coders.get(item.annotation.doc_id)
        if known is None or item.annotation.coder < known:
            row_coders[item.annotation.doc_id] = item.annotation.coder
    for doc_id, document in parsed.needed_documents.items():
        if not in_catalog(doc_id) and document.path is not None:
            # In a project, the catalog of a coder whose rows these are.
            register_document(data_dir, document, coder=row_coders.get(doc_id))
            result.registered.append(document.name)
    groups: dict[tuple[str, str], list[Incoming]] = {}
    for item in parsed.incoming:
        key = (item.annotation.doc_id, item.annotation.coder)
        groups.setdefault(key, []).append(item)
    failures: list[str] = []
    with (
        ticker(len(parsed.incoming), "importing") as tick,
        ThreadPoolExecutor(max_workers=STORE_WORKERS, thread_name_prefix="import") as pool,
    ):
        futures = {
            pool.submit(_merge_one, data_dir, doc_id, coder, items, codebook): len(items)
            for (doc_id, coder), items in groups.items()
        }
        for future in as_completed(futures):
            try:
                added, updated, unchanged = future.result()
            except _StoreFailure as failure:
                failures.append(str(failure))
                continue
            result.added += added
            result.updated += updated
            result.unchanged += unchanged
            if show_progress:
                tick(futures[future])
    if failures:
        raise ImportInterrupted(sorted(failures)[0], result)
    return result


class _StoreFailure(Exception):
    """One store could not be written; the others go on."""


def _merge_one(
    data_dir: DataDir, doc_id: str, coder: str, items: list[Incoming], codebook: Codebook
) -> tuple[int, int, int]:
    """Merge one coder's incoming annotations into their store: (added, updated, unchanged).

    Runs on a worker thread: stores are independent files, and most of the time goes to
    opening them (a lock file, a writer thread) and waiting for the disk, so several
    stores at once overlap those waits.
    """
    try:
        store = data_dir.open_store(doc_id, coder)
    except (StoreDamaged, OSError, ValueError) as exc:
        raise _StoreFailure(f"cannot write the store of {doc_id}: {exc}") from None
    try:
        if store.read_only:
            reason = store.read_only_reason or "the store is read-only"
            raise _StoreFailure(f"cannot write the store of {doc_id}: {reason}")
        counts = _queue_changes(store, items, codebook)
    finally:
        # close() waits for the writes, with a timeout: on a failing disk the writer
        # retries without end, and an import must report that rather than hang.
        closed = store.close(timeout=SAVE_SECONDS)
    if closed is False:
        raise _StoreFailure(f"could not save the annotations of {doc_id}")
    return counts


def _queue_changes(
    store: DocumentStore, items: list[Incoming], codebook: Codebook
) -> tuple[int, int, int]:
    added = updated = unchanged = 0
    existing = store.load()
    by_id = {a.id: a for a in existing}
    by_span = {(a.start, a.end): a for a in existing}
    changes: list[tuple[str, Annotation | None]] = []
    for item in items:
        incoming = item.annotation
        current = by_id.get(incoming.id) or by_span.get((incoming.start, incoming.end))
        target = _merged(current, incoming, item.from_csv, codebook)
        if current is not None and target == current:
            unchanged += 1
            continue
        if current is not None and current.id != target.id:
            changes.append((current.id, None))
            by_id.pop(current.id, None)
        changes.append((target.id, target))
        by_id[target.id] = target
        by_span[(target.start, target.end)] = target
        if current is None:
            added += 1
        else:
            updated += 1
    if changes:
        store.apply_many(changes)  # one durable write for the whole store
    return added, updated, unchanged


def _merged(
    current: Annotation | None, incoming: Annotation, from_csv: bool, codebook: Codebook
) -> Annotation:
    """What should be stored. CSV rows change tags, note and time, and keep the rest."""
    if current is None or not from_csv:
        return incoming
    same_tags = set(codebook.canonical(t) for t in current.tags) == set(incoming.tags)
    return current.with_changes(
        tags=current.tags if same_tags else incoming.tags,
        note=incoming.note,
        updated=incoming.updated,
    )
