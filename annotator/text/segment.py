"""Sentence segmentation with exact character offsets.

Built on sentencex (pinned in pyproject.toml: its output changes between releases), whose
spans cover the text without gaps. Its spans are then corrected by a few rules that only
merge neighbouring spans or cut one in two, so every offset still points into the
original text. Spans are trimmed of whitespace so that the stored quote of a sentence
never depends on the spacing around it. ``docs/segmentation.md`` explains each rule and
the failure it fixes.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import pairwise

import sentencex

from annotator.text.spans import Span, trim_span


def _words(listing: str) -> frozenset[str]:
    return frozenset(listing.split())


# Abbreviations that are followed by a number rather than ending a sentence ("Vol. 1",
# "para. 2", "окт. 2023"). Lower case, without the period. Shared by all languages
# because documents mix them (an English text citing "Art. 5" of a German law).
_BEFORE_NUMBER = _words(
    """
    vol vols p pp para paras art arts no nos nr sec secs sect ch chap fig figs tab op
    approx ca cf ed eds ex ext tel fax ref refs pt pts reg sch app
    jan feb mar apr jun jul aug sep sept oct nov dec
    abs bd hft s ziff
    n°
    janv févr avr juil déc
    ст п пп ч гл рис табл т стр с ок около
    янв фев февр мар апр авг сен сент окт ноя нояб дек
    """
)

# Titles that come before a capitalized name; sentencex knows the English ones.
_BEFORE_NAME = _words("m mm mme mlle me dr pr prof hr fr frau")

# Month names in the languages detected by annotator.text.language, for ordinal dates such
# as "5. October 2023" or "1. Oktober", where the day's period is not a sentence end.
_MONTHS = _words(
    """
    january february march april may june july august september october november december
    januar februar märz april mai juni juli august september oktober november dezember
    janvier février mars avril mai juin juillet août septembre octobre novembre décembre
    enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
    gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre
    dicembre
    января февраля марта апреля мая июня июля августа сентября октября ноября декабря
    """
)

_LAST_WORD = re.compile(r"(?<![^\s(\[«„“\"'])(\w+°?)\.$")
_FIRST_WORD = re.compile(r"[\"'“„«(\[]*(\w+)")
_ORDINAL_END = re.compile(r"(?<![\w.,])(?:[1-9]|[12]\d|3[01])\.$")
# A list marker standing alone: "1.", "⁃9.", "b)", "(iv)".
_LONE_MARKER = re.compile(r"[-–—•⁃▪◦*]?\(?(?:\d{1,3}|[A-Za-z]|[ivx]{1,5}|[IVX]{1,5})[.)]\)?")
# An inline list marker before a capital: "1. The", "⁃10. The", "b. The", "(c) The".
_MARKER_AT = re.compile(
    r"(?<!\S)([-–—•⁃▪◦*]?)(\(?)(\d{1,3}|[a-z])([.)])(?=\s+[\"“„«(]*[A-ZÀ-ÞА-ЯЁ])"
)
_MARKER_FIRST = frozenset("-–—•⁃▪◦*(0123456789abcdefghijklmnopqrstuvwxyz")
# How far apart two items of an inline list may be.
_LIST_WINDOW = 1000
# A numbered item at the start of a line inside a paragraph starts a new sentence.
_ITEM_LINE = re.compile(r"\n[ \t]*(?=\(?(?:\d{1,3}|[A-Za-z])[.)]\)?[ \t]+\S)")
# So does a bulleted line, if the paragraph is a bulleted list: a hard-wrapped line may
# also start with a dash used as punctuation.
_BULLET_LINE = re.compile(r"\n[ \t]*(?=([-•▪◦*])[ \t]+\S)")
_SURE_BULLETS = "•▪◦"
# "2023 г. Она": the year abbreviation ends a Russian sentence before a capital.
_YEAR_END = re.compile(r"(?<=\d )гг?\.( )(?=[А-ЯЁ])")
# A period then a spaced ellipsis before a capital: the period ends the sentence and the
# ellipsis opens the next ("compounds. . . . The practice").
_FOUR_DOTS = re.compile(r"(?<=[^\s.]\.)(\s)\.\s\.\s\.(?=\s+[\"“(]*[A-Z])")
_SPACED_ELLIPSIS = re.compile(r"\.\s\.\s\.")
# Abbreviations after which a lower-case word continues the sentence.
_BEFORE_LOWER = _BEFORE_NUMBER | _words("e g i al resp incl esp vs viz approx etc")


def _raw_spans(piece: str, lang: str) -> list[Span]:
    """sentencex's spans, trimmed, relative to ``piece``.

    A newline inside a paragraph comes from hard wrapping, so it is given to sentencex as
    a space: same length, same offsets, but sentencex otherwise misses boundaries on
    wrapped and indented lines.
    """
    flat = piece.replace("\n", " ")
    spans: list[Span] = []
    for boundary in sentencex.get_sentence_boundaries(lang, flat):
        span = trim_span(piece, int(boundary["start_index"]), int(boundary["end_index"]))
        if span is not None:
            spans.append(span)
    return spans


def _last_word(piece: str, span: Span) -> re.Match[str] | None:
    """The word before the period that ends ``span``, looked for near its end only.

    Merged spans grow; searching them whole would make a paragraph of abbreviations
    quadratic.
    """
    return _LAST_WORD.search(piece, max(span[0], span[1] - 24), span[1])


def _first_word(piece: str, span: Span) -> str:
    match = _FIRST_WORD.match(piece, span[0], span[1])
    return match.group(1) if match else ""


def _no_space_after_period(piece: str, left: Span, right: Span) -> bool:
    """`ASP.NET`, `Reintegration.Gov.Az`, `Tel.: +994`, `non-U.S.`: no space, no end.

    A single period between a word and a capitalized word ("by 2027.We") is a missing
    space, though, and stays a boundary.
    """
    end = left[1]
    if end != right[0] or piece[end - 1] != ".":
        return False
    following = piece[right[0]]
    if not (following.isalnum() or following in ":;,-/@_)%"):
        return False
    if not (following.isupper() and piece[right[0] + 1 : right[0] + 2].islower()):
        return True
    token_start = end - 1
    while token_start > max(left[0], end - 64) and not piece[token_start - 1].isspace():
        token_start -= 1
    token_end = right[0]
    while token_end < min(right[1], right[0] + 64) and not piece[token_end].isspace():
        token_end += 1
    return piece.count(".", token_start, token_end) > 1 + piece.endswith(".", 0, token_end)


def _lone_marker(piece: str, left: Span, right: Span) -> bool:
    """An inline list marker ("1.") left alone belongs to the item after it."""
    return _LONE_MARKER.fullmatch(piece, left[0], left[1]) is not None


def _abbreviation_before_number(piece: str, left: Span, right: Span) -> bool:
    """`Vol. 1`, `para. 2`, `Approx. 5,000`, `окт. 2023`: a number follows, no end."""
    if not piece[right[0]].isdigit() and piece[right[0]] != "§":
        return False
    match = _last_word(piece, left)
    return match is not None and match.group(1).lower() in _BEFORE_NUMBER


def _title_before_name(piece: str, left: Span, right: Span) -> bool:
    """`M. Dupont`, `Prof. Weber`: a title before a capitalized name."""
    match = _last_word(piece, left)
    if match is None or match.group(1).lower() not in _BEFORE_NAME:
        return False
    word = match.group(1)
    # "ST." or "M." in capitals may be a sentence's last word; titles are capitalized.
    return word[0].isupper() and (len(word) == 1 or not word.isupper())


def _ordinal_date(piece: str, left: Span, right: Span) -> bool:
    """`5. October 2023`: the day's period is an ordinal, not a sentence end."""
    if _ORDINAL_END.search(piece, max(left[0], left[1] - 4), left[1]) is None:
        return False
    return _first_word(piece, right).lower() in _MONTHS


