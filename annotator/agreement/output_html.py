"""The report as one self-contained HTML page: no scripts, no external resources.

Per code, alpha with its interval as an inline SVG whisker against the thresholds; a
coder-by-coder confusion table per code; and the sentences coders disagree on, with each
coder's codes and note. Every piece of untrusted text (document, coder and code names,
quotes, notes) goes through ``text()`` or ``attr()``, which escape it and make control
characters visible; a Content-Security-Policy forbids scripts should anything slip past.
"""

from __future__ import annotations

import html
import math
import re

from annotator.agreement.bootstrap import Interval
from annotator.agreement.coefficients import Figure, Undefined
from annotator.agreement.details import confusion, disagreements
from annotator.agreement.model import (
    RELIABLE,
    TENTATIVE,
    AgreementReport,
    CodeAgreement,
    Disagreement,
    DocumentAgreement,
    PairConfusion,
    ScopeAgreement,
    verdict,
)
from annotator.agreement.output_table import interval, number
from annotator.codebook.model import Codebook
from annotator.safe_text import visible
from annotator.wording import plural

POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'"
COLOURS = {
    "reliable": "#2e7d32",
    "tentative": "#b7791f",
    "not reliable": "#b00020",
    "undefined": "#8a8a8a",
}
_HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{3}(?:[0-9A-Fa-f]{3})?")

STYLE = """
:root { --ink: #1b1b1b; --muted: #5a5a5a; --rule: #d0d0d0; }
* { box-sizing: border-box; }
body { font: 11pt/1.55 Georgia, "Times New Roman", serif; color: var(--ink);
  max-width: 52rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .25rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
.meta, .generated { color: var(--muted); font-size: .85rem; margin: 0 0 .8rem; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid var(--rule); padding: .2rem .5rem; text-align: left;
  vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.v-reliable { color: #2e7d32; font-weight: bold; } .v-tentative { color: #b7791f; }
.v-not-reliable { color: #b00020; font-weight: bold; } .v-undefined { color: #8a8a8a; }
.pairs { display: flex; flex-wrap: wrap; gap: 1rem; }
.badge { display: inline-block; font: bold .68rem/1.4 "Helvetica Neue", Arial, sans-serif;
  color: #fff; background: var(--code, #8a8a8a); border-radius: 3px; padding: 0 .3rem;
  margin-right: .2rem; }
.quote { margin: .2rem 0; } .note { white-space: pre-wrap; color: var(--muted); }
.legend { font-size: .85rem; }
svg text { font: 11px "Helvetica Neue", Arial, sans-serif; fill: #1b1b1b; }
@media print { body { max-width: none; margin: 0; } table, li { break-inside: avoid; } }
"""


def text(value: str) -> str:
    """Escaped text content; control characters shown as visible symbols."""
    return html.escape(visible(value, keep_newlines=True, keep_tabs=True), quote=True)


def attr(value: str) -> str:
    """An escaped attribute value (always written inside double quotes)."""
    return html.escape(visible(value), quote=True)


def _figure_cell(value: Figure | Interval | Undefined, shown: str, kind: str) -> str:
    title = f' title="{attr(value.reason)}"' if isinstance(value, Undefined) else ""
    return f'<td class="n v-{kind.replace(" ", "-")}"{title}>{text(shown)}</td>'


def _plain_cell(value: Figure) -> str:
    return _figure_cell(value, number(value), "plain")


