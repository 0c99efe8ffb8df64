"""The formula guard: inert in spreadsheets, and exactly reversible."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.export.guard import FORMULA_STARTS, guard, looks_unguarded, unguard


def test_formula_starts_are_prefixed() -> None:
    for text in ("=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"):
        assert guard(text) == "'" + text


def test_plain_text_and_empty_cells_are_left_alone() -> None:
    assert guard("") == ""
    assert guard("Hello = world") == "Hello = world"
    assert guard("3,000") == "3,000"


def test_a_leading_quote_is_doubled_so_unguard_is_exact() -> None:
    assert guard("'=x") == "''=x"
    assert unguard(guard("'=x")) == "'=x"
    assert unguard(guard("'tis")) == "'tis"


@given(st.text())
def test_guard_is_reversible_and_never_starts_a_formula(text: str) -> None:
    guarded = guard(text)
    assert unguard(guarded) == text
    assert not guarded or guarded[0] not in FORMULA_STARTS
    assert not looks_unguarded(guarded)
