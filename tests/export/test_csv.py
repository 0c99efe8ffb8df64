"""CSV layouts: the reader schema, the guard, encodings, and what pandas makes of them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.export import (
    LONG_COLUMNS,
    SENTENCE_COLUMNS,
    ExportDocument,
    from_document,
    write_csv,
)
from annotator.export.guard import unguard
from annotator.store import DataDir
from annotator.text.document import build_document
from tests.export.builders import annotate, code, write_document

HEADER = "document,doc_id,paragraph,sentence,start,end,text,tags,note,annotator,updated"
CODES = [c.name for c in DEFAULT_CODEBOOK.codes]


def render(docs: list[ExportDocument], **options: object) -> str:
    out = io.StringIO(newline="")
    write_csv(out, docs, DEFAULT_CODEBOOK, **options)  # type: ignore[arg-type]
    return out.getvalue()


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


@pytest.fixture
def coded(tmp_path: Path) -> ExportDocument:
    document = write_document(tmp_path)
    data_dir = DataDir(tmp_path / "data")
    code(
        data_dir,
        document,
        {
            0: (("statistic", "claim"), 'A note, with "quotes"\nand a newline, é'),
            1: (("assertion",), '=HYPERLINK("http://x")'),
            2: ((), "only a note"),
            4: (("appeal",), ""),
        },
    )
    code(data_dir, document, {4: (("claim",), "bob's view")}, coder="bob")
    return from_document(document, data_dir)


def test_sentences_header_rows_and_crlf(coded: ExportDocument) -> None:
    text = render([coded])
    assert text.split("\r\n", 1)[0] == HEADER
    assert text.endswith("\r\n")
    found = rows(text)
    assert [(r["start"], r["annotator"]) for r in found] == [
        (str(coded.document.sentences[i].start), who)  # type: ignore[union-attr]
        for i, who in ((0, "alice"), (1, "alice"), (2, "alice"), (4, "alice"), (4, "bob"))
    ]
    assert found[0]["tags"] == "claim;statistic"
    assert found[0]["note"] == 'A note, with "quotes"\nand a newline, é'
    assert (found[0]["paragraph"], found[0]["sentence"]) == ("1", "1")


def test_formula_like_cells_open_with_the_guard_in_place(coded: ExportDocument) -> None:
    found = rows(render([coded]))
    by_text = {unguard(r["text"]): r for r in found}
    assert by_text["=SUM(A1:A9) is not a formula here."]["text"].startswith("'=")
    assert by_text["=SUM(A1:A9) is not a formula here."]["note"].startswith("'=HYPERLINK")
    assert by_text["-5 degrees was recorded."]["text"] == "'-5 degrees was recorded."
    assert by_text["@everyone should read this."]["text"].startswith("'@")
    for row in found:
        for column in ("document", "text", "tags", "note", "annotator", "updated"):
            assert not row[column] or row[column][0] not in "=+-@\t\r"
        assert all(row[c].isdigit() for c in ("paragraph", "sentence", "start", "end"))


def test_raw_text_is_the_document_slice(coded: ExportDocument) -> None:
    document = coded.document
    assert document is not None
    for row in rows(render([coded], raw=True)):
        assert row["text"] == document.text[int(row["start"]) : int(row["end"])]


def test_excel_adds_a_bom_and_nothing_else(coded: ExportDocument) -> None:
    plain = render([coded])
    assert render([coded], excel=True) == "\ufeff" + plain
    assert not plain.startswith("\ufeff")


def test_all_sentences_lists_uncoded_sentences(coded: ExportDocument) -> None:
    found = rows(render([coded], all_sentences=True))
    document = coded.document
    assert document is not None
    assert len(found) == len(document.sentences) + 1  # sentence 4 has two coders
    uncoded = [r for r in found if not r["annotator"]]
    assert [int(r["start"]) for r in uncoded] == [document.sentences[i].start for i in (3, 5)]
    assert uncoded[0]["tags"] == uncoded[0]["note"] == ""


def test_long_has_one_row_per_tag_and_keeps_notes(coded: ExportDocument) -> None:
    text = render([coded], layout="long")
    assert tuple(text.split("\r\n", 1)[0].split(",")) == LONG_COLUMNS
    found = rows(text)
    first = [r for r in found if r["start"] == "0"]
    assert [r["tag"] for r in first] == ["claim", "statistic"]
    assert {r["note"] for r in first} == {'A note, with "quotes"\nand a newline, é'}
    assert [r["tag"] for r in found if r["note"] == "only a note"] == [""]


def test_wide_lists_every_sentence_for_every_coder(coded: ExportDocument) -> None:
    found = rows(render([coded], layout="wide"))
    document = coded.document
    assert document is not None
    assert len(found) == 2 * len(document.sentences)
    assert list(found[0])[7:12] == ["annotator", *CODES]
    alice_first = next(r for r in found if r["annotator"] == "alice" and r["start"] == "0")
    assert [alice_first[c] for c in CODES] == ["1", "0", "0", "1"]
    bob_first = next(r for r in found if r["annotator"] == "bob" and r["start"] == "0")
    assert [bob_first[c] for c in CODES] == ["0", "0", "0", "0"]


def test_wide_without_any_coding_has_one_row_per_sentence(tmp_path: Path) -> None:
    document = write_document(tmp_path)
    source = from_document(document, DataDir(tmp_path / "data"))
    found = rows(render([source], layout="wide"))
    assert len(found) == len(document.sentences)
    assert {r["annotator"] for r in found} == {""}


@pytest.mark.parametrize("layout", ["sentences", "long", "wide"])
@pytest.mark.parametrize("raw", [False, True])
def test_pandas_reads_every_layout_with_the_right_dtypes(
    coded: ExportDocument, layout: str, raw: bool
) -> None:
    frame = pd.read_csv(
        io.StringIO(render([coded], layout=layout, raw=raw, all_sentences=layout != "wide")),
        dtype={"doc_id": str},
        keep_default_na=False,
    )
    for column in ("paragraph", "sentence", "start", "end"):
        assert frame[column].dtype == "int64", column
    if layout == "wide":
        for column in CODES:
            assert frame[column].dtype == "int64"
            assert set(frame[column]) <= {0, 1}
    for column in ("document", "doc_id", "text", "note", "annotator", "updated"):
        assert pd.api.types.is_string_dtype(frame[column]), column


def test_control_characters_and_nul_in_notes_survive(tmp_path: Path) -> None:
    document = write_document(tmp_path)
    note = "a\x00b\x1bc\rd\r\ne\x7ff\u2028g"
    source = ExportDocument(
        document.doc_id, document.name, document, [], [annotate(document, 0, "al", (), note)]
    )
    (row,) = rows(render([source]))
    assert row["note"] == note
    (row,) = rows(render([source], raw=True))
    assert row["note"] == note


def test_several_documents_keep_their_order_and_ids(tmp_path: Path) -> None:
    data_dir = DataDir(tmp_path / "data")
    first = write_document(tmp_path, "Zebra one. Zebra two.", "z.txt")
    second = write_document(tmp_path, "Apple one. Apple two.", "a.txt")
    code(data_dir, first, {1: (("claim",), "")})
    code(data_dir, second, {0: (("claim",), "")})
    sources = [from_document(first, data_dir), from_document(second, data_dir)]
    found = rows(render(sources))
    assert [(r["document"], r["doc_id"]) for r in found] == [
        ("z.txt", first.doc_id),
        ("a.txt", second.doc_id),
    ]
    assert render(sources) == render(sources)


texts = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r\ufeff"),
    min_size=1,
    max_size=120,
).filter(lambda t: t.strip() != "")
notes = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, note=notes, raw=st.booleans(), data=st.data())
def test_csv_round_trip_is_lossless(text: str, note: str, raw: bool, data: st.DataObject) -> None:
    document = build_document(text, name=data.draw(texts, label="name"))
    index = data.draw(st.integers(0, len(document.sentences) - 1), label="sentence")
    tags = tuple(data.draw(st.lists(st.sampled_from(CODES), unique=True), label="tags"))
    annotation = annotate(document, index, data.draw(texts, label="coder"), tags, note or "x")
    source = ExportDocument(document.doc_id, document.name, document, [], [annotation])
    (row,) = rows(render([source], raw=raw))
    restore = (lambda s: s) if raw else unguard
    assert restore(row["text"]) == annotation.quote
    assert restore(row["note"]) == annotation.note
    assert restore(row["document"]) == annotation.document
    assert restore(row["annotator"]) == annotation.coder
    assert restore(row["tags"]) == ";".join(c for c in CODES if c in tags)
    assert int(row["start"]) == annotation.start and int(row["end"]) == annotation.end
    assert tuple(row) == SENTENCE_COLUMNS
