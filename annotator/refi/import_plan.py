"""Plan a project import: every selection mapped to sentences, every coding to a coder.

Nothing is written here. The plan holds the documents (and whether their files must be
written), the annotations to merge (one per sentence and coder, as annotator stores them),
the codes the codebook lacks, and a report of how selections fitted the sentences.

Coders come from ``creatingUser``: the coding's, else the selection's, else the
project's, else a default. A selection's note (its ``Description`` and the notes its
``NoteRef``s name) goes to the selection's user; when the selection names none, to every
coder with a coding in it. Several selections on one sentence by one coder become one
annotation with all their codes and notes. Times come from the records; a record without
one takes the project's time, else the time of ``project.qde`` in the zip, so that
importing a file twice gives the same records.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from annotator.annotation import Annotation, utc_now
from annotator.codebook.model import Codebook
from annotator.coding.anchoring import anchor_fields
from annotator.refi import guids
from annotator.refi.build import FINISHED_PREFIX
from annotator.refi.codebook_convert import FileCode, flatten
from annotator.refi.model import Code, Project, Selection, TextSource
from annotator.refi.package import Package
from annotator.refi.source_files import Placed, Placer, SourceText, source_text
from annotator.refi.spans import (
    Counting,
    Fit,
    SentenceMap,
    crlf_positions,
    offset_counting,
    to_normalized,
)
from annotator.refi.times import timestamp
from annotator.text.document import Document

UNKNOWN_CODER = "unknown"
_ID_NAMESPACE = uuid.UUID("0b5e7c2d-61a4-5f38-9e1b-7d4c2a8f6e13")


def annotation_id(doc_id: str, start: int, end: int, coder: str) -> str:
    """The id an imported annotation gets: the same sentence and coder, the same id."""
    return str(uuid.uuid5(_ID_NAMESPACE, f"{doc_id}\x1f{start}\x1f{end}\x1f{coder}"))


@dataclass(frozen=True, slots=True)
class Unplaced:
    """A selection that coded no sentence, named as a user can find it in the other tool."""

    source: str
    start: int
    end: int
    name: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class PlannedSource:
    """One text source of the file and what became of it."""

    name: str
    placed: Placed | None
    problem: str | None = None
    counting: Counting | None = None
    same_as: str | None = None


@dataclass(slots=True)
class _Coded:
    """What one coder said about one sentence, gathered over selections."""

    codes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    selections: int = 0


@dataclass(slots=True)
class Plan:
    """Everything an import will do, decided before anything is written."""

    sources: list[PlannedSource] = field(default_factory=list)
    fits: Counter[Fit] = field(default_factory=Counter)
    unplaced: list[Unplaced] = field(default_factory=list)
    unknown_codes: list[FileCode] = field(default_factory=list)
    code_names: dict[str, str] = field(default_factory=dict)
    undefined_codings: int = 0
    whole_source_codings: int = 0
    without_user: int = 0
    merged: int = 0
    finished: set[tuple[str, str]] = field(default_factory=set)
    reference_coder: str | None = None
    skipped: tuple[str, ...] = ()
    coded: dict[tuple[str, int, str], _Coded] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)

    @property
    def selections(self) -> int:
        return sum(self.fits.values())


def plan_import(
    package: Package,
    codebook: Codebook,
    placer: Placer,
    *,
    default_coder: str | None = None,
) -> Plan:
    """Map every selection of ``package`` and resolve its codes against ``codebook``."""
    project = package.project
    plan = Plan(skipped=project.skipped)
    users = {guids.normalize(u.guid): _clean(u.name) for u in project.users if u.guid}
    fallback_time = (
        timestamp(project.modified) or timestamp(project.created) or package.stamp or utc_now()
    )
    people = _People(users, project.creating_user, default_coder or UNKNOWN_CODER)
    notes = _note_texts(package)
    selection_sources: dict[str, str] = {}
    for source in project.sources:
        planned, text = _plan_source(package, source, placer, plan)
        plan.sources.append(planned)
        plan.whole_source_codings += len(source.codings)
        if planned.placed is None or text is None:
            continue
        document = planned.placed.document
        counting = planned.counting or Counting.STORED
        crlf = crlf_positions(text.raw)
        sentences = SentenceMap(document)
        for selection in source.selections:
            start = to_normalized(selection.start, crlf, counting)
            end = to_normalized(selection.end, crlf, counting)
            mapped = sentences.map(start, end)
            plan.fits[mapped.fit] += 1
            if mapped.fit is Fit.NONE:
                plan.unplaced.append(
                    Unplaced(
                        source.name, selection.start, selection.end, selection.name, mapped.reason
                    )
                )
                continue
            selection_sources[guids.normalize(selection.guid)] = document.doc_id
            by_coder = _by_coder(selection, people, notes, fallback_time, plan)
            for index in mapped.sentences:
                for coder, said in by_coder.items():
                    _gather(plan, (document.doc_id, index, coder), said)
    _resolve_codes(plan, project, codebook)
    _marks(plan, project, people, selection_sources)
    return plan


@dataclass(frozen=True, slots=True)
class _People:
    users: Mapping[str, str]
    project_user: str | None
    default: str

    def coder(self, *candidates: str | None) -> str | None:
        """The name of the first user given; None if no candidate names a user at all."""
        for guid in (*candidates, self.project_user):
            if guid:
                key = guids.normalize(guid)
                return self.users.get(key) or key
        return None


def _clean(name: str) -> str:
    return " ".join("".join(ch if ch.isprintable() else " " for ch in name).split())


def _note_texts(package: Package) -> dict[str, tuple[str | None, str]]:
    """Each note's (user GUID, text), by normalized GUID; notes without text are left out."""
    found: dict[str, tuple[str | None, str]] = {}
    for note in package.project.notes:
        text = note.text
        if text is None:
            data = package.internal(note.path)
            if data is not None:
                text = data.decode("utf-8", errors="replace").removeprefix("\ufeff")
        if text is not None and text.strip():
            found[guids.normalize(note.guid)] = (note.user, text)
    return found


