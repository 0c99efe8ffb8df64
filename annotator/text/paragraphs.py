"""Split normalized text into paragraphs, as ``(start, end)`` spans of the text.

Paragraph spans point into the normalized text itself (nothing is joined or rewritten),
so a hard-wrapped paragraph's span simply contains its ``\\n``s; the display shows them as
spaces. The rules (documented with examples in ``docs/documents.md``):

* A blank line always ends a paragraph.
* Inside a blank-line-separated block, lines are joined when the file is *hard-wrapped*
  (most lines that continue a block are 30-110 columns long). A file that is not
  hard-wrapped holds one paragraph per line, like the bundled press release.
* A list item (``-``, ``*``, ``•``, ``1.``, ``a)``, ``(2)`` ...) starts a paragraph; its
  continuation lines join it.
* In a file whose paragraphs start with an indented first line, an indented line
  starts a paragraph.
* In a hard-wrapped file with no blank line at all, a line ends its paragraph when the
  next line's first word would have fitted on it (and it ends a sentence or is short).
* Markdown (``markdown=True``): headings, list items, block quotes, table rows,
  thematic breaks and fenced code blocks are paragraphs of their own; markup is kept.

Blank-line-separated blocks are found with regular expressions and taken whole; the
line-by-line rules run only on blocks that have list markers, indented, overlong or short
lines. That keeps the work linear and a 1 MB book well under 100 ms.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from annotator.text.spans import Span

_NON_BLANK_LINE = re.compile(r"^([^\S\n]*)(\S(?:[^\n]*\S)?)", re.MULTILINE)
_FIRST_WORD = re.compile(r"[^ \t]*")
# A run of non-blank lines; group 1 starts at its first non-space character.
_BLOCK = re.compile(r"^[^\S\n]*(\S[^\n]*(?:\n[^\S\n]*\S[^\n]*)*)", re.MULTILINE)
_INDENTED_LINE = re.compile(r"\n[^\S\n]")
_FLUSH_LINE = re.compile(r"^\S", re.MULTILINE)

# Plain-text list markers. "Unambiguous" ones start an item anywhere; the others (which
# also begin ordinary wrapped lines, e.g. "- and" or "19. The") need more evidence.
_ITEM = re.compile(
    r"(?:(?P<sure>[•‣◦▪*])|[-+]|\d{1,3}[.)]|\(\d{1,3}\)|[a-z][.)]|\([a-zA-Z]\)|[A-Z]\)"
    r"|(?:[ivx]{1,4}|[IVX]{1,4})[.)])[ \t]+\S"
)
_ROMAN = frozenset("ivxIVX")
_INNER_ITEM = re.compile(r"\n[^\S\n]*" + _ITEM.pattern)
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’»)\]]*$")

# Markdown block starts (CommonMark-like, simplified). Matched at the line start.
_MD_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_MD_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_MD_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
_MD_THEMATIC = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_MD_QUOTE = re.compile(r" {0,3}>")
_MD_TABLE = re.compile(r" {0,3}\|")
_MD_MARKUP = frozenset("`~#=-*_>|+")  # the characters a Markdown block can start with
_MD_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")

_WRAP_MIN, _WRAP_MAX = 30, 110
_MIN_WRAP_SAMPLES = 3
_SHORT_LINE, _SHORT_BLOCK_LINES = 40, 3
_HEADING_ROOM = 10  # columns a heading leaves free at the margin
_MAX_INDENTED_LINES = 40  # an indented-paragraph file has paragraphs of at most ~40 lines


@dataclass(slots=True)
class _Line:
    start: int  # first character of the line
    cstart: int  # first non-space character
    cend: int  # end of the content (trailing space trimmed)
    indent: int  # leading columns (a tab counts 4)
    after_blank: bool  # first line of the text, or preceded by a blank line
    width: int  # columns up to the end of the content
    item: int  # 0: no list marker, 1: a marker that may be ordinary text, 2: a sure bullet


def _scan(text: str, pos: int = 0, endpos: int | None = None) -> list[_Line]:
    """The non-blank lines of ``text[pos:endpos]`` (``pos`` at a line start), in one pass."""
    tabs = "\t" in text
    lines: list[_Line] = []
    match_item = _ITEM.match
    previous_end = -2  # the first line counts as following a blank line
    for match in _NON_BLANK_LINE.finditer(text, pos, len(text) if endpos is None else endpos):
        start = match.start()
        cstart, cend = match.span(2)
        indent = cstart - start
        if tabs and indent:
            indent = len(text[start:cstart].expandtabs(4))
        after_blank = start - previous_end > 1 and (
            previous_end < 0 or text.count("\n", previous_end, start) >= 2
        )
        item = 0
        first = text[cstart]
        # Most lines start with a word: only try the list-marker pattern when it could match.
        if not first.isalpha() or first in _ROMAN or text[cstart + 1 : cstart + 2] in (".", ")"):
            marker = match_item(text, cstart, cend)
            if marker is not None:
                item = 2 if marker.group("sure") else 1
        lines.append(_Line(start, cstart, cend, indent, after_blank, cend - start, item))
        previous_end = cend
    return lines


def _wrap_width(block_widths: list[list[int]]) -> int | None:
    """The column width a hard-wrapped file was wrapped at, or None if it is not wrapped.

    ``block_widths`` holds each block's line widths. Only lines followed by another line
    of the same block are sampled: a paragraph's last line is short whatever the width.
    """
    widths = sorted(width for block in block_widths for width in block[:-1])
    if len(widths) < _MIN_WRAP_SAMPLES:
        return None
    width = widths[(len(widths) - 1) * 9 // 10]
    median = widths[len(widths) // 2]
    if not _WRAP_MIN <= width <= _WRAP_MAX or median < 0.6 * width:
        return None
    return width


def _uses_indented_first_lines(lines: list[_Line], base: int, inside: int) -> bool:
    """Does the file mark paragraphs by indenting their first line?

    Counted inside blocks only: an indented line right after a flush, non-item line is a
    first-line indent; other indented lines (quotes, hanging continuations) are not, and
    when they dominate the file does not use indentation that way. A few stray indents
    (an address block in a licence) do not make a file indented either. ``lines`` are
    those of the blocks with indented lines; ``inside`` counts all lines after the first
    of their block, in the whole file.
    """
    starts = indented = 0
    in_item = False
    for previous, line in itertools.pairwise(lines):
        if line.item:
            in_item = True
        elif line.after_blank or line.indent <= base:
            in_item = False
        elif not in_item:
            indented += 1
            starts += previous.indent <= base
    return starts >= 2 and starts * 2 >= indented and starts * _MAX_INDENTED_LINES >= inside


def _ends_sentence(text: str, line: _Line) -> bool:
    return _SENTENCE_END.search(text, max(line.cstart, line.cend - 8), line.cend) is not None


def _item_starts_here(text: str, lines: list[_Line], index: int, in_item: bool) -> bool:
    """Is ``lines[index]`` (inside a block) a list item rather than a wrapped line?

    A sure bullet always is; "-", "+" and enumerators need the previous line to be an
    item or end a sentence, or the next line to be an item too.
    """
    line = lines[index]
    if not line.item:
        return False
    if line.item == 2 or in_item or _ends_sentence(text, lines[index - 1]):
        return True
    following = lines[index + 1] if index + 1 < len(lines) else None
    return following is not None and not following.after_blank and bool(following.item)


def _wrapped_line_ended(text: str, line: _Line, following: _Line, width: int) -> bool:
    """In wrapped text without blank lines: did ``line`` end its paragraph?

    Only if the next line's first word would have fitted on it, the next line does not
    start in lower case, and the line ends a sentence, is clearly short (a signature), or
    ends without punctuation well short of the margin (a heading).
    """
    if text[following.cstart].islower():
        return False
    word = _FIRST_WORD.match(text, following.cstart, following.cend)
    needed = line.width + 1 + (word.end() - word.start() if word else 0)
    if needed > width:
        return False
    if _ends_sentence(text, line) or line.width < 0.6 * width:
        return True
    return text[line.cend - 1].isalnum() and needed <= width - _HEADING_ROOM


@dataclass(slots=True)
class _PlainLayout:
    """What the whole file says about how it marks paragraphs."""

    width: int | None  # the wrap width, if the file is hard-wrapped
    long_line: int  # longer lines were not wrapped, so each is a paragraph of its own
    short_line: int  # a block of 3+ lines all shorter than this is a list of lines
    base: int  # the smallest indent in the file
    indented_style: bool
    no_blank_lines: bool


def _starts_paragraph(
    text: str, lines: list[_Line], index: int, layout: _PlainLayout, item_indent: int | None
) -> bool:
    """Inside a block: does ``lines[index]`` start a paragraph?"""
    previous, line = lines[index - 1], lines[index]
    if previous.width > layout.long_line or line.width > layout.long_line:
        return True
    if _item_starts_here(text, lines, index, item_indent is not None):
        return True
    if layout.indented_style and line.indent > layout.base:
        return True
    if layout.no_blank_lines and layout.width is not None:
        return _wrapped_line_ended(text, previous, line, layout.width)
    return False


def _split_block(text: str, lines: list[_Line], layout: _PlainLayout) -> list[Span]:
    """The paragraphs of one blank-line-separated block, line by line."""
    if len(lines) >= _SHORT_BLOCK_LINES and all(line.width < layout.short_line for line in lines):
        return [(line.cstart, line.cend) for line in lines]  # an address, a list of names
    spans: list[Span] = []
    start = lines[0].cstart
    item_indent = lines[0].indent if lines[0].item else None  # the open list item's indent
    hanging = False  # the open item has an indented continuation line
    for index in range(1, len(lines)):
        line = lines[index]
        if item_indent is not None and line.indent > item_indent:
            hanging = True  # a continuation line of the item
            continue
        if not (
            (item_indent is not None and hanging)
            or _starts_paragraph(text, lines, index, layout, item_indent)
        ):
            continue
        spans.append((start, lines[index - 1].cend))
        start = line.cstart
        item_indent = line.indent if line.item else None
        hanging = False
    spans.append((start, lines[-1].cend))
    return spans


@dataclass(slots=True)
class _Block:
    """A run of non-blank lines, found without looking at each line in Python."""

    start: int  # start of its first line
    cstart: int  # its first non-space character
    cend: int  # after its last non-space character
    widths: list[int]  # each line's width

    def is_simple(self, text: str, layout: _PlainLayout) -> bool:
        """Is the block one plain paragraph, with nothing the line rules would act on?"""
        widths = self.widths
        if len(widths) == 1:
            return True
        if layout.no_blank_lines or max(widths) > layout.long_line:
            return False
        if len(widths) >= _SHORT_BLOCK_LINES and max(widths) < layout.short_line:
            return False
        return not (
            _INDENTED_LINE.search(text, self.start, self.cend)
            or _INNER_ITEM.search(text, self.start, self.cend)
        )


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    for match in _BLOCK.finditer(text):
        lines = match.group().split("\n")
        widths = [len(line.rstrip()) for line in lines]
        cend = match.end() - len(lines[-1]) + widths[-1]
        blocks.append(_Block(match.start(), match.start(1), cend, widths))
    return blocks


def _split_plain(text: str) -> list[Span]:
    blocks = _blocks(text)
    if not blocks:
        return []
    width = _wrap_width([block.widths for block in blocks])
    no_blank_lines = len(blocks) == 1
    if width is None and no_blank_lines:  # like the sample: every line is a paragraph
        return [match.span(2) for match in _NON_BLANK_LINE.finditer(text)]
    base = 0 if _FLUSH_LINE.search(text) else min(line.indent for line in _scan(text))
    indented = [
        line
        for block in blocks
        if _INDENTED_LINE.search(text, block.start, block.cend)
        for line in _scan(text, block.start, block.cend)
    ]
    inside = sum(len(block.widths) - 1 for block in blocks)
    layout = _PlainLayout(
        width=width,
        long_line=_WRAP_MAX if width is None else max(width + 30, width * 3 // 2),
        short_line=_SHORT_LINE if width is None else min(_SHORT_LINE, width * 3 // 5),
        base=base,
        indented_style=_uses_indented_first_lines(indented, base, inside),
        no_blank_lines=no_blank_lines,
    )
    spans: list[Span] = []
    for block in blocks:
        if block.is_simple(text, layout):
            spans.append((block.cstart, block.cend))
        else:
            spans.extend(_split_block(text, _scan(text, block.start, block.cend), layout))
    return spans


def _md_kind(text: str, line: _Line, open_kind: str | None) -> str:
    """What Markdown block ``line`` starts or continues, given the open paragraph's kind."""
    start, end = line.start, line.cend
    first = text[line.cstart]
    if first not in _MD_MARKUP and not first.isdigit():
        return "text"
    if _MD_FENCE.match(text, start, end):
        return "fence"
    if _MD_HEADING.match(text, start, end):
        return "heading"
    if open_kind == "text" and not line.after_blank and _MD_SETEXT.match(text, start, end):
        return "setext"
    if _MD_THEMATIC.match(text, start, end):
        return "rule"
    if _MD_QUOTE.match(text, start, end):
        return "quote"
    if _MD_TABLE.match(text, start, end):
        return "table"
    if _MD_ITEM.match(text, start, end):
        return "item"
    return "text"


