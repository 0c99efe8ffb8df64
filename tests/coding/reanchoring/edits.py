"""Deterministic edits to a coded text, with the truth of where every sentence went.

Re-anchoring is judged against this truth, so the generator never guesses either: the
text is cut into pieces (the gaps between sentences and the sentences themselves), each
sentence piece remembers which base sentence it came from, and an edit changes, drops,
adds or moves pieces. Joining the pieces gives the old and the new text, and the offsets
of every piece in both, so for each old sentence we know the new sentence it became (or
that it is gone) without comparing any text.

A typo *fix* is made by putting the typo in the old text (the one the coder annotated)
and leaving the base sentence in the new one. A copied paragraph is new text that happens
to repeat an old paragraph word for word: the original keeps its identity, the copy has
none, so an annotation placed on the copy counts as wrongly placed. Copies are made
after every other edit, and only in a text where no paragraph moved: copied before an
edit to its original, or next to a moved paragraph, the copy is as much the original as
the original is, and counting it wrong would measure the generator, not re-anchoring.
"""

from __future__ import annotations

import random
import re
import textwrap
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from annotator.annotation import Annotation, new_id
from annotator.coding.anchoring import anchor_fields
from annotator.text.document import Document, build_document
from annotator.text.language import detect_language
from annotator.text.loading import load_text

WORD = re.compile(r"[^\W\d_]{4,}")
"""A word an edit may touch: four letters or more, no digits."""

WRAP_WIDTH = 70


class Fate(StrEnum):
    """What happened to a base sentence between the old and the new text."""

    UNCHANGED = "unchanged"
    MOVED = "moved"  # unchanged text, its paragraph moved elsewhere
    TYPO_FIXED = "typo fixed"
    WORD_CHANGED = "word changed"
    REWRITTEN = "rewritten"
    DELETED = "deleted"  # the sentence or its whole paragraph


class Kind(StrEnum):
    TYPO_FIX = "typo fix"
    WORD_CHANGE = "word change"
    REWRITE = "rewrite"
    DELETE_SENTENCE = "delete sentence"
    INSERT_PARAGRAPH = "insert paragraph"
    COPY_PARAGRAPH = "copy paragraph"
    DELETE_PARAGRAPH = "delete paragraph"
    MOVE_PARAGRAPH = "move paragraph"


SENTENCE_KINDS = (Kind.TYPO_FIX, Kind.WORD_CHANGE, Kind.REWRITE, Kind.DELETE_SENTENCE)


@dataclass(frozen=True, slots=True)
class Edit:
    """One edit; ``target`` and ``where`` are taken modulo what is there to edit."""

    kind: Kind
    target: int
    where: int = 0


@dataclass(slots=True)
class Piece:
    """A run of text: a sentence (``origin`` is its base index) or the gap between two."""

    text: str
    origin: int | None = None


@dataclass(slots=True)
class Block:
    """A paragraph as pieces, and the separator that follows it."""

    pieces: list[Piece]
    separator: str
    origin: int | None  # base paragraph index; None for inserted and copied paragraphs


@dataclass(frozen=True, slots=True)
class Truth:
    """Where an annotated old sentence went."""

    fate: Fate
    target: int | None  # the new sentence it became, if any
    target_text: str | None


@dataclass(frozen=True, slots=True)
class Scenario:
    """An old and a new version of one text, annotations on the old one, and the truth."""

    name: str
    old: Document
    new: Document
    annotations: list[Annotation]
    truth: dict[str, Truth]  # by annotation id
    edits: tuple[Edit, ...]

    @property
    def old_text(self) -> str:
        return self.old.text


@dataclass(slots=True)
class _Versions:
    """The old and the new text as blocks, edited in step."""

    header: str
    old: list[Block]
    new: list[Block]
    fates: dict[int, Fate] = field(default_factory=dict)
    old_pieces: dict[int, Piece] = field(default_factory=dict)
    new_pieces: dict[int, Piece] = field(default_factory=dict)
    editable: list[int] = field(default_factory=list)  # sorted; base sentences with a word
    columns: dict[int, int] = field(default_factory=dict)  # where each base sentence starts
    wrapped: bool = False  # whether the base text is hard-wrapped
    moved: set[int | None] = field(default_factory=set)  # base paragraphs moved

    def __post_init__(self) -> None:
        for blocks, index in ((self.old, self.old_pieces), (self.new, self.new_pieces)):
            for block in blocks:
                for piece in block.pieces:
                    if piece.origin is not None:
                        index[piece.origin] = piece
        self.editable = sorted(o for o, p in self.new_pieces.items() if _words(p.text))


