"""The storage layer: atomic writes, backups, temp cleanup, damage detection, migration."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.store import DocumentStore, StoreDamaged
from annotator.store import migrate as migrate_module
from annotator.store.migrate import SCHEMA_VERSION, MigrationError, migrate
from annotator.store.storage import (
    RecordLines,
    atomic_write_bytes,
    backup_path,
    parse_store_bytes,
    read_store_bytes,
    serialize_tables,
)
from tests.store.helpers import annotation, store_file


def _saved_store(path: Path, *notes: str) -> None:
    store = DocumentStore(path)
    for index, note in enumerate(notes):
        store.save(annotation(f"a{index}", note=note))
        assert store.flush(5)
    assert store.close()


def test_atomic_write_replaces_whole_file_and_keeps_backup(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    atomic_write_bytes(target, b"one", keep_backup=True)
    assert not backup_path(target).exists()
    atomic_write_bytes(target, b"two", keep_backup=True)
    assert target.read_bytes() == b"two"
    assert backup_path(target).read_bytes() == b"one"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.json", "x.json.bak"]


def test_failed_write_leaves_old_file_and_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "x.json"
    atomic_write_bytes(target, b"old")

    def refuse(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("annotator.files.os.replace", refuse)
    with pytest.raises(OSError):
        atomic_write_bytes(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_store_file_is_enveloped_sorted_and_backed_up(tmp_path: Path) -> None:
    path = store_file(tmp_path)
    _saved_store(path, "first", "second")
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["schema_version"] == SCHEMA_VERSION
    notes = sorted(r["note"] for r in document["tables"]["annotations"].values())
    assert notes == ["first", "second"]
    backup = json.loads(backup_path(path).read_text(encoding="utf-8"))
    assert [r["note"] for r in backup["tables"]["annotations"].values()] == ["first"]
    assert path.read_bytes() == serialize_tables(document["tables"])


def test_open_removes_leftover_temp_files(tmp_path: Path) -> None:
    path = store_file(tmp_path)
    _saved_store(path, "kept")
    leftovers = [
        path.with_name(f".{path.name}.99999.tmp"),
        path.with_name(f".{path.name}.bak.99999.tmp"),
    ]
    for leftover in leftovers:
        leftover.write_bytes(b'{"half": ')
    other = path.with_name(".bob.json.99999.tmp")
    other.write_bytes(b"")
    store = DocumentStore(path)
    try:
        assert sorted(store.removed_temps) == sorted(leftovers)
        assert not any(p.exists() for p in leftovers)
        assert other.exists(), "another coder's temp file is not ours to remove"
        assert [a.note for a in store.load()] == ["kept"]
    finally:
        store.close()


DAMAGE = {
    "truncated": (lambda good: good[: len(good) // 2], "not valid JSON"),
    "nul-filled": (lambda good: b"\x00" * len(good), "only NUL bytes"),
    "nul-tail": (lambda good: good[:40] + b"\x00" * 64, "NUL bytes"),
    "not-json": (lambda good: b"hello, this is not json\n", "not valid JSON"),
    "json-list": (lambda good: b"[1, 2, 3]\n", "found a JSON list"),
    "newer-schema": (
        lambda good: json.dumps({"schema_version": SCHEMA_VERSION + 1, "tables": {}}).encode(),
        "newer than this annotator understands",
    ),
    "zero-bytes": (lambda good: b"", "empty (0 bytes)"),
    "not-utf8": (lambda good: b"\xff\xfe{}", "not UTF-8"),
    "empty-object": (lambda good: b"{}", "empty JSON object"),
    "no-tables": (lambda good: b'{"schema_version": 2, "tables": {}}', "holds no tables"),
    "table-not-object": (
        lambda good: b'{"schema_version": 2, "tables": {"annotations": [1]}}',
        "is not an object",
    ),
    "nested-too-deep": (lambda good: b"[" * 200_000, "nests too deeply"),
}


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_damaged_file_is_reported_and_never_touched(tmp_path: Path, kind: str) -> None:
    path = store_file(tmp_path)
    _saved_store(path, "first", "second")
    damage, expected = DAMAGE[kind]
    path.write_bytes(damage(path.read_bytes()))
    before = path.read_bytes()
    backup_before = backup_path(path).read_bytes()

    with pytest.raises(StoreDamaged) as caught:
        DocumentStore(path)
    assert caught.value.path == path
    assert expected in caught.value.problem
    assert caught.value.backup == backup_path(path)
    assert str(path) in str(caught.value) and "annotator doctor --restore" in str(caught.value)
    # Read-only opening reports the same damage.
    with pytest.raises(StoreDamaged):
        DocumentStore(path, read_only=True)
    assert path.read_bytes() == before
    assert backup_path(path).read_bytes() == backup_before
    # The failed open released its lock: nothing is left holding the store.
    assert not path.with_name(f"{path.name}.lock").exists()


@pytest.mark.parametrize(
    "document",
    [
        {"schema_version": "1", "tables": {}},
        {"schema_version": 1, "tables": []},
        {"schema_version": 1, "tables": {"annotations": "text"}},
        {"schema_version": 2, "tables": {"annotations": {}, "state": ["not", "a", "table"]}},
        {"schema_version": 1, "tables": {}},
        {"schema_version": 2},
        {"annotations": ["not", "a", "table"]},
        {"tables": {"annotations": {}}},
        {},
    ],
)
def test_malformed_envelopes_are_damage(tmp_path: Path, document: object) -> None:
    with pytest.raises(StoreDamaged):
        parse_store_bytes(tmp_path / "s.json", json.dumps(document).encode())


LEGACY = {
    "_default": {},
    "annotations": {
        "1": annotation("old-1", note="from the reader issue").to_record(),
        "2": annotation("old-2", tags=("statistic",)).to_record(),
    },
}


def test_legacy_tinydb_file_is_recognised_not_damage(tmp_path: Path) -> None:
    parsed = read_store_bytes(tmp_path / "s.json", json.dumps(LEGACY).encode())
    assert parsed.version == 0
    assert parse_store_bytes(tmp_path / "s.json", json.dumps(LEGACY).encode()) == {
        "annotations": LEGACY["annotations"],
        "state": {"1": {"cursor": None, "finished": None}},
    }


def test_legacy_file_is_migrated_on_the_first_write_with_original_kept(tmp_path: Path) -> None:
    path = store_file(tmp_path)
    path.parent.mkdir(parents=True)
    original = json.dumps(LEGACY).encode()
    path.write_bytes(original)
    kept = path.with_name(f"{path.name}.schema0.bak")

    reader = DocumentStore(path, read_only=True)
    assert sorted(a.id for a in reader.load()) == ["old-1", "old-2"]
    reader.close()
    assert path.read_bytes() == original, "a read-only open never rewrites"

    store = DocumentStore(path, coder="alice")
    try:
        assert path.read_bytes() == original, "opening alone never rewrites"
        assert not kept.exists()
        assert sorted(a.id for a in store.load()) == ["old-1", "old-2"]
        store.save(annotation("new", note="after migration"))
        assert store.flush(5)
        assert store.migration_backup == kept
        assert kept.read_bytes() == original
        migrated = json.loads(path.read_text(encoding="utf-8"))
        assert migrated["schema_version"] == SCHEMA_VERSION
        assert migrated["tables"]["coder"] == {"1": {"name": "alice"}}
    finally:
        store.close()
    again = DocumentStore(path, read_only=True)
    assert sorted(a.id for a in again.load()) == ["new", "old-1", "old-2"]
    again.close()
    assert kept.read_bytes() == original


def test_migrate_applies_steps_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """A future schema 3 only needs a step; files of any older version then follow."""

    def to_three(tables: dict[str, dict[str, object]]) -> dict[str, dict[str, object]]:
        return {name: {k: {**v, "v3": True} for k, v in t.items()} for name, t in tables.items()}

    monkeypatch.setitem(migrate_module.MIGRATIONS, 2, to_three)
    tables = {"_default": {}, "annotations": {"1": {"id": "x"}}}
    assert migrate(tables, 0, 3) == {
        "annotations": {"1": {"id": "x", "v3": True}},
        "state": {"1": {"cursor": None, "finished": None, "v3": True}},
    }
    assert migrate({"annotations": {}}, 3, 3) == {"annotations": {}}
    with pytest.raises(MigrationError):
        migrate(tables, 0, 4)
    with pytest.raises(MigrationError):
        migrate(tables, 2, 1)


def test_legacy_record_that_is_not_an_object_is_damage(tmp_path: Path) -> None:
    assert migrate({"annotations": {}}, 0, 1) == {"annotations": {}}
    with pytest.raises(MigrationError):
        migrate({"annotations": {"1": "x"}}, 0)  # type: ignore[dict-item]


def test_serialized_file_has_one_record_per_line_and_round_trips() -> None:
    records = {str(i): annotation(f"a{i}", note='line\nbreak "q" ü').to_record() for i in range(12)}
    tables = {"_empty": {}, "annotations": records}
    data = serialize_tables(tables)
    assert json.loads(data) == {"schema_version": SCHEMA_VERSION, "tables": tables}
    lines = data.decode("utf-8").splitlines()
    assert len(lines) == 3 + 2 + len(records) + 3
    assert sum(1 for line in lines if '"id": "a' in line) == len(records)
    assert serialize_tables(tables) == data, "the same tables give the same bytes"


@given(st.binary(max_size=200))
@settings(max_examples=200, deadline=None)
def test_any_bytes_are_read_or_reported_as_damage(data: bytes) -> None:
    try:
        tables = parse_store_bytes(Path("s.json"), data)
    except StoreDamaged as exc:
        assert exc.problem
    else:
        assert isinstance(tables, dict)


@given(
    st.dictionaries(
        st.text(max_size=5),
        st.dictionaries(
            st.text(max_size=5),
            st.dictionaries(st.text(max_size=5), st.text(max_size=10) | st.integers()),
            max_size=4,
        ),
        min_size=1,
        max_size=3,
    )
)
@settings(max_examples=100, deadline=None)
def test_serialize_round_trips(tables: dict[str, dict[str, dict[str, object]]]) -> None:
    assert read_store_bytes(Path("s.json"), serialize_tables(tables)).tables == tables


def test_record_lines_reuse_only_equal_records() -> None:
    cache = RecordLines()
    records = {str(i): annotation(f"a{i}", note=f"n{i}").to_record() for i in range(5)}
    tables = {"annotations": records}
    first = serialize_tables(tables, cache)
    assert first == serialize_tables(tables)
    # TinyDB changes its documents in place: the cached line must not survive that.
    records["2"]["note"] = "changed in place"
    records["3"]["tags"].append("claim")
    second = serialize_tables(tables, cache)
    assert second == serialize_tables(tables)
    assert b"changed in place" in second
    del records["4"]
    third = serialize_tables(tables, cache)
    assert third == serialize_tables(tables)
    assert b'"a4"' not in third


values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=6,
)


@given(
    st.lists(
        st.tuples(st.sampled_from("abcd"), st.text(max_size=3), values | st.just("<del>")),
        max_size=25,
    )
)
@settings(max_examples=150, deadline=None)
def test_record_lines_never_change_the_bytes(edits: list[tuple[str, str, object]]) -> None:
    """Whatever is changed in place between saves, a save with the cache writes the same
    bytes as a save without it."""
    cache = RecordLines()
    table: dict[str, dict[str, object]] = {}
    for key, field, value in edits:
        if value == "<del>":
            table.pop(key, None)
        else:
            table.setdefault(key, {})[field] = value
        tables = {"annotations": table}
        assert serialize_tables(tables, cache) == serialize_tables(tables)


def test_a_number_that_changes_type_is_written_again() -> None:
    """``False == 0`` in Python, but not in the file: the cache must not mix them up."""
    cache = RecordLines()
    for value in (
        0,
        False,
        0.0,
        0,
        1,
        True,
        1.0,
        1,
        [0],
        [False],
        [0.0],
        [0],
        {"m": 1},
        {"m": 1.0},
    ):
        tables = {"annotations": {"a": {"n": value}}}
        assert serialize_tables(tables, cache) == serialize_tables(tables), value
