"""Import a ``.qdpx`` project: what ``annotator import FILE.qdpx`` calls.

The file is read and the whole import planned first (``import_plan``); a file that cannot
be read, or unknown codes under ``strict``, stop it before anything is written. Then the
source texts are written to the documents folder, the codebook with the added codes is
written beside the file, and the codings go through ``annotator.import_.apply_import``,
the same path as JSONL and CSV imports, so the store's guarantees hold (one durable write
per store, matching by id and by sentence, nothing duplicated on a second import).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from annotator.codebook.model import Codebook
from annotator.coding.marks import save_marks
from annotator.files import atomic_write_bytes
from annotator.import_ import ImportResult, ParsedImport, apply_import
from annotator.import_.parse import Incoming
from annotator.refi.codebook_convert import (
    add_codes,
    checked_codebook,
    codebook_text,
    existing_specs,
)
from annotator.refi.import_plan import Plan, plan_import, planned_annotations
from annotator.refi.package import read_package
from annotator.refi.report import report_lines
from annotator.refi.source_files import Placer
from annotator.refi.xml_in import RefiError
from annotator.settings.config import bound_keys
from annotator.store import DataDir
from annotator.wording import plural


@dataclass(slots=True)
class RefiImport:
    """What a project import did: the store counts, the plan's report, the files written.

    ``codebook`` is the codebook the imported codings use (the one in force, plus any codes
    added); ``codebook_path`` is where it was written, if codes were added. ``finished``
    and ``reference_coder`` are read from files annotator wrote and saved in the coders'
    store files; ``unsaved_marks`` says which could not be (a file another annotator
    holds).
    """

    result: ImportResult
    plan: Plan
    codebook: Codebook
    codebook_path: Path | None = None
    written: list[Path] = field(default_factory=list)
    unsaved_marks: list[str] = field(default_factory=list)

    @property
    def finished(self) -> set[tuple[str, str]]:
        return self.plan.finished

    @property
    def reference_coder(self) -> str | None:
        return self.plan.reference_coder

    def lines(self) -> list[str]:
        """The report, one line each, safe to print."""
        return report_lines(self)


def default_docs_dir(path: Path) -> Path:
    """Beside the file, named after it: ``study.qdpx`` puts its texts in ``study/``."""
    return path.with_name(path.stem or "sources")


def default_codebook_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}.codebook.toml")


def import_qdpx(
    data_dir: DataDir,
    path: Path,
    codebook: Codebook,
    *,
    docs_dir: Path | None = None,
    strict: bool = False,
    default_coder: str | None = None,
    codebook_path: Path | None = None,
    lang: str | None = None,
    reserved: Mapping[str, str] | None = None,
    show_progress: bool = False,
) -> RefiImport:
    """Import the project at ``path`` into ``data_dir``.

    Raises RefiError (nothing written) if the file cannot be read, or under ``strict`` if
    it uses codes ``codebook`` lacks; ``annotator.import_.ImportInterrupted`` if a store
    cannot be written part way (what was written before is kept).
    """
    reserved = bound_keys() if reserved is None else reserved
    package = read_package(path, path.name)
    # Absolute, since the catalog records where each text is for any later working folder.
    folder = (docs_dir if docs_dir is not None else default_docs_dir(path)).absolute()
    if folder.exists() and not folder.is_dir():
        raise RefiError(f"{folder} is a file; choose another folder for the documents")
    placer = Placer(data_dir, folder, lang=lang)
    plan = plan_import(package, codebook, placer, default_coder=default_coder)
    if plan.unknown_codes and strict:
        names = ", ".join(repr(c.name) for c in plan.unknown_codes)
        raise RefiError(
            f"{path.name} uses {plural(len(plan.unknown_codes), 'code')} the codebook does not "
            f"have ({names}); nothing was imported"
        )
    merged, text = _merged_codebook(plan, codebook, path, reserved)
    target = None
    if text is not None:
        target = _free_path((codebook_path or default_codebook_path(path)).absolute(), text)
        ensure_writable(target.parent, "the codebook")
    if any(s.placed is not None and s.placed.write for s in plan.sources):
        ensure_writable(folder, "the documents", hint="; choose another folder with --docs-dir")
    written = _write_documents(plan, folder)
    if target is not None and text is not None:
        atomic_write_bytes(target, text.encode("utf-8"))
    parsed = ParsedImport("qdpx", "refi")
    # Like a CSV row, a selection carries codes, a note, a coder and times, and nothing
    # of the record's own: merging keeps a stored annotation's id and creation time.
    parsed.incoming = [
        Incoming(number, annotation, from_csv=True)
        for number, annotation in enumerate(planned_annotations(plan, merged), start=1)
    ]
    parsed.needed_documents = dict(plan.documents)
    catalogued = {
        s.placed.document.doc_id for s in plan.sources if s.placed and s.placed.catalogued
    }
    result = apply_import(
        data_dir,
        parsed,
        merged,
        in_catalog=catalogued.__contains__,
        show_progress=show_progress,
    )
    reference = plan.reference_coder
    unsaved = save_marks(
        data_dir,
        plan.finished,
        (reference, [d.doc_id for d in plan.documents.values()]) if reference else None,
    )
    return RefiImport(result, plan, merged, target, written, unsaved_marks=unsaved)


def _merged_codebook(
    plan: Plan, codebook: Codebook, path: Path, reserved: Mapping[str, str]
) -> tuple[Codebook, str | None]:
    """The codebook in force plus the codes the file added (and its TOML), or as it is."""
    if not plan.unknown_codes:
        return codebook, None
    specs, _ = add_codes(
        existing_specs(codebook), plan.unknown_codes, reserved=reserved, source=path.name
    )
    added = {spec.id: spec.name for spec in specs[len(codebook.codes) :]}
    for guid, name in added.items():
        plan.code_names[guid] = name
    names = ", ".join(added.values())
    description = (codebook.description + " " if codebook.description else "") + (
        f"Codes added by importing {path.name}: {names}."
    )
    version = f"{codebook.version}+{path.stem}"
    text = codebook_text(codebook.name, version, description, specs)
    return checked_codebook(text, shown=path.name, reserved=reserved, count=len(specs)), text


def ensure_writable(folder: Path, what: str, hint: str = "") -> None:
    """RefiError unless a file can be created in ``folder`` (or where it would be made).

    Checked before anything is written, so that a folder that refuses the texts or the
    codebook stops the import while the data directory is untouched. The check creates and
    removes a file, since permissions alone do not say it (root, read-only mounts, ACLs).
    """
    existing = folder
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        raise RefiError(f"cannot write {what} to {folder}: {existing} is not a folder{hint}")
    try:
        handle, probe = tempfile.mkstemp(prefix=".annotator-probe-", dir=existing)
        os.close(handle)
        os.unlink(probe)
    except OSError as exc:
        raise RefiError(f"cannot write {what} to {folder}: {exc.strerror or exc}{hint}") from None


def _write_documents(plan: Plan, folder: Path) -> list[Path]:
    written = []
    for source in plan.sources:
        placed = source.placed
        if placed is None or not placed.write or placed.document.path in written:
            continue
        target = placed.document.path
        assert target is not None
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, placed.document.text.encode("utf-8"))
        written.append(target)
    return written


def _free_path(path: Path, text: str) -> Path:
    """``path``, or the next ``name-2.toml`` if a different file is already there."""
    candidate, number = path, 2
    while candidate.exists():
        try:
            if candidate.read_text(encoding="utf-8") == text:
                return candidate
        except (OSError, UnicodeDecodeError):
            pass
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        number += 1
    return candidate
