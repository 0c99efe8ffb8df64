"""Turn one wrapped line of a paragraph layout into styled segments.

Kept apart from the widget so that what a line looks like (cursor, current paragraph,
badges, notes, filter dimming) is one plain function of the layout and a few styles.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rich.segment import Segment
from rich.style import Style

from annotator.codebook.model import Codebook
from annotator.ui.reader.paragraph_layout import BADGE, NOTE, TEXT, ParagraphLayout, Piece

CURRENT_GUTTER = "▌ "
OTHER_GUTTER = "  "


@dataclass(frozen=True, slots=True)
class LineStyles:
    """The styles a line is drawn with, resolved from the widget's component classes."""

    line: Style
    gutter: Style
    cursor: Style
    note: Style
    dimmed: Style
    match: Style


@dataclass(slots=True)
class CodeStyles:
    """Styles of badges and coded text per code, from the codebook's colours (cached)."""

    codebook: Codebook
    unknown_badge: Style
    tagged_text: Style
    _cache: dict[tuple[str, str], Style] = field(default_factory=dict)

    def badge(self, tag: str) -> Style:
        style = self._cache.get(("badge", tag))
        if style is None:
            code = self.codebook.by_name(tag)
            style = (
                self.unknown_badge
                if code is None
                else Style(color="black", bgcolor=code.color, bold=True)
            )
            self._cache["badge", tag] = style
        return style

    def text(self, tag: str) -> Style:
        """Coded text is underlined in its first code's colour; badges carry the names."""
        style = self._cache.get(("text", tag))
        if style is None:
            code = self.codebook.by_name(tag)
            style = self.tagged_text
            if code is not None:
                style = style + Style(color=code.color, underline=True)
            self._cache["text", tag] = style
        return style


def line_segments(
    layout: ParagraphLayout,
    line: int,
    *,
    current_paragraph: bool,
    cursor: int,
    styles: LineStyles,
    code_styles: CodeStyles,
    first_tag: Callable[[int], str | None],
    dimmed: Callable[[int], bool] | None = None,
    matches: Callable[[int], Sequence[tuple[int, int]]] | None = None,
) -> list[Segment]:
    """The segments of wrapped line ``line``, gutter first; not padded to the width.

    ``matches`` gives a sentence's search matches as document offsets; they are drawn
    in the match style, over whatever else the text is.
    """
    line_style = styles.line
    segments = [Segment(CURRENT_GUTTER if current_paragraph else OTHER_GUTTER, styles.gutter)]
    start, end = layout.lines[line]
    display = layout.display
    for piece in layout.pieces:
        if piece.end <= start:
            continue
        if piece.start >= end:
            break
        fragment = display[max(piece.start, start) : min(piece.end, end)]
        style = line_style
        sentence = piece.sentence
        if piece.kind == BADGE and piece.tag is not None:
            style = line_style + code_styles.badge(piece.tag)
        elif piece.kind == NOTE:
            style = line_style + styles.note
        elif piece.kind == TEXT and sentence is not None:
            tag = first_tag(sentence)
            if tag is not None:
                style = line_style + code_styles.text(tag)
            if sentence == cursor:
                style = style + styles.cursor
        elif sentence is not None and sentence == cursor:
            style = style + styles.cursor
        if dimmed is not None and sentence is not None and sentence != cursor and dimmed(sentence):
            style = line_style + styles.dimmed
        found = matches(sentence) if matches is not None and sentence is not None else ()
        if found and piece.kind == TEXT:
            first = max(piece.start, start)
            lit = style + styles.match
            _add_matches(segments, layout, piece, found, first, fragment, style, lit)
            continue
        segments.append(Segment(fragment, style))
    return segments


def _add_matches(
    segments: list[Segment],
    layout: ParagraphLayout,
    piece: Piece,
    found: Sequence[tuple[int, int]],
    first: int,
    fragment: str,
    style: Style,
    lit: Style,
) -> None:
    """``fragment`` (display index ``first`` on) with the parts that show a match ``lit``."""
    position = 0
    for match_start, match_end in found:
        shown = layout.display_range(piece, match_start, match_end)
        if shown is None:
            continue
        a = max(shown[0] - first, position)
        b = min(shown[1] - first, len(fragment))
        if b <= a:
            continue
        if a > position:
            segments.append(Segment(fragment[position:a], style))
        segments.append(Segment(fragment[a:b], lit))
        position = b
    if position < len(fragment):
        segments.append(Segment(fragment[position:], style))