def _plan_source(
    package: Package, source: TextSource, placer: Placer, plan: Plan
) -> tuple[PlannedSource, SourceText | None]:
    text = source_text(package, source)
    if isinstance(text, str):
        return PlannedSource(source.name, None, problem=text), None
    doc_id = text.doc_id
    earlier = next(
        (s.name for s in plan.sources if s.placed and s.placed.document.doc_id == doc_id), None
    )
    placed = placer.place(source.name, guids.normalize(source.guid), text.text)
    plan.documents[doc_id] = placed.document
    spans = [(s.start, s.end, s.name) for s in source.selections]
    counting = offset_counting(text.raw, text.text, spans) if "\r\n" in text.raw else None
    return PlannedSource(source.name, placed, counting=counting, same_as=earlier), text


def _by_coder(
    selection: Selection,
    people: _People,
    notes: Mapping[str, tuple[str | None, str]],
    fallback_time: str,
    plan: Plan,
) -> dict[str, _Coded]:
    """What each coder said in one selection: codes (as GUIDs), notes and times."""
    said: dict[str, _Coded] = {}
    created = timestamp(selection.created)
    modified = timestamp(selection.modified)

    def entry(coder: str | None) -> _Coded:
        if coder is None:
            plan.without_user += 1
            coder = people.default
        return said.setdefault(coder, _Coded())

    for coding in selection.codings:
        coded = entry(people.coder(coding.user, selection.user))
        coded.codes.append(guids.normalize(coding.code))
        moment = timestamp(coding.created)
        if moment is not None:
            coded.created.append(moment)
    texts: list[tuple[str | None, str]] = []
    if selection.description is not None and selection.description.strip():
        texts.append((selection.user, selection.description))
    for ref in selection.note_refs:
        note = notes.get(guids.normalize(ref))
        if note is not None:
            texts.append((note[0] or selection.user, note[1]))
    for user, text in texts:
        owners: list[str | None] = [people.coder(user)] if user else [*said] or [people.coder(None)]
        for owner in owners:
            coded = entry(owner)
            if text not in coded.notes:
                coded.notes.append(text)
    for coded in said.values():
        first = created or (min(coded.created) if coded.created else fallback_time)
        last = modified or max([first, *coded.created])
        coded.created, coded.updated = [first], [last]
        coded.selections = 1
    return said


