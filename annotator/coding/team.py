"""The team's state in a project: what each coder has done, and where agreement can start.

``annotator status`` (and ``stats --by-coder``) reads it. Per coder: the documents
assigned, finished, in progress (the coder has a store file on it, not marked finished)
and not started. Per document of the overlap sample: which of its coders finished it,
and so whether agreement can be computed on it yet (two finished coders at least). Each
document is identified by its current text (read once, not segmented) and each coder's
state read from the small store file, without a lock. A document edited since it was
coded is the exception: each coder's state is that of their coding carried over to the
new text (``read_coders``), as the reader will show it (finished only where the finished
mark follows the edit), whether or not the coder has opened the new text yet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.coding.assignments import Assignments, project_documents
from annotator.coding.document_coders import read_coders
from annotator.safe_text import one_line
from annotator.settings.project import Project
from annotator.store import DataDir, StoreDamaged
from annotator.store.progress import ProgressCache, coder_progress
from annotator.store.versions import Versions
from annotator.store.work import CoderWork
from annotator.text.corpus import CorpusError
from annotator.text.document import content_id, load_document
from annotator.text.loading import LoadError, load_text

NOT_STARTED = "not started"
IN_PROGRESS = "in progress"
FINISHED = "finished"


@dataclass(frozen=True, slots=True)
class CoderState:
    """One coder's documents by state; ``assigned`` None in a project without
    assignments (every document is anyone's)."""

    coder: str
    assigned: int | None
    finished: int
    in_progress: int
    not_started: int | None


@dataclass(frozen=True, slots=True)
class SampleDocument:
    """A document of the overlap sample: its coders, those who finished it, and whether
    agreement can be computed on it yet."""

    document: str
    coders: tuple[str, ...]
    finished: tuple[str, ...]

    @property
    def ready(self) -> bool:
        return len(self.finished) >= 2

    @property
    def waiting_for(self) -> tuple[str, ...]:
        return tuple(c for c in self.coders if c not in self.finished)


@dataclass(frozen=True, slots=True)
class TeamStatus:
    """The team's state; ``problems`` name what could not be read (a missing document,
    a damaged store file), one line each."""

    project: Project
    documents: int
    coders: list[CoderState]
    sample: list[SampleDocument]
    problems: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "project": self.project.name,
            "documents": self.documents,
            "coders": [
                {
                    "coder": c.coder,
                    "assigned": c.assigned,
                    "finished": c.finished,
                    "in_progress": c.in_progress,
                    "not_started": c.not_started,
                }
                for c in self.coders
            ],
            "overlap_sample": [
                {
                    "document": d.document,
                    "coders": list(d.coders),
                    "finished": list(d.finished),
                    "agreement_ready": d.ready,
                }
                for d in self.sample
            ],
            "problems": list(self.problems),
        }


def _state(data_dir: DataDir, doc_id: str, coder: str, cache: ProgressCache) -> str:
    found = coder_progress(data_dir, doc_id, coder, cache)
    if found is None:
        return NOT_STARTED
    return FINISHED if found.finished else IN_PROGRESS


def team_status(project: Project, data_dir: DataDir, assignments: Assignments | None) -> TeamStatus:
    """The state of every coder and of the overlap sample (see the module docstring).

    Without assignments every document of the project counts, for every coder who has
    a store file on one of them.
    """
    problems: list[str] = []
    if assignments is not None:
        documents: Sequence[str] = assignments.documents()
    else:
        try:
            documents = [entry.name for entry in project_documents(project)]
        except CorpusError as exc:
            documents, problems = [], [one_line(str(exc))]
    versions = _versions(data_dir, problems)
    ids: dict[str, str] = {}
    edited: dict[str, dict[str, str]] = {}
    for document in documents:
        path = project.root.joinpath(*document.split("/"))
        try:
            ids[document] = content_id(load_text(path).text)
        except (LoadError, OSError) as exc:
            problems.append(one_line(f"{document}: its text cannot be read: {exc}"))
            continue
        if versions is not None and versions.predecessor(ids[document], str(path), path.name):
            edited[document] = _carried_states(data_dir, document, path, versions, problems)
    if assignments is not None:
        coders = assignments.coders()
        pairs = {(d, c) for d, c in assignments.rows}
    else:
        found = {
            work.coder
            for document, doc_id in ids.items()
            if document not in edited
            for work in _works(data_dir, doc_id, problems)
            if work.coder and not work.reference
        }
        found.update(coder for states in edited.values() for coder in states)
        coders = sorted(found)
        pairs = {(d, c) for d in ids for c in coders}
    cache = ProgressCache()
    states: dict[tuple[str, str], str] = {}
    for document, coder in sorted(pairs):
        doc_id = ids.get(document)
        if doc_id is None:
            continue
        if document in edited:
            states[(document, coder)] = edited[document].get(coder, NOT_STARTED)
            continue
        try:
            states[(document, coder)] = _state(data_dir, doc_id, coder, cache)
        except (StoreDamaged, OSError) as exc:
            problems.append(one_line(f"{document}: {coder}'s store file: {exc}"))
    per_coder = [
        _coder_state(
            coder, states, None if assignments is None else len(assignments.of_coder(coder))
        )
        for coder in coders
    ]
    sample = []
    if assignments is not None:
        for document in assignments.overlap():
            who = assignments.coders_of(document) or ()
            done = tuple(c for c in who if states.get((document, c)) == FINISHED)
            sample.append(SampleDocument(document, who, done))
    return TeamStatus(project, len(documents), per_coder, sample, problems)


def _versions(data_dir: DataDir, problems: list[str]) -> Versions | None:
    """The catalog's versions, to tell documents edited since they were coded; None
    (and a problem named) when the catalog is damaged."""
    try:
        return Versions.of(data_dir.catalog())
    except StoreDamaged as exc:
        problems.append(one_line(f"{exc}; documents edited since they were coded not told"))
        return None


def _carried_states(
    data_dir: DataDir, name: str, path: Path, versions: Versions, problems: list[str]
) -> dict[str, str]:
    """Each coder's state on a document edited since it was coded: finished where the
    finished mark follows the edit (nothing held for review, no sentence new to them),
    in progress where any of their work follows (reference layers left out)."""
    try:
        document = load_document(path)
        found = read_coders(data_dir, document, versions=versions)
    except (LoadError, OSError, StoreDamaged) as exc:
        problems.append(one_line(f"{name}: its text cannot be read: {exc}"))
        return {}
    problems.extend(one_line(f"{name}: {item.reason}") for item in found.left_out)
    return {
        coding.coder: FINISHED if coding.finished else IN_PROGRESS
        for coding in found.coders
        if not coding.reference
    }


def _works(data_dir: DataDir, doc_id: str, problems: list[str]) -> list[CoderWork]:
    damaged: list[StoreDamaged] = []
    works = data_dir.all_work(doc_id, damaged=damaged)
    problems.extend(one_line(str(exc)) for exc in damaged)
    return works


def _coder_state(
    coder: str, states: dict[tuple[str, str], str], assigned: int | None
) -> CoderState:
    mine = [state for (_, who), state in states.items() if who == coder]
    finished = mine.count(FINISHED)
    in_progress = mine.count(IN_PROGRESS)
    if assigned is None:
        return CoderState(coder, None, finished, in_progress, None)
    return CoderState(coder, assigned, finished, in_progress, assigned - finished - in_progress)
