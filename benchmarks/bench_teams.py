"""A team in git at scale: C coders x D documents in C clones, merged into one (issue 12).

Real git, as a team would use it: a lead makes the project (``annotator init``), gives
the documents out (``annotator assign``, an overlap sample of 20% by default), commits
and pushes to a bare origin; each coder clones it, codes their documents through the
session API (every sentence coded, a note on one in ten, a split in one document in ten
and a merge in another, then the document marked finished), committing every few
documents as a coder would (``--commit-every``), and pushes their own branch. The lead
fetches and merges the branches one after the other, as pull requests would be merged.
Reported:

- conflicts: files git could not merge (there must be none), over every merge;
- the time of the merges (all of them, and the slowest one);
- ``annotator doctor`` and ``annotator agree --all`` (the overlap sample) on the result;
- the repository's size after ``git gc``, and the coding folder's committed bytes, per
  10,000 annotations.

Then a second round, as a project goes on (``--edit-share``, 10% by default; 0 skips it):
the lead edits a share of the documents (a sentence added at the start, one reworded),
commits and pushes; each coder merges main into their branch, opens the edited documents
they were given (their coding is carried over to the new text, the rest held for
review), commits and pushes; the lead merges the branches again. Reported: conflicts
over the coders' pulls and the lead's merges, the merges' time, and the annotations
carried over, held for review and orphaned.

git runs with HOME and GIT_CONFIG_GLOBAL in the benchmark's folder: the user's git
config is never read or written.

Run: python benchmarks/bench_teams.py [--coders 20] [--docs 200] [--sentences 20]
     [--overlap 0.2] [--commit-every 5] [--edit-share 0.1] [--keep DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.cli.main import run_cli
from annotator.codebook.discovery import discover_codebook
from annotator.coding.assignments import read_assignments
from annotator.coding.workspace import Workspace
from annotator.settings.paths import DATA_DIR_ENV, locate_data_dir
from annotator.settings.project import find_project
from annotator.store import DataDir
from annotator.text.document import load_document


def document_text(number: int, sentences: int) -> str:
    """Press-release-like text, four sentences a paragraph."""
    paragraphs = []
    for start in range(0, sentences, 4):
        paragraphs.append(
            " ".join(
                f"Officials in region {number} reported {(s * 131 + number) % 9000} new cases, "
                f"the statement said on day {s + 1}."
                for s in range(start, min(start + 4, sentences))
            )
        )
    return "\n\n".join(paragraphs) + "\n"


def git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=check,
    )


def isolate_git(root: Path) -> None:
    """This process's git: a home of its own, no system or user config, fixed names."""
    home = root / "home"
    home.mkdir()
    os.environ["HOME"] = str(home)
    os.environ["GIT_CONFIG_GLOBAL"] = str(home / ".gitconfig")
    os.environ["GIT_CONFIG_NOSYSTEM"] = "1"
    for role in ("AUTHOR", "COMMITTER"):
        os.environ[f"GIT_{role}_NAME"] = "Bench Lead"
        os.environ[f"GIT_{role}_EMAIL"] = "lead@example.org"
    os.environ.pop(DATA_DIR_ENV, None)


def cli(args: Sequence[str]) -> str:
    """``annotator ARGS`` in this process; its stdout, stderr kept out of the report."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        status = run_cli(list(args), launch=lambda request: 1)
    if status not in (0, 1):
        raise RuntimeError(f"annotator {' '.join(args)} exited {status}")
    return out.getvalue()


def make_lead(root: Path, origin: Path, coders: list[str], args: argparse.Namespace) -> Path:
    lead = root / "lead"
    texts = lead / "texts"
    texts.mkdir(parents=True)
    for number in range(1, args.docs + 1):
        text = document_text(number, args.sentences)
        (texts / f"release-{number:04d}.txt").write_text(text, encoding="utf-8")
    os.chdir(lead)
    cli(["init", ".", "--name", "bench"])
    cli(["assign", "--coders", ",".join(coders), "--overlap", str(args.overlap), "--seed", "1"])
    git(root, "init", "--bare", str(origin))
    git(lead, "init")
    git(lead, "add", ".")
    git(lead, "commit", "-q", "-m", "New project")
    git(lead, "remote", "add", "origin", str(origin))
    git(lead, "push", "-q", "origin", "main")
    return lead


def commit(clone: Path, message: str) -> None:
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", message)


def code_clone(clone: Path, coder: str, rng: random.Random, every: int) -> int:
    """One coder's work in their clone, through the session API, committed every
    ``every`` documents; the annotations made."""
    location = locate_data_dir(None, clone)
    project = find_project(clone)
    assert project is not None and location.project is not None
    assignments = read_assignments(project)
    assert assignments is not None and not assignments.problems
    codebook = discover_codebook(start=clone)
    names = [code.name for code in codebook.codes]
    workspace = Workspace(DataDir.at(location), coder, codebook, location=location)
    made = 0
    for number, document in enumerate(assignments.of_coder(coder)):
        session = workspace.open(load_document(clone / document))
        try:
            if number % 10 == 3:
                first = session.document.sentences[0]
                session.split(0, session.document.text.index(" reported", first.start) + 1)
            elif number % 10 == 7:
                session.merge(0)
            tags = {
                s.index: [names[(s.start // 11 + (rng.random() < 0.15)) % len(names)]]
                for s in session.document.sentences
            }
            made += session.fill(tags)
            for sentence in range(0, len(session.document.sentences), 10):
                session.set_note(sentence, f"{coder}: check the figure")
            session.set_finished(True)
        finally:
            if not session.close():
                raise RuntimeError(f"{coder}'s work on {document} could not be saved")
        if (number + 1) % every == 0:
            commit(clone, f"{coder}: {number + 1} documents")
    return made


def edit_text(text: str) -> str:
    """The lead's edit: a sentence added before the first, and one reworded."""
    return "An update was issued today. " + text.replace(
        "the statement said on day 3.", "the statement stated on day 3.", 1
    )


