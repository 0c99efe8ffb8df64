"""Every coder's work on a document, on that coder's own sentences (the loader agreement and
adjudication share): each store file read once, the text segmented once per distinct set
of corrections, and whatever cannot be used left out with a reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.coding import document_coders
from annotator.coding.document_coders import corrected, read_coders
from annotator.coding.marks import save_marks
from annotator.coding.resegment import with_overrides
from annotator.store import DataDir
from annotator.store import work as work_module
from annotator.store.writer import Setting
from annotator.text.document import Document
from annotator.text.overrides import SegmentationOverrides
from tests.export.builders import code, write_document
from tests.helpers import set_corrections


def _finish(data_dir: DataDir, document: Document, coder: str) -> None:
    store = data_dir.open_store(document.doc_id, coder)
    store.set(Setting.FINISHED, "2026-01-02T03:04:05.678Z")
    assert store.close()


def test_each_coder_is_read_on_their_own_sentences(tmp_path: Path) -> None:
    document = write_document(tmp_path)
    data_dir = DataDir(tmp_path / "data")
    first, second = document.sentences[0], document.sentences[1]
    split = SegmentationOverrides.of(splits=[first.start + 4])  # "The" | "ministry said ..."
    merge = SegmentationOverrides.of(merges=[second.start])
    code(data_dir, document, {0: (("claim",), "a note"), 1: (("appeal",), "")}, coder="ana")
    code(data_dir, with_overrides(document, split), {1: (("claim",), "")}, coder="ben")
    code(data_dir, with_overrides(document, merge), {0: (("appeal",), "")}, coder="cem")
    set_corrections(data_dir, document.doc_id, "ben", split)
    set_corrections(data_dir, document.doc_id, "cem", merge)
    _finish(data_dir, document, "ana")

    found = read_coders(data_dir, document)

    assert [c.coder for c in found.coders] == ["ana", "ben", "cem"]
    ana, ben, cem = found.coders
    assert ana.document is document, "no corrections: the segmenter's sentences, not redone"
    assert ana.finished == "2026-01-02T03:04:05.678Z" and ben.finished is None
    assert ana.codes(0) == ("claim",) and ana.note(0) == "a note" and ana.codes(1) == ("appeal",)
    assert [(s.start, s.end) for s in ben.document.sentences][:2] == [
        (first.start, first.start + 3),
        (first.start + 4, first.end),
    ]
    assert len(ben.document.sentences) == len(document.sentences) + 1
    assert len(cem.document.sentences) == len(document.sentences) - 1
    assert cem.document.sentences[0].end == second.end
    assert ben.codes(0) == () and ben.codes(1) == ("claim",) and not ben.unplaced
    assert cem.codes(0) == ("appeal",) and not cem.unplaced
    assert ben.document == with_overrides(document, split)
    assert cem.document == with_overrides(document, merge)
    assert found.segmentations.keys() == {SegmentationOverrides(), split, merge}


def test_only_the_coders_asked_for_are_read(tmp_path: Path) -> None:
    document = write_document(tmp_path)
    data_dir = DataDir(tmp_path / "data")
    for coder in ("ana", "ben", "cem"):
        code(data_dir, document, {0: (("claim",), "")}, coder=coder)
    found = read_coders(data_dir, document, ["ana", "cem"])
    assert [c.coder for c in found.coders] == ["ana", "cem"]


def test_a_file_with_bad_records_is_left_out_and_named(tmp_path: Path) -> None:
    document = write_document(tmp_path)
    data_dir = DataDir(tmp_path / "data")
    code(data_dir, document, {0: (("claim",), ""), 1: (("appeal",), "")}, coder="ana")
    code(data_dir, document, {0: (("claim",), "")}, coder="ben")
    path = data_dir.store_path(document.doc_id, "ana")
    envelope = json.loads(path.read_bytes())
    key = sorted(envelope["tables"]["annotations"])[0]
    envelope["tables"]["annotations"][key]["tags"] = "claim"
    path.write_text(json.dumps(envelope), encoding="utf-8")

    found = read_coders(data_dir, document)

    assert [c.coder for c in found.coders] == ["ben"]
    (left,) = found.left_out
    assert left.coder == "ana" and left.path == path
    assert str(path) in left.reason and "1 bad record" in left.reason
    assert f"record {key} of table 'annotations'" in left.reason
    assert "annotator doctor" in left.reason


def test_a_damaged_file_leaves_its_coder_out_not_the_document(tmp_path: Path) -> None:
    document = write_document(tmp_path)
    data_dir = DataDir(tmp_path / "data")
    code(data_dir, document, {0: (("claim",), "")}, coder="ana")
    code(data_dir, document, {0: (("claim",), "")}, coder="ben")
    path = data_dir.store_path(document.doc_id, "ben")
    path.write_bytes(b"")
    found = read_coders(data_dir, document)
    assert [c.coder for c in found.coders] == ["ana"]
    (left,) = found.left_out
    assert left.coder is None and left.path == path and "damaged" in left.reason


def test_annotations_that_fit_no_sentence_of_the_coder_are_kept_apart(tmp_path: Path) -> None:
    document = write_document(tmp_path)
    data_dir = DataDir(tmp_path / "data")
    (made,) = code(data_dir, document, {0: (("claim",), "")}, coder="ana")
    store = data_dir.open_store(document.doc_id, "ana")
    store.save(made.with_changes(quote="not the text", start=1, end=5))
    assert store.close()
    (ana,) = read_coders(data_dir, document).coders
    assert not ana.annotations and len(ana.unplaced) == 1


def test_each_file_is_read_once_and_each_segmentation_made_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = write_document(tmp_path)
    data_dir = DataDir(tmp_path / "data")
    split = SegmentationOverrides.of(splits=[document.sentences[0].start + 4])
    for coder in ("ana", "ben", "cem", "dan"):
        code(data_dir, document, {0: (("claim",), "")}, coder=coder)
    for coder in ("ben", "cem"):
        set_corrections(data_dir, document.doc_id, coder, split)
    made: list[SegmentationOverrides] = []
    real = document_coders.corrected

    def counting(base: Document, overrides: SegmentationOverrides) -> Document:
        made.append(overrides)
        return real(base, overrides)

    reads: list[Path] = []
    real_read = work_module.read_nofollow

    def counting_read(path: Path) -> bytes | None:
        reads.append(path)
        return real_read(path)

    monkeypatch.setattr(document_coders, "corrected", counting)
    monkeypatch.setattr(work_module, "read_nofollow", counting_read)
    found = read_coders(data_dir, document)
    assert sorted(reads) == sorted(data_dir.store_files(document.doc_id)), "each file once"
    assert made == [split], "ben and cem share one segmentation; ana and dan the segmenter's"
    assert found.coder("ben") is not None and found.coder("cem") is not None
    ben, cem = found.coder("ben"), found.coder("cem")
    assert ben is not None and cem is not None and ben.document is cem.document


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_corrections_applied_to_the_sentences_equal_segmenting_again(
    data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    document = write_document(tmp_path_factory.mktemp("doc"))
    words = [i for i, c in enumerate(document.text) if c == " " and i + 1 < len(document.text)]
    splits = data.draw(st.lists(st.sampled_from([w + 1 for w in words]), max_size=4))
    merges = data.draw(
        st.lists(st.sampled_from([s.start for s in document.sentences[1:]]), max_size=3)
    )
    overrides = SegmentationOverrides.of(splits=splits, merges=merges)
    assert corrected(document, overrides) == with_overrides(document, overrides)


def test_finished_marks_and_reference_layers_are_saved_and_read(tmp_path: Path) -> None:
    document = write_document(tmp_path)
    data_dir = DataDir(tmp_path / "data")
    code(data_dir, document, {0: (("claim",), "")}, coder="ana")
    code(data_dir, document, {0: (("claim",), "")}, coder="gold")
    assert save_marks(data_dir, {(document.doc_id, "ana")}, ("gold", [document.doc_id])) == []
    found = read_coders(data_dir, document)
    assert [c.coder for c in found.coders if c.finished] == ["ana"]
    assert [c.coder for c in found.coders if c.reference] == ["gold"]
    first = data_dir.work(document.doc_id, "ana")
    assert first is not None and first.finished is not None
    save_marks(data_dir, {(document.doc_id, "ana")})
    again = data_dir.work(document.doc_id, "ana")
    assert again is not None and again.finished == first.finished, "the first time is kept"
    assert data_dir.work(document.doc_id, "nobody") is None
    save_marks(data_dir, [], ("nobody", [document.doc_id]))
    assert data_dir.work(document.doc_id, "nobody") is None, "no file made for no work"