def _closes_fence(text: str, line: _Line, fence: str) -> bool:
    closing = _MD_FENCE.match(text, line.start, line.cend)
    if closing is None or closing.end() != line.cend:
        return False
    return closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence)


def _split_markdown(text: str, lines: list[_Line]) -> list[Span]:
    spans: list[Span] = []
    start: int | None = None
    end = 0
    open_kind: str | None = None  # the kind of the open paragraph, if it may continue
    fence: str | None = None  # the opening fence while inside fenced code
    for line in lines:
        if fence is not None:
            end = line.cend
            if _closes_fence(text, line, fence):
                spans.append((start if start is not None else line.cstart, end))
                start, fence, open_kind = None, None, None
            continue
        kind = _md_kind(text, line, None if line.after_blank else open_kind)
        joins = not line.after_blank and (
            kind == "setext"
            or (kind == "quote" and open_kind == "quote")
            or (kind == "text" and open_kind in ("text", "item", "quote"))
        )
        if not joins and start is not None:
            spans.append((start, end))
            start = None
        if start is None:
            start = line.cstart
        end = line.cend
        if kind == "fence":
            opening = _MD_FENCE.match(text, line.start, line.cend)
            fence = opening.group(1) if opening else "```"
            open_kind = None
        elif kind in ("heading", "setext", "rule", "table"):
            spans.append((start, end))
            start, open_kind = None, None
        elif kind != "text" or open_kind is None or not joins:
            open_kind = kind
    if start is not None:
        spans.append((start, end))
    return spans


def split_paragraphs(text: str, *, markdown: bool = False) -> list[Span]:
    """Return ``(start, end)`` spans of the paragraphs of ``text``, whitespace trimmed.

    Spans are sorted, disjoint and non-empty, and every non-space character of ``text``
    lies in one of them. ``markdown`` selects the Markdown block rules.
    """
    if markdown:
        lines = _scan(text)
        return _split_markdown(text, lines) if lines else []
    return _split_plain(text)
