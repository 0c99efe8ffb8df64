"""Finding what to export without the command line: errors and remarks come back as data."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest

from annotator.export import Remark, remarks, resolve_sources
from annotator.export.service import ExportOptions, counted
from annotator.store import DataDir
from annotator.text.loading import LoadError
from tests.export.builders import code, write_document


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_a_document_named_twice_is_found_once(tmp_path: Path, data_dir: DataDir) -> None:
    document = write_document(tmp_path)
    code(data_dir, document, {0: (("claim",), "")})
    selection = resolve_sources(
        ["release.txt", document.doc_id], data_dir, everything=True, coder=None
    )
    assert [s.doc_id for s in selection.sources] == [document.doc_id]
    assert selection.notices == []


def test_an_unknown_reference_raises_the_loaders_error(data_dir: DataDir) -> None:
    with pytest.raises(LoadError, match="no such file"):
        resolve_sources(["nowhere.txt"], data_dir, everything=False, coder=None)


def test_loading_notices_are_returned_not_printed(
    tmp_path: Path, data_dir: DataDir, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "old.txt").write_bytes("Café “au lait”. Crème brûlée.".encode("cp1252"))
    selection = resolve_sources(["old.txt"], data_dir, everything=False, coder=None)
    assert len(selection.notices) == 1 and "cp1252" in selection.notices[0]
    assert capsys.readouterr() == ("", "")


def test_stdin_is_read_for_a_dash_and_its_absence_is_a_load_error(data_dir: DataDir) -> None:
    piped = io.BytesIO(b"One. Two.\n")
    (source,) = resolve_sources(["-"], data_dir, everything=False, coder=None, stdin=piped).sources
    assert source.document is not None and len(source.document.sentences) == 2
    with pytest.raises(LoadError, match="no stdin"):
        resolve_sources(["-"], data_dir, everything=False, coder=None)


def test_remarks_name_a_missing_text_and_unplaced_annotations(
    tmp_path: Path, data_dir: DataDir
) -> None:
    gone = write_document(tmp_path, "Gone one. Gone two.", "gone\x1b.txt")
    code(data_dir, gone, {0: (("claim",), "")})
    assert gone.path is not None
    gone.path.unlink()
    kept_file = write_document(tmp_path, "Kept one. Kept two.", "kept.txt")
    code(data_dir, kept_file, {0: (("claim",), "")})
    selection = resolve_sources([], data_dir, everything=True, coder=None)
    found = remarks(selection.sources)
    assert [r.kind for r in found] == ["warning"]
    assert found[0].text.startswith(f"gone\x1b.txt ({gone.doc_id}): ")
    assert found[0].text.endswith("exported its 1 stored annotation without the document text")
    kept = next(s for s in selection.sources if s.name == "kept.txt")
    assert remarks([kept]) == []
    unfit = replace(kept, placed=[], unplaced=list(kept.placed))
    assert remarks([unfit]) == [
        Remark(
            "note",
            "1 annotation could not be placed on the current text of kept.txt and was not "
            "exported to CSV or HTML (they are kept in the store and exported with "
            "--format jsonl)",
        )
    ]


@pytest.mark.parametrize(
    ("fmt", "count", "said"),
    [
        ("csv", 1, "1 row"),
        ("csv", 0, "0 rows"),
        ("jsonl", 2, "2 annotations"),
        ("html", 3, "3 documents"),
    ],
)
def test_what_was_written_is_counted_in_the_formats_unit(fmt: str, count: int, said: str) -> None:
    assert counted(ExportOptions(format=fmt), count) == said
