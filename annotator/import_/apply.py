"""Import an export file into the data directory, one document at a time.

``import_file`` reads the file in passes (see ``rows``): one to find each document's
rows, one to check every document's rows, and, when nothing is wrong (or the caller
chose to skip bad rows), one to write them. Nothing is written while a row is unchecked,
so a bad row still means nothing was imported; and only one document's rows are held at
a time (a few, while their stores are written), so memory follows the largest document,
not the file. ``apply_import`` writes rows already in memory (REFI-QDA projects).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

from annotator.codebook.model import Codebook
from annotator.coding.catalog import register_document
from annotator.export.ticker import ticker
from annotator.import_.finder import DocumentFinder
from annotator.import_.merge import Merged, StoreFailure, merge_store, refuse_ids_in_use
from annotator.import_.parse import DocumentRows, Incoming, ParsedImport, Reading
from annotator.import_.problems import ImportFailed, Problem, UnknownCodes
from annotator.import_.rows import scan
from annotator.store import DataDir
from annotator.text.document import Document

STORE_WORKERS = 8
"""Stores written at once; also how many documents' rows are held while they are."""


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

    def count(self, merged: Merged) -> None:
        self.added += merged.added
        self.updated += merged.updated
        self.unchanged += merged.unchanged
        known = {p.line for p in self.skipped}
        self.skipped.extend(p for p in merged.refused if p.line not in known)


class ImportInterrupted(Exception):
    """Writing stopped part way (a store is locked or cannot be saved).

    ``result`` counts what was written before; those annotations are in the store.
    """

    def __init__(self, message: str, result: ImportResult) -> None:
        super().__init__(message)
        self.result = result


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
    """Check ``path`` and merge it into ``data_dir``; ImportFailed (nothing written) if bad.

    ``raw`` None means: tell from the cells whether the file was written with the guard.
    Codes the codebook lacks (a typo such as ``clam``) refuse the import with
    ``UnknownCodes`` unless ``add_codes`` is given: it adds them to the codebook and
    returns the codebook to import with.
    """
    finder = DocumentFinder(data_dir, documents)
    scanned = scan(path, raw=raw)
    reading = Reading(scanned, codebook, default_coder)

    def checked(doc_id: str) -> DocumentRows:
        rows = reading.document_rows(doc_id, finder)
        if rows.incoming:
            first_id = rows.incoming[0].annotation.doc_id
            rows.incoming, refused = refuse_ids_in_use(data_dir, first_id, rows.incoming)
            rows.problems.extend(refused)
        return rows

    # Check every document's rows before writing any of them.
    problems = list(scanned.problems)
    needed: dict[str, Document] = {}
    needed_coders: dict[str, str] = {}
    unknown: dict[str, list[int]] = {}
    blank = incoming = 0
    for doc_id in scanned.runs:
        rows = checked(doc_id)
        problems.extend(rows.problems)
        blank += rows.blank
        incoming += len(rows.incoming)
        _gather_unknown(rows.incoming, codebook, unknown)
        if rows.needed is not None:
            needed[rows.needed.doc_id] = rows.needed
            needed_coders.update(_first_coders(rows.incoming))
    problems.sort(key=lambda p: p.line)
    if problems and not skip_bad:
        raise ImportFailed(problems)
    if unknown:
        if add_codes is None:
            raise UnknownCodes(_in_file_order(unknown))
        codebook = add_codes(list(_in_file_order(unknown)))
        reading = Reading(scanned, codebook, default_coder)
    result = ImportResult(scanned.format, scanned.layout, blank=blank, skipped=problems)
    _register(data_dir, needed, finder.in_catalog, result, needed_coders)

    bad = frozenset(p.line for p in problems)

    def batches() -> Iterator[list[Incoming]]:
        # The good rows again, already checked (the stores refuse an id in use
        # themselves, see merge).
        for doc_id in scanned.runs:
            yield reading.document_rows(doc_id, finder, checked=bad).incoming

    _write(data_dir, batches(), codebook, result, incoming if show_progress else None)
    return result


