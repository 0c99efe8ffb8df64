"""Corpus discovery lists documents without opening them; progress comes from the store."""

from __future__ import annotations

import builtins
import io
import os
from pathlib import Path

import pytest

from annotator.cli.main import run_cli
from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.open_request import OpenRequest
from annotator.coding.opening import open_session
from annotator.store import DataDir
from annotator.store import progress as progress_module
from annotator.store.progress import ProgressCache, coded_count, progress_for
from annotator.text.corpus import CorpusEntry, CorpusError, discover_corpus, natural_key
from annotator.text.document import load_document

TEXT = "First paragraph. It has two sentences.\n\nSecond paragraph here.\n"


def make_tree(root: Path) -> None:
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".hidden").mkdir()
    for name in ("release-10.txt", "release-2.txt", "Notes.md", "data.csv", "README"):
        (root / name).write_text(TEXT, encoding="utf-8")
    (root / "sub" / "a.TXT").write_text(TEXT, encoding="utf-8")
    (root / "sub" / "deeper" / "b.markdown").write_text(TEXT, encoding="utf-8")
    (root / ".hidden" / "secret.txt").write_text(TEXT, encoding="utf-8")
    (root / ".dotfile.txt").write_text(TEXT, encoding="utf-8")


def test_directory_is_scanned_recursively_in_natural_order(tmp_path: Path) -> None:
    make_tree(tmp_path)
    names = [entry.name for entry in discover_corpus([tmp_path])]
    assert names == [
        "Notes.md",
        "release-2.txt",
        "release-10.txt",
        "sub/a.TXT",
        "sub/deeper/b.markdown",
    ]


def test_entries_have_absolute_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    entries = discover_corpus(["sub"])
    assert entries[0].path == tmp_path / "sub" / "a.TXT"
    assert entries[0].path.is_absolute()


def test_explicit_files_keep_their_order_and_any_suffix(tmp_path: Path) -> None:
    make_tree(tmp_path)
    files = [tmp_path / "README", tmp_path / "release-2.txt", tmp_path / "README"]
    entries = discover_corpus(files)
    assert [entry.path.name for entry in entries] == ["README", "release-2.txt"]
    assert entries[0].name == (tmp_path / "README").as_posix()


def test_files_and_directories_mix_without_duplicates(tmp_path: Path) -> None:
    make_tree(tmp_path)
    entries = discover_corpus([tmp_path / "sub" / "a.TXT", tmp_path / "sub"])
    assert [entry.name for entry in entries][1:] == ["deeper/b.markdown"]


def test_missing_path_and_empty_directory_are_errors(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no such file or directory"):
        discover_corpus([tmp_path / "absent"])
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "image.png").write_bytes(b"\x89PNG")
    with pytest.raises(CorpusError, match="no text files"):
        discover_corpus([tmp_path / "empty"])


