"""Property tests: random edits to a coded text never mislead re-anchoring.

Hypothesis draws a press release (or the press gaggle transcript, whose many repeated
lines are the hard case), a list of edits and a seed; ``edits.py`` (beside this file)
makes the old and the new version and records where each sentence went. Then, with and without the
old text at hand:

- no annotation is placed on a sentence whose text differs, beyond the threshold, from
  the text it was made on, and none is lost;
- a sentence that did not change, in a context that did not change, keeps its
  annotations.
"""

from __future__ import annotations

from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.coding.reanchoring.reanchor import DEFAULT_THRESHOLDS, Placed, reanchor
from annotator.coding.reanchoring.similarity import similarity
from tests.coding.reanchoring.edits import Edit, Fate, Kind, Scenario, read_text, scenario
from tests.helpers import DATA

CORPUS = DATA / "corpus"
BASES = (
    "en_pr_pclob_2014-08-07_short_term_agenda.txt",
    "en_pr_pclob_2016-02-05_recommendations_update.txt",
    "en_pr_whitehouse_2021-12-15_nsc_armenia_statement.txt",
    "en_pr_whitehouse_2022-10-13_cpi_statement.txt",
    "en_pr_whitehouse_2022-10-18_energy_fact_sheet.txt",
    "en_pr_whitehouse_2024-08-09_pact_act_fact_sheet.txt",
    "en_transcript_whitehouse_2024-01-12_press_gaggle.txt",
)


@cache
def base_text(name: str) -> str:
    return read_text(CORPUS / name)


@cache
def donors(name: str) -> tuple[str, ...]:
    """Paragraphs of the other documents, to insert."""
    found: list[str] = []
    for other in BASES:
        if other != name:
            found.extend(p for p in base_text(other).split("\n\n") if 60 < len(p) < 500)
    return tuple(found)


edits = st.lists(
    st.builds(
        Edit,
        st.sampled_from(list(Kind)),
        st.integers(0, 1 << 20),
        st.integers(0, 1 << 20),
    ),
    max_size=8,
)


def make(name: str, edit_list: list[Edit], seed: int) -> Scenario:
    return scenario(
        base_text(name),
        edit_list,
        name=name,
        seed=seed,
        donors=donors(name),
        coders=(("ann", 0.7), ("bob", 0.4)),
    )


def untouched(case: Scenario, index: int) -> bool:
    """Whether annotation ``index``'s sentence, and the text around it, did not change,
    and its text occurs once in each version (so no rule could doubt it)."""
    annotation = case.annotations[index]
    truth = case.truth[annotation.id]
    if truth.fate is not Fate.UNCHANGED or truth.target is None:
        return False
    quote = annotation.quote
    return (
        case.new.sentence_text(truth.target) == quote
        and case.new.context(truth.target) == (annotation.prefix, annotation.suffix)
        and case.old.text.count(quote) == 1
        and case.new.text.count(quote) == 1
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(BASES),
    edit_list=edits,
    seed=st.integers(0, 1 << 16),
    with_old_text=st.booleans(),
)
def test_never_placed_on_a_different_sentence_and_unchanged_ones_stay(
    name: str, edit_list: list[Edit], seed: int, with_old_text: bool
) -> None:
    case = make(name, edit_list, seed)
    result = reanchor(case.annotations, case.new, case.old_text if with_old_text else None)

    assert [o.annotation for o in result.outcomes] == case.annotations  # none lost
    taken: set[tuple[str, int]] = set()
    for outcome in result.outcomes:
        if not isinstance(outcome, Placed):
            continue
        text = case.new.sentence_text(outcome.sentence)
        alike = similarity(outcome.annotation.quote, text)
        assert alike >= DEFAULT_THRESHOLDS.quote_accept, (outcome, text)
        assert outcome.moved.quote == text
        assert (outcome.moved.start, outcome.moved.end) == (
            case.new.sentences[outcome.sentence].start,
            case.new.sentences[outcome.sentence].end,
        )
        key = (outcome.annotation.coder, outcome.sentence)
        assert key not in taken, "two annotations of one coder on one sentence"
        taken.add(key)

    for index, outcome in enumerate(result.outcomes):
        if untouched(case, index):
            truth = case.truth[outcome.annotation.id]
            assert isinstance(outcome, Placed), outcome
            assert outcome.sentence == truth.target


@settings(max_examples=25, deadline=None)
@given(name=st.sampled_from(BASES), seed=st.integers(0, 1 << 16))
def test_an_unedited_text_keeps_every_annotation_where_it_was(name: str, seed: int) -> None:
    case = make(name, [], seed)
    for old_text in (None, case.old_text):
        result = reanchor(case.annotations, case.new, old_text)
        for outcome in result.outcomes:
            assert isinstance(outcome, Placed), outcome
            assert outcome.moved == outcome.annotation
