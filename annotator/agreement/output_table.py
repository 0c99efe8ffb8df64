"""The report as Rich tables for the terminal: alpha coloured by the usual thresholds.

Every cell is a ``rich.text.Text`` built from ``safe_text.one_line``: code names, coder
names and document names come from users and are never read as markup, and control
characters never reach the terminal.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from annotator.agreement.bootstrap import Interval
from annotator.agreement.coefficients import Figure, Undefined
from annotator.agreement.model import (
    RELIABLE,
    TENTATIVE,
    AgreementReport,
    Exclusion,
    ScopeAgreement,
    verdict,
)
from annotator.safe_text import one_line
from annotator.wording import plural

STYLES = {
    "reliable": "bold green",
    "tentative": "yellow",
    "not reliable": "bold red",
    "undefined": "dim",
}
UNDEFINED_MARK = "—"
SHOWN_DOCUMENTS = 10
"""Documents named per line of what was left out; the JSON output lists them all."""


def number(value: Figure) -> str:
    """Three decimals, or a dash for a figure without a value."""
    return UNDEFINED_MARK if isinstance(value, Undefined) else f"{value:.3f}"


def interval(value: Interval | Undefined) -> str:
    if isinstance(value, Undefined):
        return UNDEFINED_MARK
    return f"[{value[0]:.3f}, {value[1]:.3f}]"


def legend() -> Text:
    """The thresholds, in the colours the table uses."""
    return Text.assemble(
        (f"α ≥ {RELIABLE:.3f} reliable", STYLES["reliable"]),
        " · ",
        (f"{TENTATIVE:.3f} ≤ α < {RELIABLE:.3f} tentative", STYLES["tentative"]),
        " · ",
        (f"α < {TENTATIVE:.3f} not reliable", STYLES["not reliable"]),
        " · ",
        (f"{UNDEFINED_MARK} undefined (reason below)", STYLES["undefined"]),
    )


def scope_table(scope: ScopeAgreement, title: str, confidence: float) -> Table:
    """Per code: alpha with its interval, observed agreement, both kappas, units, values."""
    table = Table(title=Text(one_line(title)), caption=legend(), caption_justify="left")
    table.add_column(Text("code"))
    for heading in ("α", f"{confidence:.0%} interval", "observed", "Cohen κ", "Fleiss κ"):
        table.add_column(Text(heading), justify="right")
    table.add_column(Text("units"), justify="right")
    table.add_column(Text("values"), justify="right")
    for code in scope.codes:
        style = STYLES[verdict(code.alpha)]
        table.add_row(
            Text(one_line(code.code, 30)),
            Text(number(code.alpha), style=style),
            Text(interval(code.alpha_ci), style=style),
            Text(number(code.observed_agreement)),
            Text(number(code.cohen_kappa)),
            Text(number(code.fleiss_kappa)),
            Text(str(code.units)),
            Text(str(code.pairable)),
        )
    table.add_section()
    overall = scope.overall
    for label, value in (
        ("all codes (MASI α)", overall.alpha_masi),
        ("single code (nominal α)", overall.alpha_nominal),
    ):
        table.add_row(
            Text(label, style="italic"),
            Text(number(value), style=STYLES[verdict(value)]),
            *(Text("") for _ in range(4)),
            Text(str(overall.units)),
            Text(str(overall.pairable)),
        )
    return table


def reasons(scope: ScopeAgreement) -> list[Text]:
    """One line per figure without a value: which, and why."""
    lines = []
    for code in scope.codes:
        for name, value in (
            ("α", code.alpha),
            ("interval", code.alpha_ci),
            ("observed", code.observed_agreement),
            ("Cohen κ", code.cohen_kappa),
            ("Fleiss κ", code.fleiss_kappa),
        ):
            if isinstance(value, Undefined):
                lines.append(Text(one_line(f"{code.code}, {name}: {value.reason}")))
    for name, value in (
        ("MASI α", scope.overall.alpha_masi),
        ("nominal α", scope.overall.alpha_nominal),
    ):
        if isinstance(value, Undefined):
            lines.append(Text(one_line(f"{name}: {value.reason}")))
    return lines


def left_out_lines(excluded: Sequence[Exclusion], shown: int = SHOWN_DOCUMENTS) -> list[str]:
    """What was left out, one line per coder and reason (naming up to ``shown`` of the
    documents), then one per whole document left out: a corpus in which one coder
    finished nothing gives one line, not one per document."""
    by_coder: dict[tuple[str, str], list[str]] = {}
    whole: list[str] = []
    for item in excluded:
        if item.coder:
            by_coder.setdefault((item.coder, item.reason), []).append(item.document)
        else:
            whole.append(f"{item.document} ({item.reason})")
    lines = []
    for (coder, reason), documents in sorted(by_coder.items()):
        named = ", ".join(documents[:shown])
        if len(documents) > shown:
            named += f" and {len(documents) - shown} more"
        lines.append(f"{coder} on {plural(len(documents), 'document')} ({reason}): {named}")
    return lines + whole


def agreement_table(report: AgreementReport, *, per_document: bool = False) -> RenderableType:
    """The selection's table, what was left out, and optionally one table per document."""
    selection = report.selection
    documents = len(report.documents)
    title = (
        f"Agreement: {plural(documents, 'document')}, "
        f"{plural(len(selection.coders), 'coder')} ({', '.join(selection.coders) or 'none'})"
    )
    parts: list[RenderableType] = [scope_table(selection, title, report.bootstrap.confidence)]
    parts.append(
        Text(
            f"{plural(selection.units, 'unit')}, {selection.refined_units} of them refined "
            f"(coders split or merged sentences differently); intervals from "
            f"{plural(report.bootstrap.resamples, 'resample')} of units, "
            f"seed {report.bootstrap.seed}."
        )
    )
    undefined = reasons(selection)
    if undefined:
        parts.append(Text("Without a value:", style="bold"))
        parts.extend(undefined)
    if report.excluded:
        parts.append(Text("Left out (only finished documents count):", style="bold"))
        parts.extend(Text(one_line(line)) for line in left_out_lines(report.excluded))
    if per_document:
        for doc in report.documents:
            parts.append(scope_table(doc.agreement, doc.document.name, report.bootstrap.confidence))
            parts.extend(reasons(doc.agreement))
    return Group(*parts)
