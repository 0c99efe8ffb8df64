"""A document's paragraphs and sentences as data, checked against the text before use.

The segmentation cache (``annotator.store.segment_cache``) keeps these records so that a
text is segmented once rather than at every export, count or opening. A record is used
only for the very text, segmenter and settings it was made for: its key holds the
content id, the segmenter's version (``segmenter_version``), the language asked for
(``auto`` when it is detected: the record then says which was found), whether the file
is Markdown, and the coder's corrections. Even then it is never trusted over the
text: ``restore`` accepts its spans only if they fit the text as the segmenter's always
do (paragraphs in order and never empty, with nothing but whitespace between them; each
paragraph one or more sentences, none starting or ending on whitespace, with nothing but
whitespace between them), and raises ``Unusable`` otherwise.

Nothing here imports the segmenter itself: a document restored from a record does not
need it.
"""

from __future__ import annotations

import json
import os
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from annotator.text.document import Document, assemble_document, sha256_hex
from annotator.text.loading import is_markdown_name
from annotator.text.overrides import SegmentationOverrides
from annotator.text.spans import Span

FORMAT = 1
"""The layout of a record; a record of another layout is not used."""

AUTO = "auto"
"""The language asked for when it is to be detected from the text."""

RULES_VERSION = 1
"""The version of annotator's own segmentation rules (``text/paragraphs.py``,
``text/segment.py``, ``text/language.py``, ``text/overrides.py``). Bump it whenever their
output changes: records made by the old rules are then no longer used.
``tests/text/test_segmentation.py`` holds a fingerprint of the rules' output on the test
corpus and fails, asking for the bump, when the output changes."""


class Unusable(ValueError):
    """A record that is not for this text, or does not fit it; the message says why."""


@cache
def installed_version(distribution: str) -> str:
    """The version of an installed distribution, from its ``.dist-info`` folder name.

    ``importlib.metadata`` would take tens of milliseconds to import, and this is asked
    before the reader's first screen; "unknown" when the folder is not found.
    """
    prefix = f"{distribution}-"
    for entry in sys.path:
        if not entry or not os.path.isdir(os.path.join(entry, distribution)):
            continue
        try:
            names = os.listdir(entry)
        except OSError:
            continue
        for name in names:
            if name.startswith(prefix) and name.endswith(".dist-info"):
                return name[len(prefix) : -len(".dist-info")]
    return "unknown"


def segmenter_version() -> str:
    """Which segmenter made a record: annotator's rules, the sentencex release, and the
    Unicode tables of this Python (which letters, spaces and word characters the rules'
    regular expressions see)."""
    return (
        f"rules-{RULES_VERSION}+sentencex-{installed_version('sentencex')}"
        f"+unicode-{unicodedata.unidata_version}"
    )


@dataclass(frozen=True, slots=True)
class SegmentationKey:
    """Everything a segmentation depends on besides the text, and the text's id.

    ``lang`` is the language asked for: a code, or ``AUTO`` (detected from the text).
    """

    doc_id: str
    lang: str
    markdown: bool
    overrides: SegmentationOverrides
    segmenter: str

    @classmethod
    def of(
        cls, doc_id: str, *, lang: str | None, name: str, overrides: SegmentationOverrides
    ) -> SegmentationKey:
        """The key of the text ``doc_id`` named ``name``, in ``lang`` (None: detected),
        with ``overrides``, for the segmenter installed."""
        return cls(doc_id, lang or AUTO, is_markdown_name(name), overrides, segmenter_version())

    def fields(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "lang": self.lang,
            "markdown": self.markdown,
            "splits": list(self.overrides.splits),
            "merges": list(self.overrides.merges),
            "segmenter": self.segmenter,
        }

    def digest(self) -> str:
        """16 hex digits that tell this key from any other (for a file name)."""
        canonical = json.dumps(self.fields(), sort_keys=True, separators=(",", ":"))
        return sha256_hex(canonical.encode("utf-8"))[:16]


def encode(document: Document, key: SegmentationKey) -> bytes:
    """The record of ``document``'s paragraphs and sentences under ``key``."""
    if not document.complete or document.doc_id != key.doc_id:
        raise ValueError("only a whole document is recorded, under its own key")
    if key.lang not in (AUTO, document.lang):
        raise ValueError("the document is not in the language of its key")
    paragraphs: list[int] = []
    sentences: list[list[int]] = []
    for paragraph in document.paragraphs:
        paragraphs += (paragraph.start, paragraph.end)
        flat: list[int] = []
        for index in paragraph.sentence_range:
            sentence = document.sentences[index]
            flat += (sentence.start, sentence.end)
        sentences.append(flat)
    record = {
        "format": FORMAT,
        **key.fields(),
        "language": document.lang,
        "paragraphs": paragraphs,
        "sentences": sentences,
    }
    return json.dumps(record, separators=(",", ":")).encode("utf-8")


