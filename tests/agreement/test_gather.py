"""The store side of agreement: which documents and coders, their work as the core takes it,
and everything left out, named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.agreement import (
    AgreementOptions,
    BootstrapSettings,
    CodedSentence,
    CoderWork,
    DocumentWork,
    compute_agreement,
    report_json,
)
from annotator.agreement.gather import (
    NO_CODING,
    REFERENCE_LAYER,
    SelectionError,
    agreement_input,
    gather,
)
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.resegment import with_overrides
from annotator.store import DataDir, StoreDamaged
from annotator.store.writer import Setting
from annotator.text.document import Document
from annotator.text.loading import LoadError
from annotator.text.overrides import SegmentationOverrides
from tests.export.builders import code, write_document
from tests.helpers import set_corrections

FEW = AgreementOptions(bootstrap=BootstrapSettings(resamples=50, seed=3))


def _finish(data_dir: DataDir, document: Document, *coders: str) -> None:
    for coder in coders:
        store = data_dir.open_store(document.doc_id, coder)
        store.set(Setting.FINISHED, "2026-01-02T03:04:05.678Z")
        assert store.close()


def _two_documents(tmp_path: Path) -> tuple[DataDir, Document, Document]:
    """a.txt coded by ana and ben (both finished; ben split sentence 0), b.txt by ana and
    cem (cem did not finish)."""
    data_dir = DataDir(tmp_path / "data")
    first = write_document(tmp_path, name="a.txt")
    second = write_document(tmp_path, text="One here. Two there.\n\nThree.\n", name="b.txt")
    split = SegmentationOverrides.of(splits=[18])
    code(data_dir, first, {0: (("claim",), "a note"), 2: (("statistic",), "")}, coder="ana")
    code(
        data_dir,
        with_overrides(first, split),
        {1: (("claim", "appeal"), ""), 3: (("assertion",), "")},
        coder="ben",
    )
    set_corrections(data_dir, first.doc_id, "ben", split)
    code(data_dir, second, {0: (("claim",), "")}, coder="ana")
    code(data_dir, second, {1: (("claim",), "")}, coder="cem")
    _finish(data_dir, first, "ana", "ben")
    _finish(data_dir, second, "ana")
    return data_dir, first, second


def _by_hand(first: Document, second: Document) -> list[DocumentWork]:
    """The same coding written out sentence by sentence, as the core's docs describe it."""

    def sentences(
        spans: list[tuple[int, int]], codes: dict[int, set[str]], notes: dict[int, str]
    ) -> tuple[CodedSentence, ...]:
        return tuple(
            CodedSentence(start, end, frozenset(codes.get(i, set())), notes.get(i, ""))
            for i, (start, end) in enumerate(spans)
        )

    base = [(s.start, s.end) for s in first.sentences]
    bens = [(0, 17), (18, 40), *base[1:]]
    others = [(s.start, s.end) for s in second.sentences]
    return [
        DocumentWork(
            first.doc_id,
            "a.txt",
            (
                CoderWork(
                    "ana", True, sentences(base, {0: {"claim"}, 2: {"statistic"}}, {0: "a note"})
                ),
                CoderWork(
                    "ben", True, sentences(bens, {1: {"claim", "appeal"}, 3: {"assertion"}}, {})
                ),
            ),
            first.text,
        ),
        DocumentWork(
            second.doc_id,
            "b.txt",
            (
                CoderWork("ana", True, sentences(others, {0: {"claim"}}, {})),
                CoderWork("cem", False, sentences(others, {1: {"claim"}}, {})),
            ),
            second.text,
        ),
    ]


