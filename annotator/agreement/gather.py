"""Which documents and coders agreement covers, and their work: the store side of agreement.

The rest of this package is the pure core and never reads the store. This module is the
one step before it: ``gather`` finds the documents (named, then with ``--all`` every
catalogued one), loads each once, and reads every coder's work on it once, on the coder's
own sentences (``annotator.coding.document_coders``). ``agreement_input`` then picks the
coders to compare and turns their work into the core's ``DocumentWork``, naming
everything it leaves out. A document whose file changed after it was coded is read
with each coder's coding carried over to the new text (as the reader and exports show
it); only the current version of each document counts. In a project with assignments,
``--all`` means the overlap sample, and a coder who was not assigned a document is not
missing from it: such (document, coder) pairs are skipped rather than reported as "no
coding".
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from annotator.agreement.model import Exclusion
from annotator.agreement.units import CodedSentence, CoderWork, DocumentWork
from annotator.codebook.model import Codebook
from annotator.coding.assignments import ProjectAssignments
from annotator.coding.catalog import catalog_damage
from annotator.coding.document_coders import CoderCoding, DocumentCoders, read_coders
from annotator.coding.reanchoring.earlier import version_text
from annotator.export.selection import find_documents
from annotator.export.sources import load_for_export
from annotator.store import CatalogEntry, DataDir
from annotator.store.segment_cache import SegmentCache
from annotator.store.versions import Versions
from annotator.text.document import SAMPLE_NAME, STDIN_ARGUMENT, load_named_document
from annotator.text.loading import LoadError
from annotator.wording import plural, plural_form

NO_CODING = "no coding"
REFERENCE_LAYER = "a reference layer; name it in --coders to compare with it"


class SelectionError(ValueError):
    """The coders or codes asked for cannot be compared; the message says why."""


@dataclass(frozen=True, slots=True)
class Gathered:
    """The documents found with their coders' work, and what could not be read.

    ``left_out`` names whole documents (``coder`` empty) and coders' files that cannot
    be used, with the reason. ``notices`` are loading remarks about the files named
    (a guessed encoding...); ``warnings`` what went wrong but did not stop (a damaged
    catalog that was not needed).
    """

    documents: list[DocumentCoders]
    left_out: list[Exclusion] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    assigned: dict[str, frozenset[str]] = field(default_factory=dict)
    """The coders each assigned document (by id) was given to, in a project with
    assignments; a coder outside them is not expected to have coded it."""

    def expects(self, doc_id: str, coder: str) -> bool:
        """True if ``coder``'s work on the document is missing when it is not there."""
        assigned = self.assigned.get(doc_id)
        return assigned is None or coder in assigned

    def coders(self) -> list[str]:
        """Every coder with work on a document found, reference layers included."""
        return sorted({c.coder for doc in self.documents for c in doc.coders})

    def reference_layers(self) -> list[str]:
        """Coders whose work on some document found is an adjudicated reference layer."""
        return sorted({c.coder for doc in self.documents for c in doc.coders if c.reference})


def gather(
    data_dir: DataDir,
    references: Sequence[str],
    *,
    everything: bool,
    lang: str | None = None,
    encoding: str | None = None,
    stdin: BinaryIO | None = None,
    advance: Callable[[int], None] | None = None,
    team: ProjectAssignments | None = None,
) -> Gathered:
    """The documents named by ``references`` (files, or ids and names the catalog knows)
    then, with ``everything``, every catalogued document by name; each once. With
    ``team`` (a project's assignments), ``everything`` is its overlap sample instead
    (unless ``team.sample`` is off), and each document's assigned coders are noted.

    Raises ``LoadError`` for a reference that is neither a file nor a catalogued
    document, and ``StoreDamaged`` when the catalog is damaged and needed.
    """
    gathered = Gathered([])
    seen: set[str] = set()
    damage = catalog_damage(data_dir)
    sample = team is not None and team.sample and everything
    if damage is not None:
        if everything and not sample:
            raise damage
        gathered.warnings.append(str(damage))
    versions = Versions.of(data_dir.catalog()) if damage is None else None
    entries: list[CatalogEntry] = []
    cache = SegmentCache(data_dir)
    for reference in references:
        if reference in (STDIN_ARGUMENT, SAMPLE_NAME) or Path(reference).exists():
            loaded = cache.load_named(reference, stdin=stdin, lang=lang, encoding=encoding)
            gathered.notices.extend(loaded.notices)
            _add_document(gathered, seen, read_coders(data_dir, loaded, versions=versions))
            continue
        if damage is not None or versions is None:
            raise damage or LoadError(f"no such document: {reference}")
        found = find_documents(data_dir, versions, reference)
        if not found:
            load_named_document(reference, stdin=stdin, encoding=encoding)  # its own error
            raise LoadError(f"no such document: {reference}")
        entries.extend(found)
    if everything and not sample and versions is not None:
        entries.extend(sorted(versions.current(), key=lambda e: (e.name, e.doc_id)))
    for entry in entries:
        if entry.doc_id not in seen and versions is not None:
            _add_entry(gathered, seen, cache, entry, versions)
        if advance is not None:
            advance(1)
    if sample and team is not None:
        for path in team.overlap_paths():
            name = team.project.relative(path) or path.name
            _add_path(gathered, data_dir, path, seen, name, versions)
            if advance is not None:
                advance(1)
    if team is not None:
        for doc in gathered.documents:
            coders = team.coders_of_path(doc.document.path)
            if coders is not None:
                gathered.assigned[doc.document.doc_id] = coders
    return gathered


