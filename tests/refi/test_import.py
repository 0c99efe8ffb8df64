"""Importing projects other tools wrote: each pitfall of real files as a case of its own."""

from __future__ import annotations

import codecs
import zipfile
from pathlib import Path

import pytest

from annotator.annotation import Annotation
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.codebook.toml_parse import load_codebook
from annotator.coding.catalog import register_document
from annotator.export import from_document
from annotator.refi import RefiError, RefiImport, export_qdpx, import_qdpx
from annotator.refi import package as package_module
from annotator.refi.spans import Counting, Fit
from annotator.store import DataDir
from annotator.text.document import load_document
from tests.export.builders import code, write_document
from tests.refi.helpers import REFI, package, project

CLAIM = DEFAULT_CODEBOOK.codes[0]
APPEAL = DEFAULT_CODEBOOK.codes[2]
ALICE = "11111111-2222-4333-8444-555555555555"
BOB = "66666666-7777-4888-8999-aaaaaaaaaaaa"
SOURCE = "0a0b0c0d-0e0f-4a1b-8c2d-3e4f5a6b7c8d"
TEXT = (
    "The ministry said 3,000 people attended. Officials called it a triumph.\n\n"
    "A new paragraph here.\n"
)
# Sentences: 0..40, 41..71, 73..94
USERS = f'<Users><User guid="{ALICE}" name="alice"/><User guid="{BOB}" name="bob"/></Users>'
CODES = (
    f'<CodeBook><Codes><Code guid="{CLAIM.id}" name="claim" isCodable="true"/>'
    f'<Code guid="{APPEAL.id}" name="appeal" isCodable="true"/></Codes></CodeBook>'
)


def source(selections: str, guid: str = SOURCE, name: str = "release.txt") -> str:
    return f'<TextSource guid="{guid}" name="{name}" plainTextPath="internal://{guid}.txt">{selections}</TextSource>'


def selection(start: int, end: int, inner: str = "", attributes: str = "", guid: str = "") -> str:
    guid = guid or f"{start:08x}-0000-4000-8000-{end:012x}"
    return (
        f'<PlainTextSelection guid="{guid}" startPosition="{start}" endPosition="{end}" '
        f"{attributes}>{inner}</PlainTextSelection>"
    )


def coding(code: str, user: str | None = None, guid: str = "") -> str:
    by = f' creatingUser="{user}"' if user else ""
    guid = guid or f"c0d10000-0000-4000-8000-{abs(hash((code, user))) % 10**12:012d}"
    return f'<Coding guid="{guid}"{by}><CodeRef targetGUID="{code}"/></Coding>'


def run(
    tmp_path: Path,
    body: str,
    texts: dict[str, bytes | str] | None = None,
    *,
    folder: str = "sources",
    name: str = "study.qdpx",
    **options: object,
) -> RefiImport:
    path = package(
        tmp_path / name,
        project(body),
        texts if texts is not None else {f"{SOURCE}.txt": TEXT},
        folder=folder,
    )
    return import_qdpx(DataDir(tmp_path / "data"), path, DEFAULT_CODEBOOK, **options)  # type: ignore[arg-type]


def stored(tmp_path: Path) -> list[Annotation]:
    data_dir = DataDir(tmp_path / "data")
    found = [a for entry in data_dir.catalog() for a in data_dir.annotations(entry.doc_id)]
    return sorted(found, key=lambda a: (a.doc_id, a.start, a.coder))


def test_codings_land_on_sentences_with_their_coders(tmp_path: Path) -> None:
    body = (
        USERS
        + CODES
        + "<Sources>"
        + source(
            selection(0, 40, coding(CLAIM.id, ALICE), f'creatingUser="{ALICE}"')
            + selection(41, 71, coding(APPEAL.id, BOB), f'creatingUser="{BOB}"')
        )
        + "</Sources>"
    )
    done = run(tmp_path, body)
    assert [(a.start, a.coder, a.tags) for a in stored(tmp_path)] == [
        (0, "alice", ("claim",)),
        (41, "bob", ("appeal",)),
    ]
    assert done.plan.fits[Fit.MATCHED] == 2
    assert (tmp_path / "study" / "release.txt").read_text(encoding="utf-8") == TEXT
    assert done.result.registered == ["release.txt"]


