"""The report of a project import, as lines for a person: nothing left out silently.

The standard asks an importer to say what it could not bring over; this says that, how the
selections fitted annotator's sentences, and lists the selections that coded no sentence
(the first ``SHOWN`` of them) so they can be found in the other tool.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.refi.spans import Counting, Fit
from annotator.safe_text import one_line
from annotator.wording import plural, plural_form

if TYPE_CHECKING:
    from annotator.refi.importer import RefiImport

SHOWN = 50


def report_lines(done: RefiImport, shown: int = SHOWN) -> list[str]:
    plan = done.plan
    lines: list[str] = []
    for source in plan.sources:
        if source.problem is not None:
            lines.append(f"source {source.name!r} not imported: {source.problem}")
        elif source.same_as is not None:
            lines.append(f"source {source.name!r} has the same text as {source.same_as!r}")
        if source.counting is Counting.ONE_PER_BREAK:
            lines.append(f"positions in {source.name!r} count each line break as one character")
    lines += [f"wrote {path}" for path in done.written]
    lines += [f"registered {name} in the data directory" for name in done.result.registered]
    fits = ", ".join(f"{plan.fits[fit]} {fit.value}" for fit in Fit if plan.fits[fit])
    lines.append(f"{plural(plan.selections, 'selection')}: {fits or 'none'}")
    for item in plan.unplaced[:shown]:
        named = f" ({item.name})" if item.name else ""
        lines.append(f"  no sentence: {item.source} {item.start}..{item.end}{named}: {item.reason}")
    if len(plan.unplaced) > shown:
        lines.append(f"  ... and {len(plan.unplaced) - shown} more")
    if plan.merged:
        lines.append(
            f"{plural(plan.merged, 'selection')} fell on sentences their coder had coded in "
            "another selection: their codes and notes were merged"
        )
    if done.codebook_path is not None:
        added = ", ".join(c.name for c in plan.unknown_codes)
        lines.append(
            f"added {plural(len(plan.unknown_codes), 'code')} the codebook lacked ({added}): the "
            f"codebook with them is {done.codebook_path}; use it with --codebook"
        )
    if plan.undefined_codings:
        lines.append(
            f"{plural(plan.undefined_codings, 'coding')} "
            f"{plural_form(plan.undefined_codings, 'names', 'name')} a code the file does not "
            "define: not imported"
        )
    if plan.whole_source_codings:
        lines.append(
            f"{plural(plan.whole_source_codings, 'coding')} of whole sources: not imported "
            "(annotator codes sentences)"
        )
    if plan.without_user:
        some = plural(plan.without_user, "coding or note", "codings or notes")
        lines.append(f"{some} {plural_form(plan.without_user, 'names', 'name')} no user")
    if plan.skipped:
        lines.append("not imported (annotator reads text only): " + ", ".join(plan.skipped))
    if plan.finished:
        names = {d.doc_id: d.name for d in plan.documents.values()}
        marks = ", ".join(f"{coder} on {names[doc]}" for doc, coder in sorted(plan.finished))
        lines.append(f"finished marks saved: {marks}")
    if plan.reference_coder is not None:
        lines.append(f"the adjudicated reference layer is the coding of {plan.reference_coder}")
    lines.extend(f"not saved: {problem}" for problem in done.unsaved_marks)
    result = done.result
    lines.append(
        f"{plural(result.added, 'annotation')} added, {result.updated} updated, "
        f"{result.unchanged} unchanged"
    )
    return [one_line(line) for line in lines]