def _blocks(document: Document) -> tuple[str, list[Block]]:
    text = document.text
    header = text[: document.paragraphs[0].start] if document.paragraphs else text
    blocks: list[Block] = []
    for p_index, paragraph in enumerate(document.paragraphs):
        following = (
            document.paragraphs[p_index + 1].start
            if p_index + 1 < len(document.paragraphs)
            else len(text)
        )
        pieces: list[Piece] = []
        cursor = paragraph.start
        for index in paragraph.sentence_range:
            sentence = document.sentences[index]
            pieces.append(Piece(text[cursor : sentence.start]))
            pieces.append(Piece(text[sentence.start : sentence.end], index))
            cursor = sentence.end
        pieces.append(Piece(text[cursor : paragraph.end]))
        blocks.append(Block(pieces, text[paragraph.end : following], p_index))
    return header, blocks


def _copy(blocks: Sequence[Block]) -> list[Block]:
    return [
        Block([Piece(p.text, p.origin) for p in b.pieces], b.separator, b.origin) for b in blocks
    ]


def _words(text: str) -> list[re.Match[str]]:
    return list(WORD.finditer(text))


def typo(text: str, rng: random.Random) -> str:
    """``text`` with one typist's slip inside a word of four letters or more."""
    words = _words(text)
    if not words:
        return text
    word = rng.choice(words)
    inner = rng.randrange(word.start() + 1, word.end() - 1)
    a, b = text[inner], text[inner + 1]
    slip = rng.randrange(4)
    if slip == 0 and a != b:
        return text[:inner] + b + a + text[inner + 2 :]  # swapped letters
    if slip == 1:
        return text[:inner] + text[inner + 1 :]  # dropped letter
    if slip == 2:
        return text[:inner] + a + text[inner:]  # doubled letter
    letters = sorted({c for c in text if c.isalpha() and c.islower() and c != a})
    return text[:inner] + rng.choice(letters or ["x"]) + text[inner + 1 :]


def change_word(text: str, vocabulary: Sequence[str], rng: random.Random) -> str:
    """``text`` with one word replaced by another word of the document."""
    words = _words(text)
    if not words:
        return text
    word = rng.choice(words)
    choices = [w for w in vocabulary if w.lower() != word.group().lower()]
    return text[: word.start()] + rng.choice(choices) + text[word.end() :]


def rewrite(text: str, vocabulary: Sequence[str], rng: random.Random) -> str:
    """``text`` said differently: most of its words replaced, the rest reordered."""
    words = _words(text)
    if len(words) < 2:
        return " ".join(rng.sample(list(vocabulary), 6)) + "."
    kept = [w.group() for w in words]
    out = [rng.choice(vocabulary) if rng.random() < 0.6 else w for w in kept]
    rng.shuffle(out)
    body = " ".join(out)
    return body[:1].upper() + body[1:] + "."


def wrap_like(new: str, old: str, column: int) -> str:
    """``new`` hard-wrapped if ``old`` was, so that the paragraph rules see the same file.

    ``column`` is where the text starts on its first line.
    """
    if "\n" not in old:
        return new
    wrapped = textwrap.fill(new, width=WRAP_WIDTH, initial_indent="x" * column)
    return wrapped[column:]