def test_several_coders_in_one_selection_with_users_only_on_codings(tmp_path: Path) -> None:
    """QualCoder: one selection, a Coding per coder and code, no creatingUser on it."""
    body = (
        USERS
        + CODES
        + "<Sources>"
        + source(
            selection(
                0, 40, coding(CLAIM.id, ALICE) + coding(APPEAL.id, BOB) + coding(APPEAL.id, ALICE)
            )
        )
        + "</Sources>"
    )
    run(tmp_path, body)
    assert [(a.coder, a.tags) for a in stored(tmp_path)] == [
        ("alice", ("claim", "appeal")),
        ("bob", ("appeal",)),
    ]


def test_a_whole_line_selection_ending_after_the_newline_matches(tmp_path: Path) -> None:
    """MAXQDA selects lines: the newline is part of the selection, a paragraph may be."""
    body = (
        USERS
        + CODES
        + "<Sources>"
        + source(
            selection(0, 73, coding(CLAIM.id, ALICE)) + selection(73, 95, coding(APPEAL.id, ALICE))
        )
        + "</Sources>"
    )
    done = run(tmp_path, body)
    assert [(a.start, a.end, a.tags) for a in stored(tmp_path)] == [
        (0, 40, ("claim",)),
        (41, 71, ("claim",)),
        (73, 94, ("appeal",)),
    ]
    assert done.plan.fits[Fit.MATCHED] == 2


def test_a_selection_of_only_whitespace_codes_nothing_and_is_listed(tmp_path: Path) -> None:
    body = (
        USERS
        + CODES
        + "<Sources>"
        + source(selection(71, 73, coding(CLAIM.id, ALICE), 'name="empty line"'))
        + "</Sources>"
    )
    done = run(tmp_path, body)
    assert stored(tmp_path) == []
    (unplaced,) = done.plan.unplaced
    assert (unplaced.start, unplaced.end, unplaced.reason) == (71, 73, "it covers only whitespace")
    assert any(
        "no sentence: release.txt 71..73 (empty line): it covers only whitespace" in line
        for line in done.lines()
    )


def test_widened_and_narrowed_selections_are_counted(tmp_path: Path) -> None:
    body = (
        USERS
        + CODES
        + "<Sources>"
        + source(
            selection(4, 12, coding(CLAIM.id, ALICE))  # within sentence 0: widened
            + selection(41, 80, coding(APPEAL.id, ALICE))  # all of 1, a third of 2: narrowed
            + selection(38, 45, coding(APPEAL.id, BOB))  # a little of two: nothing
        )
        + "</Sources>"
    )
    done = run(tmp_path, body)
    assert done.plan.fits == {Fit.WIDENED: 1, Fit.NARROWED: 1, Fit.NONE: 1}
    assert (
        "3 selections: 1 widened to whole sentences, "
        "1 narrowed to the sentences it mostly covers, 1 coded no sentence" in done.lines()
    )


def test_a_selection_with_a_description_and_no_coding_is_a_note(tmp_path: Path) -> None:
    body = (
        USERS
        + CODES
        + "<Sources>"
        + source(
            selection(41, 71, "<Description>Why say it so?</Description>", f'creatingUser="{BOB}"')
        )
        + "</Sources>"
    )
    run(tmp_path, body)
    (annotation,) = stored(tmp_path)
    assert (annotation.coder, annotation.tags, annotation.note) == ("bob", (), "Why say it so?")


def test_notes_come_from_noterefs_and_are_not_repeated(tmp_path: Path) -> None:
    note = "9e9e9e9e-0000-4000-8000-000000000001"
    body = (
        USERS
        + CODES
        + "<Sources>"
        + source(
            selection(
                0,
                40,
                "<Description>same</Description>"
                + coding(CLAIM.id, ALICE)
                + f'<NoteRef targetGUID="{note}"/>',
            )
            + selection(41, 71, f'<NoteRef targetGUID="{note.upper()}"/>', f'creatingUser="{BOB}"')
        )
        + "</Sources>"
        + f'<Notes><Note guid="{note}" name="n">'
        + "<PlainTextContent>same</PlainTextContent></Note></Notes>"
    )
    run(tmp_path, body)
    assert [(a.coder, a.note) for a in stored(tmp_path)] == [("alice", "same"), ("bob", "same")]


