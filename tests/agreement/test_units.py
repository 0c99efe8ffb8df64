"""Units: finished coders only, and the common refinement of their sentence boundaries."""

from __future__ import annotations

import pytest

from annotator.agreement.units import CodedSentence, CoderWork, DocumentWork, refine


def s(start: int, end: int, *codes: str, note: str = "") -> CodedSentence:
    return CodedSentence(start, end, frozenset(codes), note)


def doc(*works: CoderWork, text: str = "") -> DocumentWork:
    return DocumentWork("d1", "d1.txt", works, text)


def test_identical_boundaries_give_the_sentences_as_units() -> None:
    a = CoderWork("a", True, (s(0, 10, "x"), s(11, 20)))
    b = CoderWork("b", True, (s(0, 10), s(11, 20, "y")))
    refined = refine(doc(a, b))
    assert [(u.start, u.end) for u in refined.units] == [(0, 10), (11, 20)]
    assert refined.refined_units == 0
    assert [[c for c, _ in u.sentences] for u in refined.units] == [["a", "b"], ["a", "b"]]


def test_a_split_refines_the_other_coders_sentence() -> None:
    """b split a's sentence [0, 20) at 11: both pieces carry a's codes and note."""
    a = CoderWork("a", True, (s(0, 20, "x", note="why"), s(21, 30)))
    b = CoderWork("b", True, (s(0, 10, "x"), s(11, 20, "y"), s(21, 30)))
    refined = refine(doc(a, b))
    assert [(u.start, u.end) for u in refined.units] == [(0, 10), (11, 20), (21, 30)]
    first, second, third = refined.units
    assert dict(first.sentences)["a"] == dict(second.sentences)["a"] == s(0, 20, "x", note="why")
    assert dict(first.sentences)["b"].codes == {"x"}
    assert dict(second.sentences)["b"].codes == {"y"}
    assert first.refined and second.refined and not third.refined
    assert refined.refined_units == 2


def test_crossing_boundaries_are_all_cut() -> None:
    a = CoderWork("a", True, (s(0, 14, "x"), s(15, 30, "y")))
    b = CoderWork("b", True, (s(0, 6), s(7, 30, "y")))
    refined = refine(doc(a, b))
    assert [(u.start, u.end) for u in refined.units] == [(0, 6), (7, 14), (15, 30)]
    codes = [{c: st.codes for c, st in u.sentences} for u in refined.units]
    assert codes == [
        {"a": {"x"}, "b": set()},
        {"a": {"x"}, "b": {"y"}},
        {"a": {"y"}, "b": {"y"}},
    ]
    assert refined.refined_units == 3


def test_a_coder_without_a_sentence_there_is_missing_not_absent() -> None:
    a = CoderWork("a", True, (s(0, 10), s(11, 20, "x")))
    b = CoderWork("b", True, (s(0, 10),))
    (first, second) = refine(doc(a, b)).units
    assert [c for c, _ in first.sentences] == ["a", "b"]
    assert [c for c, _ in second.sentences] == ["a"]


def test_unfinished_coders_are_excluded_and_do_not_cut_units() -> None:
    a = CoderWork("a", True, (s(0, 20, "x"),))
    b = CoderWork("b", True, (s(0, 20),))
    c = CoderWork("c", False, (s(0, 10, "x"), s(11, 20)))
    refined = refine(doc(a, b, c))
    assert refined.coders == ("a", "b")
    assert refined.excluded == ("c",)
    assert [(u.start, u.end) for u in refined.units] == [(0, 20)]


def test_nobody_finished_gives_no_units() -> None:
    refined = refine(doc(CoderWork("a", False, (s(0, 10, "x"),))))
    assert refined.units == () and refined.coders == () and refined.excluded == ("a",)


def test_a_finished_coder_with_nothing_coded_still_has_values() -> None:
    a = CoderWork("a", True, (s(0, 10, "x"), s(11, 20)))
    b = CoderWork("b", True, (s(0, 10), s(11, 20)))
    units = refine(doc(a, b)).units
    assert all(len(u.sentences) == 2 for u in units)
    assert [st.codes for _, st in units[0].sentences] == [{"x"}, set()]


def test_quote_comes_from_the_text() -> None:
    text = "First one. Second one."
    a = CoderWork("a", True, (s(0, 10), s(11, 22)))
    refined = refine(doc(a, text=text))
    assert [refined.quote(u) for u in refined.units] == ["First one.", "Second one."]
    assert refine(doc(a)).quote(refined.units[0]) == ""


def test_coders_are_listed_in_name_order_whatever_the_input_order() -> None:
    z = CoderWork("z", True, (s(0, 10),))
    a = CoderWork("a", True, (s(0, 10),))
    (unit,) = refine(doc(z, a)).units
    assert [c for c, _ in unit.sentences] == ["a", "z"]


@pytest.mark.parametrize(
    "sentences",
    [
        (s(0, 10), s(5, 15)),  # overlapping
        (s(11, 20), s(0, 10)),  # out of order
        (s(3, 3),),  # empty
    ],
)
def test_inconsistent_sentences_are_refused(sentences: tuple[CodedSentence, ...]) -> None:
    with pytest.raises(ValueError):
        CoderWork("a", True, sentences)


def test_a_coder_twice_is_refused() -> None:
    a = CoderWork("a", True, ())
    with pytest.raises(ValueError, match="twice"):
        doc(a, a)
