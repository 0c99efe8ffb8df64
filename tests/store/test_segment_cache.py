"""The segmentation cache: each text segmented once; a record never trusted over the text;
a damaged record rebuilt and reported by the doctor; coders with equal corrections
sharing one record (issue 15)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from annotator.cli.main import run_cli
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.opening import open_session
from annotator.export.selection import resolve_sources
from annotator.store import DataDir
from annotator.store.cache_check import record_files
from annotator.store.doctor import examine
from annotator.store.places import FileModes
from annotator.store.repair import clean
from annotator.store.segment_cache import SegmentCache, segments_dir
from annotator.text.document import Document, load_document
from annotator.text.overrides import EMPTY, SegmentationOverrides
from annotator.text.segmentation import SegmentationKey, encode
from tests.export.builders import write_document

TEXT = (
    "Officials said the plan works and the budget holds. Critics disagreed.\n\n"
    "A second paragraph follows. It has two sentences.\n"
)


def _no_launch(request: object) -> int:
    raise AssertionError("no screen may open")


@pytest.fixture
def data_dir(tmp_path: Path) -> DataDir:
    data_dir = DataDir(tmp_path / "data")
    data_dir.ensure()
    return data_dir


@pytest.fixture
def release(tmp_path: Path) -> Path:
    write_document(tmp_path, TEXT)
    return tmp_path / "release.txt"


def _register(data_dir: DataDir, document: Document) -> None:
    data_dir.register(
        doc_id=document.doc_id,
        name=document.name,
        path=str(document.path),
        sentences=len(document.sentences),
        paragraphs=len(document.paragraphs),
    )


def _records(data_dir: DataDir) -> list[Path]:
    return record_files(segments_dir(data_dir.root))


def _same(one: Document, other: Document) -> None:
    assert (one.doc_id, one.lang, one.name, one.path) == (
        other.doc_id,
        other.lang,
        other.name,
        other.path,
    )
    assert one.paragraphs == other.paragraphs
    assert one.sentences == other.sentences


def test_a_text_is_segmented_once_and_then_read_back(data_dir: DataDir, release: Path) -> None:
    first = SegmentCache(data_dir)
    made = first.load(release)
    assert (first.counts.segmented, first.counts.used) == (1, 0)
    assert len(_records(data_dir)) == 1
    again = SegmentCache(data_dir)
    read = again.load(release)
    assert (again.counts.segmented, again.counts.used) == (0, 1)
    _same(read, made)
    _same(read, load_document(release))


def test_records_get_the_data_directorys_file_modes(tmp_path: Path, release: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o770)
    os.chmod(shared, 0o770)
    for data_dir, mode in (
        (DataDir(tmp_path / "private"), 0o600),
        (DataDir(shared, modes=FileModes.like(shared)), 0o660),
    ):
        data_dir.ensure()
        SegmentCache(data_dir).load(release)
        (record,) = _records(data_dir)
        assert stat.S_IMODE(os.stat(record).st_mode) == mode


def test_a_record_that_disagrees_with_the_text_is_not_used(
    data_dir: DataDir, release: Path
) -> None:
    SegmentCache(data_dir).load(release)
    (record,) = _records(data_dir)
    data = json.loads(record.read_bytes())
    data["sentences"][0] = [data["sentences"][0][0], data["sentences"][0][-1]]  # one sentence
    data["sentences"][0] = [offset + 2 for offset in data["sentences"][0]]  # shifted into words
    record.write_text(json.dumps(data))
    cache = SegmentCache(data_dir)
    document = cache.load(release)
    assert (cache.counts.used, cache.counts.replaced, cache.counts.segmented) == (0, 1, 1)
    _same(document, load_document(release))
    assert SegmentCache(data_dir).load(release).sentences == document.sentences  # rebuilt


def test_a_record_copied_from_another_document_is_not_used(
    data_dir: DataDir, tmp_path: Path, release: Path
) -> None:
    """Same length, same spans: only the content id tells the texts apart."""
    write_document(tmp_path, TEXT.replace("plan", "idea"), name="other.txt")
    SegmentCache(data_dir).load(tmp_path / "other.txt")
    (made,) = _records(data_dir)
    target = load_document(release)
    cache = SegmentCache(data_dir)
    key = SegmentationKey.of(target.doc_id, lang=None, name="release.txt", overrides=EMPTY)
    cache.path_for(key).write_bytes(made.read_bytes())
    _same(cache.load(release), target)
    assert (cache.counts.used, cache.counts.replaced) == (0, 1)


@pytest.mark.parametrize("damage", [b"", b'{"format": 1, "doc', b"\x00" * 40, b"[]"])
def test_a_damaged_record_is_reported_by_the_doctor_and_rebuilt(
    data_dir: DataDir, release: Path, damage: bytes
) -> None:
    document = load_document(release)
    _register(data_dir, document)
    SegmentCache(data_dir).load(release)
    (record,) = _records(data_dir)
    assert not [f for f in examine(data_dir.root).findings if "cache" in f.kind]
    record.write_bytes(damage)
    findings = [f for f in examine(data_dir.root).findings if f.kind == "damaged-cache"]
    assert [f.path for f in findings] == [record]
    assert not findings[0].is_problem  # never used, so nothing of the coder's is at risk
    cache = SegmentCache(data_dir)
    _same(cache.load(release), document)
    assert cache.counts.replaced == 1
    assert not [f for f in examine(data_dir.root).findings if "cache" in f.kind]


def test_annotator_doctor_names_a_damaged_record_and_an_export_rebuilds_it(
    data_dir: DataDir, release: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """End to end, as a coder meets it: the record is named (not as a problem: the data
    directory stays healthy), the export is the same, and the record is made anew."""
    session = open_session(data_dir, load_document(release), DEFAULT_CODEBOOK, "ann")
    session.toggle_tag(1, "claim")
    assert session.close()
    export = ["export", "--all", "--data-dir", str(data_dir.root)]
    assert run_cli(export, launch=_no_launch) == 0
    exported = capsys.readouterr().out
    (record,) = _records(data_dir)
    record.write_bytes(b'{"format": 1, "doc')
    assert run_cli(["doctor", "--data-dir", str(data_dir.root)], launch=_no_launch) == 0
    report = capsys.readouterr().out
    assert f"damaged-cache: {record}" in report and "healthy" in report
    assert run_cli(export, launch=_no_launch) == 0
    assert capsys.readouterr().out == exported
    assert json.loads(record.read_bytes())["doc_id"] == load_document(release).doc_id
    assert run_cli(["doctor", "--data-dir", str(data_dir.root)], launch=_no_launch) == 0
    assert "cache" not in capsys.readouterr().out


def test_the_doctor_checks_a_record_against_its_documents_text(
    data_dir: DataDir, release: Path
) -> None:
    """A record whose JSON is sound but whose spans do not fit the catalogued text."""
    document = load_document(release)
    _register(data_dir, document)
    SegmentCache(data_dir).load(release)
    (record,) = _records(data_dir)
    data = json.loads(record.read_bytes())
    data["sentences"][0] = [offset + 1 for offset in data["sentences"][0]]
    record.write_text(json.dumps(data))
    (finding,) = [f for f in examine(data_dir.root).findings if f.kind == "damaged-cache"]
    assert "whitespace" in finding.message or "outside" in finding.message


def test_clean_removes_damaged_and_outdated_records(data_dir: DataDir, release: Path) -> None:
    document = load_document(release)
    SegmentCache(data_dir).load(release)
    (good,) = _records(data_dir)
    old_key = SegmentationKey(document.doc_id, "auto", False, SegmentationOverrides(), "rules-0")
    outdated = segments_dir(data_dir.root) / f"{document.doc_id}-{old_key.digest()}.json"
    outdated.write_bytes(encode(document, old_key))
    damaged = segments_dir(data_dir.root) / f"{document.doc_id}-{'0' * 16}.json"
    damaged.write_bytes(b"{")
    report = examine(data_dir.root)
    kinds = {f.kind: f for f in report.findings}
    assert kinds["outdated-cache"].path == segments_dir(data_dir.root)
    assert kinds["damaged-cache"].path == damaged
    assert report.healthy
    assert sorted(clean(report)) == sorted([outdated, damaged])
    assert _records(data_dir) == [good]


def test_coders_with_equal_corrections_share_one_record(data_dir: DataDir, release: Path) -> None:
    document = load_document(release)
    split = SegmentationOverrides.of(splits=[TEXT.index("and the budget") + len("and ")])
    for coder, corrections in (("ann", split), ("bob", split), ("cy", SegmentationOverrides())):
        session = open_session(data_dir, document, DEFAULT_CODEBOOK, coder)
        if corrections:
            session.split(0, corrections.splits[0])
        session.toggle_tag(0, "claim")
        assert session.close()
    found = resolve_sources([], data_dir, everything=True, coder=None)
    (source,) = found.sources
    assert len(source.placed) == 3
    # An export records the text as segmented; each coder's corrections are applied to it.
    assert len(_records(data_dir)) == 1
    for coder in ("ann", "bob", "cy"):
        reopened = open_session(data_dir, document, DEFAULT_CODEBOOK, coder)
        assert len(reopened.document.sentences) == len(document.sentences) + (coder != "cy")
        assert reopened.close()
    assert len(_records(data_dir)) == 2  # and with ann's and bob's split, made once
    cache = SegmentCache(data_dir)
    resolve_sources([], data_dir, everything=True, coder=None)
    again = cache.segmented(cache.load(release), split)
    assert cache.counts.segmented == 0 and cache.counts.used == 2
    assert len(again.sentences) == len(document.sentences) + 1


def test_an_export_reads_the_cache_the_second_time(
    data_dir: DataDir, release: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = load_document(release)
    session = open_session(data_dir, document, DEFAULT_CODEBOOK, "ann")
    session.toggle_tag(1, "claim")
    assert session.close()
    args = ["export", "--all", "--data-dir", str(data_dir.root)]
    assert run_cli(args, launch=_no_launch) == 0
    first = capsys.readouterr().out
    (record,) = _records(data_dir)
    written = record.stat().st_mtime_ns
    assert run_cli(args, launch=_no_launch) == 0
    assert capsys.readouterr().out == first
    assert record.stat().st_mtime_ns == written


def test_a_symlinked_cache_folder_is_neither_read_nor_written(
    data_dir: DataDir, release: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (data_dir.root / "cache").symlink_to(elsewhere, target_is_directory=True)
    cache = SegmentCache(data_dir)
    _same(cache.load(release), load_document(release))
    assert cache.counts.unwritten == 1
    assert list(elsewhere.iterdir()) == []


def test_no_data_directory_is_made_for_a_cache(tmp_path: Path, release: Path) -> None:
    data_dir = DataDir(tmp_path / "nowhere")
    cache = SegmentCache(data_dir)
    _same(cache.load(release), load_document(release))
    assert not data_dir.root.exists()


def test_a_large_document_opens_whole_once_its_rest_was_segmented(
    data_dir: DataDir, tmp_path: Path
) -> None:
    """The reader segments a book's beginning at once and the rest in the background; the
    whole is recorded then, and the next opening finds it whole, with nothing to do."""
    paragraph = "The committee met again. It said more measures would follow in due course.\n\n"
    path = tmp_path / "book.txt"
    path.write_text(paragraph * 3000, encoding="utf-8")
    partial, pending = SegmentCache(data_dir).load_for_reading(path)
    assert pending is not None and not partial.complete
    session = open_session(data_dir, partial, DEFAULT_CODEBOOK, "ann")
    whole = session.segment_rest(pending)
    assert session.finish_segmenting(whole)
    assert session.close()
    cache = SegmentCache(data_dir)
    again, nothing = cache.load_for_reading(path)
    assert nothing is None and again.complete
    assert cache.counts.used == 1
    _same(again, load_document(path))


def test_the_reader_opens_a_coders_corrected_text_from_the_cache(
    data_dir: DataDir, release: Path
) -> None:
    document = load_document(release)
    session = open_session(data_dir, document, DEFAULT_CODEBOOK, "ann")
    session.split(0, TEXT.index("and the budget") + len("and "))
    corrected = session.document
    assert session.close()
    before = len(_records(data_dir))
    again = open_session(data_dir, load_document(release), DEFAULT_CODEBOOK, "ann")
    assert again.document.sentences == corrected.sentences
    assert again.close()
    assert len(_records(data_dir)) == before + 1  # the corrected text has its own record
