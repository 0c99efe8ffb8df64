"""Who codes which document of a project: ``assignments.csv``, made and read.

``annotator assign`` gives every document of the project to one coder, in balanced
shares, and an overlap sample (a share of the documents) to every coder, for
reliability. The file has two columns, ``document`` (the path relative to the project
root, with ``/``) and ``coder``; a document with more than one coder is in the overlap
sample. The lead writes it once and commits it; nobody else writes it, so it never
conflicts. The same documents, coders, overlap and seed always give the same file.

Reading it checks every row and names each problem with its line, so a file a hand-made
merge broke is found (``annotator doctor``) rather than half used.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from annotator.safe_text import one_line
from annotator.settings.conflicts import has_conflict_markers
from annotator.settings.project import Project
from annotator.text.corpus import CorpusEntry, discover_corpus, natural_key

COLUMNS = ("document", "coder")


class AssignmentError(ValueError):
    """Assignments that cannot be made as asked; the message is one line."""


@dataclass(frozen=True, slots=True)
class Assignments:
    """The rows of ``assignments.csv``: (document, coder), each once, in file order.

    ``problems`` are the rows that could not be used, one line each with its line
    number; an empty list for a sound file.
    """

    rows: tuple[tuple[str, str], ...]
    problems: tuple[str, ...] = ()
    _by_document: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        for document, coder in self.rows:
            known = self._by_document.get(document, ())
            self._by_document[document] = (*known, coder)

    def coders(self) -> list[str]:
        """Every coder with a document, in natural order of their names."""
        return sorted(dict.fromkeys(coder for _, coder in self.rows), key=natural_key)

    def documents(self) -> list[str]:
        """Every document assigned, in the order first named."""
        return list(self._by_document)

    def coders_of(self, document: str) -> tuple[str, ...] | None:
        """The coders of ``document`` (a project-relative path); None if unassigned."""
        return self._by_document.get(document)

    def of_coder(self, coder: str) -> list[str]:
        """The documents assigned to ``coder``, in file order."""
        return [document for document, who in self.rows if who == coder]

    def overlap(self) -> list[str]:
        """The overlap sample: the documents given to more than one coder."""
        return [d for d, coders in self._by_document.items() if len(coders) > 1]


@dataclass(frozen=True, slots=True)
class ProjectAssignments:
    """A project's assignments, with the paths they name made absolute: what agreement
    needs to take the overlap sample and to skip pairs nobody assigned. ``sample``:
    "every document" means the overlap sample (the default for agreement)."""

    project: Project
    assignments: Assignments
    sample: bool = True

    def coders_of_path(self, path: Path | None) -> frozenset[str] | None:
        """The coders assigned the document at ``path``; None if it is not assigned."""
        relative = self.project.relative(path) if path is not None else None
        coders = self.assignments.coders_of(relative) if relative is not None else None
        return frozenset(coders) if coders is not None else None

    def overlap_paths(self) -> list[Path]:
        """The overlap sample's documents, in natural order of their paths."""
        documents = sorted(self.assignments.overlap(), key=natural_key)
        return [self.project.root.joinpath(*d.split("/")) for d in documents]


def plan_assignments(
    documents: Sequence[str], coders: Sequence[str], *, overlap: float, seed: int
) -> Assignments:
    """Every document to one coder in balanced shares, and ``overlap`` of them (rounded
    half up) to every coder.

    The documents are put in a random order drawn from ``seed`` (starting from their
    natural order, so the order given does not matter); the first ones make the overlap
    sample and the rest are dealt to the coders in turn, starting from a coder drawn
    from the same seed, so shares differ by one document at most. Raises
    ``AssignmentError`` for fewer than two coders, a coder named twice, an overlap
    outside 0..1 or no document.
    """
    names = [one_line(c).strip() for c in coders]
    if any(not name for name in names):
        raise AssignmentError("--coders names an empty coder")
    if len(set(names)) < len(names):
        twice = next(n for n in names if names.count(n) > 1)
        raise AssignmentError(f"--coders names {twice!r} twice")
    if len(names) < 2:
        raise AssignmentError(
            "assign needs at least two coders (--coders A,B,...): one coder shares nothing"
        )
    if not 0.0 <= overlap <= 1.0:
        raise AssignmentError(f"--overlap is a share from 0 to 1, not {overlap:g}")
    unique = sorted(dict.fromkeys(documents), key=natural_key)
    if not unique:
        raise AssignmentError("no documents to assign")
    rng = random.Random(seed)
    shuffled = list(unique)
    rng.shuffle(shuffled)
    shared = int(overlap * len(shuffled) + 0.5)
    first = rng.randrange(len(names))
    given: dict[str, list[str]] = {d: list(names) for d in shuffled[:shared]}
    for number, document in enumerate(shuffled[shared:]):
        given[document] = [names[(first + number) % len(names)]]
    rows = tuple((d, c) for d in unique for c in given[d])
    return Assignments(rows)