@pytest.mark.parametrize("counting", [Counting.STORED, Counting.ONE_PER_BREAK])
def test_crlf_in_a_source_counted_as_two_or_as_one(tmp_path: Path, counting: Counting) -> None:
    raw = "First sentence is here.\r\nSecond sentence is here.\r\nThird sentence is here.\r\n"
    counted = raw if counting is Counting.STORED else raw.replace("\r\n", "\n")
    start = counted.index("Third")
    body = (
        USERS
        + CODES
        + "<Sources>"
        + source(selection(start, start + len("Third sentence is here."), coding(CLAIM.id, ALICE)))
        + "</Sources>"
    )
    done = run(tmp_path, body, {f"{SOURCE}.txt": raw.encode()})
    (annotation,) = stored(tmp_path)
    assert annotation.quote == "Third sentence is here."
    assert done.plan.sources[0].counting is counting
    assert b"\r" not in (tmp_path / "study" / "release.txt").read_bytes()


def test_a_byte_order_mark_before_the_xml_declaration(tmp_path: Path) -> None:
    body = (
        USERS
        + CODES
        + "<Sources>"
        + source(selection(0, 40, coding(CLAIM.id, ALICE)))
        + "</Sources>"
    )
    path = package(
        tmp_path / "bom.qdpx",
        codecs.BOM_UTF8 + project(body).encode(),
        {f"{SOURCE}.txt": codecs.BOM_UTF8 + TEXT.encode()},
    )
    import_qdpx(DataDir(tmp_path / "data"), path, DEFAULT_CODEBOOK)
    (annotation,) = stored(tmp_path)
    assert (annotation.start, annotation.end) == (0, 40)  # the text's BOM is not counted


def test_guids_in_either_case_with_or_without_braces(tmp_path: Path) -> None:
    upper = "{" + ALICE.upper() + "}"
    body = (
        f'<Users><User guid="{upper}" name="alice"/></Users>'
        f'<CodeBook><Codes><Code guid="{{{CLAIM.id.upper()}}}" name="Claim" isCodable="true"/>'
        "</Codes></CodeBook>"
        "<Sources>"
        + source(selection(0, 40, coding(CLAIM.id, ALICE.lower())), guid="{" + SOURCE.upper() + "}")
        + "</Sources>"
    )
    run(tmp_path, body, {f"{SOURCE.upper()}.txt": TEXT})
    (annotation,) = stored(tmp_path)
    assert (annotation.coder, annotation.tags) == ("alice", ("claim",))  # matched by GUID


def test_sources_folder_with_a_capital_s(tmp_path: Path) -> None:
    body = (
        USERS
        + CODES
        + "<Sources>"
        + source(selection(0, 40, coding(CLAIM.id, ALICE)))
        + "</Sources>"
    )
    run(tmp_path, body, folder="Sources")
    assert len(stored(tmp_path)) == 1


def test_duplicate_source_names_become_two_files(tmp_path: Path) -> None:
    other = "1a1b1c1d-0e0f-4a1b-8c2d-3e4f5a6b7c8d"
    same = "2a2b2c2d-0e0f-4a1b-8c2d-3e4f5a6b7c8d"
    body = (
        USERS
        + CODES
        + "<Sources>"
        + source(selection(0, 40, coding(CLAIM.id, ALICE)), name="interview.txt")
        + source(selection(0, 10, coding(APPEAL.id, ALICE)), guid=other, name="interview.txt")
        + source(selection(41, 71, coding(APPEAL.id, BOB)), guid=same, name="copy of interview.txt")
        + "</Sources>"
    )
    texts = {f"{SOURCE}.txt": TEXT, f"{other}.txt": "Another text entirely.\n", f"{same}.txt": TEXT}
    done = run(tmp_path, body, texts)
    folder = tmp_path / "study"
    assert sorted(p.name for p in folder.iterdir()) == ["interview (2).txt", "interview.txt"]
    assert (folder / "interview (2).txt").read_text(encoding="utf-8") == "Another text entirely.\n"
    assert sorted(done.result.registered) == ["interview (2).txt", "interview.txt"]
    assert done.plan.sources[2].same_as == "interview.txt"
    assert len(stored(tmp_path)) == 3


