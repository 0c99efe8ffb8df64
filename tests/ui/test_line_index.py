"""The reader's line index: paragraph starts, lookups and height changes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from annotator.ui.reader.line_index import LineIndex


def test_starts_and_lookups_with_blank_separators() -> None:
    index = LineIndex([2, 1, 3])
    assert index.offsets == [0, 3, 5]
    assert index.height == 8
    assert index.locate(0) == (0, 0)
    assert index.locate(2) == (0, 2)  # the blank line after the first paragraph
    assert index.locate(3) == (1, 0)
    assert index.locate(7) == (2, 2)
    assert index.locate(8) is None and index.locate(-1) is None
    assert LineIndex([]).locate(0) is None


def test_a_height_change_moves_only_what_follows() -> None:
    index = LineIndex([2, 1, 3])
    assert index.set_height(1, 4)
    assert index.offsets == [0, 3, 8] and index.height == 11
    assert not index.set_height(1, 4)


@given(st.lists(st.integers(min_value=1, max_value=20), min_size=1, max_size=60), st.data())
def test_every_line_maps_back_to_its_paragraph(heights: list[int], data: st.DataObject) -> None:
    index = LineIndex(list(heights))
    slot = data.draw(st.integers(min_value=0, max_value=len(heights) - 1))
    index.set_height(slot, data.draw(st.integers(min_value=1, max_value=20)))
    expected = []
    for number, height in enumerate(index.heights):
        expected.extend((number, line) for line in range(height + 1))
    expected.pop()  # no blank line after the last paragraph
    assert [index.locate(y) for y in range(index.height)] == expected