def _lower_case_continues(piece: str, left: Span, right: Span) -> bool:
    """After an abbreviation, a lower-case word continues the sentence (`т. е. больше`).

    Only after an abbreviation: a lower-case word after an ordinary word ("clear. the")
    is a sentence typed without capitals.
    """
    if piece[left[1] - 1] != ".":
        return False
    word = _first_word(piece, right)
    if not word or not word[0].islower():
        return False
    match = _last_word(piece, left)
    return match is not None and (
        len(match.group(1)) == 1 or match.group(1).lower() in _BEFORE_LOWER
    )


def _joins(piece: str, left: Span, right: Span) -> bool:
    """Whether ``right`` continues the sentence ``left``: the rules above, in one place.

    Cheap character tests pick the one or two rules that can apply, because this runs
    at every boundary of a book.
    """
    if left[1] - left[0] <= 12 and (
        _lone_marker(piece, left, right) or _SPACED_ELLIPSIS.fullmatch(piece, *left)
    ):
        return True
    if piece[left[1] - 1] != ".":
        return False
    if left[1] == right[0]:
        return _no_space_after_period(piece, left, right) or _title_before_name(piece, left, right)
    first = piece[right[0]]
    if first.isdigit() or first == "§":
        return _abbreviation_before_number(piece, left, right)
    if piece[left[1] - 2 : left[1] - 1].isdigit():
        return _ordinal_date(piece, left, right)
    return _title_before_name(piece, left, right) or _lower_case_continues(piece, left, right)


