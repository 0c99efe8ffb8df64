"""What a drawn line holds: gutter, cursor, badges, notes and dimming."""

from __future__ import annotations

from rich.style import Style

from annotator.codebook.model import DEFAULT_CODEBOOK
from annotator.ui.reader.line_render import CURRENT_GUTTER, CodeStyles, LineStyles, line_segments
from annotator.ui.reader.paragraph_layout import layout_paragraph

STYLES = LineStyles(
    line=Style(),
    gutter=Style(color="yellow"),
    cursor=Style(reverse=True),
    note=Style(color="magenta"),
    dimmed=Style(dim=True),
    match=Style(underline2=True),
)
TEXT = "One two three. Four five six."


def _segments(cursor: int, dimmed=None):  # type: ignore[no-untyped-def]
    layout = layout_paragraph(
        TEXT, 0, len(TEXT), [(0, 0, 14), (1, 15, 29)], {0: [("claim", "CLM")]}, {1}, 80
    )
    code_styles = CodeStyles(DEFAULT_CODEBOOK, unknown_badge=Style(), tagged_text=Style())
    return line_segments(
        layout,
        0,
        current_paragraph=True,
        cursor=cursor,
        styles=STYLES,
        code_styles=code_styles,
        first_tag=lambda s: "claim" if s == 0 else None,
        dimmed=dimmed,
    )


def test_gutter_badge_note_and_cursor() -> None:
    segments = _segments(cursor=1)
    assert segments[0].text == CURRENT_GUTTER
    text = "".join(s.text for s in segments[1:])
    assert text == "One two three.  CLM  Four five six. ✎"
    badge = next(s for s in segments if s.text == " CLM ")
    assert badge.style is not None and badge.style.bgcolor is not None
    cursor = next(s for s in segments if s.text == "Four five six.")
    assert cursor.style is not None and cursor.style.reverse
    coded = next(s for s in segments if s.text == "One two three.")
    assert coded.style is not None and coded.style.underline and not coded.style.reverse


def test_filter_dims_other_sentences_but_never_the_cursor() -> None:
    segments = _segments(cursor=0, dimmed=lambda s: True)
    first = next(s for s in segments if s.text == "One two three.")
    second = next(s for s in segments if s.text == "Four five six.")
    assert first.style is not None and first.style.reverse and not first.style.dim
    assert second.style is not None and second.style.dim


def test_search_matches_are_highlighted_within_a_sentence() -> None:
    layout = layout_paragraph(TEXT, 0, len(TEXT), [(0, 0, 14), (1, 15, 29)], {}, set(), 80)
    code_styles = CodeStyles(DEFAULT_CODEBOOK, unknown_badge=Style(), tagged_text=Style())
    segments = line_segments(
        layout,
        0,
        current_paragraph=False,
        cursor=0,
        styles=STYLES,
        code_styles=code_styles,
        first_tag=lambda s: None,
        matches=lambda s: [(20, 24)] if s == 1 else [],
    )
    assert "".join(s.text for s in segments[1:]) == TEXT
    found = [s for s in segments if s.style is not None and s.style.underline2]
    assert [s.text for s in found] == ["five"]