def _gather(plan: Plan, key: tuple[str, int, str], said: _Coded) -> None:
    existing = plan.coded.get(key)
    if existing is None:
        plan.coded[key] = _Coded(
            list(said.codes), list(said.notes), list(said.created), list(said.updated), 1
        )
        return
    plan.merged += 1
    existing.codes.extend(c for c in said.codes if c not in existing.codes)
    existing.notes.extend(n for n in said.notes if n not in existing.notes)
    existing.created.extend(said.created)
    existing.updated.extend(said.updated)
    existing.selections += 1


def _resolve_codes(plan: Plan, project: Project, codebook: Codebook) -> None:
    """Name every code in use: the codebook's code, by GUID then name, or a new one."""
    by_id = {guids.normalize(code.id): code.name for code in codebook.codes}
    folded = {code.name.casefold(): code.name for code in codebook.codes}
    flat, _ = flatten(_all_codable(project.codes))
    used = {guid for said in plan.coded.values() for guid in said.codes}
    for code in flat:
        if code.guid not in used or code.guid in plan.code_names:
            continue
        known = (
            by_id.get(code.guid)
            or (codebook.canonical(code.name) if codebook.is_known(code.name) else None)
            or folded.get(code.name.casefold())
        )
        if known is not None:
            plan.code_names[code.guid] = known
        else:
            plan.unknown_codes.append(code)
            plan.code_names[code.guid] = code.name
    for said in plan.coded.values():
        plan.undefined_codings += sum(1 for guid in said.codes if guid not in plan.code_names)


def _all_codable(codes: tuple[Code, ...]) -> tuple[Code, ...]:
    """The codes with every one made codable: a coding may name a code that groups others."""
    return tuple(replace(c, codable=True, children=_all_codable(c.children)) for c in codes)


def _marks(
    plan: Plan, project: Project, people: _People, selection_sources: Mapping[str, str]
) -> None:
    """Finished marks and the reference layer, as annotator's own exports write them."""
    finished = {
        guids.normalize(v.guid): v.name[len(FINISHED_PREFIX) :]
        for v in project.variables
        if v.kind == "Boolean" and v.name.startswith(FINISHED_PREFIX)
    }
    for source, planned in zip(project.sources, plan.sources, strict=True):
        if planned.placed is None:
            continue
        for value in source.values:
            coder = finished.get(guids.normalize(value.variable))
            if coder is not None and value.value is True:
                plan.finished.add((planned.placed.document.doc_id, coder))
    for case in project.cases:
        if guids.normalize(case.guid) != guids.REFERENCE_CASE_GUID:
            continue
        selections = {guids.normalize(s) for s in case.selections}
        for source in project.sources:
            for selection in source.selections:
                if guids.normalize(selection.guid) in selections and selection.user:
                    plan.reference_coder = people.coder(selection.user)
                    return


def planned_annotations(plan: Plan, codebook: Codebook) -> list[Annotation]:
    """The annotations to merge, one per (document, sentence, coder), in a stable order."""
    made = []
    for (doc_id, index, coder), said in sorted(plan.coded.items()):
        tags = tuple(
            codebook.ordered(plan.code_names[g] for g in said.codes if g in plan.code_names)
        )
        note = "\n\n".join(said.notes)
        if not tags and not note:
            continue
        document = plan.documents[doc_id]
        anchor = anchor_fields(document, index)
        made.append(
            Annotation(
                id=annotation_id(doc_id, anchor["start"], anchor["end"], coder),
                **anchor,
                coder=coder,
                tags=tags,
                note=note,
                codebook=codebook.name,
                codebook_version=codebook.version,
                created=min(said.created),
                updated=max(said.updated),
            )
        )
    return made