def test_a_user_and_a_code_may_share_a_guid(tmp_path: Path) -> None:
    """Tools that derive GUIDs from names give user "claim" and code "claim" one GUID."""
    shared = "7b7b7b7b-0000-5000-8000-000000000007"
    body = (
        f'<Users><User guid="{shared}" name="claim"/></Users>'
        f'<CodeBook><Codes><Code guid="{shared}" name="claim" isCodable="true"/></Codes></CodeBook>'
        "<Sources>" + source(selection(0, 40, coding(shared, shared))) + "</Sources>"
    )
    run(tmp_path, body)
    (annotation,) = stored(tmp_path)
    assert (annotation.coder, annotation.tags) == ("claim", ("claim",))


def test_a_file_without_dates_or_users_imports_the_same_twice(tmp_path: Path) -> None:
    body = CODES + "<Sources>" + source(selection(0, 40, coding(CLAIM.id))) + "</Sources>"
    done = run(tmp_path, body, default_coder="carol")
    (annotation,) = stored(tmp_path)
    assert annotation.coder == "carol"
    assert done.plan.without_user == 1
    again = import_qdpx(
        DataDir(tmp_path / "data"), tmp_path / "study.qdpx", DEFAULT_CODEBOOK, default_coder="carol"
    )
    assert (again.result.added, again.result.updated, again.result.unchanged) == (0, 0, 1)
    assert stored(tmp_path) == [annotation]


def test_unknown_codes_are_added_to_a_codebook_beside_the_file(tmp_path: Path) -> None:
    parent, child = "3c3c3c3c-0000-4000-8000-000000000001", "3c3c3c3c-0000-4000-8000-000000000002"
    unused = "3c3c3c3c-0000-4000-8000-000000000003"
    body = (
        USERS
        + (
            f'<CodeBook><Codes><Code guid="{parent}" name="Tone" isCodable="false">'
            f'<Code guid="{child}" name="hostile" isCodable="true" color="#AA0000">'
            "<Description>Angry wording</Description></Code>"
            f'</Code><Code guid="{unused}" name="unused" isCodable="true"/></Codes></CodeBook>'
        )
        + "<Sources>"
        + source(selection(0, 40, coding(child, ALICE)))
        + "</Sources>"
    )
    done = run(tmp_path, body)
    (annotation,) = stored(tmp_path)
    assert annotation.tags == ("Tone/hostile",)
    assert done.codebook_path == tmp_path / "study.codebook.toml"
    codebook = load_codebook(done.codebook_path)
    added = codebook.by_name("Tone/hostile")
    assert added is not None
    assert (added.id, added.color, added.definition) == (child, "#AA0000", "Angry wording")
    assert [c.name for c in codebook.codes[:4]] == [c.name for c in DEFAULT_CODEBOOK.codes]
    assert codebook.by_name("unused") is None
    assert annotation.codebook_version == codebook.version


def test_strict_refuses_unknown_codes_and_writes_nothing(tmp_path: Path) -> None:
    other = "4d4d4d4d-0000-4000-8000-000000000001"
    body = (
        USERS
        + f'<CodeBook><Codes><Code guid="{other}" name="other" isCodable="true"/>'
        + "</Codes></CodeBook>"
    )
    body += "<Sources>" + source(selection(0, 40, coding(other, ALICE))) + "</Sources>"
    with pytest.raises(RefiError, match="'other'"):
        run(tmp_path, body, strict=True)
    assert not (tmp_path / "study").exists()
    assert not (tmp_path / "data").exists()
    assert not (tmp_path / "study.codebook.toml").exists()


def test_an_existing_file_of_that_name_is_never_overwritten(tmp_path: Path) -> None:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "release.txt").write_text("Someone else's file.\n", encoding="utf-8")
    body = (
        USERS
        + CODES
        + "<Sources>"
        + source(selection(0, 40, coding(CLAIM.id, ALICE)))
        + "</Sources>"
    )
    run(tmp_path, body, docs_dir=folder)
    assert (folder / "release.txt").read_text(encoding="utf-8") == "Someone else's file.\n"
    assert (folder / "release (2).txt").read_text(encoding="utf-8") == TEXT


def test_importing_twice_adds_nothing(tmp_path: Path) -> None:
    body = (
        USERS
        + CODES
        + "<Sources>"
        + source(
            selection(
                0,
                40,
                coding(CLAIM.id, ALICE),
                f'creatingUser="{ALICE}" creationDateTime="2024-05-06T07:08:09Z"',
            )
        )
        + "</Sources>"
    )
    run(tmp_path, body)
    again = import_qdpx(DataDir(tmp_path / "data"), tmp_path / "study.qdpx", DEFAULT_CODEBOOK)
    assert (again.result.added, again.result.unchanged) == (0, 1)
    assert again.written == [] and again.result.registered == []
    (annotation,) = stored(tmp_path)
    assert annotation.created == annotation.updated == "2024-05-06T07:08:09.000Z"


