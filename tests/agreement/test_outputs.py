"""The outputs: a Rich table of Text cells, CSV with the same figures, a script-free page."""

from __future__ import annotations

import csv
import io
import re

import pytest
from rich.console import Console
from rich.table import Table
from rich.text import Text

from annotator.agreement import (
    AgreementOptions,
    AgreementReport,
    BootstrapSettings,
    CodedSentence,
    CoderWork,
    DocumentWork,
    agreement_table,
    compute_agreement,
    render_html,
    write_csv,
)
from annotator.agreement.output_csv import COLUMNS
from annotator.agreement.output_table import scope_table
from tests.agreement.builders import codebook, document

HOSTILE = "[bold red]x[/]<script>alert(1)</script>\x1b[2J"
FEW = AgreementOptions(bootstrap=BootstrapSettings(resamples=50))
BOOK = codebook("claim", "appeal")


def report_with_hostile_names() -> AgreementReport:
    """Coders, a document, a note and a tag outside the codebook, all hostile."""
    text = "One claim here. Another sentence. A third one!"
    spans = [(0, 15), (16, 33), (34, 46)]

    def work(coder: str, tags: list[set[str]], note: str = "") -> CoderWork:
        return CoderWork(
            coder,
            True,
            tuple(
                CodedSentence(start, end, frozenset(t), note if i == 0 else "")
                for i, ((start, end), t) in enumerate(zip(spans, tags, strict=True))
            ),
        )

    doc = DocumentWork(
        "0123456789abcdef",
        HOSTILE + ".txt",
        (
            work("ann", [{"claim"}, {"claim", HOSTILE}, set()], note=HOSTILE),
            work(HOSTILE, [{"claim"}, set(), {"appeal"}]),
            CoderWork("late", False, ()),
        ),
        text,
    )
    return compute_agreement([doc], BOOK, FEW)


def rendered(renderable: object, *, colour: bool = False) -> str:
    console = Console(
        file=io.StringIO(), width=200, color_system="truecolor" if colour else None, record=True
    )
    console.print(renderable)
    return console.export_text()


# -- table ------------------------------------------------------------------------------


def test_every_cell_of_the_table_is_text() -> None:
    report = report_with_hostile_names()
    table = scope_table(report.selection, "title", 0.95)
    assert isinstance(table, Table)
    for column in table.columns:
        assert all(isinstance(cell, Text) for cell in column._cells)


def test_labels_are_never_markup_and_controls_never_reach_the_terminal() -> None:
    out = rendered(agreement_table(report_with_hostile_names(), per_document=True))
    assert "[bold red]x[/]" in out
    assert "\x1b" not in out
    assert "␛" in out


def test_the_table_shows_the_figures_and_the_thresholds() -> None:
    report = compute_agreement(
        [document([[{"claim"}, set(), {"claim"}, set()] * 3] * 2)],
        BOOK,
        FEW,
    )
    out = rendered(agreement_table(report))
    assert "α ≥ 0.800 reliable" in out and "0.667 ≤ α < 0.800 tentative" in out
    assert "α < 0.667 not reliable" in out
    assert re.search(r"claim\s+│\s+1\.000\s+│\s+\[1\.000, 1\.000\]\s+│\s+1\.000", out)
    assert "appeal, α: no coder applied this code" in out
    table = scope_table(report.selection, "t", 0.95)
    alpha_cell = table.columns[1]._cells[0]
    assert isinstance(alpha_cell, Text) and alpha_cell.style == "bold green"


def test_the_table_lists_what_was_left_out() -> None:
    out = rendered(agreement_table(report_with_hostile_names()))
    assert "Left out (only finished documents count):" in out
    assert "late on 1 document (not finished):" in out


# -- CSV --------------------------------------------------------------------------------