def merge_all(lead: Path, coders: Sequence[str]) -> tuple[int, list[float]]:
    """The lead fetches and merges every coder's branch: files in conflict, and the
    seconds each merge took."""
    git(lead, "fetch", "-q", "origin")
    conflicts = 0
    merges: list[float] = []
    for coder in coders:
        wall = time.perf_counter()
        merged = git(lead, "merge", "-q", "--no-edit", f"origin/{coder}", check=False)
        merges.append(time.perf_counter() - wall)
        conflicts += len(git(lead, "diff", "--name-only", "--diff-filter=U").stdout.split())
        if merged.returncode != 0:
            git(lead, "merge", "--abort", check=False)
    return conflicts, merges


def reopen_edited(clone: Path, coder: str, edited: set[str]) -> tuple[int, int, int]:
    """The coder opens the edited documents they were given, after merging main: the
    annotations carried over, held for review and orphaned."""
    location = locate_data_dir(None, clone)
    project = find_project(clone)
    assert project is not None
    assignments = read_assignments(project)
    assert assignments is not None
    workspace = Workspace(
        DataDir.at(location), coder, discover_codebook(start=clone), location=location
    )
    carried = review = orphaned = 0
    for document in assignments.of_coder(coder):
        if document not in edited:
            continue
        session = workspace.open(load_document(clone / document))
        try:
            carried += session.carried_over
            review += len(session.held.review)
            orphaned += len(session.held.orphaned)
        finally:
            if not session.close():
                raise RuntimeError(f"{coder}'s work on {document} could not be saved")
    return carried, review, orphaned


def size_of(paths: Sequence[Path]) -> int:
    return sum(p.stat().st_size for p in paths)


@dataclass
class EditRound:
    """What the lead's edit round did and found."""

    edited: int = 0
    pulls: int = 0
    merges: int = 0
    conflicts: int = 0
    merge_time: float = 0.0
    carried: int = 0
    review: int = 0
    orphaned: int = 0
    doctor: str = ""