def test_whole_source_codings_and_other_media_are_reported(tmp_path: Path) -> None:
    body = (
        USERS
        + CODES
        + "<Sources>"
        + (
            f'<TextSource guid="{SOURCE}" name="release.txt" plainTextPath="internal://{SOURCE}.txt">'
            + coding(CLAIM.id, ALICE)
            + "</TextSource>"
            '<PictureSource guid="5e5e5e5e-0000-4000-8000-000000000001" name="p.jpg"/>'
        )
        + "</Sources>"
    )
    done = run(tmp_path, body)
    lines = done.lines()
    assert "1 coding of whole sources: not imported (annotator codes sentences)" in lines
    assert "not imported (annotator reads text only): 1 picture source" in lines


def test_the_atlas_ti_project_without_its_texts_says_what_is_missing(tmp_path: Path) -> None:
    done = import_qdpx(
        DataDir(tmp_path / "data"),
        REFI / "atlasti-8.4-standard-project.qde",
        DEFAULT_CODEBOOK,
        docs_dir=tmp_path / "docs",
    )
    assert done.result.added == 0
    problems = [s.problem for s in done.plan.sources]
    assert problems == ["its text is not in the file"] * 8  # 6 texts, 2 PDF representations
    assert done.plan.skipped == (
        "4 PDF page-area selections", "1 audio source", "1 graph", "1 link",
        "1 picture source", "16 sets", "2 video sources",
    )  # fmt: skip
    assert not (tmp_path / "docs").exists()


