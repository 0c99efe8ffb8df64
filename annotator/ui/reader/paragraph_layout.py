"""Turn a paragraph into wrapped display lines, without Textual.

A paragraph is displayed as its sentences (control characters made visible, line breaks
shown as spaces) followed, for coded sentences, by short badges and a note marker. The
display string is cut into pieces that remember which sentence they belong to, so that
rendering, clicking and scrolling all use one mapping.

Where hard-wrapped lines are joined, the white space around the line break (a
continuation line's indentation, a centred heading's margins) is shown as one space, so
the text reads as it was written, not ``authorized by       the``. Only the display
changes: the document's text and every offset stay as they are, and each piece keeps the
span of the text it shows (``source``, ``source_end``), which is how a search match in
the text finds its place on screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rich.cells import cell_len, get_character_cell_size

from annotator.coding.session import CodingSession
from annotator.safe_text import visible
from annotator.text.document import Document

_WORD = re.compile(r"\S+")
_JOIN = re.compile(r"[^\S\n]*\n\s*")
"""White space around a line break inside a paragraph: shown as one space."""

# Piece kinds.
TEXT = "text"
GAP = "gap"
BADGE = "badge"
NOTE = "note"

NOTE_MARKER = "✎"


def joined_lines(text: str) -> str:
    """``text`` with the white space around each line break shown as one space, as the
    reader shows a hard-wrapped paragraph (for quotes of a sentence elsewhere)."""
    return _JOIN.sub(" ", text)


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of the display string: sentence text, the gap between sentences, or a badge."""

    start: int
    end: int
    sentence: int | None
    kind: str
    tag: str | None = None
    source: int = -1
    """Where the text this piece shows starts in the document (-1: a badge or marker)."""
    source_end: int = -1
    """Where it ends; longer than the piece where a joined line's white space collapsed."""


@dataclass(frozen=True, slots=True)
class ParagraphLayout:
    """A paragraph's display string, its pieces, and its wrapped lines."""

    display: str
    pieces: tuple[Piece, ...]
    lines: tuple[tuple[int, int], ...]
    sentence_lines: dict[int, tuple[int, int]]
    ascii: bool

    def source_offset(self, index: int) -> int | None:
        """The document offset shown at display ``index``; None on a badge or marker."""
        piece = self.piece_at(index)
        if piece is None or piece.source < 0:
            return None
        return min(piece.source + index - piece.start, piece.source_end - 1)

    def display_range(self, piece: Piece, start: int, end: int) -> tuple[int, int] | None:
        """The part of ``piece`` that shows document offsets ``start`` to ``end``."""
        if piece.source < 0 or end <= piece.source or start >= piece.source_end:
            return None
        if piece.end - piece.start != piece.source_end - piece.source:
            return piece.start, piece.end  # a collapsed run: shown whole or not at all
        return (
            piece.start + max(start, piece.source) - piece.source,
            piece.start + min(end, piece.source_end) - piece.source,
        )

    def piece_at(self, index: int) -> Piece | None:
        for piece in self.pieces:
            if piece.start <= index < piece.end:
                return piece
        return None

    def index_at_cell(self, line: int, cell: int) -> int:
        """The display index under column ``cell`` of wrapped line ``line``."""
        start, end = self.lines[line]
        if self.ascii:
            return min(start + max(cell, 0), max(start, end - 1))
        position = 0
        for index in range(start, end):
            position += get_character_cell_size(self.display[index])
            if position > cell:
                return index
        return max(start, end - 1)