def edit_round(
    root: Path, lead: Path, coders: Sequence[str], rng: random.Random, share: float
) -> EditRound:
    """The lead edits ``share`` of the documents and pushes; each coder merges main,
    opens the edited documents they were given, commits and pushes; the lead merges."""
    found = EditRound()
    texts = sorted((lead / "texts").glob("*.txt"))
    chosen = rng.sample(texts, max(1, round(len(texts) * share)))
    for path in chosen:
        path.write_text(edit_text(path.read_text(encoding="utf-8")), encoding="utf-8")
    found.edited = len(chosen)
    commit(lead, f"Lead: {len(chosen)} documents edited")
    git(lead, "push", "-q", "origin", "main")
    edited = {path.relative_to(lead).as_posix() for path in chosen}
    for coder in coders:
        clone = root / f"clone-{coder}"
        git(clone, "fetch", "-q", "origin")
        pulled = git(clone, "merge", "-q", "--no-edit", "origin/main", check=False)
        found.pulls += 1
        found.conflicts += len(git(clone, "diff", "--name-only", "--diff-filter=U").stdout.split())
        if pulled.returncode != 0:
            git(clone, "merge", "--abort", check=False)
            continue
        carried, review, orphaned = reopen_edited(clone, coder, edited)
        found.carried += carried
        found.review += review
        found.orphaned += orphaned
        if git(clone, "status", "--porcelain").stdout:
            commit(clone, f"{coder}: coding carried over to the edited documents")
        git(clone, "push", "-q", "origin", coder)
    conflicts, merges = merge_all(lead, coders)
    found.conflicts += conflicts
    found.merges = len(merges)
    found.merge_time = sum(merges)
    os.chdir(lead)
    found.doctor = cli(["doctor"]).strip().splitlines()[-1].split(": ")[-1]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--coders", type=int, default=20)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--sentences", type=int, default=20)
    parser.add_argument("--overlap", type=float, default=0.2)
    parser.add_argument(
        "--commit-every", type=int, default=5, help="documents a coder codes between commits"
    )
    parser.add_argument(
        "--edit-share", type=float, default=0.1, help="documents the lead edits (0: none)"
    )
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-teams-"))
    root.mkdir(parents=True, exist_ok=True)
    isolate_git(root)
    coders = [f"coder{n:02d}" for n in range(1, args.coders + 1)]
    origin = root / "origin.git"
    rng = random.Random(12)
    here = Path.cwd()
    try:
        started = time.perf_counter()
        lead = make_lead(root, origin, coders, args)
        annotations = 0
        coding = 0.0
        for coder in coders:
            clone = root / f"clone-{coder}"
            git(root, "clone", "-q", str(origin), clone.name)
            git(clone, "checkout", "-q", "-b", coder)
            wall = time.perf_counter()
            annotations += code_clone(clone, coder, rng, args.commit_every)
            coding += time.perf_counter() - wall
            if git(clone, "status", "--porcelain").stdout:
                commit(clone, f"{coder}: the rest")
            git(clone, "push", "-q", "origin", coder)
        prepared = time.perf_counter() - started

        conflicts, merges = merge_all(lead, coders)

        os.chdir(lead)
        wall = time.perf_counter()
        doctor = cli(["doctor"]).strip().splitlines()[-1]
        doctor_time = time.perf_counter() - wall
        wall = time.perf_counter()
        report = json.loads(cli(["agree", "--all", "--format", "json", "--bootstrap", "1000"]))
        agree_time = time.perf_counter() - wall

        committed = git(lead, "ls-files", "-z", "coding").stdout.split("\0")
        coding_bytes = size_of([lead / name for name in committed if name])
        git(lead, "gc", "-q", "--aggressive")
        counts = dict(
            line.split(": ", 1) for line in git(lead, "count-objects", "-v").stdout.splitlines()
        )
        pack_bytes = (int(counts["size-pack"]) + int(counts["size"])) * 1024
        commits = int(git(lead, "rev-list", "--count", "HEAD").stdout)
        wall = time.perf_counter()
        git(lead, "status", "--porcelain")
        status_time = time.perf_counter() - wall
        # Measured after the figures above, which stay those of the first round.
        second = edit_round(root, lead, coders, rng, args.edit_share) if args.edit_share else None
    finally:
        os.chdir(here)
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)

    per = 10_000 / max(annotations, 1)
    sample = len(report["documents"])
    print(
        f"{args.coders} coders x {args.docs} documents of {args.sentences} sentences, overlap "
        f"{args.overlap:g}: {annotations:,} annotations; set up, coded and pushed in "
        f"{prepared:.0f} s (coding through sessions {coding:.0f} s); load average "
        f"{os.getloadavg()[0]:.1f}"
    )
    print("| measure | value |")
    print("|---|---:|")
    print(f"| files in conflict, over {len(merges)} merges | {conflicts} |")
    print(f"| merging every branch (s) | {sum(merges):.2f} |")
    print(f"| slowest merge (s) | {max(merges):.2f} |")
    print(f"| `annotator doctor` (s) | {doctor_time:.2f} |")
    print(f"| doctor says | {doctor.split(': ')[-1]} |")
    print(
        f"| `agree --all` on the overlap sample, {sample} documents x "
        f"{len(report['coders'])} coders (s) | {agree_time:.2f} |"
    )
    print(f"| left out by agree | {len(report['excluded'])} |")
    print(f"| `git status` in the merged project (s) | {status_time:.2f} |")
    print(f"| commits in the merged history | {commits} |")
    print(f"| files in the coding folder | {len([n for n in committed if n])} |")
    print(
        f"| repository after `git gc`, per 10,000 annotations (MB) | {pack_bytes * per / 1e6:.2f} |"
    )
    print(
        f"| coding folder as committed, per 10,000 annotations (MB) | "
        f"{coding_bytes * per / 1e6:.2f} |"
    )
    if second is not None:
        print(f"| lead's edit round: documents edited | {second.edited} |")
        print(
            f"| lead's edit round: files in conflict, over {second.pulls} pulls of main and "
            f"{second.merges} merges | {second.conflicts} |"
        )
        print(f"| lead's edit round: merging every branch again (s) | {second.merge_time:.2f} |")
        print(
            "| lead's edit round: annotations carried over / held for review / orphaned | "
            f"{second.carried:,} / {second.review:,} / {second.orphaned:,} |"
        )
        print(f"| lead's edit round: doctor says | {second.doctor} |")


if __name__ == "__main__":
    main()
