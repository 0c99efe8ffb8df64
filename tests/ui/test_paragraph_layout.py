"""Paragraph layout: wrapping by terminal cells, for every kind of text a document holds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from annotator.ui.reader.paragraph_layout import BADGE, NOTE, TEXT, layout_paragraph, wrap

MIXED = (
    "Tab\there, wide 漢字とかな, combining e\u0301 and n\u0303, emoji 🇺🇳 👩‍👩‍👧 ✊🏽, "
    "right-to-left \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627, "
    "and a control \x1b[2J sequence."
)


def test_wrapped_lines_never_exceed_the_width_in_cells() -> None:
    for width in (5, 8, 13, 40):
        for start, end in wrap(MIXED.replace("\t", " ").replace("\x1b", "␛"), width):
            assert cell_len(MIXED[start:end].replace("\t", " ").replace("\x1b", "␛")) <= width


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n"),
        max_size=200,
    ),
    st.integers(min_value=1, max_value=60),
)
def test_wrap_covers_every_word_within_the_width(text: str, width: int) -> None:
    lines = wrap(text, width)
    words = "".join(text[a:b] for a, b in lines).split()
    assert "".join(words) == "".join(text.split())
    for start, end in lines:
        assert cell_len(text[start:end]) <= max(width, 2)


def test_layout_shows_controls_as_symbols_and_keeps_pieces_per_sentence() -> None:
    text = "First sentence.\tSecond \x1b]0;x\x07 one."
    layout = layout_paragraph(
        text, 0, len(text), [(0, 0, 15), (1, 16, len(text))], {0: [("claim", "CLM")]}, {1}, 30
    )
    assert "\x1b" not in layout.display and "\x07" not in layout.display
    assert "␛]0;x␇" in layout.display
    kinds = [(p.sentence, p.kind) for p in layout.pieces if p.kind in (TEXT, BADGE, NOTE)]
    assert kinds == [(0, TEXT), (0, BADGE), (1, TEXT), (1, NOTE)]
    for start, end in layout.lines:
        assert cell_len(layout.display[start:end]) <= 30
    assert set(layout.sentence_lines) == {0, 1}


LICENCE = "Licensor or by a Legal Entity authorized by\n      the copyright owner to submit it."


def test_joined_lines_show_one_space_where_the_file_indents_them() -> None:
    """Hard-wrapped text with indented continuation lines reads as running text."""
    layout = layout_paragraph(LICENCE, 0, len(LICENCE), [(0, 0, len(LICENCE))], {}, set(), 200)
    assert (
        layout.display
        == "Licensor or by a Legal Entity authorized by the copyright owner to submit it."
    )
    # Every display character still knows where it is in the (unchanged) text.
    for piece in layout.pieces:
        shown = layout.display[piece.start : piece.end]
        source = LICENCE[piece.source : piece.source_end]
        if piece.end - piece.start == piece.source_end - piece.source:
            assert shown == source.replace("\n", " ")
        else:
            assert shown == " " and source.strip() == ""
    assert layout.source_offset(layout.display.index("the")) == LICENCE.index("the")


def test_centred_headings_and_gaps_between_sentences_collapse_too() -> None:
    text = "APACHE LICENSE\n                 Version 2.0, January 2004\n   http://x.org"
    layout = layout_paragraph(text, 0, len(text), [(0, 0, 14), (1, 32, len(text))], {}, set(), 200)
    assert layout.display == "APACHE LICENSE Version 2.0, January 2004 http://x.org"
    assert layout.sentence_lines == {0: (0, 0), 1: (0, 0)}


def test_a_single_line_break_and_spaces_within_a_line_are_kept() -> None:
    text = "Two  spaces stay.\nOne break is a space."
    layout = layout_paragraph(text, 0, len(text), [(0, 0, len(text))], {}, set(), 200)
    assert layout.display == "Two  spaces stay. One break is a space."