def _merge(piece: str, spans: list[Span], hard: set[int]) -> list[Span]:
    """One pass left to right: each span joins the one before it if a rule says so.

    Spans starting at a ``hard`` offset (a list item) are never joined to the one before.
    """
    merged: list[Span] = []
    for span in spans:
        if merged and span[0] not in hard and _joins(piece, merged[-1], span):
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    return merged


def _cut(piece: str, spans: list[Span], cuts: list[int]) -> tuple[list[Span], set[int]]:
    """Cut spans at the sorted offsets ``cuts``; also return where the new parts start."""
    if not cuts:
        return spans, set()
    result: list[Span] = []
    starts: set[int] = set()
    for start, end in spans:
        inside = cuts[bisect_right(cuts, start) : bisect_left(cuts, end)]
        edges = [start, *inside, end]
        for a, b in pairwise(edges):
            part = trim_span(piece, a, b)
            if part is not None:
                result.append(part)
                if a != start:
                    starts.add(part[0])
    return result, starts


def _successor(label: str) -> str | None:
    if label.isdigit():
        return str(int(label) + 1)
    return None if label == "z" else chr(ord(label) + 1)


def _list_cuts(piece: str, starts: set[int]) -> list[int]:
    """Offsets of the items of inline lists that begin where a sentence begins.

    Only the marker that comes next in sequence counts ("2." after "1.", "b." after
    "a."), in the same style, before a capital, and not too far away:
    "1. The first item 2. The second item". One scan of the piece finds every marker,
    so long paragraphs cost linear time.
    """
    if not any(
        piece[start : start + 1] in _MARKER_FIRST and _MARKER_AT.match(piece, start)
        for start in starts
    ):
        return []  # the usual case: no sentence starts a list, so skip the scan
    found: dict[tuple[str, str, str, str], list[int]] = {}
    first: list[tuple[int, tuple[str, str, str, str]]] = []
    for match in _MARKER_AT.finditer(piece):
        key = (match.group(1), match.group(2), match.group(3), match.group(4))
        found.setdefault(key, []).append(match.start())
        if match.start() in starts:
            first.append((match.start(), key))
    cuts: list[int] = []
    done: set[int] = set()
    for position, (bullet, paren, label, close) in first:
        if position in done:
            continue
        while (following := _successor(label)) is not None:
            positions = found.get((bullet, paren, following, close), [])
            index = bisect_right(positions, position)
            if index == len(positions) or positions[index] - position > _LIST_WINDOW:
                break
            position, label = positions[index], following
            cuts.append(position)
            done.add(position)
    return cuts


def _line_end(piece: str, newline: int) -> str:
    """The last non-blank character of the line that ends at ``newline`` ("" if none)."""
    before = newline
    while before > 0 and piece[before - 1] in " \t":
        before -= 1
    return piece[before - 1 : before] or "\n"


def _line_cuts(piece: str) -> list[int]:
    """Offsets of the newlines that start a list item inside the paragraph."""
    # A number at the start of a wrapped line may end the line before ("on October\n1.
    # The mission"), so a numbered item needs the line before it to end a clause.
    cuts = [m.start() for m in _ITEM_LINE.finditer(piece) if _line_end(piece, m.start()) in ".:;!?"]
    first = piece.lstrip()[:1]
    listed = {first} if first and first in "-•▪◦*" else set()
    for match in _BULLET_LINE.finditer(piece):
        bullet = match.group(1)
        if bullet in _SURE_BULLETS or bullet in listed or _line_end(piece, match.start()) == ":":
            listed.add(bullet)
            cuts.append(match.start())
    return sorted(cuts)


def split_sentences(text: str, start: int, end: int, lang: str = "en") -> list[Span]:
    """Return absolute ``(start, end)`` spans of the sentences in ``text[start:end]``.

    The spans are sorted, do not overlap and are trimmed of whitespace; a piece holding
    any non-space text yields at least one span.
    """
    piece = text[start:end]
    raw = _raw_spans(piece, lang)
    line_cuts = _line_cuts(piece)
    if ". ." in piece or ".\n." in piece:
        line_cuts = sorted([*line_cuts, *(m.start(1) for m in _FOUR_DOTS.finditer(piece))])
    spans, hard = _cut(piece, raw, line_cuts)
    list_cuts = _list_cuts(piece, {0} | {span[0] for span in spans})
    if list_cuts:
        spans, more = _cut(piece, spans, sorted(list_cuts))
        hard |= more
    spans = _merge(piece, spans, hard)
    if "г." in piece:
        spans, _ = _cut(piece, spans, [m.start(1) for m in _YEAR_END.finditer(piece)])
    if not spans:
        whole = trim_span(piece, 0, len(piece))
        spans = [whole] if whole is not None else []
    return [(start + s, start + e) for s, e in spans]
