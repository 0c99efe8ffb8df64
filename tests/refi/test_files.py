"""Which REFI-QDA file a path holds, and where an import may write: checked before writing."""

from __future__ import annotations

import codecs
import os
import zipfile
from pathlib import Path

import pytest

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.refi import RefiError, convert_qdc, file_kind, import_qdpx
from annotator.store import DataDir
from tests.refi.helpers import REFI, package, project
from tests.refi.test_import import ALICE, CLAIM, SOURCE, TEXT, USERS, coding, selection, source

OTHER = "4d4d4d4d-0000-4000-8000-000000000001"
ONE_CODING = (
    USERS
    + f'<CodeBook><Codes><Code guid="{CLAIM.id}" name="claim" isCodable="true"/></Codes></CodeBook>'
    + "<Sources>"
    + source(selection(0, 40, coding(CLAIM.id, ALICE)))
    + "</Sources>"
)
NEW_CODE = (
    USERS
    + f'<CodeBook><Codes><Code guid="{OTHER}" name="other" isCodable="true"/></Codes></CodeBook>'
    + "<Sources>"
    + source(selection(0, 40, coding(OTHER, ALICE)))
    + "</Sources>"
)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("study.qdpx", b"PK\x03\x04anything", "project"),
        ("study.zip", b"PK\x03\x04anything", "project"),
        ("study.csv", b"PK\x03\x04anything", "project"),
        ("study.qdpx", b"damaged beyond recognition", "project"),
        ("study.QDPX", b"", "project"),
        ("study.qde", b"<nothing/>", "project"),
        ("codes.qdc", b"not xml at all", "codebook"),
        (
            "codes.xml",
            b'<?xml version="1.0"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>',
            "codebook",
        ),
        ("codes.txt", codecs.BOM_UTF8 + b"<!-- made by hand -->\n<q:CodeBook/>", "codebook"),
        ("study.xml", b'<?xml version="1.0"?><Project name="p"/>', "project"),
        ("mislabelled.qdc", b"<Project/>", "project"),
        ("mislabelled.qdpx", b"<CodeBook/>", "codebook"),
        ("rows.csv", b"document,doc_id\n", None),
        ("rows.jsonl", b'{"doc_id": "x"}\n', None),
        ("page.html", b"<html></html>", None),
        ("rows.qdc.csv", b"document\n", None),
    ],
)
def test_the_kind_of_file_comes_from_its_content_then_its_suffix(
    tmp_path: Path, name: str, data: bytes, kind: str | None
) -> None:
    assert file_kind(write(tmp_path, name, data)) == kind


def test_a_file_that_cannot_be_read_is_judged_by_its_suffix(tmp_path: Path) -> None:
    assert file_kind(tmp_path / "gone.qdc") == "codebook"
    assert file_kind(tmp_path / "gone.csv") is None


def test_the_reference_files_are_recognized() -> None:
    assert file_kind(REFI / "atlasti-8.4-standard-project.qde") == "project"
    assert file_kind(REFI / "atlasti-23.4-codebook.qdc") == "codebook"


