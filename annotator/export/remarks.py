"""What an export or a count must tell the user about its documents, in words.

Bad records left out, a text that is gone, annotations that no longer fit the text, and
those of an earlier version awaiting review: one ``Remark`` each, in order, as plain text
that the front end makes safe to show. Kept apart from ``sources``, which builds what is
exported.
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from annotator.export.sources import ExportDocument
from annotator.wording import plural, plural_form


@dataclass(frozen=True, slots=True)
class Remark:
    """Something the user must be told about one document of an export or a count."""

    kind: Literal["warning", "note"]
    text: str


def remarks(sources: Sequence[ExportDocument]) -> list[Remark]:
    """What could not be exported as usual, in order: bad records left out, a missing
    text, annotations that could not be placed.

    A document without its text was exported from its stored records; annotations that
    no longer fit the current text are left out of CSV and HTML. The text is plain and
    may hold anything a file name holds: the front end makes it safe to show.
    """
    found: list[Remark] = []
    for source in sources:
        found.extend(Remark("warning", line) for line in source.bad_records)
        if source.problem is not None:
            found.append(
                Remark(
                    "warning",
                    f"{source.name} ({source.doc_id}): {source.problem}; exported its "
                    f"{plural(len(source.stored), 'stored annotation')} without the document text",
                )
            )
        if unplaced := len(source.unplaced):
            found.append(
                Remark(
                    "note",
                    f"{plural(unplaced, 'annotation')} could not be placed on the current "
                    f"text of {source.name} and {plural_form(unplaced, 'was')} not exported "
                    "to CSV or HTML (they are kept in the store and exported with "
                    "--format jsonl)",
                )
            )
        if held := held_remark(source):
            found.append(Remark("note", held))
    return found


def held_remark(source: ExportDocument) -> str:
    """What to say about annotations of an earlier version awaiting review or orphaned
    ("" when there are none), and the command that lists them."""
    review, orphaned = len(source.review), len(source.orphaned)
    if not (review or orphaned):
        return ""
    parts = []
    if review:
        parts.append(
            f"{plural(review, 'annotation')} {plural_form(review, 'awaits', 'await')} review"
        )
    if orphaned:
        parts.append(f"{plural(orphaned, 'annotation')} {plural_form(orphaned, 'is')} orphaned")
    document = source.document
    named = str(document.path) if document is not None and document.path else source.name
    return (
        f"{source.name} changed since it was coded: {' and '.join(parts)}; not in the "
        "CSV or HTML (kept in the store; --format jsonl exports them). See them with: "
        f"annotator reanchor {shlex.quote(named)}, or in the reader's review screen"
    )
