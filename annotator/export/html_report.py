"""The HTML report: one self-contained, printable page, with every text escaped.

No scripts, no external resources: the page is a document to read and print. Every
piece of untrusted text (document text, notes, file names, code labels and colours)
goes through ``text()`` or ``attr()`` below, which escape it and make control
characters visible, so a document holding ``<script>`` shows those characters and
nothing runs. Colours come from the codebook and are only used if they are plain hex.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from annotator import __version__
from annotator.annotation import Annotation
from annotator.codebook.model import Codebook
from annotator.export.sources import ExportDocument
from annotator.safe_text import TextSink, visible
from annotator.text.document import Document, Paragraph
from annotator.wording import plural

_HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{3}(?:[0-9A-Fa-f]{3})?")
_FALLBACK_COLOUR = "#8a8a8a"
_OTHER = "other"

STYLE = """
:root { --ink: #1b1b1b; --muted: #5a5a5a; --rule: #d0d0d0; }
* { box-sizing: border-box; }
body { font: 11pt/1.55 Georgia, "Times New Roman", serif; color: var(--ink);
  max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .25rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
.meta, .generated { color: var(--muted); font-size: .85rem; margin: 0 0 .8rem; }
.problem { border-left: 4px solid #b00020; padding: .2rem .6rem; }
table.summary { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .9rem; }
table.summary th, table.summary td { border: 1px solid var(--rule); padding: .2rem .5rem;
  text-align: left; }
table.summary td.n { text-align: right; font-variant-numeric: tabular-nums; }
.text p { margin: 0 0 .8rem; }
.coded { border-bottom: 3px solid var(--code, #8a8a8a);
  background: color-mix(in srgb, var(--code, #8a8a8a) 14%, transparent); }
.badge { display: inline-block; font: bold .68rem/1.4 "Helvetica Neue", Arial, sans-serif;
  color: #fff; background: var(--code, #8a8a8a); border-radius: 3px; padding: 0 .3rem;
  margin-left: .2rem; vertical-align: .15rem; }
sup.ref { font-size: .7rem; margin-left: .1rem; }
ol.notes { font-size: .88rem; border-top: 1px solid var(--rule); padding-top: .5rem; }
ol.notes li { margin-bottom: .35rem; }
.note { white-space: pre-wrap; }
.who { color: var(--muted); font-style: italic; }
@page { margin: 18mm 16mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  section.document { break-before: page; }
  section.document:first-of-type { break-before: auto; }
  table.summary, ol.notes li { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
"""


def text(value: str) -> str:
    """Escaped text content; control characters shown as visible symbols."""
    return html.escape(visible(value, keep_newlines=True, keep_tabs=True), quote=True)


def attr(value: str) -> str:
    """An escaped attribute value (always written inside double quotes)."""
    return html.escape(visible(value), quote=True)


def safe_colour(value: str) -> str:
    return value if _HEX_COLOUR.fullmatch(value) else _FALLBACK_COLOUR


@dataclass(frozen=True, slots=True)
class _Codes:
    """Badge label, colour and slug for each code, and for tags outside the codebook."""

    codebook: Codebook

    def order(self, tags: Sequence[str]) -> list[str]:
        cb = self.codebook
        return cb.ordered(cb.canonical(t) for t in tags)

    def label(self, tag: str) -> str:
        code = self.codebook.by_name(tag)
        return code.label if code is not None else tag

    def colour(self, tag: str) -> str:
        code = self.codebook.by_name(tag)
        return safe_colour(code.color) if code is not None else _FALLBACK_COLOUR


def _badge(codes: _Codes, tag: str) -> str:
    return (
        f'<span class="badge" style="--code: {codes.colour(tag)}" title="{attr(tag)}">'
        f"{text(codes.label(tag))}</span>"
    )


def _summary(codes: _Codes, annotations: Sequence[Annotation], sentences: int | None) -> str:
    per_code: dict[str, int] = {}
    spans: dict[str, set[tuple[int, int]]] = {}
    for a in annotations:
        for tag in codes.order(a.tags):
            per_code[tag] = per_code.get(tag, 0) + 1
            spans.setdefault(tag, set()).add((a.start, a.end))
    names = [c.name for c in codes.codebook.codes]
    names += sorted(t for t in per_code if t not in names)
    rows = []
    for name in names:
        share = ""
        coded = len(spans.get(name, ()))
        if sentences:
            share = f"{100 * coded / sentences:.1f}%"
        rows.append(
            f"<tr><td>{_badge(codes, name)}</td><td>{text(name)}</td>"
            f'<td class="n">{per_code.get(name, 0)}</td><td class="n">{coded}</td>'
            f'<td class="n">{share}</td></tr>'
        )
    return (
        '<table class="summary"><thead><tr><th>Badge</th><th>Code</th><th>Annotations</th>'
        "<th>Sentences</th><th>Share of sentences</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


class _Notes:
    """Footnotes of one document: numbered in reading order, linked both ways."""

    def __init__(self, slug: str, several_coders: bool) -> None:
        self.slug = slug
        self.several_coders = several_coders
        self.items: list[str] = []

    def add(self, annotation: Annotation) -> str:
        number = len(self.items) + 1
        anchor = f"{self.slug}-n{number}"
        who = ""
        if self.several_coders:
            who = f'<span class="who">{text(annotation.coder)}:</span> '
        self.items.append(
            f'<li id="{anchor}">{who}<span class="note">{text(annotation.note)}</span> '
            f'<a href="#{anchor}-ref">↩</a></li>'
        )
        return f'<sup class="ref" id="{anchor}-ref"><a href="#{anchor}">{number}</a></sup>'

    def render(self) -> str:
        if not self.items:
            return ""
        return '<h3>Notes</h3><ol class="notes">' + "".join(self.items) + "</ol>"


def _marked(
    codes: _Codes,
    body: str,
    annotations: Sequence[Annotation],
    notes: _Notes,
    ending: Sequence[Annotation] | None = None,
) -> str:
    """A coded piece of text with its codes' badges, and the note references of the
    annotations ``ending`` there (all of them unless told)."""
    tags = codes.order([t for a in annotations for t in a.tags])
    colour = codes.colour(tags[0]) if tags else _FALLBACK_COLOUR
    badges = "".join(_badge(codes, t) for t in tags)
    noted = annotations if ending is None else ending
    refs = "".join(notes.add(a) for a in noted if a.note)
    title = "; ".join(tags)
    return (
        f'<mark class="coded" style="--code: {colour}" title="{attr(title)}">{body}</mark>'
        f"{badges}{refs}"
    )


def _document_text(doc: ExportDocument, codes: _Codes, notes: _Notes) -> str:
    document = doc.document
    by_span: dict[tuple[int, int], list[Annotation]] = {}
    for a in doc.placed:
        if not a.is_empty:
            by_span.setdefault((a.start, a.end), []).append(a)
    parts: list[str] = []
    if document is None:
        parts.append(
            '<p class="meta">The document file is not available; the coded '
            "sentences are listed as they were stored.</p><ul>"
        )
        for (_, _), annotations in sorted(by_span.items()):
            first = annotations[0]
            parts.append(
                f"<li>¶{first.paragraph}.{first.sentence}: "
                f"{_marked(codes, text(first.quote), annotations, notes)}</li>"
            )
        parts.append("</ul>")
        return "".join(parts)
    if doc.coder_documents:
        return _pieces_text(doc, document, codes, notes)
    source = document.text
    for paragraph in document.paragraphs:
        cursor = paragraph.start
        pieces: list[str] = []
        for index in paragraph.sentence_range:
            sentence = document.sentences[index]
            pieces.append(text(visible(source[cursor : sentence.start])))
            body = text(visible(source[sentence.start : sentence.end]))
            coded = by_span.get((sentence.start, sentence.end))
            pieces.append(_marked(codes, body, coded, notes) if coded else body)
            cursor = sentence.end
        pieces.append(text(visible(source[cursor : paragraph.end])))
        parts.append(f"<p>{''.join(pieces)}</p>")
    return "".join(parts)


def _pieces(doc: ExportDocument, paragraph: Paragraph) -> list[tuple[int, int]]:
    """The paragraph cut at every sentence boundary any coder's sentences have: each
    piece lies inside one sentence of every coder who has a sentence there."""
    edges: set[int] = set()
    covered: list[tuple[int, int]] = []
    for document in doc.documents():
        for index in document.paragraphs[paragraph.index].sentence_range:
            sentence = document.sentences[index]
            edges.update((sentence.start, sentence.end))
            covered.append((sentence.start, sentence.end))
    cuts = sorted(edges)
    return [
        (a, b) for a, b in pairwise(cuts) if any(start <= a and b <= end for start, end in covered)
    ]


def _pieces_text(doc: ExportDocument, document: Document, codes: _Codes, notes: _Notes) -> str:
    """The text when coders' sentences differ (their own splits and merges): each piece
    is marked with every annotation over it, and a note's reference follows the last
    piece of its sentence, so every coder's coding shows and none hides another's."""
    kept = sorted((a for a in doc.placed if not a.is_empty), key=lambda a: (a.start, a.end))
    source = document.text
    parts: list[str] = []
    for paragraph in document.paragraphs:
        cursor = paragraph.start
        pieces: list[str] = []
        here = [a for a in kept if a.start < paragraph.end and paragraph.start < a.end]
        for start, end in _pieces(doc, paragraph):
            pieces.append(text(visible(source[cursor:start])))
            body = text(visible(source[start:end]))
            if not source[start:end].strip():
                pieces.append(body)  # the space between two coders' sentences
                cursor = end
                continue
            over = [a for a in here if a.start <= start and end <= a.end]
            ending = [a for a in over if a.end == end]
            pieces.append(_marked(codes, body, over, notes, ending) if over else body)
            cursor = end
        pieces.append(text(visible(source[cursor : paragraph.end])))
        parts.append(f"<p>{''.join(pieces)}</p>")
    return "".join(parts)


def _section(doc: ExportDocument, index: int, codes: _Codes) -> str:
    kept = [a for a in doc.placed if not a.is_empty]
    coders = sorted({a.coder for a in kept})
    sentences = len(doc.document.sentences) if doc.document is not None else None
    coded = len({(a.start, a.end) for a in kept if a.tags})
    notes = _Notes(f"d{index}", len(coders) > 1)
    meta = [f"id {text(doc.doc_id)}"]
    if sentences is not None:
        meta.append(f"{coded} of {plural(sentences, 'sentence')} coded")
    meta.append("coders: " + (", ".join(text(c) for c in coders) if coders else "none"))
    problem = ""
    if doc.problem is not None:
        problem = f'<p class="meta problem">{text(doc.problem)}</p>'
    body = _document_text(doc, codes, notes)
    return (
        f'<section class="document" id="d{index}"><h2>{text(doc.name)}</h2>'
        f'<p class="meta">{" · ".join(meta)}</p>{problem}'
        f"<h3>Summary</h3>{_summary(codes, kept, sentences)}"
        f'<h3>Text</h3><div class="text">{body}</div>{notes.render()}</section>'
    )


def render_html(docs: Sequence[ExportDocument], codebook: Codebook) -> str:
    """The whole report as one string."""
    codes = _Codes(codebook)
    title = "Coding report: " + (docs[0].name if len(docs) == 1 else f"{len(docs)} documents")
    sections = "".join(_section(doc, i + 1, codes) for i, doc in enumerate(docs))
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{text(title)}</title><style>{STYLE}</style></head><body>"
        f"<header><h1>{text(title)}</h1>"
        f'<p class="generated">Codebook {text(codebook.name)} version '
        f"{text(codebook.version)} · annotator {text(__version__)}</p></header>"
        f"<main>{sections}</main></body></html>\n"
    )


def write_html(out: TextSink, docs: Sequence[ExportDocument], codebook: Codebook) -> int:
    """Write the report; returns the number of documents in it."""
    out.write(render_html(docs, codebook))
    return len(docs)