def test_csv_has_one_row_per_scope_and_code_with_the_same_figures() -> None:
    report = compute_agreement(
        [
            document(
                [[{"claim"}, set(), {"claim"}] * 4, [{"claim"}, {"claim"}, set()] * 4], doc_id="a"
            ),
            document([[{"appeal"}, set()], [set(), set()]], doc_id="b"),
        ],
        BOOK,
        FEW,
    )
    out = io.StringIO()
    count = write_csv(out, report)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == COLUMNS
    assert count == len(rows) == 3 * (2 + 2)  # (selection + 2 documents) x (2 codes + 2 overall)
    selection_claim = rows[0]
    assert selection_claim["scope"] == "selection" and selection_claim["code"] == "claim"
    claim = report.selection.codes[0]
    assert float(selection_claim["alpha"]) == claim.alpha
    assert float(selection_claim["observed_agreement"]) == claim.observed_agreement
    assert int(selection_claim["units"]) == claim.units == 14
    assert selection_claim["cohen_kappa"] != ""
    low, high = claim.alpha_ci  # type: ignore[misc]
    assert (float(selection_claim["alpha_ci_low"]), float(selection_claim["alpha_ci_high"])) == (
        low,
        high,
    )
    masi = rows[2]
    assert masi["row"] == "overall_masi" and masi["code"] == "" and masi["alpha"] != ""
    nominal = rows[3]
    assert nominal["alpha"] == "" and nominal["reasons"].startswith("alpha: the codebook")
    document_b = [r for r in rows if r["doc_id"] == "b" and r["code"] == "claim"]
    assert document_b[0]["alpha"] == ""
    assert "no coder applied this code" in document_b[0]["reasons"]


def test_csv_guards_text_cells_but_not_numbers() -> None:
    book = codebook("=cmd", "appeal")
    matrix = [[{"=cmd"}, set(), {"=cmd"}], [set(), {"=cmd"}, {"=cmd"}]]
    report = compute_agreement([document(matrix, name="-doc.txt")], book, FEW)
    out = io.StringIO()
    write_csv(out, report)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[0]["code"] == "'=cmd"
    assert float(rows[0]["alpha"]) < 0  # a negative figure stays a number
    assert next(r["document"] for r in rows if r["scope"] == "document") == "'-doc.txt"


# -- HTML -------------------------------------------------------------------------------


def test_the_page_escapes_everything_and_runs_nothing() -> None:
    page = render_html(report_with_hostile_names(), BOOK)
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\x1b" not in page and "␛" in page
    assert 'http-equiv="Content-Security-Policy"' in page
    assert "default-src &#x27;none&#x27;" in page
    assert "javascript:" not in page.lower() and " on" not in re.sub(r">[^<]*<", "><", page)


def test_the_page_shows_whiskers_confusion_and_disagreements() -> None:
    page = render_html(report_with_hostile_names(), BOOK)
    assert page.count("<svg") == 1 and "<circle" in page
    assert "Coder by coder, per code" in page
    assert "Disagreements" in page
    assert "Another sentence." in page  # a sentence the two coders coded differently
    assert "One claim here." not in page.split("Disagreements")[1]  # they agree on it
    assert "no code" in page
    assert "late (not finished)" in page


def test_the_confusion_table_counts_units_both_coded() -> None:
    report = compute_agreement(
        [document([[{"claim"}, {"claim"}, set(), set()], [{"claim"}, set(), {"claim"}, set()]])],
        BOOK,
        FEW,
    )
    page = render_html(report, BOOK)
    claim = page.split("<h3>claim</h3>")[1].split("</table>")[0]
    cells = re.findall(r'<td class="n">(\d+)</td>', claim)
    assert cells == ["1", "1", "1", "1"]  # both, only c0, only c1, neither


@pytest.mark.parametrize("resamples", [1, 50])
def test_the_page_handles_undefined_intervals(resamples: int) -> None:
    options = AgreementOptions(bootstrap=BootstrapSettings(resamples=resamples))
    report = compute_agreement([document([[{"claim"}], [set()]])], BOOK, options)
    page = render_html(report, BOOK)
    assert "undefined" in page
