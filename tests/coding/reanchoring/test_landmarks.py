"""The position map: sure matches, kept only while they agree on the order of the text."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given
from hypothesis import strategies as st

from annotator.coding.reanchoring.landmarks import (
    Landmark,
    _longest_run,
    position_map,
    unique_lines,
)


def brute_force_longest(values: list[int]) -> int:
    for size in range(len(values), 0, -1):
        for chosen in combinations(range(len(values)), size):
            picked = [values[i] for i in chosen]
            if picked == sorted(picked):
                return size
    return 0


@given(st.lists(st.integers(0, 6), max_size=9))
def test_the_longest_run_is_longest_and_in_order(values: list[int]) -> None:
    run = _longest_run(values)
    assert run == sorted(run)
    picked = [values[i] for i in run]
    assert picked == sorted(picked)
    assert len(run) == brute_force_longest(values)


def test_unique_lines_skip_repeated_and_short_lines() -> None:
    old = "Title of the piece\nPUBLIUS.\nA line said twice.\nA line said twice.\nkept line here\n"
    new = "New first line added\nTitle of the piece\nPUBLIUS.\nkept line here\n"
    found = {(old[m.old[0] : m.old[1]], new[m.new[0] : m.new[1]]) for m in unique_lines(old, new)}
    assert found == {
        ("Title of the piece", "Title of the piece"),
        ("kept line here", "kept line here"),
    }


def test_a_moved_landmark_falls_out_and_the_brackets_follow_the_rest() -> None:
    # Old: A B C D at 0, 10, 20, 30; new: B C D then A (A moved to the end), 5 chars added.
    landmarks = [
        Landmark((0, 5), (35, 40)),
        Landmark((10, 15), (0, 5)),
        Landmark((20, 25), (10, 15)),
        Landmark((30, 35), (20, 25)),
    ]
    positions = position_map(landmarks, new_length=45, old_length=40)
    assert positions.old_points == (10, 15, 20, 25, 30, 35, 40)  # A's points fell out
    assert positions.bracket((0, 5)).distance((0, 5), (35, 40)) is None
    bracket = positions.bracket((16, 19))  # between B and C
    assert (bracket.low, bracket.high) == (5, 10)
    assert bracket.distance((16, 19), (6, 9)) == 0
    assert bracket.distance((16, 19), (7, 10)) == 1
    assert bracket.distance((16, 19), (30, 33)) is None  # outside
    assert (bracket.old_low, bracket.old_high) == (15, 20)


def test_an_edit_between_two_landmarks_is_absorbed_by_one_side_or_the_other() -> None:
    # 4 characters inserted between A (old 0-5) and B (old 20-25).
    positions = position_map(
        [Landmark((0, 5), (0, 5)), Landmark((20, 25), (24, 29))], new_length=40
    )
    bracket = positions.bracket((8, 12))
    assert bracket.distance((8, 12), (8, 12)) == 0  # the insertion was after it
    assert bracket.distance((8, 12), (12, 16)) == 0  # the insertion was before it
    assert bracket.distance((8, 12), (10, 14)) == 2  # edits on both sides
    assert bracket.shift_after is None or bracket.shift_after == 4