def test_a_qdpx_that_is_neither_zip_nor_xml_says_so(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.qdpx", b"\x00\x01 garbage")
    with pytest.raises(RefiError, match=r"^bad\.qdpx is neither a zip file nor XML"):
        import_qdpx(DataDir(tmp_path / "data"), path, DEFAULT_CODEBOOK)


def test_a_relative_documents_folder_is_recorded_as_an_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The catalog must find the text again from any folder the reader is started in."""
    package(tmp_path / "study.qdpx", project(ONE_CODING), {f"{SOURCE}.txt": TEXT})
    monkeypatch.chdir(tmp_path)
    data_dir = DataDir(tmp_path / "data")
    import_qdpx(data_dir, Path("study.qdpx"), DEFAULT_CODEBOOK, docs_dir=Path("texts"))
    (entry,) = data_dir.catalog()
    assert Path(entry.path) == tmp_path / "texts" / "release.txt"
    assert Path(entry.path).is_absolute()


def test_the_default_documents_folder_of_a_relative_file_is_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package(tmp_path / "study.qdpx", project(ONE_CODING), {f"{SOURCE}.txt": TEXT})
    monkeypatch.chdir(tmp_path)
    data_dir = DataDir(tmp_path / "data")
    done = import_qdpx(data_dir, Path("study.qdpx"), DEFAULT_CODEBOOK)
    (entry,) = data_dir.catalog()
    assert Path(entry.path) == tmp_path / "study" / "release.txt"
    assert done.written == [tmp_path / "study" / "release.txt"]


def assert_nothing_written(tmp_path: Path, *kept: str) -> None:
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(("study.qdpx", *kept))


def test_a_documents_folder_inside_a_file_is_refused_before_writing(tmp_path: Path) -> None:
    package(tmp_path / "study.qdpx", project(NEW_CODE), {f"{SOURCE}.txt": TEXT})
    (tmp_path / "plain.txt").write_text("a file, not a folder")
    with pytest.raises(RefiError, match=r"cannot write the documents to .*plain\.txt.*--docs-dir"):
        import_qdpx(
            DataDir(tmp_path / "data"),
            tmp_path / "study.qdpx",
            DEFAULT_CODEBOOK,
            docs_dir=tmp_path / "plain.txt" / "texts",
        )
    assert_nothing_written(tmp_path, "plain.txt")


def test_a_documents_folder_that_denies_writing_is_refused_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root no permission stops a write: deny the opening of any file in the folder."""
    package(tmp_path / "study.qdpx", project(NEW_CODE), {f"{SOURCE}.txt": TEXT})
    locked = tmp_path / "locked"
    locked.mkdir()
    real_open = os.open

    def deny(path: str | os.PathLike[str], flags: int, *args: int, **kwargs: object) -> int:
        if Path(path).parent == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(
        RefiError, match=r"cannot write the documents to .*locked: Permission denied"
    ):
        import_qdpx(
            DataDir(tmp_path / "data"), tmp_path / "study.qdpx", DEFAULT_CODEBOOK, docs_dir=locked
        )
    monkeypatch.undo()
    assert list(locked.iterdir()) == []
    assert_nothing_written(tmp_path, "locked")


def test_a_codebook_folder_that_denies_writing_is_refused_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package(tmp_path / "study.qdpx", project(NEW_CODE), {f"{SOURCE}.txt": TEXT})
    books = tmp_path / "books"
    books.mkdir()
    real_open = os.open

    def deny(path: str | os.PathLike[str], flags: int, *args: int, **kwargs: object) -> int:
        if Path(path).parent == books:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", deny)
    with pytest.raises(RefiError, match=r"cannot write the codebook to .*books"):
        import_qdpx(
            DataDir(tmp_path / "data"),
            tmp_path / "study.qdpx",
            DEFAULT_CODEBOOK,
            docs_dir=tmp_path / "texts",
            codebook_path=books / "study.toml",
        )
    monkeypatch.undo()
    assert_nothing_written(tmp_path, "books")


def test_a_converted_codebook_never_replaces_a_file_unasked(tmp_path: Path) -> None:
    target = write(tmp_path, "codes.toml", b"mine")
    with pytest.raises(RefiError, match=r"codes\.toml exists and was left as it is"):
        convert_qdc(REFI / "atlasti-23.4-codebook.qdc", target)
    assert target.read_bytes() == b"mine"


def test_a_zip_is_still_refused_when_it_holds_no_project(tmp_path: Path) -> None:
    path = tmp_path / "photos.csv"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.jpg", b"\xff\xd8")
    assert file_kind(path) == "project"
    with pytest.raises(RefiError, match=r"no project\.qde"):
        import_qdpx(DataDir(tmp_path / "data"), path, DEFAULT_CODEBOOK)
