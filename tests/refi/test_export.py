"""Writing .qdpx and .qdc: valid by the schemas, byte-identical twice, everything in place."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.export import ExportDocument, from_document
from annotator.refi import export_qdc, export_qdpx, qdc_bytes, write_qdpx
from annotator.refi.build import code_color
from annotator.store import DataDir
from annotator.text.document import Document
from tests.export.builders import code, write_document
from tests.refi.helpers import validate_codebook, validate_project

Q = "{urn:QDA-XML:project:1.0}"


@pytest.fixture
def coded(tmp_path: Path) -> tuple[Document, DataDir]:
    document = write_document(tmp_path)
    data_dir = DataDir(tmp_path / "data")
    code(
        data_dir,
        document,
        {0: (("claim", "statistic"), "a note\r\nover <two> & lines"), 1: ((), "only a note")},
    )
    code(data_dir, document, {0: (("appeal",), ""), 2: (("not-in-codebook",), "")}, coder="=bob")
    return document, data_dir


def qdpx(source: ExportDocument, **options: object) -> bytes:
    out = io.BytesIO()
    write_qdpx(out, [source], DEFAULT_CODEBOOK, **options)  # type: ignore[arg-type]
    return out.getvalue()


def project_of(data: bytes) -> ET.Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return ET.fromstring(archive.read("project.qde"))


def test_the_project_is_valid_by_the_schema(coded: tuple[Document, DataDir]) -> None:
    document, data_dir = coded
    data = qdpx(
        from_document(document, data_dir),
        finished={(document.doc_id, "alice")},
        reference_coder="=bob",
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        validate_project(archive.read("project.qde"))


def test_the_codebook_is_valid_by_the_schema(tmp_path: Path) -> None:
    assert export_qdc(tmp_path / "c.qdc", DEFAULT_CODEBOOK) == 4
    validate_codebook((tmp_path / "c.qdc").read_bytes())
    root = ET.fromstring(qdc_bytes(DEFAULT_CODEBOOK))
    codes = root.findall("{urn:QDA-XML:codebook:1.0}Codes/{urn:QDA-XML:codebook:1.0}Code")
    assert [(c.get("name"), c.get("guid"), c.get("color")) for c in codes] == [
        (c.name, c.id, c.color) for c in DEFAULT_CODEBOOK.codes
    ]


def test_two_exports_of_the_same_coding_are_byte_identical(
    tmp_path: Path, coded: tuple[Document, DataDir]
) -> None:
    document, data_dir = coded
    first = export_qdpx(tmp_path / "a.qdpx", [from_document(document, data_dir)], DEFAULT_CODEBOOK)
    export_qdpx(
        tmp_path / "b.qdpx", [from_document(document, data_dir)], DEFAULT_CODEBOOK, name="a"
    )
    assert (tmp_path / "a.qdpx").read_bytes() == (tmp_path / "b.qdpx").read_bytes()
    assert (first.documents, first.selections, first.codings, first.notes) == (1, 4, 4, 2)
    assert first.coders == ("=bob", "alice")


def test_the_zip_holds_the_project_and_the_normalized_text(
    tmp_path: Path, coded: tuple[Document, DataDir]
) -> None:
    document, data_dir = coded
    data = qdpx(from_document(document, data_dir))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        root = ET.fromstring(archive.read("project.qde"))
        (source,) = root.iter(f"{Q}TextSource")
        guid = source.get("guid")
        assert names == ["project.qde", f"sources/{guid}.txt"]
        assert source.get("plainTextPath") == f"internal://{guid}.txt"
        text = archive.read(f"sources/{guid}.txt")
    assert text == document.text.encode("utf-8")
    assert not text.startswith(b"\xef\xbb\xbf") and b"\r" not in text


def test_one_user_per_coder_and_the_coder_on_selection_and_coding(
    coded: tuple[Document, DataDir],
) -> None:
    document, data_dir = coded
    root = project_of(qdpx(from_document(document, data_dir)))
    users = {u.get("name"): u.get("guid") for u in root.iter(f"{Q}User")}
    assert set(users) == {"alice", "=bob"}
    selections = list(root.iter(f"{Q}PlainTextSelection"))
    assert len(selections) == 4  # one per (sentence, coder)
    for selection in selections:
        user = selection.get("creatingUser")
        assert user in users.values()
        assert all(c.get("creatingUser") == user for c in selection.iter(f"{Q}Coding"))
    first = document.sentences[0]
    on_first = [s for s in selections if s.get("startPosition") == str(first.start)]
    assert {s.get("endPosition") for s in on_first} == {str(first.end)}
    alice = next(s for s in on_first if s.get("creatingUser") == users["alice"])
    assert len(alice.findall(f"{Q}Coding")) == 2  # a Coding per code


def test_codes_carry_guid_colour_and_definition(coded: tuple[Document, DataDir]) -> None:
    document, data_dir = coded
    root = project_of(qdpx(from_document(document, data_dir)))
    codes = {c.get("name"): c for c in root.iter(f"{Q}Code")}
    claim = DEFAULT_CODEBOOK.codes[0]
    assert codes["claim"].get("guid") == claim.id
    assert codes["claim"].get("color") == claim.color
    assert codes["claim"].findtext(f"{Q}Description") == claim.definition
    assert "not-in-codebook" in codes  # a tag in use is never dropped
    assert codes["not-in-codebook"].get("color") is None


def test_a_note_is_the_description_and_a_note_with_a_noteref(
    coded: tuple[Document, DataDir],
) -> None:
    document, data_dir = coded
    data = qdpx(from_document(document, data_dir))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        raw = archive.read("project.qde")
    assert b"a note&#13;\nover &lt;two&gt; &amp; lines" in raw  # the CR survives parsing
    root = ET.fromstring(raw)
    notes = {n.get("guid"): n.findtext(f"{Q}PlainTextContent") for n in root.iter(f"{Q}Note")}
    noted = [
        s for s in root.iter(f"{Q}PlainTextSelection") if s.find(f"{Q}Description") is not None
    ]
    assert len(noted) == 2
    for selection in noted:
        (ref,) = selection.findall(f"{Q}NoteRef")
        assert notes[ref.get("targetGUID")] == selection.findtext(f"{Q}Description")
    assert "a note\r\nover <two> & lines" in notes.values()
    only_note = next(s for s in noted if s.findtext(f"{Q}Description") == "only a note")
    assert only_note.find(f"{Q}Coding") is None


def test_finished_marks_are_boolean_variables_of_the_sources(
    coded: tuple[Document, DataDir],
) -> None:
    document, data_dir = coded
    root = project_of(
        qdpx(
            from_document(document, data_dir),
            finished={(document.doc_id, "alice"), ("other", "bob")},
        )
    )
    (variable,) = root.iter(f"{Q}Variable")
    assert (variable.get("name"), variable.get("typeOfVariable")) == (
        "finished by alice",
        "Boolean",
    )
    (value,) = root.iter(f"{Q}VariableValue")
    assert value.find(f"{Q}VariableRef").get("targetGUID") == variable.get("guid")  # type: ignore[union-attr]
    assert value.findtext(f"{Q}BooleanValue") == "true"


def test_the_reference_layer_is_its_user_and_a_case_of_its_selections(
    coded: tuple[Document, DataDir],
) -> None:
    document, data_dir = coded
    root = project_of(qdpx(from_document(document, data_dir), reference_coder="=bob"))
    bob = next(u.get("guid") for u in root.iter(f"{Q}User") if u.get("name") == "=bob")
    (case,) = root.iter(f"{Q}Case")
    refs = {r.get("targetGUID") for r in case.iter(f"{Q}SelectionRef")}
    bobs = {
        s.get("guid") for s in root.iter(f"{Q}PlainTextSelection") if s.get("creatingUser") == bob
    }
    assert refs == bobs and len(refs) == 2


def test_a_document_without_its_text_is_left_out_and_named(
    tmp_path: Path, coded: tuple[Document, DataDir]
) -> None:
    document, data_dir = coded
    placed = from_document(document, data_dir)
    missing = ExportDocument(
        "feedbeef", "gone.txt", None, placed.stored, placed.stored, problem="moved"
    )
    summary = export_qdpx(tmp_path / "x.qdpx", [placed, missing], DEFAULT_CODEBOOK)
    assert summary.without_text == ("gone.txt",)
    assert summary.documents == 1


def test_characters_xml_cannot_hold_are_replaced_and_counted(tmp_path: Path) -> None:
    document = write_document(tmp_path)
    data_dir = DataDir(tmp_path / "data")
    code(data_dir, document, {0: (("claim",), "bell\x07 and escape\x1b")})
    out = io.BytesIO()
    summary = write_qdpx(out, [from_document(document, data_dir)], DEFAULT_CODEBOOK)
    assert summary.replaced_characters == 4  # twice each: Description and Note
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as archive:
        validate_project(archive.read("project.qde"))


def test_colours_become_hex_or_are_left_out() -> None:
    assert code_color("#d7875f") == "#d7875f"
    assert code_color("#abc") == "#abc"
    assert code_color("red") == "#800000"
    assert code_color("no such colour") is None
