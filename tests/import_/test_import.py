"""``annotator import``: lossless round trips, no duplicates, and bad rows listed."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.cli.main import run_cli
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.resegment import with_overrides
from annotator.export import from_document
from annotator.export.service import ExportOptions, export_to
from annotator.import_ import ImportFailed, import_file
from annotator.store import DataDir
from annotator.text.document import Document
from annotator.text.overrides import EMPTY, split_at
from tests.export.builders import PRESS, annotate, code, store, write_document
from tests.helpers import set_corrections

CODES = [c.name for c in DEFAULT_CODEBOOK.codes]
FORMATS = {
    "csv": ExportOptions(),
    "raw.csv": ExportOptions(raw=True),
    "long.csv": ExportOptions(layout="long"),
    "excel.csv": ExportOptions(excel=True, layout="long", all_sentences=True),
    "jsonl": ExportOptions(format="jsonl"),
}


def no_launch(request: object) -> int:
    raise AssertionError("no screen may open")


def export_bytes(data_dir: DataDir, document: Document, kind: str, target: Path) -> bytes:
    export_to([from_document(document, data_dir)], DEFAULT_CODEBOOK, FORMATS[kind], target)
    return target.read_bytes()


def round_trip(tmp: Path, document: Document, kind: str) -> tuple[bytes, bytes, DataDir]:
    """Export from ``tmp/data``, import into a fresh data dir, export again."""
    first = export_bytes(DataDir(tmp / "data"), document, kind, tmp / f"first.{kind}")
    fresh = DataDir(tmp / "fresh")
    import_file(
        fresh, tmp / f"first.{kind}", DEFAULT_CODEBOOK, documents=[document], raw=kind == "raw.csv"
    )
    return first, export_bytes(fresh, document, kind, tmp / f"second.{kind}"), fresh


@pytest.fixture
def coded(tmp_path: Path) -> Document:
    document = write_document(tmp_path)
    data_dir = DataDir(tmp_path / "data")
    code(data_dir, document, {0: (("claim", "statistic"), '\'=x, "y"\n'), 1: ((), "-note")})
    code(data_dir, document, {1: (("appeal",), "")}, coder="=bob")
    return document


@pytest.mark.parametrize("kind", sorted(FORMATS))
def test_export_import_export_gives_the_same_bytes(
    tmp_path: Path, coded: Document, kind: str
) -> None:
    first, second, fresh = round_trip(tmp_path, coded, kind)
    assert first == second
    imported = sorted(fresh.annotations(coded.doc_id), key=lambda a: (a.start, a.coder))
    assert imported[0].note == '\'=x, "y"\n'
    assert {a.coder for a in imported} == {"alice", "=bob"}


@pytest.mark.parametrize("kind", sorted(FORMATS))
def test_importing_twice_duplicates_nothing(tmp_path: Path, coded: Document, kind: str) -> None:
    _, _, fresh = round_trip(tmp_path, coded, kind)
    before = sorted(a.to_record().__repr__() for a in fresh.annotations(coded.doc_id))
    result = import_file(fresh, tmp_path / f"first.{kind}", DEFAULT_CODEBOOK, raw=kind == "raw.csv")
    assert (result.added, result.updated, result.unchanged) == (0, 0, 3)
    after = sorted(a.to_record().__repr__() for a in fresh.annotations(coded.doc_id))
    assert before == after


def test_importing_into_the_source_matches_by_span(tmp_path: Path, coded: Document) -> None:
    data_dir = DataDir(tmp_path / "data")
    export_bytes(data_dir, coded, "csv", tmp_path / "out.csv")
    before = {a.id for a in data_dir.annotations(coded.doc_id)}
    result = import_file(data_dir, tmp_path / "out.csv", DEFAULT_CODEBOOK)
    assert (result.added, result.updated, result.unchanged) == (0, 0, 3)
    assert {a.id for a in data_dir.annotations(coded.doc_id)} == before


def test_a_changed_row_updates_the_stored_annotation(tmp_path: Path, coded: Document) -> None:
    data_dir = DataDir(tmp_path / "data")
    text = export_bytes(data_dir, coded, "raw.csv", tmp_path / "out.csv").decode()
    (tmp_path / "out.csv").write_text(text.replace(",-note,", ",new note,"), newline="")
    result = import_file(data_dir, tmp_path / "out.csv", DEFAULT_CODEBOOK, raw=True)
    assert (result.added, result.updated) == (0, 1)
    assert "new note" in {a.note for a in data_dir.annotations(coded.doc_id)}


def test_guarded_cells_import_as_the_original_text(tmp_path: Path) -> None:
    document = write_document(tmp_path)
    csv_text = (
        "document,doc_id,paragraph,sentence,start,end,text,tags,note,annotator,updated\r\n"
        f"release.txt,{document.doc_id},1,2,41,75,'=SUM(A1:A9) is not a formula here.,"
        "claim,'=1+1,'@al,2026-01-01T00:00:00.000Z\r\n"
    )
    (tmp_path / "g.csv").write_text(csv_text, newline="")
    fresh = DataDir(tmp_path / "fresh")
    import_file(fresh, tmp_path / "g.csv", DEFAULT_CODEBOOK, documents=[document])
    (annotation,) = fresh.annotations(document.doc_id)
    assert (annotation.quote, annotation.note, annotation.coder) == (
        "=SUM(A1:A9) is not a formula here.",
        "=1+1",
        "@al",
    )


def test_an_unknown_document_is_reported_then_found_with_doc(
    tmp_path: Path, coded: Document, capsys: pytest.CaptureFixture[str]
) -> None:
    export_bytes(DataDir(tmp_path / "data"), coded, "jsonl", tmp_path / "out.jsonl")
    fresh = str(tmp_path / "fresh")
    args = ["import", str(tmp_path / "out.jsonl"), "--data-dir", fresh]
    assert run_cli(args, launch=no_launch) == 2
    err = capsys.readouterr().err
    assert "line 1: document 'release.txt'" in err and "--doc PATH" in err
    assert "nothing was imported" in err
    assert not (tmp_path / "fresh" / "documents").exists()
    assert run_cli([*args, "--doc", str(coded.path)], launch=no_launch) == 0
    assert "3 added" in capsys.readouterr().err
    assert [e.doc_id for e in DataDir(Path(fresh)).catalog()] == [coded.doc_id]


BAD_CSV = (
    "document,doc_id,paragraph,sentence,start,end,text,tags,note,annotator,updated\r\n"
    'release.txt,{id},1,1,0,40,"The ministry said 3,000 people attended.",claim,ok,al,\r\n'
    "release.txt,{id},1,1,0,40,The ministry said 3000 people attended.,claim,,al,\r\n"
    'release.txt,{id},1,2,41,75,=SUM(A1:A9) is not a formula here.,claim,"multi\r\nline",,\r\n'
    "release.txt,{id},1,x,0,40,t,claim,,al,\r\n"
    'release.txt,{id},1,1,0,40,"The ministry said 3,000 people attended.",claim;;appeal,,al,\r\n'
    "release.txt,{id},2,1,77,101,-5 degrees was recorded.,statistic,,al,yesterday\r\n"
    "release.txt,{id},1,1,0,40\r\n"
    "release.txt,{id},2,1,77,101,-5 degrees was recorded.,,,,\r\n"
    "release.txt,{id},1,2,41,75,=SUM(A1:A9) is not a formula here.,claim,,al,\r\n"
    'release.txt,{id},1,1,0,40,"The ministry said 3,000 people attended.",claim,ok,al,\r\n'
)


def test_bad_rows_are_listed_by_line_and_nothing_is_written(tmp_path: Path) -> None:
    document = write_document(tmp_path)
    path = tmp_path / "bad.csv"
    path.write_text(BAD_CSV.format(id=document.doc_id), newline="")
    fresh = DataDir(tmp_path / "fresh")
    with pytest.raises(ImportFailed) as failed:
        import_file(fresh, path, DEFAULT_CODEBOOK, documents=[document])
    problems = {p.line: p.message for p in failed.value.problems}
    assert set(problems) == {3, 4, 6, 7, 8, 9, 12}
    assert "text does not match" in problems[3]
    assert "annotator is empty" in problems[4]
    assert "whole numbers" in problems[6]
    assert "empty tag" in problems[7]
    assert "not an ISO 8601 time" in problems[8]
    assert "has 6 cells" in problems[9]
    assert "repeats line 2" in problems[12]
    assert not fresh.root.exists()


def test_skip_bad_imports_the_good_rows(tmp_path: Path) -> None:
    document = write_document(tmp_path)
    path = tmp_path / "bad.csv"
    path.write_text(BAD_CSV.format(id=document.doc_id), newline="")
    fresh = DataDir(tmp_path / "fresh")
    result = import_file(fresh, path, DEFAULT_CODEBOOK, documents=[document], skip_bad=True)
    assert (result.added, result.blank, len(result.skipped)) == (2, 1, 7)
    assert sorted(a.start for a in fresh.annotations(document.doc_id)) == [0, 41]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file is empty"),
        ("a,b\r\n", "not a sentences or long layout header"),
        ("document,doc_id,paragraph,sentence,start,end,text,annotator,claim\r\n", "wide layout"),
    ],
)
def test_unreadable_files_fail_on_line_1(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "x.csv"
    path.write_text(content, newline="")
    with pytest.raises(ImportFailed) as failed:
        import_file(DataDir(tmp_path / "d"), path, DEFAULT_CODEBOOK)
    assert message in str(failed.value.problems[0])


def test_jsonl_problems_name_their_lines(tmp_path: Path, coded: Document) -> None:
    lines = export_bytes(DataDir(tmp_path / "data"), coded, "jsonl", tmp_path / "a.jsonl")
    text = lines.decode().split("\n")
    text.insert(1, "{not json")
    text.append(text[0])
    text.append(text[0].replace('"quote":"The', '"quote":"A'))
    path = tmp_path / "b.jsonl"
    path.write_text("\n".join(text) + "\n", newline="")
    with pytest.raises(ImportFailed) as failed:
        import_file(DataDir(tmp_path / "fresh"), path, DEFAULT_CODEBOOK, documents=[coded])
    assert [(p.line, p.message.split(" ")[0]) for p in failed.value.problems] == [
        (2, "not"),
        (6, "repeats"),
        (7, "repeats"),
    ]


def test_long_rows_of_one_annotation_must_agree(tmp_path: Path, coded: Document) -> None:
    text = export_bytes(DataDir(tmp_path / "data"), coded, "long.csv", tmp_path / "l.csv")
    lines = text.decode().split("\r\n")
    lines[2] = lines[2].replace("2026-01-02", "2027-01-02")
    (tmp_path / "l.csv").write_text("\r\n".join(lines), newline="")
    with pytest.raises(ImportFailed) as failed:
        import_file(
            DataDir(tmp_path / "f"), tmp_path / "l.csv", DEFAULT_CODEBOOK, documents=[coded]
        )
    # The first record's note holds a newline, so the second record starts on line 4.
    assert [p.line for p in failed.value.problems] == [4]


texts = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r\ufeff"),
    min_size=1,
    max_size=80,
).filter(lambda t: t.strip() != "")
notes = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
coders = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=8)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=texts,
    note=notes,
    coder=coders,
    tags=st.lists(st.sampled_from(CODES), unique=True),
    kind=st.sampled_from(sorted(FORMATS)),
    data=st.data(),
)
def test_round_trips_are_lossless_for_any_text_and_note(
    text: str, note: str, coder: str, tags: list[str], kind: str, data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        document = write_document(tmp, text, "doc.txt")
        index = data.draw(st.integers(0, len(document.sentences) - 1))
        made = annotate(document, index, coder, tuple(tags), note or "n")
        store(DataDir(tmp / "data"), document, [made])
        first, second, fresh = round_trip(tmp, document, kind)
        assert first == second
        (back,) = fresh.annotations(document.doc_id)
        assert (back.note, back.quote, back.coder) == (made.note, made.quote, made.coder)
        assert set(back.tags) == set(made.tags)
        if kind == "jsonl":
            assert back == made


def test_export_to_stdout_matches_the_file(tmp_path: Path, coded: Document) -> None:
    data_dir = DataDir(tmp_path / "data")
    on_disk = export_bytes(data_dir, coded, "csv", tmp_path / "x.csv")
    assert on_disk.startswith(b"document,doc_id,")
    assert io.BytesIO(on_disk).read().count(b"\r\n") == 4
    assert PRESS.startswith("The ministry")


def test_a_store_open_in_the_reader_stops_the_import_and_says_so(
    tmp_path: Path, coded: Document, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = DataDir(tmp_path / "data")
    export_bytes(data_dir, coded, "jsonl", tmp_path / "out.jsonl")
    fresh = DataDir(tmp_path / "fresh")
    held = fresh.open_store(coded.doc_id, "alice")
    try:
        if held.read_only:
            pytest.skip("this store cannot be locked here")
        args = ["import", str(tmp_path / "out.jsonl"), "--data-dir", str(fresh.root)]
        assert run_cli([*args, "--doc", str(coded.path)], launch=no_launch) == 2
    finally:
        held.close()
    assert "import stopped: cannot write the store" in capsys.readouterr().err


def test_csv_rows_of_a_document_whose_file_is_gone_ask_for_it(
    tmp_path: Path, coded: Document
) -> None:
    data_dir = DataDir(tmp_path / "data")
    export_bytes(data_dir, coded, "csv", tmp_path / "out.csv")
    assert coded.path is not None
    coded.path.rename(tmp_path / "moved.txt")
    with pytest.raises(ImportFailed) as failed:
        import_file(data_dir, tmp_path / "out.csv", DEFAULT_CODEBOOK)
    assert "is not available (its file is missing" in failed.value.problems[0].message
    moved = write_document(tmp_path, PRESS, "moved.txt")
    result = import_file(data_dir, tmp_path / "out.csv", DEFAULT_CODEBOOK, documents=[moved])
    assert result.unchanged == 3


def test_rows_of_a_sentence_the_coder_split_import_back(tmp_path: Path) -> None:
    """Export and the reader show the coder's splits; an import must see the same
    sentences, or a row exported from half a split sentence has nowhere to go."""
    document = write_document(tmp_path)
    first = document.sentences[0]
    offset = first.start + document.text[first.start : first.end].index(" said ") + 1
    splits = split_at(EMPTY, offset)
    source = DataDir(tmp_path / "data")
    set_corrections(source, document.doc_id, "alice", splits)
    split = with_overrides(document, splits)
    assert split.sentences[1].start == offset
    code(source, split, {1: (("claim",), "half")})
    out = tmp_path / "out.csv"
    export_to([from_document(document, source)], DEFAULT_CODEBOOK, FORMATS["csv"], out)

    fresh = DataDir(tmp_path / "fresh")
    set_corrections(fresh, document.doc_id, "alice", splits)
    result = import_file(fresh, out, DEFAULT_CODEBOOK, documents=[document])
    assert result.added == 1
    (stored,) = fresh.annotations(document.doc_id)
    assert (stored.start, stored.tags, stored.note) == (offset, ("claim",), "half")