def test_the_input_gives_the_figures_the_core_gives_on_the_same_coding(tmp_path: Path) -> None:
    data_dir, first, second = _two_documents(tmp_path)
    gathered = gather(data_dir, [], everything=True)
    selected = agreement_input(gathered, DEFAULT_CODEBOOK)
    assert selected.coders == ("ana", "ben", "cem")
    ours = report_json(compute_agreement(selected.documents, selected.codebook, FEW))
    theirs = report_json(compute_agreement(_by_hand(first, second), DEFAULT_CODEBOOK, FEW))
    assert json.dumps(ours, sort_keys=True) == json.dumps(theirs, sort_keys=True)
    assert ours["refined_units"] == 2
    assert ours["excluded"] == [
        {"document": "b.txt", "doc_id": second.doc_id, "coder": "cem", "reason": "not finished"}
    ]
    # Neither ben on b.txt nor cem on a.txt did any coding: named, never dropped silently.
    assert {(e.document, e.coder, e.reason) for e in selected.left_out} == {
        ("a.txt", "cem", NO_CODING),
        ("b.txt", "ben", NO_CODING),
    }


def test_documents_are_found_by_file_id_and_name_each_once(tmp_path: Path) -> None:
    data_dir, first, second = _two_documents(tmp_path)
    found = gather(data_dir, [str(first.path), second.doc_id, "a.txt", "b.txt"], everything=False)
    assert [d.document.name for d in found.documents] == ["a.txt", "b.txt"]
    everything = gather(data_dir, ["b.txt"], everything=True)
    assert [d.document.name for d in everything.documents] == ["b.txt", "a.txt"]
    with pytest.raises(LoadError, match="no such file"):
        gather(data_dir, ["nothing.txt"], everything=False)


def test_a_document_whose_text_is_gone_is_left_out_and_named(tmp_path: Path) -> None:
    data_dir, first, _ = _two_documents(tmp_path)
    assert first.path is not None
    first.path.unlink()
    gathered = gather(data_dir, [], everything=True)
    assert [d.document.name for d in gathered.documents] == ["b.txt"]
    [gone] = gathered.left_out
    assert gone.document == "a.txt" and "its text cannot be read" in gone.reason
    assert gone.coder == "", "the whole document"


def test_an_edited_document_is_compared_on_its_new_text_with_the_coding_carried(
    tmp_path: Path,
) -> None:
    data_dir, _, second = _two_documents(tmp_path)
    assert second.path is not None
    second.path.write_text("A new opening.\n\nOne here. Two there.\n\nThree.\n", encoding="utf-8")
    for found in (
        gather(data_dir, [], everything=True),
        gather(data_dir, [str(second.path)], everything=True),  # the file and its entry: once
    ):
        [edited] = [d for d in found.documents if d.document.name == "b.txt"]
        assert edited.document.doc_id != second.doc_id
        assert edited.previous is not None and edited.previous.doc_id == second.doc_id
        ana, cem = edited.coder("ana"), edited.coder("cem")
        assert ana is not None and cem is not None
        document = edited.document
        texts = {document.sentence_text(i): i for i in range(len(document.sentences))}
        assert dict(ana.annotations)[texts["One here."]].tags == ("claim",)
        assert dict(cem.annotations)[texts["Two there."]].tags == ("claim",)
        # ana finished b.txt, but has not read its new opening: not finished any more.
        assert ana.finished is None and ana.carried is not None
        assert "not kept" in ana.carried.finished_dropped
        assert [d.document.name for d in found.documents].count("b.txt") == 1


def test_a_damaged_catalog_stops_all_but_not_a_named_file(tmp_path: Path) -> None:
    data_dir, first, _ = _two_documents(tmp_path)
    data_dir.catalog_path.write_bytes(b"{broken")
    with pytest.raises(StoreDamaged):
        gather(data_dir, [], everything=True)
    found = gather(data_dir, [str(first.path)], everything=False)
    assert [d.document.name for d in found.documents] == ["a.txt"]
    assert found.warnings and "catalog.json" in found.warnings[0]


