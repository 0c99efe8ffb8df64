"""Issue 16 item 9: coder names become short, safe, unambiguous file names.

A long name made saving fail forever (238 characters) or raise (251 and more); ``CON``, or
``Alice`` beside ``alice``, would clash on Windows and macOS. Files of the old ``%XX``
names are still found, read meanwhile and moved by the next writer.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.opening import open_session
from annotator.store import DataDir, DocumentStore
from annotator.store.naming import (
    InvalidName,
    check_doc_id,
    coder_file_name,
    kind_in_document_folder,
    legacy_coder_file_name,
)
from annotator.text.document import Document
from tests.store.helpers import annotation

SAFE = re.compile(r"[a-z0-9][a-z0-9-]*-[0-9a-f]{16}\.json")
WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10))} | {
    f"lpt{i}" for i in range(10)
}


@given(st.text(min_size=1, max_size=300), st.text(min_size=1, max_size=300))
@settings(max_examples=300, deadline=None)
def test_distinct_names_never_share_a_file_name(first: str, second: str) -> None:
    if first != second:
        assert coder_file_name(first).casefold() != coder_file_name(second).casefold()


@given(st.text(min_size=1, max_size=300))
@settings(max_examples=300, deadline=None)
def test_file_names_are_short_and_safe_everywhere(name: str) -> None:
    file_name = coder_file_name(name)
    assert SAFE.fullmatch(file_name), file_name
    assert len(file_name) <= 46
    assert file_name.split(".")[0] not in WINDOWS_RESERVED
    assert kind_in_document_folder(file_name) == "store"
    # The names of its companions stay well under every filesystem's limit of 255.
    assert len(f".{file_name}.bak.4194304.tmp") < 100
    assert coder_file_name(name) == file_name, "the same name, the same file"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Alice", "alice"),
        ("ALICE", "alice"),
        (unicodedata.normalize("NFC", "Zoë"), unicodedata.normalize("NFD", "Zoë")),
        ("ﬁona", "fiona"),  # a compatibility ligature
        ("a/b", "a_b"),
        ("CON", "con"),
    ],
)
def test_variants_that_filesystems_fold_get_their_own_files(first: str, second: str) -> None:
    assert first != second
    assert coder_file_name(first).casefold() != coder_file_name(second).casefold()


def test_readable_prefixes() -> None:
    assert coder_file_name("Alice Smith").startswith("alice-smith-")
    assert coder_file_name("Zoë").startswith("zoe-")
    assert coder_file_name("CON").startswith("con-")
    assert coder_file_name("Ли").startswith("coder-")
    assert coder_file_name(".hidden").startswith("hidden-")
    with pytest.raises(InvalidName):
        coder_file_name("")


@pytest.mark.parametrize("length", [237, 238, 251, 1000])
def test_a_long_name_saves_and_reads_back(data_dir: DataDir, sample: Document, length: int) -> None:
    name = "n" * length
    session = open_session(data_dir, sample, DEFAULT_CODEBOOK, name)
    assert not session.read_only
    session.toggle_tag(0, "claim")
    assert session.close()
    assert session.save_status.state == "saved"
    work = data_dir.work(sample.doc_id, name)
    assert work is not None and work.coder == name
    assert [a.coder for a in work.annotations] == [name]


def test_the_real_name_is_kept_in_the_file(data_dir: DataDir, sample: Document) -> None:
    name = "Zoë / CON?"
    session = open_session(data_dir, sample, DEFAULT_CODEBOOK, name)
    session.toggle_tag(0, "claim")
    assert session.close()
    path = data_dir.store_path(sample.doc_id, name)
    assert json.loads(path.read_bytes())["tables"]["coder"] == {"1": {"name": name}}
    (work,) = data_dir.all_work(sample.doc_id)
    assert work.coder == name


def test_document_ids_that_become_folders_must_be_ids(tmp_path: Path) -> None:
    data_dir = DataDir(tmp_path / "data")
    for bad in ("../../OUTSIDE", "..", "0123456789ABCDEF", "0123", "0123456789abcdef/..", ""):
        with pytest.raises(InvalidName):
            data_dir.document_dir(bad)
        with pytest.raises(InvalidName):
            data_dir.open_store(bad, "alice")
        with pytest.raises(InvalidName):
            data_dir.register(doc_id=bad, name="x", path="x", sentences=1, paragraphs=1)
    assert check_doc_id("0123456789abcdef") == "0123456789abcdef"
    assert not (tmp_path / "OUTSIDE").exists()
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").rglob("*"))


def _legacy_file(data_dir: DataDir, doc_id: str, coder: str, *notes: str) -> Path:
    """A format 1 file under the old %XX name, with a backup, as format 1 wrote it."""
    path = data_dir.legacy_store_path(doc_id, coder)
    path.parent.mkdir(parents=True, exist_ok=True)
    records = {
        str(i + 1): annotation(f"old-{i}", note=note).with_changes(coder=coder).to_record()
        for i, note in enumerate(notes)
    }
    data = json.dumps({"schema_version": 1, "tables": {"annotations": records}}).encode()
    path.write_bytes(data)
    path.with_name(f"{path.name}.bak").write_bytes(data)
    return path


def test_an_old_name_is_read_meanwhile_and_moved_by_the_first_write(tmp_path: Path) -> None:
    data_dir = DataDir(tmp_path / "data")
    doc_id = "0123456789abcdef"
    coder = "a coder/with slash"
    old = _legacy_file(data_dir, doc_id, coder, "one")
    original = old.read_bytes()
    assert old.name == "a%20coder%2Fwith%20slash.json"
    new = data_dir.store_path(doc_id, coder)

    reader = data_dir.open_store(doc_id, coder, read_only=True)
    assert [a.note for a in reader.load()] == ["one"]
    reader.close()
    work = data_dir.work(doc_id, coder)
    assert work is not None and [a.note for a in work.annotations] == ["one"]

    store = data_dir.open_store(doc_id, coder)
    try:
        assert old.exists() and not new.exists(), "opening alone moves nothing"
        assert os.path.exists(f"{old}.lock"), "an old annotator's lock name is held too"
        store.save(annotation("new", note="two").with_changes(coder=coder))
        assert store.flush(5)
        assert not old.exists() and new.exists()
        assert not os.path.exists(f"{old}.lock")
        assert os.path.exists(f"{new}.lock")
        names = sorted(p.name for p in new.parent.iterdir())
        assert names == sorted(
            [new.name, f"{new.name}.bak", f"{new.name}.lock", f"{new.name}.schema1.bak"]
        )
        assert new.with_name(f"{new.name}.schema1.bak").read_bytes() == original
        assert json.loads(new.read_bytes())["tables"]["coder"] == {"1": {"name": coder}}
    finally:
        store.close()
    assert sorted(a.note for a in data_dir.annotations(doc_id)) == ["one", "two"]


def test_an_old_name_held_by_an_old_annotator_opens_read_only(tmp_path: Path) -> None:
    data_dir = DataDir(tmp_path / "data")
    doc_id = "0123456789abcdef"
    old = _legacy_file(data_dir, doc_id, "alice", "one")
    holder = DocumentStore(old)  # an annotator that still uses the old name
    try:
        store = data_dir.open_store(doc_id, "alice")
        assert store.read_only and "being edited by" in store.read_only_reason
        store.close()
    finally:
        holder.close()
    assert old.exists()


def test_legacy_names_are_what_format_1_wrote() -> None:
    assert legacy_coder_file_name("alice") == "alice.json"
    assert legacy_coder_file_name(".x") == "%2Ex.json"
    assert legacy_coder_file_name("é") == "%C3%A9.json"
