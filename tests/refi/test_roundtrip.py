"""Export, import into an empty data directory, export again: the coding comes back the same."""

from __future__ import annotations

import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.export.sources import from_catalog_entry, from_document
from annotator.refi import export_qdpx, import_qdpx
from annotator.store import DataDir
from annotator.text.document import load_document
from tests.export.builders import PRESS, annotate, store
from tests.refi.helpers import validate_project

CODES = [c.name for c in DEFAULT_CODEBOOK.codes]
SENTENCES = 6

# Notes as a coder may write them: any character XML can hold, CR and LF included.
notes = st.one_of(
    st.just(""),
    st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff").filter(
            lambda ch: ch in "\t\n\r" or ord(ch) >= 0x20
        ),
        min_size=1,
        max_size=40,
    ).filter(lambda note: note.strip() != ""),
)
coding = st.dictionaries(
    st.tuples(st.integers(0, SENTENCES - 1), st.sampled_from(["alice", "=bob", "Zoë Ünal"])),
    st.tuples(st.lists(st.sampled_from(CODES), unique=True), notes).filter(lambda c: c[0] or c[1]),
    min_size=1,
    max_size=10,
)
times = st.sampled_from(["2024-01-02T03:04:05.678Z", "2025-12-31T23:59:59.000Z"])


def record(annotation: object) -> tuple[object, ...]:
    a = annotation
    return (a.start, a.end, a.coder, a.tags, a.note, a.created, a.updated)  # type: ignore[attr-defined]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(coding=coding, created=times, finished=st.booleans())
def test_round_trip(
    coding: dict[tuple[int, str], tuple[list[str], str]], created: str, finished: bool
) -> None:
    with tempfile.TemporaryDirectory() as temp:
        tmp = Path(temp)
        (tmp / "release.txt").write_text(PRESS, encoding="utf-8", newline="")
        document = load_document(tmp / "release.txt")
        assert len(document.sentences) == SENTENCES
        made = [
            annotate(
                document, index, coder, tuple(DEFAULT_CODEBOOK.ordered(tags)), note
            ).with_changes(created=created, updated=created)
            for (index, coder), (tags, note) in coding.items()
        ]
        origin = DataDir(tmp / "origin")
        store(origin, document, made)
        marks = {(document.doc_id, "alice")} if finished else set()
        (tmp / "a").mkdir()
        export_qdpx(
            tmp / "a" / "p.qdpx",
            [from_document(document, origin)],
            DEFAULT_CODEBOOK,
            finished=marks,
        )
        with zipfile.ZipFile(tmp / "a" / "p.qdpx") as archive:
            validate_project(archive.read("project.qde"))

        fresh = DataDir(tmp / "fresh")
        done = import_qdpx(fresh, tmp / "a" / "p.qdpx", DEFAULT_CODEBOOK, docs_dir=tmp / "docs")
        assert done.result.added == len(made)
        assert done.finished == marks
        (entry,) = fresh.catalog()
        assert entry.doc_id == document.doc_id
        assert sorted(map(record, fresh.annotations(document.doc_id))) == sorted(map(record, made))

        (tmp / "b").mkdir()
        export_qdpx(
            tmp / "b" / "p.qdpx",
            [from_catalog_entry(entry, fresh)],
            done.codebook,
            finished=done.finished,
        )
        assert (tmp / "b" / "p.qdpx").read_bytes() == (tmp / "a" / "p.qdpx").read_bytes()