def whiskers(codes: tuple[CodeAgreement, ...]) -> str:
    """Alpha and its interval per code, on a shared axis with the two thresholds."""
    values: list[float] = []
    for code in codes:
        if not isinstance(code.alpha, Undefined):
            values.append(code.alpha)
        if not isinstance(code.alpha_ci, Undefined):
            values.extend(code.alpha_ci)
    low = max(-1.0, math.floor(min([0.0, *values]) * 5) / 5)
    label_width, plot_width, row = 150, 360, 22
    height = row * len(codes) + 30

    def x(value: float) -> float:
        value = max(low, min(1.0, value))
        return label_width + (value - low) / (1.0 - low) * plot_width

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_width + plot_width + 20}" '
        f'height="{height}" role="img" aria-label="alpha per code with intervals">'
    ]
    for mark, dash in ((TENTATIVE, "4 3"), (RELIABLE, "4 3"), (0.0, "none"), (1.0, "none")):
        if mark >= low:
            parts.append(
                f'<line x1="{x(mark):.1f}" y1="4" x2="{x(mark):.1f}" y2="{height - 22}" '
                f'stroke="#b0b0b0" stroke-dasharray="{dash}"/>'
                f'<text x="{x(mark):.1f}" y="{height - 8}" text-anchor="middle">{mark:g}</text>'
            )
    for i, code in enumerate(codes):
        y = 4 + row * i + row / 2
        colour = COLOURS[verdict(code.alpha)]
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 4:.1f}" text-anchor="end">'
            f"{text(visible(code.code)[:24])}</text>"
        )
        if not isinstance(code.alpha_ci, Undefined):
            lo, hi = code.alpha_ci
            parts.append(
                f'<line x1="{x(lo):.1f}" y1="{y:.1f}" x2="{x(hi):.1f}" y2="{y:.1f}" '
                f'stroke="{colour}" stroke-width="2"/>'
            )
            for end in (lo, hi):
                parts.append(
                    f'<line x1="{x(end):.1f}" y1="{y - 5:.1f}" x2="{x(end):.1f}" '
                    f'y2="{y + 5:.1f}" stroke="{colour}" stroke-width="2"/>'
                )
        if isinstance(code.alpha, Undefined):
            parts.append(
                f'<text x="{x(low) + 4:.1f}" y="{y + 4:.1f}" fill="#8a8a8a">undefined</text>'
            )
        else:
            parts.append(f'<circle cx="{x(code.alpha):.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>')
    parts.append("</svg>")
    return "".join(parts)


def _legend() -> str:
    return (
        f'<p class="legend"><span class="v-reliable">α ≥ {RELIABLE:.3f} reliable</span> · '
        f'<span class="v-tentative">{TENTATIVE:.3f} ≤ α &lt; {RELIABLE:.3f} tentative</span> · '
        f'<span class="v-not-reliable">α &lt; {TENTATIVE:.3f} not reliable</span> · '
        '<span class="v-undefined">— undefined (hover for the reason)</span></p>'
    )


def scope_table(scope: ScopeAgreement, confidence: float) -> str:
    """Per code: alpha, interval, observed agreement, kappas, units, values."""
    head = (
        "<tr><th>Code</th><th>α</th>"
        f"<th>{confidence:.0%} interval</th><th>Observed</th><th>Cohen κ</th>"
        "<th>Fleiss κ</th><th>Units</th><th>Values</th></tr>"
    )
    rows = []
    for code in scope.codes:
        kind = verdict(code.alpha)
        rows.append(
            f"<tr><td>{text(code.code)}</td>"
            + _figure_cell(code.alpha, number(code.alpha), kind)
            + _figure_cell(code.alpha_ci, interval(code.alpha_ci), kind)
            + _plain_cell(code.observed_agreement)
            + _plain_cell(code.cohen_kappa)
            + _plain_cell(code.fleiss_kappa)
            + f'<td class="n">{code.units}</td><td class="n">{code.pairable}</td></tr>'
        )
    overall = scope.overall
    for label, value in (
        ("all codes (MASI α)", overall.alpha_masi),
        ("single code (nominal α)", overall.alpha_nominal),
    ):
        rows.append(
            f"<tr><td><em>{text(label)}</em></td>"
            + _figure_cell(value, number(value), verdict(value))
            + f'<td colspan="4"></td><td class="n">{overall.units}</td>'
            f'<td class="n">{overall.pairable}</td></tr>'
        )
    return f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"


def _reasons(scope: ScopeAgreement) -> str:
    items = []
    for code in scope.codes:
        for name, value in (
            ("α", code.alpha),
            ("interval", code.alpha_ci),
            ("observed", code.observed_agreement),
            ("Cohen κ", code.cohen_kappa),
            ("Fleiss κ", code.fleiss_kappa),
        ):
            if isinstance(value, Undefined):
                items.append(f"<li>{text(code.code)}, {text(name)}: {text(value.reason)}</li>")
    for name, value in (
        ("MASI α", scope.overall.alpha_masi),
        ("nominal α", scope.overall.alpha_nominal),
    ):
        if isinstance(value, Undefined):
            items.append(f"<li>{text(name)}: {text(value.reason)}</li>")
    if not items:
        return ""
    return f'<h3>Without a value</h3><ul class="meta">{"".join(items)}</ul>'


def _pair(pair: PairConfusion) -> str:
    a, b = text(pair.coder_a), text(pair.coder_b)
    return (
        f"<table><thead><tr><th></th><th>{b}: applied</th><th>{b}: not</th></tr></thead>"
        f'<tbody><tr><th>{a}: applied</th><td class="n">{pair.both}</td>'
        f'<td class="n">{pair.only_a}</td></tr>'
        f'<tr><th>{a}: not</th><td class="n">{pair.only_b}</td>'
        f'<td class="n">{pair.neither}</td></tr></tbody></table>'
    )