def test_reference_layers_are_left_out_unless_named(tmp_path: Path) -> None:
    data_dir, first, _ = _two_documents(tmp_path)
    code(data_dir, first, {0: (("claim",), "")}, coder="gold")
    store = data_dir.open_store(first.doc_id, "gold")
    store.set(Setting.REFERENCE, True)
    store.set(Setting.FINISHED, "2026-01-02T03:04:05.678Z")
    assert store.close()
    gathered = gather(data_dir, [], everything=True)
    assert gathered.reference_layers() == ["gold"]
    selected = agreement_input(gathered, DEFAULT_CODEBOOK)
    assert "gold" not in selected.coders
    assert ("a.txt", "gold", REFERENCE_LAYER) in {
        (e.document, e.coder, e.reason) for e in selected.left_out
    }
    named = agreement_input(gathered, DEFAULT_CODEBOOK, coders=["ana", "gold"])
    assert named.coders == ("ana", "gold")
    assert [w.coder for w in named.documents[0].work] == ["ana", "gold"]


def test_codes_limit_the_codebook_and_each_coder_s_codes(tmp_path: Path) -> None:
    data_dir, _, _ = _two_documents(tmp_path)
    gathered = gather(data_dir, [], everything=True)
    selected = agreement_input(gathered, DEFAULT_CODEBOOK, codes=["claim", "claim", "statistic"])
    assert [c.name for c in selected.codebook.codes] == ["claim", "statistic"]
    used = {c for doc in selected.documents for w in doc.work for s in w.sentences for c in s.codes}
    assert used == {"claim", "statistic"}
    report = compute_agreement(selected.documents, selected.codebook, FEW)
    assert report.codes == ("claim", "statistic")


@pytest.mark.parametrize(
    ("coders", "codes", "message"),
    [
        (["ana", "zoe"], None, "unknown coder 'zoe'.*coders found: ana, ben, cem"),
        (["ana", "ana"], None, "at least two coders; the selection has 1 \\(ana\\)"),
        (None, ["claim", "rhetoric"], "unknown code 'rhetoric'.*claim, assertion, appeal"),
        (["ana", "cem"], None, "no finished documents"),
    ],
)
def test_bad_selections_say_why(
    tmp_path: Path, coders: list[str] | None, codes: list[str] | None, message: str
) -> None:
    data_dir, _, _ = _two_documents(tmp_path)
    gathered = gather(data_dir, [], everything=True)
    with pytest.raises(SelectionError, match=message):
        agreement_input(gathered, DEFAULT_CODEBOOK, coders=coders, codes=codes)


def test_a_single_coder_in_the_selection_is_refused(tmp_path: Path) -> None:
    data_dir = DataDir(tmp_path / "data")
    document = write_document(tmp_path)
    code(data_dir, document, {0: (("claim",), "")}, coder="ana")
    _finish(data_dir, document, "ana")
    with pytest.raises(SelectionError, match="at least two coders; the selection has 1"):
        agreement_input(gather(data_dir, [], everything=True), DEFAULT_CODEBOOK)


def test_a_document_nobody_coded_is_named(tmp_path: Path) -> None:
    data_dir, _, _ = _two_documents(tmp_path)
    empty = write_document(tmp_path, text="Nobody coded this.\n", name="c.txt")
    data_dir.register(
        doc_id=empty.doc_id, name="c.txt", path=str(empty.path), sentences=1, paragraphs=1
    )
    selected = agreement_input(gather(data_dir, [], everything=True), DEFAULT_CODEBOOK)
    assert ("c.txt", "", NO_CODING) in {(e.document, e.coder, e.reason) for e in selected.left_out}
    assert "c.txt" not in [d.name for d in selected.documents]


def test_a_finished_coder_s_unplaced_annotations_are_noted(tmp_path: Path) -> None:
    data_dir, first, _ = _two_documents(tmp_path)
    store = data_dir.open_store(first.doc_id, "ana")
    (kept,) = [a for a in store.load() if a.start == first.sentences[2].start]
    store.save(kept.with_changes(id="stray", quote="no such sentence", start=3, end=9))
    assert store.close()
    selected = agreement_input(gather(data_dir, [], everything=True), DEFAULT_CODEBOOK)
    assert selected.notes == [
        "1 annotation of ana on a.txt fits none of ana's sentences and was not counted "
        "(kept in the store)"
    ]
