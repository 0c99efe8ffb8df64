"""Imports never replace coding silently, and stream: memory follows the largest document.

Issue 16: a JSONL row that reused an existing id on another sentence replaced the first
sentence's coding and left two annotations by one coder on the second; a 1,000,000-row
CSV import held every row (2.8 GB).
"""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.export import from_document
from annotator.export.service import ExportOptions, export_to
from annotator.import_ import ImportFailed, import_file
from annotator.import_ import apply as apply_module
from annotator.import_ import finder as finder_module
from annotator.store import DataDir
from annotator.text.document import Document
from tests.export.builders import annotate, code, store, write_document


def _jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _coding(data_dir: DataDir, document: Document) -> dict[int, tuple[str, tuple[str, ...]]]:
    """{sentence start: (id, tags)} of alice's annotations; fails on two on one sentence."""
    found: dict[int, tuple[str, tuple[str, ...]]] = {}
    for a in data_dir.annotations(document.doc_id):
        assert a.start not in found, f"two annotations on the sentence at {a.start}"
        found[a.start] = (a.id, a.tags)
    return found


@pytest.fixture
def two_coded(tmp_path: Path) -> tuple[DataDir, Document]:
    document = write_document(tmp_path)
    data_dir = DataDir(tmp_path / "data")
    code(data_dir, document, {0: (("claim",), ""), 1: (("appeal",), "")})
    return data_dir, document


def _moved_row(document: Document, moved_id: str) -> dict[str, object]:
    """The record of sentence 1, carrying the id of the annotation on sentence 0."""
    record = annotate(document, 1, "alice", ("statistic",), "moved").to_record()
    record["id"] = moved_id
    return record


def test_an_id_in_use_on_another_sentence_is_refused_and_named(
    tmp_path: Path, two_coded: tuple[DataDir, Document]
) -> None:
    data_dir, document = two_coded
    before = _coding(data_dir, document)
    first_id = before[document.sentences[0].start][0]
    path = _jsonl(tmp_path / "in.jsonl", [_moved_row(document, first_id)])
    with pytest.raises(ImportFailed) as failed:
        import_file(data_dir, path, DEFAULT_CODEBOOK)
    (problem,) = failed.value.problems
    assert problem.line == 1
    assert f"id {first_id} is already used by alice's annotation on paragraph 1, " in (
        problem.message
    )
    assert "sentence 1" in problem.message and "give the row a new id" in problem.message
    assert _coding(data_dir, document) == before, "nothing was written"


def test_skip_bad_leaves_both_sentences_as_they_were_and_reports_the_row(
    tmp_path: Path, two_coded: tuple[DataDir, Document]
) -> None:
    data_dir, document = two_coded
    before = _coding(data_dir, document)
    first_id = before[document.sentences[0].start][0]
    fresh = annotate(document, 2, "alice", ("claim",), "new").to_record()
    path = _jsonl(tmp_path / "in.jsonl", [_moved_row(document, first_id), fresh])
    result = import_file(data_dir, path, DEFAULT_CODEBOOK, skip_bad=True)
    assert [p.line for p in result.skipped] == [1]
    assert "already used" in result.skipped[0].message
    assert result.added == 1
    after = _coding(data_dir, document)
    assert {k: v for k, v in after.items() if k in before} == before
    assert len(after) == 3


def test_the_same_id_on_its_own_sentence_still_updates(
    tmp_path: Path, two_coded: tuple[DataDir, Document]
) -> None:
    data_dir, document = two_coded
    first = document.sentences[0].start
    first_id = _coding(data_dir, document)[first][0]
    record = annotate(document, 0, "alice", ("statistic",), "changed").to_record()
    record["id"] = first_id
    result = import_file(data_dir, _jsonl(tmp_path / "in.jsonl", [record]), DEFAULT_CODEBOOK)
    assert (result.added, result.updated) == (0, 1)
    assert _coding(data_dir, document)[first] == (first_id, ("statistic",))


def test_two_rows_for_one_coder_on_one_sentence_are_refused(
    tmp_path: Path, two_coded: tuple[DataDir, Document]
) -> None:
    data_dir, document = two_coded
    one = annotate(document, 2, "alice", ("claim",)).to_record()
    two = dict(one, id="another-id", tags=["appeal"])
    with pytest.raises(ImportFailed) as failed:
        import_file(data_dir, _jsonl(tmp_path / "in.jsonl", [one, two]), DEFAULT_CODEBOOK)
    assert [(p.line, p.message) for p in failed.value.problems] == [
        (
            2,
            "repeats the sentence of line 1 for coder 'alice': "
            "one annotation per sentence per coder",
        )
    ]