def _add_path(
    gathered: Gathered,
    data_dir: DataDir,
    path: Path,
    seen: set[str],
    name: str,
    versions: Versions | None,
) -> None:
    """A document of the overlap sample, read from its file (with the coding of an
    earlier version carried over, as for any file), or left out with why."""
    try:
        document = load_for_export(path, data_dir)
    except LoadError as exc:
        gathered.left_out.append(Exclusion("", name, "", f"its text cannot be read: {exc}"))
        return
    _add_document(gathered, seen, read_coders(data_dir, document, versions=versions))


def _add_document(gathered: Gathered, seen: set[str], found: DocumentCoders) -> None:
    """A document read with its coders' current work, once (a catalogued one and the
    file it was edited into are the same document)."""
    document = found.document
    keys = {document.doc_id} | ({found.previous.doc_id} if found.previous else set())
    if keys & seen:
        return
    seen.update(keys)
    gathered.warnings.extend(found.warnings)
    gathered.documents.append(found)


def _add_entry(
    gathered: Gathered,
    seen: set[str],
    cache: SegmentCache,
    entry: CatalogEntry,
    versions: Versions,
) -> None:
    """A catalogued document, loaded from its recorded path (an earlier version from its
    kept text), segmented through ``cache``, or left out with why. A file edited since
    it was coded is read with the coding carried over to its new text."""
    data_dir = cache.data_dir
    try:
        if versions.is_current(entry.doc_id):
            document = load_for_export(Path(entry.path), data_dir, cache=cache)
        else:
            text = version_text(data_dir, entry, entry.doc_id)
            if text is None:
                raise LoadError("an earlier version of the document whose text was not kept")
            document = cache.document(text, name=entry.name)
    except LoadError as exc:
        seen.add(entry.doc_id)
        gathered.left_out.append(
            Exclusion(entry.doc_id, entry.name, "", f"its text cannot be read: {exc}")
        )
        return
    carry = versions.is_current(entry.doc_id)
    _add_document(gathered, seen, read_coders(data_dir, document, versions=versions, carry=carry))


@dataclass(frozen=True, slots=True)
class AgreementInput:
    """What the core is given, and everything left out before it (by document, coder)."""

    coders: tuple[str, ...]
    documents: list[DocumentWork]
    left_out: list[Exclusion]
    codebook: Codebook
    notes: list[str] = field(default_factory=list)
    """Finished coders' annotations that fit none of their sentences (not counted)."""