def _confusion(report: AgreementReport, codebook: Codebook) -> str:
    documents = [doc.document for doc in report.documents]
    table = confusion(documents, codebook, report.codes)
    parts = []
    for code in report.codes:
        pairs = table.get(code, ())
        if not pairs:
            continue
        parts.append(
            f'<h3>{text(code)}</h3><div class="pairs">{"".join(_pair(p) for p in pairs)}</div>'
        )
    if not parts:
        return ""
    intro = (
        '<p class="meta">For each pair of coders, the units both coded, by whether each '
        "applied the code.</p>"
    )
    return "<h2>Coder by coder, per code</h2>" + intro + "".join(parts)


def _badge(codebook: Codebook, code: str) -> str:
    found = codebook.by_name(code)
    colour = found.color if found is not None and _HEX_COLOUR.fullmatch(found.color) else "#8a8a8a"
    label = found.label if found is not None else code
    return f'<span class="badge" style="--code: {colour}" title="{attr(code)}">{text(label)}</span>'


def _disagreement(item: Disagreement, codebook: Codebook) -> str:
    unit = item.unit
    where = f"characters {unit.start}–{unit.end}"
    refined = " (part of a sentence some coder split or merged)" if unit.refined else ""
    quote = text(item.quote) if item.quote else f"<em>{where}</em>"
    rows = []
    for value in item.values:
        codes = "".join(_badge(codebook, c) for c in value.codes) or "<em>no code</em>"
        note = f'<div class="note">{text(value.note)}</div>' if value.note else ""
        rows.append(f"<tr><td>{text(value.coder)}</td><td>{codes}{note}</td></tr>")
    return (
        f'<li><p class="quote">{quote}<span class="meta">{text(refined)}</span></p>'
        f"<table><tbody>{''.join(rows)}</tbody></table></li>"
    )


def _document(doc: DocumentAgreement, index: int, codebook: Codebook, confidence: float) -> str:
    name = doc.document.name
    coders = ", ".join(doc.agreement.coders) or "none"
    found = disagreements(doc.document, codebook)
    meta = (
        f"id {text(doc.document.doc_id)} · coders: {text(coders)} · "
        f"{plural(doc.agreement.units, 'unit')}, {doc.agreement.refined_units} refined · "
        f"{len(found)} with disagreement"
    )
    items = "".join(_disagreement(d, codebook) for d in found)
    listing = f"<h3>Disagreements</h3><ol>{items}</ol>" if items else ""
    return (
        f'<section class="document" id="d{index}"><h2>{text(name)}</h2>'
        f'<p class="meta">{meta}</p>{scope_table(doc.agreement, confidence)}'
        f"{_reasons(doc.agreement)}{listing}</section>"
    )


def render_html(report: AgreementReport, codebook: Codebook) -> str:
    """The whole page as one string, under the codebook the report was computed with."""
    selection = report.selection
    documents = len(report.documents)
    title = f"Intercoder agreement: {plural(documents, 'document')}"
    confidence = report.bootstrap.confidence
    excluded = "".join(
        f"<li>{text(e.document)}: {text(e.coder)} ({text(e.reason)})</li>" for e in report.excluded
    )
    excluded_part = (
        f'<h2>Left out</h2><p class="meta">Only finished documents count.</p><ul>{excluded}</ul>'
        if excluded
        else ""
    )
    sections = "".join(
        _document(doc, i + 1, codebook, confidence) for i, doc in enumerate(report.documents)
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{attr(POLICY)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{text(title)}</title><style>{STYLE}</style></head><body>"
        f"<header><h1>{text(title)}</h1>"
        f'<p class="generated">Codebook {text(report.codebook)} version '
        f"{text(report.codebook_version)} · coders: {text(', '.join(selection.coders) or 'none')}"
        f" · {plural(selection.units, 'unit')}, {selection.refined_units} refined · intervals "
        f"from {plural(report.bootstrap.resamples, 'resample')} of units, "
        f"seed {report.bootstrap.seed}</p>"
        "</header><main><h2>Per code, all documents</h2>"
        f"{whiskers(selection.codes)}{_legend()}{scope_table(selection, confidence)}"
        f"{_reasons(selection)}{_confusion(report, codebook)}{excluded_part}{sections}"
        "</main></body></html>\n"
    )