def _text_with(length: int, placed: dict[int, str]) -> str:
    """Filler sentences of ``length`` characters with ``placed`` strings at their offsets."""
    filler = "Breakfast is served at eight. "
    text = list((filler * (length // len(filler) + 1))[:length])
    for offset, words in placed.items():
        text[offset : offset + len(words)] = list(words)
    return "".join(text)


def test_the_atlas_ti_project_with_its_texts(tmp_path: Path) -> None:
    simon = _text_with(
        950,
        {
            215: "I did try the gluten free bread, but it was always so soggy.",
            513: "But to be honest, I used to have a much bigger breakfast.",
        },
    )
    mabel = _text_with(450, {250: "For some reason babies aren't supposed to have cow's milk."})
    texts = {
        "C1C745F7-8E4D-48B2-9710-655AFE7E54FA.txt": simon,
        "88293C71-CB70-4AB7-8413-C24110A19C2E.txt": mabel,
    }
    path = package(
        tmp_path / "atlas.qdpx", (REFI / "atlasti-8.4-standard-project.qde").read_bytes(), texts
    )
    done = import_qdpx(DataDir(tmp_path / "data"), path, DEFAULT_CODEBOOK)
    annotations = stored(tmp_path)
    assert {a.coder for a in annotations} == {"Friedrich Markgraf"}
    soggy = next(a for a in annotations if "gluten free bread" in a.quote)
    assert "Feelings" in soggy.tags
    note = next(a for a in annotations if a.note)
    assert note.note == "Mabel is not the only person I know who has Coke for breakfast!"
    assert "cow's milk" in note.quote and note.tags == ()
    assert sorted(p.name for p in (tmp_path / "atlas").iterdir()) == [
        "Mabêl 2ième.txt",
        "Simon.docx.txt",
    ]
    codebook = load_codebook(done.codebook_path)  # type: ignore[arg-type]
    assert {"Feelings", "happiness", "bacon and eggs"} <= {c.name for c in codebook.codes}
    assert codebook.by_name("bacon and eggs").color == "#463CC8"  # type: ignore[union-attr]
    assert "4 PDF page-area selections" in done.plan.skipped


@pytest.mark.parametrize(
    "declaration",
    [
        '<!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa">]>',
        '<!DOCTYPE Project SYSTEM "file:///etc/passwd">',
    ],
)
def test_a_document_type_declaration_is_refused(tmp_path: Path, declaration: str) -> None:
    qde = f'<?xml version="1.0"?>\n<!-- a comment -->\n{declaration}\n<Project name="x"/>'
    path = package(tmp_path / "evil.qdpx", qde)
    with pytest.raises(RefiError, match="document type"):
        import_qdpx(DataDir(tmp_path / "data"), path, DEFAULT_CODEBOOK)


@pytest.mark.parametrize(
    "member", ["../escape.txt", "/etc/evil.txt", "sources/../../x.txt", "C:/x.txt"]
)
def test_a_member_pointing_outside_the_zip_refuses_the_file(tmp_path: Path, member: str) -> None:
    path = tmp_path / "evil.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("project.qde", project(""))
        archive.writestr(member, "x")
    with pytest.raises(RefiError, match="not read"):
        import_qdpx(DataDir(tmp_path / "data"), path, DEFAULT_CODEBOOK)


def test_no_member_is_read_past_the_bound(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(package_module, "MAX_SOURCE_BYTES", 50)
    body = (
        USERS
        + CODES
        + "<Sources>"
        + source(selection(0, 40, coding(CLAIM.id, ALICE)))
        + "</Sources>"
    )
    with pytest.raises(RefiError, match="larger than"):
        run(tmp_path, body)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a zip, not xml", "neither a zip file nor XML"),
        (b"<Project unclosed", "not well-formed"),
        (b"PK\x03\x04broken", "not a readable zip"),
    ],
)
def test_unreadable_files_are_one_line_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.qdpx"
    path.write_bytes(content)
    with pytest.raises(RefiError, match=message):
        import_qdpx(DataDir(tmp_path / "data"), path, DEFAULT_CODEBOOK)


def test_a_zip_without_a_project_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(RefiError, match=r"no project\.qde"):
        import_qdpx(DataDir(tmp_path / "data"), path, DEFAULT_CODEBOOK)


def test_a_note_in_a_selection_without_a_user_goes_to_each_coder_in_it(tmp_path: Path) -> None:
    body = (
        USERS
        + CODES
        + "<Sources>"
        + source(
            selection(
                0,
                40,
                "<Description>shared</Description>"
                + coding(CLAIM.id, ALICE)
                + coding(APPEAL.id, BOB),
            )
        )
        + "</Sources>"
    )
    run(tmp_path, body)
    assert [(a.coder, a.note) for a in stored(tmp_path)] == [("alice", "shared"), ("bob", "shared")]


def test_a_document_the_data_directory_knows_is_used_where_it_is(tmp_path: Path) -> None:
    known = tmp_path / "known.txt"
    known.write_text(TEXT, encoding="utf-8")
    data_dir = DataDir(tmp_path / "data")
    register_document(data_dir, load_document(known))
    body = (
        USERS
        + CODES
        + "<Sources>"
        + source(selection(0, 40, coding(CLAIM.id, ALICE)))
        + "</Sources>"
    )
    done = run(tmp_path, body)
    assert done.written == [] and done.result.registered == []
    assert not (tmp_path / "study").exists()
    (entry,) = data_dir.catalog()
    assert entry.path == str(known)
    assert len(stored(tmp_path)) == 1


def test_our_finished_marks_and_reference_layer_are_read_back(tmp_path: Path) -> None:
    document = write_document(tmp_path)
    origin = DataDir(tmp_path / "origin")
    code(origin, document, {0: (("claim",), "")})
    code(origin, document, {0: (("appeal",), "")}, coder="judge")
    export_qdpx(
        tmp_path / "ours.qdpx",
        [from_document(document, origin)],
        DEFAULT_CODEBOOK,
        finished={(document.doc_id, "alice")},
        reference_coder="judge",
    )
    data_dir = DataDir(tmp_path / "data")
    done = import_qdpx(data_dir, tmp_path / "ours.qdpx", DEFAULT_CODEBOOK)
    assert done.finished == {(document.doc_id, "alice")}
    assert done.reference_coder == "judge"
    assert "the adjudicated reference layer is the coding of judge" in done.lines()
    assert "finished marks saved: alice on release.txt" in done.lines()
    # Saved in the coders' own files: agreement and exports see them as the store's.
    alice = data_dir.work(document.doc_id, "alice")
    judge = data_dir.work(document.doc_id, "judge")
    assert alice is not None and alice.finished is not None and not alice.reference
    assert judge is not None and judge.reference and judge.finished is None