def agreement_input(
    gathered: Gathered,
    codebook: Codebook,
    *,
    coders: Sequence[str] | None = None,
    codes: Sequence[str] | None = None,
) -> AgreementInput:
    """The core's input: each document with the work of the coders compared.

    Without ``coders``, every coder but reference layers (which are named as left out).
    ``codes`` limits agreement to those codes (each coder's codes on a sentence are
    taken within them) and the codebook to them. Raises ``SelectionError`` for an
    unknown coder or code, fewer than two coders, and when no document was finished by
    two of them.
    """
    found = gathered.coders()
    if coders is None:
        references = set(gathered.reference_layers())
        chosen = tuple(name for name in found if name not in references)
    else:
        chosen = tuple(dict.fromkeys(coders))
        unknown = [name for name in chosen if name not in found]
        if unknown:
            raise SelectionError(
                f"unknown coder {unknown[0]!r}: no selected document has work by "
                f"{unknown[0]!r} (coders found: {', '.join(found) or 'none'})"
            )
    if len(chosen) < 2:
        who = f" ({chosen[0]})" if chosen else ""
        raise SelectionError(
            f"agreement needs at least two coders; the selection has {len(chosen)}{who}"
        )
    codebook, keep = _codes_kept(codebook, codes)
    left_out = list(gathered.left_out)
    notes: list[str] = []
    documents: list[DocumentWork] = []
    sets: dict[tuple[str, ...], frozenset[str]] = {}
    for doc in gathered.documents:
        document = doc.document
        for item in doc.left_out:
            if item.coder is None or item.coder in chosen:
                left_out.append(
                    Exclusion(document.doc_id, document.name, item.coder or "", item.reason)
                )
        unusable = {item.coder for item in doc.left_out}
        work = []
        for name in found:
            coding = doc.coder(name)
            if coding is None:
                expected = gathered.expects(document.doc_id, name)
                if name in chosen and name not in unusable and expected:
                    left_out.append(Exclusion(document.doc_id, document.name, name, NO_CODING))
            elif name in chosen:
                work.append(_coder_work(coding, sets, codebook, keep))
                if coding.finished and coding.unplaced:
                    notes.append(_unplaced(coding, document.name))
                notes.extend(_carried_notes(coding, document.name))
            elif coders is None and coding.reference:
                left_out.append(Exclusion(document.doc_id, document.name, name, REFERENCE_LAYER))
        if work:
            documents.append(
                DocumentWork(document.doc_id, document.name, tuple(work), document.text)
            )
        elif not doc.coders and not doc.left_out:
            left_out.append(Exclusion(document.doc_id, document.name, "", NO_CODING))
    if not any(sum(w.finished for w in doc.work) >= 2 for doc in documents):
        raise SelectionError(
            "no finished documents: no selected document was marked finished by two of "
            f"the coders ({', '.join(chosen)}); only finished work is compared "
            "(annotator done DOC, or D in the reader)"
        )
    return AgreementInput(chosen, documents, left_out, codebook, notes)


def _unplaced(coding: CoderCoding, name: str) -> str:
    count = len(coding.unplaced)
    return (
        f"{plural(count, 'annotation')} of {coding.coder} on {name} "
        f"{plural_form(count, 'fits', 'fit')} none of {coding.coder}'s sentences and "
        f"{plural_form(count, 'was')} not counted (kept in the store)"
    )


def _carried_notes(coding: CoderCoding, name: str) -> list[str]:
    """What carrying a coder's work over to an edited text left to say: annotations
    held for review (not counted), and a finished mark that did not follow."""
    notes = []
    held = len(coding.review) + len(coding.orphaned)
    if coding.finished and held:
        notes.append(
            f"{plural(held, 'annotation')} of {coding.coder} on {name} "
            f"{plural_form(held, 'awaits', 'await')} review since its text changed and "
            f"{plural_form(held, 'was')} not counted (annotator reanchor {name} lists them)"
        )
    carried = coding.carried
    if carried is not None and carried.finished_dropped:
        notes.append(
            f"{coding.coder} finished an earlier version of {name}; the mark did not follow "
            f"the edit of its text ({carried.finished_dropped}): mark it finished again "
            "once checked"
        )
    return notes


def _codes_kept(
    codebook: Codebook, codes: Sequence[str] | None
) -> tuple[Codebook, frozenset[str] | None]:
    """The codebook limited to ``codes`` (by name or former name), and their names."""
    if codes is None:
        return codebook, None
    kept: list[str] = []
    for name in codes:
        code = codebook.by_name(name)
        if code is None:
            known = ", ".join(c.name for c in codebook.codes)
            raise SelectionError(
                f"unknown code {name!r}: the codebook {codebook.name!r} has {known}"
            )
        if code.name not in kept:
            kept.append(code.name)
    limited = Codebook(
        name=codebook.name,
        version=codebook.version,
        codes=tuple(c for c in codebook.codes if c.name in kept),
        source=codebook.source,
        description=codebook.description,
        exclusive=codebook.exclusive,
        path=codebook.path,
    )
    return limited, frozenset(kept)


def _coder_work(
    coding: CoderCoding,
    sets: dict[tuple[str, ...], frozenset[str]],
    codebook: Codebook,
    keep: Collection[str] | None,
) -> CoderWork:
    """One coder's sentences as the core takes them: every sentence, coded or not."""
    sentences = []
    annotations = coding.annotations
    for sentence in coding.document.sentences:
        annotation = annotations.get(sentence.index)
        if annotation is None:
            sentences.append(CodedSentence(sentence.start, sentence.end))
            continue
        tags = annotation.tags
        codes = sets.get(tags)
        if codes is None:
            canonical = frozenset(codebook.canonical(t) for t in tags)
            codes = sets[tags] = canonical if keep is None else canonical & frozenset(keep)
        sentences.append(CodedSentence(sentence.start, sentence.end, codes, annotation.note))
    return CoderWork(coding.coder, coding.finished is not None, tuple(sentences))
