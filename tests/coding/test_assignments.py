"""Assignments: balanced shares, the overlap sample, the same file for the same seed, and
every problem of a file named with its line."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.coding.assignments import (
    AssignmentError,
    Assignments,
    assignments_csv,
    parse_assignments,
    plan_assignments,
)

DOCS = [f"texts/d{n}.txt" for n in range(1, 101)]


@settings(max_examples=150, deadline=None)
@given(
    documents=st.integers(1, 60),
    coders=st.integers(2, 8),
    overlap=st.floats(0, 1),
    seed=st.integers(0, 2**32),
)
def test_every_document_once_shares_balanced_and_the_sample_to_everyone(
    documents: int, coders: int, overlap: float, seed: int
) -> None:
    names = [f"coder{n}" for n in range(coders)]
    planned = plan_assignments(DOCS[:documents], names, overlap=overlap, seed=seed)
    per_document = Counter(d for d, _ in planned.rows)
    assert set(per_document) == set(DOCS[:documents])
    sample = planned.overlap()
    assert len(sample) == int(overlap * documents + 0.5)
    assert all(per_document[d] == coders for d in sample)
    assert all(per_document[d] == 1 for d in per_document if d not in sample)
    shares = Counter(c for _, c in planned.rows)
    assert max(shares.values()) - min(shares.get(n, 0) for n in names) <= 1
    again = plan_assignments(list(reversed(DOCS[:documents])), names, overlap=overlap, seed=seed)
    assert again == planned
    assert parse_assignments(assignments_csv(planned), "a.csv") == planned


def test_another_seed_another_draw() -> None:
    one = plan_assignments(DOCS, ["a", "b", "c"], overlap=0.2, seed=1)
    two = plan_assignments(DOCS, ["a", "b", "c"], overlap=0.2, seed=2)
    assert one.overlap() != two.overlap()


@pytest.mark.parametrize(
    ("coders", "overlap", "message"),
    [
        (["a"], 0.2, "at least two coders"),
        (["a", "a"], 0.2, "twice"),
        (["a", " "], 0.2, "empty coder"),
        (["a", "b"], 1.01, "from 0 to 1"),
        (["a", "b"], -0.5, "from 0 to 1"),
    ],
)
def test_refused(coders: list[str], overlap: float, message: str) -> None:
    with pytest.raises(AssignmentError, match=message):
        plan_assignments(DOCS, coders, overlap=overlap, seed=0)


def test_no_documents_is_refused() -> None:
    with pytest.raises(AssignmentError, match="no documents"):
        plan_assignments([], ["a", "b"], overlap=0.2, seed=0)


def test_the_file_is_two_columns_with_lf_line_ends() -> None:
    text = assignments_csv(Assignments((("texts/a, b.txt", "ana"), ("texts/c.txt", "ben"))))
    assert text == 'document,coder\n"texts/a, b.txt",ana\ntexts/c.txt,ben\n'


def test_problems_are_named_with_their_line() -> None:
    found = parse_assignments(
        "document,coder\na.txt,ana\n,ben\na.txt,ana\n\nb.txt,ben\n", "assignments.csv"
    )
    assert found.rows == (("a.txt", "ana"), ("b.txt", "ben"))
    assert found.problems == (
        "assignments.csv:3: a row needs a document and a coder",
        "assignments.csv:4: a.txt is given to ana twice",
    )
    header = parse_assignments("doc,who\na,b\n", "assignments.csv")
    assert header.rows == () and "header must be 'document,coder'" in header.problems[0]


def test_conflict_markers_are_named_with_the_fix() -> None:
    found = parse_assignments(
        "document,coder\n<<<<<<< HEAD\na,x\n=======\na,y\n>>>>>>> b\n", "assignments.csv"
    )
    assert found.rows == ()
    (problem,) = found.problems
    assert "conflict markers" in problem and "annotator assign" in problem
