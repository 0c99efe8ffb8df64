"""REFI-QDA files on the command line that cannot be written or read: one line, exit 2.

Each case leaves the data directory and the folder around the file as they were. Most run
in process; the first cases also run as a user runs them, in a subprocess.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.cli.main import run_cli
from tests.cli.test_refi import annotator
from tests.export.builders import write_document
from tests.refi.helpers import REFI, package, project
from tests.refi.test_import import ALICE, SOURCE, TEXT, USERS, coding, selection, source

OTHER = "4d4d4d4d-0000-4000-8000-000000000001"
UNKNOWN_CODE = (
    USERS
    + f'<CodeBook><Codes><Code guid="{OTHER}" name="other" isCodable="true"/></Codes></CodeBook>'
    + "<Sources>"
    + source(selection(0, 40, coding(OTHER, ALICE)))
    + "</Sources>"
)


def no_launch(request: object) -> int:
    raise AssertionError("no screen may open")


def _study(work: Path) -> str:
    package(work / "study.qdpx", project(UNKNOWN_CODE), {f"{SOURCE}.txt": TEXT})
    return "study.qdpx"


def _file(name: str, data: bytes) -> Callable[[Path], str]:
    def make(work: Path) -> str:
        (work / name).write_bytes(data)
        return name

    return make


def _qdc(work: Path) -> str:
    (work / "codes.qdc").write_bytes((REFI / "atlasti-23.4-codebook.qdc").read_bytes())
    return "codes.qdc"


def _jsonl(work: Path) -> str:
    (work / "rows.jsonl").write_text("{}\n", encoding="utf-8")
    return "rows.jsonl"


def _truncated(work: Path) -> str:
    _study(work)
    data = (work / "study.qdpx").read_bytes()
    (work / "study.qdpx").write_bytes(data[: len(data) // 2])
    return "study.qdpx"


def _doc(work: Path) -> str:
    write_document(work, "One sentence. Two sentences.", "doc.txt")
    return "doc.txt"


# name: (what to make in the folder, returning the first argument; the arguments after it;
# what the error says). Cases named qdpx-... and qdc-... are exports, the others imports.
CASES: dict[str, tuple[Callable[[Path], str], tuple[str, ...], str]] = {
    # export
    "qdpx-without-o": (_doc, ("--format", "qdpx"), "name it with -o FILE.qdpx"),
    "qdc-without-o": (lambda w: "--all", ("--format", "qdc"), "--format qdc writes an XML file"),
    "qdpx-with-a-csv-option": (
        _doc,
        ("--format", "qdpx", "-o", "x.qdpx", "--layout", "long"),
        "--layout only apply to --format csv",
    ),
    "qdc-with-a-csv-option": (
        lambda w: "--excel",
        ("--format", "qdc", "-o", "x.qdc"),
        "--excel only apply to --format csv",
    ),
    "qdc-with-a-document": (_doc, ("--format", "qdc", "-o", "x.qdc"), "name no DOC and no --all"),
    "qdc-with-all": (lambda w: "--all", ("--format", "qdc", "-o", "x.qdc"), "name no DOC"),
    "qdc-with-a-coder": (
        lambda w: "--annotator=bob",
        ("--format", "qdc", "-o", "x.qdc"),
        "--annotator does not apply to --format qdc",
    ),
    "qdpx-without-documents": (
        lambda w: "--format=qdpx",
        ("-o", "x.qdpx"),
        "name at least one DOC",
    ),
    "qdpx-into-a-missing-folder": (
        _doc,
        ("--format", "qdpx", "-o", "gone/x.qdpx"),
        "cannot write gone/x.qdpx: No such file or directory",
    ),
    "qdc-into-a-missing-folder": (
        lambda w: "--format=qdc",
        ("-o", "gone/x.qdc"),
        "cannot write gone/x.qdc",
    ),
    # import
    "unknown-suffix": (
        _file("notes.xyz", b"some notes\n"),
        (),
        "notes.xyz is a .xyz file that is neither a JSONL or CSV export of annotator nor a "
        "REFI-QDA project or codebook",
    ),
    "no-suffix": (_file("notes", b"some notes\n"), (), "a file without a suffix"),
    "damaged-zip": (_file("study.qdpx", b"PK\x03\x04 cut short"), (), "not a readable zip"),
    "truncated-zip": (_truncated, (), "study.qdpx is not a readable zip file"),
    "neither-zip-nor-xml": (
        _file("study.qdpx", b"\x89PNG\r\n"),
        (),
        "study.qdpx is neither a zip file nor XML",
    ),
    "zip-without-project": (
        lambda w: _zip(w, "photos.qdpx", {"a.jpg": b"\xff\xd8"}),
        (),
        "holds no project.qde",
    ),
    "member-leaving-the-zip": (
        lambda w: _zip(w, "evil.qdpx", {"project.qde": b"<Project/>", "../x.txt": b"x"}),
        (),
        "leaves the zip",
    ),
    "doctype": (
        _file("codes.qdc", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><CodeBook/>'),
        (),
        "declares a document type",
    ),
    "malformed-codebook": (_file("codes.qdc", b"<CodeBook><Codes>"), (), "not well-formed XML"),
    "strict-with-unknown-codes": (
        _study,
        ("--strict",),
        "study.qdpx uses 1 code the codebook does not have ('other')",
    ),
    "docs-dir-inside-a-file": (
        _study,
        ("--docs-dir", "doc.txt/texts"),
        "cannot write the documents to",
    ),
    "docs-dir-is-a-file": (_study, ("--docs-dir", "doc.txt"), "doc.txt is a file"),
    "project-with-doc": (_study, ("--doc", "doc.txt"), "--doc only applies to JSONL and CSV"),
    "project-with-add-codes": (
        _study,
        ("--add-codes",),
        "--add-codes only applies to JSONL and CSV",
    ),
    "project-with-skip-bad-and-raw": (
        _study,
        ("--skip-bad", "--raw"),
        "--skip-bad, --raw only apply to JSONL and CSV",
    ),
    "codebook-with-project-options": (
        _qdc,
        ("--strict", "--docs-dir", "x"),
        "--docs-dir, --strict do not apply to a .qdc codebook",
    ),
    "codebook-with-codebook": (
        _qdc,
        ("--codebook", "x.toml"),
        "--codebook does not apply to a .qdc codebook",
    ),
    "codebook-only-with-strict": (
        _study,
        ("--codebook-only", "--strict"),
        "--strict does not apply to --codebook-only",
    ),
    "codebook-over-an-existing-file": (
        _qdc,
        ("-o", "doc.txt"),
        "doc.txt exists and was left as it is",
    ),
    "jsonl-with-refi-options": (
        _jsonl,
        ("--strict", "-o", "x.toml"),
        "--strict, -o only apply to .qdpx projects",
    ),
}


def _zip(work: Path, name: str, members: dict[str, bytes]) -> str:
    with zipfile.ZipFile(work / name, "w") as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return name


def _prepare(tmp_path: Path, case: str) -> tuple[Path, list[str], str]:
    make, rest, expected = CASES[case]
    work = tmp_path / "work"
    work.mkdir()
    write_document(work, "A file in the way. It stays.", "doc.txt")
    command = "export" if case.startswith(("qdpx", "qdc")) else "import"
    return work, [command, make(work), *rest], expected


def _contents(folder: Path) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else None
        for p in sorted(folder.rglob("*"))
    }


@pytest.mark.parametrize("case", sorted(CASES))
def test_refi_errors_are_one_line_and_write_nothing(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    work, args, expected = _prepare(tmp_path, case)
    before = _contents(work)
    data_dir = tmp_path / "data"
    monkeypatch.chdir(work)
    status = run_cli([*args, "--data-dir", str(data_dir)], launch=no_launch)
    captured = capsys.readouterr()
    assert status == 2, captured.err
    assert captured.out == ""
    assert captured.err.count("\n") == 1, captured.err
    assert captured.err.startswith("annotator: error: ")
    assert expected in captured.err
    assert _contents(work) == before
    assert not data_dir.exists()


@pytest.mark.parametrize(
    "case", ["qdpx-without-o", "unknown-suffix", "damaged-zip", "strict-with-unknown-codes"]
)
def test_refi_errors_as_a_user_sees_them(case: str, tmp_path: Path) -> None:
    work, args, expected = _prepare(tmp_path, case)
    data_dir = tmp_path / "data"
    result = annotator(*args, "--data-dir", str(data_dir), cwd=work)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("annotator: error: ") and expected in result.stderr
    assert not data_dir.exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes where permissions forbid it")
def test_a_docs_dir_without_write_permission(tmp_path: Path) -> None:
    work, _, _ = _prepare(tmp_path, "strict-with-unknown-codes")
    locked = work / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = annotator(
            "import", "study.qdpx", "--docs-dir", "locked", "--data-dir", "data", cwd=work
        )
    finally:
        locked.chmod(0o700)
    assert result.returncode == 2
    assert result.stderr.startswith("annotator: error: cannot write the documents to ")
    assert "Permission denied" in result.stderr and result.stderr.count("\n") == 1
    assert not (work / "data").exists()


def test_a_docs_dir_that_refuses_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Tests run as root, where no permission stops a write: refuse the opening itself."""
    work, _, _ = _prepare(tmp_path, "strict-with-unknown-codes")
    locked = work / "locked"
    locked.mkdir()
    real_open = os.open

    def deny(path: str | os.PathLike[str], flags: int, *args: int, **kwargs: object) -> int:
        if Path(path).parent == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.chdir(work)
    monkeypatch.setattr(os, "open", deny)
    args = ["import", "study.qdpx", "--docs-dir", "locked", "--data-dir", "data"]
    status = run_cli(args, launch=no_launch)
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert status == 2
    assert err == (
        f"annotator: error: cannot write the documents to {locked}: Permission denied; "
        "choose another folder with --docs-dir\n"
    )
    assert list(locked.iterdir()) == []
    assert not (work / "data").exists() and not (work / "study.codebook.toml").exists()