def _apply(
    versions: _Versions,
    edit: Edit,
    vocabulary: Sequence[str],
    donors: Sequence[str],
    rng: random.Random,
) -> None:
    if edit.kind in SENTENCE_KINDS:
        candidates = versions.editable  # not edited yet and still in the new text
        if not candidates:
            return
        origin = candidates.pop(edit.target % len(candidates))
        new_piece, old_piece = versions.new_pieces[origin], versions.old_pieces[origin]
        if edit.kind is Kind.TYPO_FIX:
            slipped = typo(old_piece.text, rng)
            if slipped == old_piece.text:
                return
            old_piece.text = slipped
            versions.fates[origin] = Fate.TYPO_FIXED
        elif edit.kind is Kind.WORD_CHANGE:
            new_piece.text = change_word(new_piece.text, vocabulary, rng)
            versions.fates[origin] = Fate.WORD_CHANGED
        elif edit.kind is Kind.REWRITE:
            said = rewrite(new_piece.text, vocabulary, rng)
            new_piece.text = wrap_like(said, new_piece.text, versions.columns.get(origin, 0))
            versions.fates[origin] = Fate.REWRITTEN
        else:
            _delete_sentence(versions.new, origin)
            del versions.new_pieces[origin]
            versions.fates[origin] = Fate.DELETED
        return
    blocks = versions.new
    if edit.kind is Kind.INSERT_PARAGRAPH:
        donor = donors[edit.target % len(donors)]
        if versions.wrapped:
            donor = textwrap.fill(" ".join(donor.split()), width=WRAP_WIDTH)
        blocks.insert(edit.where % (len(blocks) + 1), Block([Piece(donor)], "\n\n", None))
    elif edit.kind is Kind.COPY_PARAGRAPH and blocks:
        # Not next to a moved paragraph: with "A B" become "Ac B A" (A copied, B moved,
        # or B moved before A and A copied after it?) no rule could tell which A is the
        # original, so a text gets a copy only when no paragraph moved.
        sources = [b for b in blocks if b.origin not in versions.moved]
        if versions.moved or not sources:
            return
        source = sources[edit.target % len(sources)]
        copy = Block([Piece(p.text) for p in source.pieces], "\n\n", None)
        blocks.insert(edit.where % (len(blocks) + 1), copy)
    elif edit.kind is Kind.DELETE_PARAGRAPH and len(blocks) > 1:
        gone = blocks.pop(edit.target % len(blocks))
        for piece in gone.pieces:
            if piece.origin is not None:
                versions.fates[piece.origin] = Fate.DELETED
                del versions.new_pieces[piece.origin]
                _discard(versions.editable, piece.origin)
    elif edit.kind is Kind.MOVE_PARAGRAPH and len(blocks) > 2:
        block = blocks.pop(edit.target % len(blocks))
        blocks.insert(edit.where % (len(blocks) + 1), block)
        versions.moved.add(block.origin)
        for piece in block.pieces:
            if piece.origin is not None and piece.origin not in versions.fates:
                versions.fates[piece.origin] = Fate.MOVED
                _discard(versions.editable, piece.origin)
    _settle_separators(blocks)


def _discard(ordered: list[int], value: int) -> None:
    position = bisect_left(ordered, value)
    if position < len(ordered) and ordered[position] == value:
        del ordered[position]


def _delete_sentence(blocks: list[Block], origin: int) -> None:
    for block in blocks:
        for position, piece in enumerate(block.pieces):
            if piece.origin == origin:
                # Drop the sentence and the gap after it (or before it, if it is last).
                del block.pieces[position]
                if position < len(block.pieces) - 1:
                    del block.pieces[position]
                elif position > 0:
                    del block.pieces[position - 1]
                return


def _settle_separators(blocks: list[Block]) -> None:
    """Every paragraph but the last ends in a blank line, and the last in one newline."""
    for block in blocks[:-1]:
        if "\n\n" not in block.separator:
            block.separator = "\n\n"
    if blocks:
        blocks[-1].separator = "\n"


def _join(header: str, blocks: Sequence[Block]) -> tuple[str, dict[int, tuple[int, int]]]:
    parts = [header]
    spans: dict[int, tuple[int, int]] = {}
    cursor = len(header)
    for block in blocks:
        for piece in block.pieces:
            if piece.origin is not None:
                spans[piece.origin] = (cursor, cursor + len(piece.text))
            parts.append(piece.text)
            cursor += len(piece.text)
        parts.append(block.separator)
        cursor += len(block.separator)
    return "".join(parts), spans


def vocabulary_of(text: str) -> list[str]:
    """The document's words of four letters or more, sorted, for word changes."""
    return sorted({m.group() for m in WORD.finditer(text)})