def test_symlinked_directories_are_not_followed(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(TEXT, encoding="utf-8")
    os.symlink(tmp_path / "docs", tmp_path / "docs" / "loop")
    assert [entry.name for entry in discover_corpus([tmp_path / "docs"])] == ["a.txt"]


def test_natural_key() -> None:
    names = ["doc10", "Doc2", "doc1b", "doc1a"]
    assert sorted(names, key=natural_key) == ["doc1a", "doc1b", "Doc2", "doc10"]


def test_a_thousand_documents_are_listed_without_opening_any(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(1000):
        (corpus / f"release-{i}.txt").write_text(f"Release {i}.\n", encoding="utf-8")
    opened: list[str] = []
    real_open = builtins.open
    real_io_open = io.open
    real_os_open = os.open

    def counting_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    def counting_os_open(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        opened.append(str(path))
        return real_os_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", counting_open)
    monkeypatch.setattr(io, "open", counting_open)
    monkeypatch.setattr(os, "open", counting_os_open)
    entries = discover_corpus([corpus])
    monkeypatch.setattr(builtins, "open", real_open)
    monkeypatch.setattr(io, "open", real_io_open)
    monkeypatch.setattr(os, "open", real_os_open)
    assert len(entries) == 1000
    assert [e.name for e in entries[:3]] == ["release-0.txt", "release-1.txt", "release-2.txt"]
    assert entries[-1].name == "release-999.txt"
    assert opened == []


def _open_and_tag(data_dir: DataDir, path: Path, coder: str, sentences: list[int]) -> None:
    session = open_session(data_dir, load_document(path), DEFAULT_CODEBOOK, coder)
    try:
        for sentence in sentences:
            session.toggle_tag(sentence, "claim")
    finally:
        assert session.close()


def test_progress_comes_from_catalog_and_store(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        # Distinct text: identical documents share one content id, hence one catalog entry.
        (docs / name).write_text(f"{name} here.\n\n" + TEXT, encoding="utf-8")
    data_dir = DataDir(tmp_path / "data")
    entries = discover_corpus([docs])
    _open_and_tag(data_dir, entries[0].path, "ann", [0, 2])
    _open_and_tag(data_dir, entries[1].path, "ann", [])
    _open_and_tag(data_dir, entries[1].path, "bob", [1])
    progress = progress_for(data_dir, entries, "ann")
    assert progress == {
        entries[0].path: (2, 4, None, True),
        # ann opened it and changed nothing (no file of hers): bob's opening it does not
        # start it for her.
        entries[1].path: (0, 4, None, False),
        entries[2].path: None,
    }
    everyone = progress_for(data_dir, entries)
    assert everyone[entries[1].path] == (1, 4, None, True)


def test_untagging_a_sentence_lowers_progress(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    data_dir = DataDir(tmp_path / "data")
    _open_and_tag(data_dir, path, "ann", [0, 1, 1])
    (entry,) = discover_corpus([path])
    assert progress_for(data_dir, [entry], "ann") == {entry.path: (1, 3, None, True)}


def test_progress_of_a_damaged_store_is_unknown(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    data_dir = DataDir(tmp_path / "data")
    _open_and_tag(data_dir, path, "ann", [0])
    (store_file,) = data_dir.store_files(data_dir.catalog()[0].doc_id)
    store_file.write_bytes(b"{not json")
    (entry,) = discover_corpus([path])
    assert progress_for(data_dir, [entry], "ann") == {entry.path: None}


def test_an_entry_is_a_value_whether_its_path_came_as_a_string_or_a_path(
    tmp_path: Path,
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("One.\n", encoding="utf-8")
    (entry,) = discover_corpus([tmp_path / "docs"])
    given = CorpusEntry(tmp_path / "docs" / "a.txt", "a.txt")
    assert entry == given and hash(entry) == hash(given)
    assert entry.path == given.path and isinstance(entry.path, Path)
    assert entry != CorpusEntry(tmp_path / "docs" / "a.txt", "other name")
    assert {entry: 1}[given] == 1
    with pytest.raises(AttributeError):
        entry.name = "renamed"


def test_progress_of_an_empty_data_dir(tmp_path: Path) -> None:
    entry = CorpusEntry(path=tmp_path / "x.txt", name="x.txt")
    assert progress_for(DataDir(tmp_path / "nothing"), [entry]) == {entry.path: None}


def test_coded_count_without_a_store_file(tmp_path: Path) -> None:
    assert coded_count(DataDir(tmp_path), "0123456789abcdef", "nobody") == 0


# -- through the command line -----------------------------------------------------------


def _request(argv: list[str]) -> OpenRequest:
    captured: list[OpenRequest] = []

    def launch(request: OpenRequest) -> int:
        captured.append(request)
        return 0

    assert run_cli(argv, launch=launch) == 0
    return captured[0]


def test_cli_directory_is_a_corpus_listed_before_any_document_is_read(tmp_path: Path) -> None:
    make_tree(tmp_path / "docs")
    request = _request([str(tmp_path / "docs"), "--data-dir", str(tmp_path / "d")])
    assert [entry.name for entry in request.corpus][:2] == ["Notes.md", "release-2.txt"]
    assert request.document is None and request.pending is None


def test_cli_several_files_make_a_corpus(tmp_path: Path) -> None:
    make_tree(tmp_path)
    files = [str(tmp_path / "release-10.txt"), str(tmp_path / "release-2.txt")]
    request = _request([*files, "--data-dir", str(tmp_path / "d")])
    assert [entry.path.name for entry in request.corpus] == ["release-10.txt", "release-2.txt"]
    assert request.document is None


def test_cli_one_file_is_not_a_corpus(tmp_path: Path) -> None:
    make_tree(tmp_path)
    request = _request([str(tmp_path / "release-2.txt"), "--data-dir", str(tmp_path / "d")])
    assert request.corpus == ()


def test_cli_corpus_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert run_cli([str(tmp_path / "empty")], launch=lambda request: 0) == 2
    assert "no text files" in capsys.readouterr().err
    assert run_cli([str(tmp_path / "a.txt"), "-"], launch=lambda request: 0) == 2
    assert "stdin (-) cannot be part of a corpus" in capsys.readouterr().err


def test_progress_cache_rereads_only_changed_store_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("a.txt", "b.txt"):
        (docs / name).write_text(f"{name} here.\n\n" + TEXT, encoding="utf-8")
    data_dir = DataDir(tmp_path / "data")
    entries = discover_corpus([docs])
    for entry in entries:
        _open_and_tag(data_dir, entry.path, "ann", [0])
    cache = ProgressCache()
    first = progress_for(data_dir, entries, "ann", cache)
    reads: list[Path] = []
    real_read = progress_module.read_nofollow

    def counting_read(path: Path) -> bytes | None:
        reads.append(path)
        return real_read(path)

    monkeypatch.setattr(progress_module, "read_nofollow", counting_read)
    assert progress_for(data_dir, entries, "ann", cache) == first
    assert not [p for p in reads if p.parent.parent == data_dir.documents_dir]
    _open_and_tag(data_dir, entries[1].path, "ann", [1])
    reads.clear()
    assert progress_for(data_dir, entries, "ann", cache)[entries[1].path] == (2, 4, None, True)
    store_reads = [p for p in reads if p.parent.parent == data_dir.documents_dir]
    assert len(store_reads) == 1


def test_cli_corpus_reading_options_go_with_the_corpus(tmp_path: Path) -> None:
    """No document is loaded before the list (one that cannot be read is no reason to
    refuse the corpus); ``--lang`` and ``--encoding`` apply to each one opened."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"\x00\x01\x02 not text \x00\x00")
    (folder / "b.txt").write_text("Second document. It is fine.\n", encoding="utf-8")
    request = _request([str(folder), "--lang", "de", "--encoding", "latin-1"])
    assert request.document is None and request.pending is None
    assert [entry.name for entry in request.corpus] == ["a.txt", "b.txt"]
    assert (request.lang, request.encoding) == ("de", "latin-1")
