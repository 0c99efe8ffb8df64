"""Adjudication in the coding layer: what is checked before it opens, the reference layer's
sentences, what every coder said, the disagreements, taking a coder's codes, and what
the reference file remembers of the decisions."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.coding.adjudication import (
    AdjudicationError,
    AdjudicationPlan,
    open_adjudication,
    plan_adjudication,
)
from annotator.coding.document_coders import read_coders
from annotator.coding.resegment import with_overrides
from annotator.coding.workspace import Workspace
from annotator.store import DataDir
from annotator.store.writer import Setting
from annotator.text.document import Document
from annotator.text.overrides import SegmentationOverrides
from tests.export.builders import code, write_document
from tests.helpers import set_corrections

# The document (tests.export.builders.PRESS) has six sentences in three paragraphs:
#   0 "The ministry said 3,000 people attended."   1 "=SUM(A1:A9) is not a formula here."
#   2 "-5 degrees was recorded."                    3 "Officials called it ..."
#   4 "@everyone should read this."                 5 "<script>... stay text."


def _finish(data_dir: DataDir, doc_id: str, coder: str) -> None:
    store = data_dir.open_store(doc_id, coder)
    store.set(Setting.FINISHED, "2026-01-02T03:04:05.678Z")
    assert store.close()


@pytest.fixture
def coded(tmp_path: Path) -> tuple[DataDir, Document]:
    """ana and ben finished; ben split sentence 0 after "The ministry said"; cem, who
    split sentence 2, did not finish."""
    document = write_document(tmp_path)
    data_dir = DataDir(tmp_path / "data")
    ben_split = SegmentationOverrides.of(splits=[18])  # "3,000 people attended."
    cem_split = SegmentationOverrides.of(splits=[88])  # "was recorded."
    code(
        data_dir,
        document,
        {
            0: (("claim",), "ana on 0"),
            1: (("claim",), ""),
            2: (("statistic",), ""),
            3: (("appeal",), ""),
        },
        coder="ana",
    )
    code(
        data_dir,
        with_overrides(document, ben_split),
        {
            0: (("claim",), ""),
            1: (("claim", "statistic"), "ben on the number"),
            2: (("claim",), ""),
            3: (("assertion",), ""),
            4: (("statistic",), ""),
            5: (("appeal",), ""),
        },
        coder="ben",
    )
    code(data_dir, with_overrides(document, cem_split), {0: (("appeal",), "")}, coder="cem")
    set_corrections(data_dir, document.doc_id, "ben", ben_split)
    set_corrections(data_dir, document.doc_id, "cem", cem_split)
    for coder in ("ana", "ben"):
        _finish(data_dir, document.doc_id, coder)
    return data_dir, document


def _plan(
    data_dir: DataDir, document: Document, coders: list[str] | None = None
) -> AdjudicationPlan:
    return plan_adjudication(read_coders(data_dir, document), coders, "gold")


def test_what_is_checked_before_anything_opens(coded: tuple[DataDir, Document]) -> None:
    data_dir, document = coded
    found = read_coders(data_dir, document)
    with pytest.raises(AdjudicationError, match=r"unknown coder 'zoe'.*ana, ben, cem"):
        plan_adjudication(found, ["ana", "zoe"], "gold")
    with pytest.raises(AdjudicationError, match="'ana' is the reference layer"):
        plan_adjudication(found, ["ana", "ben"], "ana")
    with pytest.raises(AdjudicationError, match=r"'cem' has coded .* as a coder"):
        plan_adjudication(found, ["ana", "ben"], "cem")
    with pytest.raises(
        AdjudicationError, match=r"two coders who finished.*found 1; not finished: cem"
    ):
        plan_adjudication(found, ["ana", "cem"], "gold")
    plan = plan_adjudication(found, None, "gold")
    assert [c.coder for c in plan.coders.coders] == ["ana", "ben", "cem"]


def test_a_new_reference_is_the_refinement_with_the_agreed_sentences_filled(
    coded: tuple[DataDir, Document],
) -> None:
    data_dir, document = coded
    adjudication = open_adjudication(
        Workspace(data_dir, "gold", DEFAULT_CODEBOOK), _plan(data_dir, document)
    )
    session = adjudication.session
    starts = [s.start for s in session.document.sentences]
    assert starts == [0, 18, 41, 77, 102, 146, 174], "ben's split counts, unfinished cem's not"
    assert session.flush(5)
    assert session.store.reference
    # Reference sentence 0 is "The ministry said": ana's claim (on her whole sentence)
    # and ben's claim on his first piece agree; on the rest of it they do not.
    assert session.tags(0) == ["claim"]
    assert session.tags(1) == [] and adjudication.disagrees(1)
    assert session.tags(2) == ["claim"] and not adjudication.disagrees(2)
    assert adjudication.filled == 2
    assert adjudication.disagreements() == [1, 3, 4, 5]
    assert adjudication.open_disagreements() == [1, 3, 4, 5]
    assert session.undo() is None, "filling is not an edit to undo"
    assert adjudication.close()
    work = data_dir.work(document.doc_id, "gold")
    assert work is not None and work.reference and work.corrections


def test_what_each_coder_said_by_number(coded: tuple[DataDir, Document]) -> None:
    data_dir, document = coded
    adjudication = open_adjudication(
        Workspace(data_dir, "gold", DEFAULT_CODEBOOK), _plan(data_dir, document)
    )
    ana, ben, cem = adjudication.answers(1)
    assert (ana.coder, ana.number, ana.codes, ana.note) == ("ana", 1, ("claim",), "ana on 0")
    assert (ben.coder, ben.number, ben.codes, ben.note) == (
        "ben",
        2,
        ("claim", "statistic"),
        "ben on the number",
    )
    assert ana.finished and ben.finished and not cem.finished
    assert cem.codes == ("appeal",) and cem.covered
    assert adjudication.finished_coders == ("ana", "ben")
    assert adjudication.agreed(2) == ("claim",) and adjudication.agreed(1) is None
    assert adjudication.close()


def test_next_and_previous_disagreement_with_a_count(coded: tuple[DataDir, Document]) -> None:
    data_dir, document = coded
    adjudication = open_adjudication(
        Workspace(data_dir, "gold", DEFAULT_CODEBOOK), _plan(data_dir, document)
    )
    assert adjudication.step(0, forward=True) == 1
    assert adjudication.step(1, forward=True) == 3
    assert adjudication.step(1, forward=True, count=2) == 4
    assert adjudication.step(5, forward=True) is None
    assert adjudication.step(5, forward=False) == 4
    assert adjudication.step(3, forward=False) == 1
    assert adjudication.step(1, forward=False) is None
    assert adjudication.close()


def test_taking_a_coder_s_codes_decides_the_sentence_and_is_remembered(
    coded: tuple[DataDir, Document],
) -> None:
    data_dir, document = coded
    workspace = Workspace(data_dir, "gold", DEFAULT_CODEBOOK)
    adjudication = open_adjudication(workspace, _plan(data_dir, document))
    change = adjudication.take(1, 2)
    assert change.after is not None and change.after.tags == ("claim", "statistic")
    assert adjudication.session.note(1) == "", "the reference's note is the adjudicator's own"
    assert adjudication.decided(1) and adjudication.open_disagreements() == [3, 4, 5]
    adjudication.session.toggle_tag(3, "appeal")
    adjudication.session.toggle_tag(3, "appeal")  # back to no code: still decided
    adjudication.session.toggle_tag(2, "claim")  # the adjudicator drops an agreed code
    with pytest.raises(IndexError):
        adjudication.take(4, 4)
    assert adjudication.session.undo() is not None
    assert adjudication.close()

    again = open_adjudication(workspace, _plan(data_dir, document))
    assert again.open_disagreements() == [4, 5]
    assert again.session.tags(1) == ["claim", "statistic"]
    assert again.session.tags(2) == ["claim"], "undone: the drop did not happen"
    assert again.filled == 0
    assert again.close()


def test_a_decided_agreed_sentence_is_not_filled_again(coded: tuple[DataDir, Document]) -> None:
    data_dir, document = coded
    workspace = Workspace(data_dir, "gold", DEFAULT_CODEBOOK)
    first = open_adjudication(workspace, _plan(data_dir, document))
    first.session.toggle_tag(2, "claim")
    assert first.session.tags(2) == []
    assert first.close()
    again = open_adjudication(workspace, _plan(data_dir, document))
    assert again.session.tags(2) == [] and again.filled == 0
    assert again.close()


def test_a_reference_opened_read_only_changes_nothing(coded: tuple[DataDir, Document]) -> None:
    data_dir, document = coded
    workspace = Workspace(data_dir, "gold", DEFAULT_CODEBOOK)
    holder = open_adjudication(workspace, _plan(data_dir, document))
    assert holder.session.flush(5)
    before = data_dir.store_path(document.doc_id, "gold").read_bytes()
    second = open_adjudication(workspace, _plan(data_dir, document))
    assert second.session.read_only and second.filled == 0
    assert second.close()
    assert holder.close()
    assert data_dir.store_path(document.doc_id, "gold").read_bytes() == before