def read_record(data: bytes) -> tuple[dict[str, Any], list[Span], list[list[Span]]]:
    """A record's key fields, paragraphs and sentences (per paragraph), with every field of
    the right type and every list of spans in order; ``Unusable`` otherwise.

    This checks what can be checked without the text (``annotator doctor`` uses it).
    """
    try:
        record = json.loads(data)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise Unusable(f"not a record: {exc}") from None
    if not isinstance(record, dict):
        raise Unusable("not a record: not a JSON object")
    if record.get("format") != FORMAT:
        raise Unusable(f"record format {record.get('format')!r}, not {FORMAT}")
    for field, kind in (("doc_id", str), ("lang", str), ("segmenter", str), ("markdown", bool)):
        if type(record.get(field)) is not kind:
            raise Unusable(f"{field!r} missing or of the wrong type")
    language = record.get("language")
    if not isinstance(language, str) or not (2 <= len(language) <= 3 and language.isalpha()):
        raise Unusable("'language' is not a language code")
    if record["lang"] not in (AUTO, language):
        raise Unusable("'language' is not the language asked for")
    for field in ("splits", "merges"):
        _offsets(record.get(field), field)
    paragraphs = _spans(record.get("paragraphs"), "paragraphs")
    per_paragraph = record.get("sentences")
    if not isinstance(per_paragraph, list) or len(per_paragraph) != len(paragraphs):
        raise Unusable("'sentences' is not one list per paragraph")
    sentences = [_spans(flat, "sentences") for flat in per_paragraph]
    return record, paragraphs, sentences


def _offsets(value: object, field: str) -> list[int]:
    if not isinstance(value, list) or not all(type(v) is int and v >= 0 for v in value):
        raise Unusable(f"{field!r} is not a list of offsets")
    return value


def _spans(value: object, field: str) -> list[Span]:
    """Pairs of offsets, each span non-empty and after the one before."""
    flat = _offsets(value, field)
    if len(flat) % 2:
        raise Unusable(f"{field!r} has an odd number of offsets")
    spans = list(zip(flat[::2], flat[1::2], strict=True))
    previous = 0
    for start, end in spans:
        if start < previous or end <= start:
            raise Unusable(f"{field!r} are not in order, or one is empty")
        previous = end
    return spans


def check_fit(text: str, paragraphs: Sequence[Span], sentences: Sequence[Sequence[Span]]) -> None:
    """``Unusable`` unless the spans (in order, as ``read_record`` returns them) fit
    ``text`` as the segmenter's do: within it; nothing but whitespace outside the
    paragraphs and between sentences; every paragraph one or more sentences inside it,
    none starting or ending on whitespace."""
    position = 0
    for (p_start, p_end), spans in zip(paragraphs, sentences, strict=True):
        if p_end > len(text):
            raise Unusable("a paragraph ends past the end of the text")
        if not spans:
            raise Unusable("a paragraph has no sentence")
        if _has_words(text, position, p_start):
            raise Unusable(f"text at {position}-{p_start} lies outside every paragraph")
        position = p_start
        for start, end in spans:
            if start < p_start or end > p_end:
                raise Unusable(f"sentence {start}-{end} is not inside its paragraph")
            if text[start].isspace() or text[end - 1].isspace():
                raise Unusable(f"sentence {start}-{end} starts or ends on whitespace")
            if _has_words(text, position, start):
                raise Unusable(f"text at {position}-{start} lies outside every sentence")
            position = end
        if _has_words(text, position, p_end):
            raise Unusable(f"text at {position}-{p_end} lies outside every sentence")
        position = p_end
    if _has_words(text, position, len(text)):
        raise Unusable(f"text after {position} lies outside every paragraph")


def _has_words(text: str, start: int, end: int) -> bool:
    return start < end and not text[start:end].isspace()


def restore(
    data: bytes,
    key: SegmentationKey,
    text: str,
    *,
    name: str,
    path: Path | None = None,
    is_sample: bool = False,
    notices: tuple[str, ...] = (),
) -> Document:
    """The document ``text`` (whose content id is ``key.doc_id``) segmented as the record
    ``data`` says; ``Unusable`` if the record is not for this key or does not fit."""
    record, paragraphs, sentences = read_record(data)
    expected = key.fields()
    for field, value in expected.items():
        if record[field] != value:
            raise Unusable(f"made for another {field} ({str(record[field])[:40]!r})")
    check_fit(text, paragraphs, sentences)
    document = assemble_document(
        text,
        name=name,
        path=path,
        is_sample=is_sample,
        lang=record["language"],
        paragraphs=paragraphs,
        sentences=sentences,
        doc_id=key.doc_id,
    )
    return replace(document, notices=notices) if notices else document