def assignments_csv(assignments: Assignments) -> str:
    """The file's text: a header, then one row per (document, coder); LF line ends, so
    that git shows a changed row as one line."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(assignments.rows)
    return out.getvalue()


def parse_assignments(text: str, shown: str) -> Assignments:
    """The rows of an ``assignments.csv`` text; each problem named with its line."""
    if has_conflict_markers(text.encode("utf-8", "surrogatepass")):
        problem = (
            f"{shown}: holds git conflict markers (a merge committed unresolved): keep one "
            "version ('git checkout BRANCH -- assignments.csv'), or run 'annotator assign' "
            "again with the same seed, then commit"
        )
        return Assignments((), (one_line(problem),))
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None or [h.strip().lower() for h in header[:2]] != list(COLUMNS):
        found = ",".join(header or [])[:60]
        return Assignments((), (f"{shown}:1: the header must be 'document,coder', not {found!r}",))
    rows: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    problems: list[str] = []
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = [*(cell.strip() for cell in row[:2]), "", ""]
        document, coder = cells[0], cells[1]
        if not document or not coder:
            problems.append(f"{shown}:{line}: a row needs a document and a coder")
        elif (document, coder) in seen:
            problems.append(f"{shown}:{line}: {document} is given to {coder} twice")
        else:
            seen.add((document, coder))
            rows.append((document, coder))
    return Assignments(tuple(rows), tuple(one_line(p) for p in problems))


def read_assignments(project: Project) -> Assignments | None:
    """The project's assignments; None when it has no ``assignments.csv``. Rows naming
    a document the project does not have are problems too."""
    path = project.assignments_path
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        return Assignments((), (one_line(f"{path}: cannot be read: {exc.strerror or exc}"),))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Assignments((), (f"{path}: not UTF-8 text",))
    found = parse_assignments(text, str(path))
    missing = [
        f"{path}: no such document in the project: {one_line(document, 80)}"
        for document in found.documents()
        if not (project.root / document).is_file()
    ]
    if not missing:
        return found
    return Assignments(found.rows, (*found.problems, *missing))


def project_documents(project: Project) -> list[CorpusEntry]:
    """Every document of the project: the text files under its documents folder (not in
    the coding folder), named by their path relative to the project root.

    Raises ``CorpusError`` (from the listing) when there is none.
    """
    coding = project.coding_dir
    entries = discover_corpus([project.documents_dir])
    found = []
    for entry in entries:
        if entry.path == coding or coding in entry.path.parents:
            continue
        relative = project.relative(entry.path)
        found.append(CorpusEntry(entry.path, relative if relative is not None else entry.name))
    return found


def assigned_entries(project: Project, assignments: Assignments, coder: str) -> list[CorpusEntry]:
    """The documents assigned to ``coder`` as a corpus, in natural order of their paths."""
    documents = sorted(assignments.of_coder(coder), key=natural_key)
    return [CorpusEntry(project.root.joinpath(*d.split("/")), d) for d in documents]


def select_documents(project: Project, named: Iterable[Path]) -> list[str]:
    """The project documents that ``named`` files and folders hold, as project-relative
    paths. Raises ``AssignmentError`` for one that is no document of the project."""
    everything = {entry.path: entry.name for entry in project_documents(project)}
    chosen: list[str] = []
    for path in named:
        relative = project.relative(path)
        if relative is None:
            raise AssignmentError(f"unknown document {one_line(str(path))}: not in the project")
        if path.is_dir():
            inside = [name for p, name in everything.items() if path in p.parents or p == path]
            if not inside:
                raise AssignmentError(f"unknown document {one_line(str(path))}: no documents in it")
            chosen.extend(inside)
        elif path in everything:
            chosen.append(everything[path])
        else:
            raise AssignmentError(
                f"unknown document {one_line(str(path))}: not a text file of the project's "
                f"documents ({project.documents})"
            )
    return list(dict.fromkeys(chosen))
