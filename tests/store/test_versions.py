"""The catalog's versions of a document: links, paths, the current one, the predecessor;
the kept copy of each version's text; the records of a carry in a coder's file."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.store import CatalogEntry, DataDir
from annotator.store.doctor import examine
from annotator.store.schema import check_tables
from annotator.store.texts import keep_text, kept_text, text_path
from annotator.store.versions import STDIN_PATH, Versions
from annotator.store.writer import Setting
from annotator.text.document import content_id


def entry(
    doc_id: str, path: str, seen: str, previous: str | None = None, name: str = ""
) -> CatalogEntry:
    return CatalogEntry(
        doc_id=doc_id,
        name=name or Path(path).name,
        path=path,
        sentences=1,
        paragraphs=1,
        first_seen=seen,
        last_opened=seen,
        previous=previous,
    )


A1, A2, A3, B1 = "a" * 16, "a" * 15 + "2", "a" * 15 + "3", "b" * 16


def test_links_and_paths_make_one_document_with_one_current_version() -> None:
    versions = Versions.of(
        [
            entry(A1, "/c/a.txt", "2026-01-01"),
            entry(A2, "/c/a.txt", "2026-01-02", previous=A1),
            entry(A3, "/moved/a.txt", "2026-01-03", previous=A2),
            entry(B1, "/c/b.txt", "2026-01-01"),
        ]
    )
    assert [e.doc_id for e in versions.current()] == [A3, B1]
    assert [e.doc_id for e in versions.history(A1)] == [A1, A2, A3]
    assert versions.is_current(A3) and not versions.is_current(A2)
    assert versions.previous(A3) == versions.entries[A2]
    assert versions.previous(A1) is None


def test_a_catalog_without_links_groups_versions_by_path() -> None:
    versions = Versions.of(
        [entry(A2, "/c/a.txt", "2026-01-02"), entry(A1, "/c/a.txt", "2026-01-01")]
    )
    assert [e.doc_id for e in versions.current()] == [A2]
    assert versions.previous(A2) == versions.entries[A1]


def test_the_predecessor_of_an_edited_text_is_its_path_s_current_version() -> None:
    versions = Versions.of(
        [entry(A1, "/c/a.txt", "2026-01-01"), entry(A2, "/c/a.txt", "2026-01-02", A1)]
    )
    found = versions.predecessor("f" * 16, "/c/./a.txt", "a.txt")
    assert found is not None and found.doc_id == A2
    assert versions.predecessor("f" * 16, "/c/other.txt", "other.txt") is None
    assert versions.predecessor(A2, "/c/a.txt", "a.txt") == versions.entries[A1]


def test_a_moved_folder_is_found_by_name_only_when_its_old_file_is_gone(tmp_path: Path) -> None:
    old = tmp_path / "old" / "corpus" / "a.txt"
    versions = Versions.of([entry(A1, str(old), "2026-01-01")])
    moved = str(tmp_path / "new" / "corpus" / "a.txt")
    assert versions.predecessor("f" * 16, moved, "a.txt") == versions.entries[A1]
    assert versions.predecessor("f" * 16, str(tmp_path / "elsewhere" / "a.txt"), "a.txt") is None
    old.parent.mkdir(parents=True)
    old.write_text("still here\n", encoding="utf-8")
    assert versions.predecessor("f" * 16, moved, "a.txt") is None, "a different file"


def test_texts_from_stdin_have_no_history() -> None:
    versions = Versions.of(
        [entry(A1, STDIN_PATH, "2026-01-01"), entry(B1, STDIN_PATH, "2026-01-02")]
    )
    assert len(versions.current()) == 2
    assert versions.predecessor("f" * 16, STDIN_PATH, STDIN_PATH) is None


def test_register_links_a_new_version_and_keeps_an_old_record_as_it_was(
    data_dir: DataDir,
) -> None:
    data_dir.register(doc_id=A1, name="a.txt", path="/c/a.txt", sentences=1, paragraphs=1)
    before = data_dir.catalog_path.read_bytes()
    data_dir.register(doc_id=A1, name="a.txt", path="/c/a.txt", sentences=1, paragraphs=1)
    assert data_dir.catalog_path.read_bytes() == before, "unchanged: not rewritten"
    assert b"previous" not in before
    data_dir.register(
        doc_id=A2, name="a.txt", path="/c/a.txt", sentences=2, paragraphs=1, previous=A1
    )
    by_id = {e.doc_id: e for e in data_dir.catalog()}
    assert by_id[A2].previous == A1 and by_id[A1].previous is None


def test_the_doctor_names_a_bad_link(data_dir: DataDir) -> None:
    data_dir.register(doc_id=A1, name="a.txt", path="/c/a.txt", sentences=1, paragraphs=1)
    raw = json.loads(data_dir.catalog_path.read_text(encoding="utf-8"))
    raw["tables"]["documents"]["1"]["previous"] = "../../x"
    data_dir.catalog_path.write_text(json.dumps(raw), encoding="utf-8")
    assert data_dir.catalog() == []
    report = examine(data_dir.root)
    assert any("'previous' is not a document id" in f.message for f in report.findings)


def test_a_version_s_text_is_kept_once_and_checked(data_dir: DataDir) -> None:
    text = "One sentence.\n"
    doc_id = content_id(text)
    assert keep_text(data_dir, doc_id, text)
    assert not keep_text(data_dir, doc_id, text), "written once"
    assert kept_text(data_dir, doc_id) == text
    assert text_path(data_dir, doc_id).stat().st_mode & 0o777 == 0o600
    assert not [f for f in examine(data_dir.root).findings if f.is_problem]
    text_path(data_dir, doc_id).write_text("Edited by hand.\n", encoding="utf-8")
    assert kept_text(data_dir, doc_id) is None
    [finding] = [f for f in examine(data_dir.root).findings if f.is_problem]
    assert finding.kind == "damaged" and "edited by hand" in finding.message


def test_carry_records_are_checked_and_round_trip(data_dir: DataDir) -> None:
    store = data_dir.open_store(A2, "ana")
    store.apply_many(
        [(Setting.CARRIED_FROM, A1), (Setting.HELD, ("x", "y")), (Setting.REJECTED, ("z",))]
    )
    assert store.close()
    work = data_dir.work(A2, "ana")
    assert work is not None
    assert (work.carried_from, work.held, work.rejected) == (A1, ("x", "y"), ("z",))
    for bad in ({"carried_from": "../x"}, {"held": "x"}, {"rejected": [""]}, {"held": [1]}):
        checked = check_tables({"state": {"1": {"cursor": None, "finished": None, **bad}}})
        assert checked.bad, bad


def _reference_groups(entries: list[CatalogEntry]) -> list[set[str]]:
    """Documents the slow way: versions joined by a link or a shared path until nothing
    changes, listed in the order of each one's earliest version."""
    known = {e.doc_id for e in entries}
    groups = [{e.doc_id} for e in entries]
    changed = True
    while changed:
        changed = False
        for i, first in enumerate(groups):
            for second in groups[i + 1 :]:
                linked = any(
                    (a.previous in known and a.previous in second and a.doc_id in first)
                    or (a.previous in known and a.previous in first and a.doc_id in second)
                    for a in entries
                )
                shared = {e.path for e in entries if e.doc_id in first} & {
                    e.path for e in entries if e.doc_id in second
                } - {STDIN_PATH}
                if linked or shared:
                    first |= second
                    groups.remove(second)
                    changed = True
                    break
            if changed:
                break
    order = {e.doc_id: (e.first_seen, e.last_opened, e.doc_id) for e in entries}
    return sorted(groups, key=lambda g: min(order[d] for d in g))


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["/c/a.txt", "/c/b.txt", "/d/../c/a.txt", "/e/a.txt", STDIN_PATH]),
            st.integers(0, 9),
            st.integers(-1, 7),
        ),
        max_size=8,
    )
)
def test_documents_are_the_versions_joined_by_links_and_paths(
    rows: list[tuple[str, int, int]],
) -> None:
    ids = [f"{n:016x}" for n in range(len(rows))]
    entries = [
        entry(ids[n], path, f"2026-01-{day + 1:02d}", ids[link] if 0 <= link < n else None)
        for n, (path, day, link) in enumerate(rows)
    ]
    versions = Versions.of(entries)
    # Paths are compared as places: "/d/../c/a.txt" is "/c/a.txt".
    as_places = [
        replace(e, path=e.path if e.path == STDIN_PATH else os.path.normpath(e.path))
        for e in entries
    ]
    assert [{e.doc_id for e in h} for h in versions.histories] == _reference_groups(as_places)
    for number, history in enumerate(versions.histories):
        for position, version in enumerate(history):
            assert versions.group[version.doc_id] == number
            assert versions.is_current(version.doc_id) == (position == len(history) - 1)