def unknown_codes(parsed: ParsedImport, codebook: Codebook) -> dict[str, list[int]]:
    """The codes ``parsed`` uses that ``codebook`` lacks (under any of its names), each
    with the lines that use it."""
    found: dict[str, list[int]] = {}
    _gather_unknown(parsed.incoming, codebook, found)
    return _in_file_order(found)


def _gather_unknown(
    items: Iterable[Incoming], codebook: Codebook, found: dict[str, list[int]]
) -> None:
    for item in items:
        for tag in item.annotation.tags:
            if codebook.by_name(tag) is None:
                found.setdefault(tag, []).append(item.line)


def _in_file_order(found: dict[str, list[int]]) -> dict[str, list[int]]:
    """Each code's lines sorted, the codes by the first line that uses them (documents
    are read one at a time, so lines come in file order only within a document)."""
    lines = {code: sorted(numbers) for code, numbers in found.items()}
    return dict(sorted(lines.items(), key=lambda item: item[1][0]))


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
    _register(data_dir, parsed.needed_documents, in_catalog, result, _first_coders(parsed.incoming))
    by_document: dict[str, list[Incoming]] = {}
    for item in parsed.incoming:
        by_document.setdefault(item.annotation.doc_id, []).append(item)
    total = len(parsed.incoming) if show_progress else None
    _write(data_dir, iter(by_document.values()), codebook, result, total)
    return result


def _register(
    data_dir: DataDir,
    needed: dict[str, Document],
    in_catalog: Callable[[str], bool],
    result: ImportResult,
    coders: Mapping[str, str],
) -> None:
    """Record in the catalog the ``--doc`` documents the rows need and it lacks.

    In a project each coder has a catalog of their own: a document goes into the catalog
    of a coder whose rows these are (``coders``, by document id).
    """
    for doc_id, document in needed.items():
        if not in_catalog(doc_id) and document.path is not None:
            register_document(data_dir, document, coder=coders.get(doc_id))
            result.registered.append(document.name)


def _first_coders(items: Iterable[Incoming]) -> dict[str, str]:
    """For each document, the first coder (by name) its rows belong to."""
    first: dict[str, str] = {}
    for item in items:
        known = first.get(item.annotation.doc_id)
        if known is None or item.annotation.coder < known:
            first[item.annotation.doc_id] = item.annotation.coder
    return first


def _write(
    data_dir: DataDir,
    batches: Iterator[list[Incoming]],
    codebook: Codebook,
    result: ImportResult,
    total: int | None,
) -> None:
    """Merge each batch (one document's rows) into its coders' stores, a few at a time."""
    failures: list[str] = []
    with (
        ticker(total or 0, "importing") as tick,
        ThreadPoolExecutor(max_workers=STORE_WORKERS, thread_name_prefix="import") as pool,
    ):
        running: dict[Future[Merged], int] = {}

        def collect(done: set[Future[Merged]]) -> None:
            for future in done:
                size = running.pop(future)
                try:
                    result.count(future.result())
                except StoreFailure as failure:
                    failures.append(str(failure))
                    continue
                if total is not None:
                    tick(size)

        for batch in batches:
            by_store: dict[tuple[str, str], list[Incoming]] = {}
            for item in batch:
                key = (item.annotation.doc_id, item.annotation.coder)
                by_store.setdefault(key, []).append(item)
            for (doc_id, coder), items in by_store.items():
                while len(running) >= STORE_WORKERS:
                    finished, _ = wait(running, return_when=FIRST_COMPLETED)
                    collect(finished)
                future = pool.submit(merge_store, data_dir, doc_id, coder, items, codebook)
                running[future] = len(items)
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            collect(finished)
    result.skipped.sort(key=lambda p: p.line)
    if failures:
        raise ImportInterrupted(sorted(failures)[0], result)