def _hard_break(text: str, start: int, end: int, width: int, ascii_only: bool) -> list[int]:
    """Cut points that split ``text[start:end]`` (one over-long word) into ``width`` cells."""
    if ascii_only:
        return list(range(start + width, end, width))
    cuts: list[int] = []
    used = 0
    for index in range(start, end):
        size = get_character_cell_size(text[index])
        if used + size > width and used > 0:
            cuts.append(index)
            used = 0
        used += size
    return cuts


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of ``text`` into ``(start, end)`` spans of at most ``width`` cells.

    Spaces at a break are dropped; a word longer than the width is cut. Always returns at
    least one line, so an empty paragraph still occupies a row.
    """
    width = max(width, 1)
    ascii_only = text.isascii()
    measure = len if ascii_only else cell_len
    lines: list[tuple[int, int]] = []
    line_start = -1
    line_end = 0
    used = 0
    for match in _WORD.finditer(text):
        word_start, word_end = match.span()
        size = measure(match.group())
        if line_start >= 0:
            gap = measure(text[line_end:word_start])
            if used + gap + size <= width:
                line_end = word_end
                used += gap + size
                continue
            lines.append((line_start, line_end))
        if size > width:
            cuts = _hard_break(text, word_start, word_end, width, ascii_only)
            previous = word_start
            for cut in cuts:
                lines.append((previous, cut))
                previous = cut
            line_start, line_end = previous, word_end
            used = measure(text[previous:word_end])
        else:
            line_start, line_end, used = word_start, word_end, size
    if line_start >= 0:
        lines.append((line_start, line_end))
    return lines or [(0, 0)]


def layout_paragraph(
    text: str,
    paragraph_start: int,
    paragraph_end: int,
    sentences: list[tuple[int, int, int]],
    badges: dict[int, list[tuple[str, str]]],
    notes: set[int],
    width: int,
) -> ParagraphLayout:
    """Lay out one paragraph.

    ``sentences`` holds ``(index, start, end)`` for the paragraph's sentences (absolute
    offsets); ``badges`` maps a sentence index to ``(tag, label)`` pairs in display order;
    ``notes`` holds the sentences that have a note.
    """
    parts: list[str] = []
    pieces: list[Piece] = []
    cursor = 0

    def add(fragment: str, sentence: int | None, kind: str, tag: str | None = None) -> None:
        nonlocal cursor
        if not fragment:
            return
        parts.append(fragment)
        pieces.append(Piece(cursor, cursor + len(fragment), sentence, kind, tag))
        cursor += len(fragment)

    def add_text(start: int, end: int, sentence: int | None, kind: str) -> None:
        """``text[start:end]``, with the white space of joined lines shown as one space."""
        nonlocal cursor
        position = start
        joins = [m.span() for m in _JOIN.finditer(text, start, end) if m.end() - m.start() > 1]
        for run_start, run_end in [*joins, (end, end)]:
            for a, b, shown in ((position, run_start, None), (run_start, run_end, " ")):
                if b <= a:
                    continue
                fragment = shown or visible(text[a:b])
                parts.append(fragment)
                pieces.append(Piece(cursor, cursor + len(fragment), sentence, kind, None, a, b))
                cursor += len(fragment)
            position = run_end

    position = paragraph_start
    for index, start, end in sentences:
        add_text(position, start, None, GAP)
        add_text(start, end, index, TEXT)
        for tag, label in badges.get(index, ()):
            add(" ", index, GAP)
            add(f" {visible(label)} ", index, BADGE, tag)
        if index in notes:
            add(" ", index, GAP)
            add(NOTE_MARKER, index, NOTE)
        position = end
    add_text(position, paragraph_end, None, GAP)
    display = "".join(parts)
    lines = wrap(display, width)
    sentence_lines: dict[int, tuple[int, int]] = {}
    line_number = 0
    for piece in pieces:
        if piece.sentence is None:
            continue
        while line_number < len(lines) - 1 and lines[line_number][1] <= piece.start:
            line_number += 1
        first = line_number
        last = first
        while last < len(lines) - 1 and lines[last][1] < piece.end:
            last += 1
        known = sentence_lines.get(piece.sentence)
        sentence_lines[piece.sentence] = (known[0] if known else first, last)
    return ParagraphLayout(
        display=display,
        pieces=tuple(pieces),
        lines=tuple(lines),
        sentence_lines=sentence_lines,
        ascii=display.isascii(),
    )


def coded_paragraph_layout(
    session: CodingSession, document: Document, paragraph: int, width: int
) -> ParagraphLayout:
    """Lay out ``paragraph`` of ``document`` with the session's codes and notes.

    Pure, so the reader's background measurer can call it off the UI thread too.
    """
    para = document.paragraphs[paragraph]
    codebook = session.codebook
    sentences = [
        (i, document.sentences[i].start, document.sentences[i].end) for i in para.sentence_range
    ]
    badges: dict[int, list[tuple[str, str]]] = {}
    notes: set[int] = set()
    for i in para.sentence_range:
        annotation = session.annotation(i)
        if annotation is None:
            continue
        if annotation.tags:
            badges[i] = [
                (tag, code.label if (code := codebook.by_name(tag)) else f"{tag}?")
                for tag in session.tags(i)
            ]
        if annotation.note:
            notes.add(i)
    return layout_paragraph(document.text, para.start, para.end, sentences, badges, notes, width)
