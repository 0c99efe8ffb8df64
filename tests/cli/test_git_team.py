"""A team in git, end to end, with real git: a bare origin, a lead and three coders' clones.

The three coders code and correct (split, merge) the same documents through the session
API, each in their own clone, commit and push their own branch; the lead merges every
branch with no conflict, ``annotator doctor`` finds the coding folder healthy, and
``agree``, ``adjudicate --auto`` and ``export`` run on the result. A coder who worked
in two clones makes a real conflict, which a careless lead commits with its markers: the
doctor names the file and the fix.

git runs with HOME and GIT_CONFIG_GLOBAL in the test's folder, so the user's own git
config is never read or written.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from annotator.cli.main import run_cli
from annotator.codebook.discovery import discover_codebook
from annotator.coding.workspace import Workspace
from annotator.settings.paths import DATA_DIR_ENV, locate_data_dir
from annotator.store import DataDir
from annotator.store.naming import coder_file_name
from annotator.text.document import load_document
from tests.helpers import make_project

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CODERS = ("ana", "ben", "cem")


def no_launch(request: object) -> int:
    raise AssertionError("no screen may open")


def cli(*args: str) -> int:
    return run_cli(list(args), launch=no_launch)


def git(folder: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=check,
    )


@pytest.fixture
def team(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    """origin.git, the lead's project (committed, documents assigned to all three coders)
    and a clone per coder."""
    monkeypatch.delenv(DATA_DIR_ENV)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Test Lead")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "lead@example.org")
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "--bare", str(origin))
    lead = make_project(tmp_path / "lead", documents=3)
    monkeypatch.chdir(lead)
    assert cli("assign", "--coders", ",".join(CODERS), "--overlap", "1") == 0
    git(lead, "init")
    git(lead, "add", ".")
    git(lead, "commit", "-m", "New project")
    git(lead, "remote", "add", "origin", str(origin))
    git(lead, "push", "origin", "main")
    folders = {"origin": origin, "lead": lead}
    for coder in CODERS:
        git(tmp_path, "clone", str(origin), f"clone-{coder}")
        folders[coder] = tmp_path / f"clone-{coder}"
    return folders


def code_in_clone(clone: Path, coder: str, number: int) -> None:
    """What a coder does in their clone: code every document (differently from the
    others on some sentences), correct the sentences, note, finish."""
    location = locate_data_dir(None, clone)
    assert location.project is not None
    codebook = discover_codebook(start=clone)
    workspace = Workspace(DataDir.at(location), coder, codebook)
    for path in sorted((clone / "texts").glob("*.txt")):
        session = workspace.open(load_document(path))
        try:
            first = session.document.sentences[0]
            if number == 1:
                session.split(0, session.document.text.index(" reported", first.start) + 1)
            elif number == 2:
                session.merge(0)
            for sentence in session.document.sentences:
                # Alike where their sentences are alike, except in the second paragraph.
                shift = number if sentence.paragraph == 1 else 0
                code = codebook.codes[(sentence.start // 7 + shift) % 4].name
                session.toggle_tag(sentence.index, code)
            session.set_note(0, f"{coder} was here")
            session.remember_cursor(1)
            session.set_finished(True)
        finally:
            assert session.close()


def push_branch(clone: Path, branch: str) -> None:
    git(clone, "checkout", "-b", branch)
    git(clone, "add", "-A")
    git(clone, "commit", "-m", f"{branch}'s coding")
    git(clone, "push", "origin", branch)


def test_three_coders_merge_with_no_conflict_and_the_lead_computes_everything(
    team: dict[str, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for number, coder in enumerate(CODERS):
        code_in_clone(team[coder], coder, number)
        push_branch(team[coder], coder)
        committed = git(team[coder], "ls-files").stdout.split()
        assert committed, "the coder's work is committed"
        assert not [f for f in committed if f.endswith((".bak", ".lock", ".tmp"))], committed
        assert any(f.startswith("coding/catalog/") for f in committed)
    lead = team["lead"]
    git(lead, "fetch", "origin")
    for coder in CODERS:
        merged = git(lead, "merge", "--no-edit", f"origin/{coder}", check=False)
        assert merged.returncode == 0, merged.stdout + merged.stderr
    assert git(lead, "diff", "--name-only", "--diff-filter=U").stdout == ""
    catalogs = sorted(p.name for p in (lead / "coding" / "catalog").glob("*.json"))
    assert len(catalogs) == 3

    monkeypatch.chdir(lead)
    capsys.readouterr()
    assert cli("doctor") == 0
    assert "healthy" in capsys.readouterr().out

    assert cli("status", "--json") == 0
    status = json.loads(capsys.readouterr().out)
    assert [(c["coder"], c["finished"]) for c in status["coders"]] == [(c, 3) for c in CODERS]
    assert all(d["agreement_ready"] for d in status["overlap_sample"])

    assert cli("agree", "--all", "--format", "json", "--bootstrap", "50") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["coders"] == list(CODERS)
    assert len(report["documents"]) == 3
    assert report["excluded"] == []
    assert report["refined_units"] > 0  # ben split and cem merged sentences

    document = "texts/release-1.txt"
    assert cli("adjudicate", document, "--auto") == 0
    err = capsys.readouterr().err
    assert "disagreements left to adjudicate" in err and "gold filled 0" not in err

    out = lead / "all.csv"
    assert cli("export", "--all", "-o", str(out)) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert {row["annotator"] for row in rows} == {*CODERS, "gold"}
    assert cli("doctor") == 0


def test_a_conflict_left_in_a_coders_file_is_named_by_the_doctor(
    team: dict[str, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """ana codes in two clones (the office and the laptop) and pushes both: the same file
    changed on two branches. The lead commits the merge without resolving it."""
    laptop = team["ana"].with_name("clone-ana-laptop")
    git(team["ana"].parent, "clone", str(team["origin"]), laptop.name)
    code_in_clone(team["ana"], "ana", 0)
    code_in_clone(laptop, "ana", 1)
    push_branch(team["ana"], "ana")
    push_branch(laptop, "ana-laptop")
    lead = team["lead"]
    git(lead, "fetch", "origin")
    git(lead, "merge", "--no-edit", "origin/ana")
    assert git(lead, "merge", "--no-edit", "origin/ana-laptop", check=False).returncode != 0
    conflicted = git(lead, "diff", "--name-only", "--diff-filter=U").stdout.split()
    assert conflicted and all(name.startswith("coding/") for name in conflicted)
    git(lead, "commit", "-am", "merged (carelessly)")
    monkeypatch.chdir(lead)
    capsys.readouterr()
    assert cli("doctor") == 1
    out = capsys.readouterr().out
    for name in conflicted:
        line = next(line for line in out.splitlines() if name.split("/")[-1] in line)
        assert line.startswith("conflict:") and "git checkout" in line


def test_an_edit_by_the_lead_carries_each_coder_s_work_and_merges_cleanly(
    team: dict[str, Path], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The lead adds a paragraph to a release the coders finished; each coder pulls it and
    opens it, which saves their coding carried over to the new text in their own files
    (and a copy of the new text, the same bytes in every clone); the lead merges again
    with no conflict, and everything counts the new text once."""
    coders = CODERS[:2]
    for number, coder in enumerate(coders):
        code_in_clone(team[coder], coder, number)
        push_branch(team[coder], coder)
    lead = team["lead"]
    git(lead, "fetch", "origin")
    for coder in coders:
        git(lead, "merge", "--no-edit", f"origin/{coder}")
    edited = lead / "texts" / "release-1.txt"
    edited.write_text(
        edited.read_text(encoding="utf-8") + "\nA correction was issued on day 9.\n",
        encoding="utf-8",
    )
    git(lead, "commit", "-am", "Correct release 1")
    git(lead, "push", "origin", "main")
    new_id = load_document(edited).doc_id

    monkeypatch.chdir(lead)
    capsys.readouterr()
    assert cli("status", "--json") == 0
    status = json.loads(capsys.readouterr().out)
    # The new sentence is new to both: their finished marks wait for them.
    assert [(c["coder"], c["finished"], c["in_progress"]) for c in status["coders"]][:2] == [
        (coder, 2, 1) for coder in coders
    ]

    for coder in coders:
        clone = team[coder]
        git(clone, "pull", "--no-rebase", "--no-edit", "origin", "main")
        location = locate_data_dir(None, clone)
        workspace = Workspace(DataDir.at(location), coder, discover_codebook(start=clone))
        session = workspace.open(load_document(clone / "texts" / "release-1.txt"))
        try:
            assert session.document.doc_id == new_id
            assert len(session.annotations) == len(session.document.sentences) - 1
            assert not session.held.undecided
            session.set_finished(True)
        finally:
            assert session.close()
        git(clone, "add", "-A")
        git(clone, "commit", "-m", f"{coder} after the correction")
        git(clone, "push", "origin", coder)

    git(lead, "fetch", "origin")
    for coder in coders:
        merged = git(lead, "merge", "--no-edit", f"origin/{coder}", check=False)
        assert merged.returncode == 0, merged.stdout + merged.stderr
    folder = lead / "coding" / "documents" / new_id
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["text.txt", *(coder_file_name(c) for c in coders)]
    )
    capsys.readouterr()
    assert cli("doctor") == 0
    assert "healthy" in capsys.readouterr().out
    assert cli("status", "--json") == 0
    status = json.loads(capsys.readouterr().out)
    assert [(c["coder"], c["finished"]) for c in status["coders"]][:2] == [
        (coder, 3) for coder in coders
    ]
    out = lead / "all.csv"
    assert cli("export", "--all", "--annotator", "ana", "-o", str(out)) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len({row["doc_id"] for row in rows}) == 3  # the edited release counted once
    assert new_id in {row["doc_id"] for row in rows}