def _corpus(
    tmp_path: Path, documents: int, sentences: int, kind: str
) -> tuple[Path, list[Document]]:
    """``documents`` coded documents of ``sentences`` sentences, exported to one file."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    source = DataDir(tmp_path / "source")
    made: list[Document] = []
    for number in range(documents):
        text = " ".join(
            f"Sentence {i} of release {number} reports {i * 7 + number} cases."
            for i in range(sentences)
        )
        document = write_document(tmp_path, text, f"doc{number}.txt")
        store(
            source,
            document,
            [annotate(document, i, "alice", ("claim",), f"n{i}") for i in range(sentences)],
        )
        made.append(document)
    out = tmp_path / f"all.{kind}"
    options = ExportOptions(format=kind)
    export_to([from_document(d, source) for d in made], DEFAULT_CODEBOOK, options, out)
    return out, made


def _peak_import(tmp_path: Path, documents: int, kind: str) -> int:
    path, made = _corpus(tmp_path, documents, 60, kind)
    target = DataDir(tmp_path / "target")
    tracemalloc.start()
    try:
        result = import_file(target, path, DEFAULT_CODEBOOK, documents=made)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.added == documents * 60
    return peak


@pytest.mark.parametrize("kind", ["csv", "jsonl"])
def test_import_memory_follows_the_largest_document_not_the_file(
    tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No document is kept once its rows are done (the cache is for repeats), and one store
    # is written at a time (with several, what is held at the peak depends on how their
    # writes happen to overlap; there are never more than STORE_WORKERS).
    monkeypatch.setattr(finder_module, "CACHE_CHARACTERS", 0)
    monkeypatch.setattr(apply_module, "STORE_WORKERS", 1)
    # Once first, its figure left aside: the interpreter's table of interned strings (path
    # parts are interned) grows by doubling, and a 2 MB growth falling in one of the two
    # measured imports would not be the import's.
    _peak_import(tmp_path / "warm", 32, kind)
    small = _peak_import(tmp_path / "small", 8, kind)
    large = _peak_import(tmp_path / "large", 32, kind)
    assert large < 1.5 * small, (small, large)


@pytest.mark.parametrize("kind", ["csv", "jsonl"])
def test_rows_with_a_note_over_the_bound_are_refused(tmp_path: Path, kind: str) -> None:
    from annotator.annotation import MAX_NOTE

    document = write_document(tmp_path)
    source = DataDir(tmp_path / "data")
    code(source, document, {0: (("claim",), "x" * (MAX_NOTE + 1)), 1: (("appeal",), "ok")})
    out = tmp_path / f"out.{kind}"
    export_to([from_document(document, source)], DEFAULT_CODEBOOK, ExportOptions(kind), out)
    fresh = DataDir(tmp_path / "fresh")
    with pytest.raises(ImportFailed) as failed:
        import_file(fresh, out, DEFAULT_CODEBOOK, documents=[document])
    (problem,) = failed.value.problems
    assert problem.message == (
        f"the note is {MAX_NOTE + 1:,} characters long; a note holds at most {MAX_NOTE:,}"
    )
    result = import_file(fresh, out, DEFAULT_CODEBOOK, documents=[document], skip_bad=True)
    assert (result.added, len(result.skipped)) == (1, 1)


def test_a_recovery_file_imports_its_saved_edits_and_names_its_deletes(
    tmp_path: Path, two_coded: tuple[DataDir, Document]
) -> None:
    """What a signal left unsaved (see docs/storage.md) goes back with ``import``."""
    data_dir, document = two_coded
    saved = annotate(document, 2, "alice", ("claim",), "rescued").to_record()
    path = _jsonl(
        tmp_path / "data.recovery-20260101T000000Z-x-alice.jsonl",
        [{"annotation": saved, "op": "save"}, {"id": "gone", "op": "delete"}],
    )
    with pytest.raises(ImportFailed) as failed:
        import_file(data_dir, path, DEFAULT_CODEBOOK)
    (problem,) = failed.value.problems
    assert (problem.line, problem.message.split(":")[0]) == (2, "deletes annotation 'gone'")
    result = import_file(data_dir, path, DEFAULT_CODEBOOK, skip_bad=True)
    assert (result.added, len(result.skipped)) == (1, 1)
    assert "rescued" in {a.note for a in data_dir.annotations(document.doc_id)}


def test_a_recovery_file_names_what_an_import_does_not_bring_back(
    tmp_path: Path, two_coded: tuple[DataDir, Document]
) -> None:
    """Besides annotations, a recovery file may hold a split or merge, the finished mark,
    the reader's place or a reference layer's mark; each is a bad row that says so."""
    data_dir, document = two_coded
    saved = annotate(document, 2, "alice", ("claim",), "rescued").to_record()
    path = _jsonl(
        tmp_path / "data.recovery-20260101T000000Z-x-alice.jsonl",
        [
            {"annotation": saved, "op": "save"},
            {"op": "corrections", "splits": [12], "merges": []},
            {"op": "state", "finished": "2026-01-01T00:00:00.000Z"},
            {"op": "state", "cursor": 40},
            {"op": "coder", "reference": True},
        ],
    )
    with pytest.raises(ImportFailed) as failed:
        import_file(data_dir, path, DEFAULT_CODEBOOK)
    said = {p.line: p.message for p in failed.value.problems}
    assert sorted(said) == [2, 3, 4, 5]
    assert said[2].startswith("a split or merge that was not saved: an import does not")
    assert said[3].startswith("the finished mark, not saved: an import brings back")
    assert said[4].startswith("the place in the document, not saved: an import brings back")
    assert said[5].startswith("the mark of a reference layer, not saved: an import brings")
    result = import_file(data_dir, path, DEFAULT_CODEBOOK, skip_bad=True)
    assert (result.added, len(result.skipped)) == (1, 4)
