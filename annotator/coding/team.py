"""The team's state in a project: what each coder has done, and where agreement can start.

``annotator status`` (and ``stats --by-coder``) reads it. Per coder: the documents
assigned, finished, in progress (the coder has a store file on it, not marked finished)
and not started. Per document of the overlap sample: which of its coders finished it,
and so whether agreement can be computed on it yet (two finished coders at least). Each
document is identified by its current text (read once, not segmented) and each coder's
state read from the small store file, without a lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from annotator.coding.assignments import Assignments, project_documents
from annotator.safe_text import one_line
from annotator.settings.project import Project
from annotator.store import DataDir, StoreDamaged
from annotator.store.progress import ProgressCache, coder_progress
from annotator.store.work import CoderWork
from annotator.text.corpus import CorpusError
from annotator.text.document import content_id
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
    ids: dict[str, str] = {}
    for document in documents:
        path = project.root.joinpath(*document.split("/"))
        try:
            ids[document] = content_id(load_text(path).text)
        except (LoadError, OSError) as exc:
            problems.append(one_line(f"{document}: its text cannot be read: {exc}"))
    if assignments is not None:
        coders = assignments.coders()
        pairs = {(d, c) for d, c in assignments.rows}
    else:
        found = {
            work.coder
            for doc_id in ids.values()
            for work in _works(data_dir, doc_id, problems)
            if work.coder and not work.reference
        }
        coders = sorted(found)
        pairs = {(d, c) for d in ids for c in coders}
    cache = ProgressCache()
    states: dict[tuple[str, str], str] = {}
    for document, coder in sorted(pairs):
        doc_id = ids.get(document)
        if doc_id is None:
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