def default_edits(document: Document, rng: random.Random) -> list[Edit]:
    """A mix of every kind of edit, scaled to the size of the document."""
    n, p = len(document.sentences), len(document.paragraphs)
    counts = {
        Kind.TYPO_FIX: max(2, n // 12),
        Kind.WORD_CHANGE: max(1, n // 20),
        Kind.REWRITE: max(1, n // 25),
        Kind.DELETE_SENTENCE: max(1, n // 40),
        Kind.INSERT_PARAGRAPH: max(1, p // 10),
        Kind.COPY_PARAGRAPH: 1 if p >= 3 else 0,
        Kind.DELETE_PARAGRAPH: max(1, p // 12) if p >= 3 else 0,
        Kind.MOVE_PARAGRAPH: 1 if p >= 4 else 0,
    }
    edits = [
        Edit(kind, rng.randrange(1 << 30), rng.randrange(1 << 30))
        for kind, count in counts.items()
        for _ in range(count)
    ]
    rng.shuffle(edits)
    return edits


def edited(
    base_text: str,
    edits: Iterable[Edit],
    *,
    name: str = "doc.txt",
    seed: int = 0,
    donors: Sequence[str] = ("An inserted paragraph that was not there before.",),
    lang: str | None = None,
) -> tuple[Document, Document, dict[int, Fate], dict[int, tuple[int, int]], dict[int, int]]:
    """Old and new documents from ``base_text`` and ``edits``.

    Returns (old, new, fate by base sentence, new span by base sentence, old sentence index
    by base sentence). Base sentences whose old span is not one sentence of the old
    document (a typo that moved a boundary) are left out of the last mapping.
    """
    lang = lang or detect_language(base_text)
    base = build_document(base_text, name=name, lang=lang)
    rng = random.Random(seed)
    header, blocks = _blocks(base)
    versions = _Versions(header, _copy(blocks), _copy(blocks))
    versions.columns = {
        s.index: s.start - (base_text.rfind("\n", 0, s.start) + 1) for s in base.sentences
    }
    versions.wrapped = sum("\n" in base.sentence_text(s.index) for s in base.sentences) * 3 > len(
        base.sentences
    )
    vocabulary = vocabulary_of(base_text) or ["word", "other", "thing"]
    # Copies last: a copy made before its original is edited or deleted would be the
    # only text left like the coder's sentence, and no method could call it wrong.
    edit_list = sorted(edits, key=lambda e: e.kind is Kind.COPY_PARAGRAPH)
    for edit in edit_list:
        _apply(versions, edit, vocabulary, donors, rng)
    old_text, old_spans = _join(header, versions.old)
    new_text, new_spans = _join(header, versions.new)
    old = build_document(old_text, name=name, lang=lang)
    new = build_document(new_text, name=name, lang=lang)
    by_span = {(s.start, s.end): s.index for s in old.sentences}
    old_index = {origin: by_span[span] for origin, span in old_spans.items() if span in by_span}
    fates = {origin: versions.fates.get(origin, Fate.UNCHANGED) for origin in old_spans}
    return old, new, fates, new_spans, old_index


def _target(new: Document, span: tuple[int, int] | None) -> int | None:
    """The new sentence that is exactly ``span``; None if the segmenter cut it otherwise."""
    if span is None:
        return None
    index = new.sentence_at_offset(span[0])
    if index is None:
        return None
    sentence = new.sentences[index]
    return index if (sentence.start, sentence.end) == span else None


def annotate(document: Document, coder: str, share: float, rng: random.Random) -> list[Annotation]:
    """Annotations by ``coder`` on a random ``share`` of the sentences of ``document``."""
    annotations = []
    for sentence in document.sentences:
        if rng.random() < share:
            annotations.append(
                Annotation(
                    id=new_id(),
                    coder=coder,
                    tags=("claim",),
                    **anchor_fields(document, sentence.index),
                )
            )
    return annotations


def scenario(
    base_text: str,
    edits: Iterable[Edit] | None = None,
    *,
    name: str = "doc.txt",
    seed: int = 0,
    donors: Sequence[str] = ("An inserted paragraph that was not there before.",),
    coders: Sequence[tuple[str, float]] = (("ann", 0.8), ("bob", 0.3)),
) -> Scenario:
    """Annotate an old version, edit it, and record where each annotated sentence went."""
    rng = random.Random(seed)
    if edits is None:
        lang = detect_language(base_text)
        edits = default_edits(build_document(base_text, name=name, lang=lang), rng)
    edit_list = tuple(edits)
    old, new, fates, new_spans, old_index = edited(
        base_text, edit_list, name=name, seed=seed, donors=donors
    )
    origin_of = {index: origin for origin, index in old_index.items()}
    annotations: list[Annotation] = []
    truth: dict[str, Truth] = {}
    for coder, share in coders:
        for annotation in annotate(old, coder, share, rng):
            index = old.sentence_at_offset(annotation.start)
            origin = origin_of.get(index) if index is not None else None
            if origin is None:
                continue  # no identity: a typo moved a sentence boundary
            fate = fates[origin]
            span = None if fate is Fate.DELETED else new_spans.get(origin)
            target = _target(new, span)
            annotations.append(annotation)
            truth[annotation.id] = Truth(
                fate, target, new.sentence_text(target) if target is not None else None
            )
    return Scenario(name, old, new, annotations, truth, edit_list)


def read_text(path: Path) -> str:
    """A corpus file's normalized text, as the reader loads it."""
    return load_text(path).text
