"""The document model: normalized text, paragraphs and sentences with exact offsets.

A ``Document`` is immutable once built. Offsets are 0-based code-point offsets into the
normalized text (see ``annotator.text.loading``), end exclusive, so ``text[start:end]`` is
always the sentence exactly as exported.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, BinaryIO, cast

from annotator.text.language import detect_language
from annotator.text.loading import (
    STDIN_ARGUMENT,
    STDIN_NAME,
    LoadError,
    is_markdown_name,
    load_stream,
    load_text,
)
from annotator.text.overrides import SegmentationOverrides, apply_overrides
from annotator.text.spans import Span


def _fast_sha256() -> Callable[[bytes], Any]:
    """CPython's own SHA-256: hashlib would load OpenSSL first, a fair share of start-up.
    Looked up by name, as the module is CPython's private one; hashlib elsewhere."""
    try:
        return cast("Callable[[bytes], Any]", importlib.import_module("_sha256").sha256)
    except (ImportError, AttributeError):  # pragma: no cover - another Python
        from hashlib import sha256

        return sha256


_sha256 = _fast_sha256()

SAMPLE_NAME = "q7x2.txt"


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence. ``index`` counts over the whole document, from 0."""

    index: int
    paragraph: int
    number: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph and the run of sentences it holds."""

    index: int
    start: int
    end: int
    first_sentence: int
    sentence_count: int

    @property
    def sentence_range(self) -> range:
        return range(self.first_sentence, self.first_sentence + self.sentence_count)


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` in hex: the one hash behind ids and file names."""
    return str(_sha256(data).hexdigest())


def content_id(text: str) -> str:
    """A stable id for normalized text: equal text, equal id, whatever the file is called."""
    return sha256_hex(text.encode("utf-8"))[:16]


@dataclass(frozen=True, slots=True)
class Document:
    """A loaded, segmented document."""

    name: str
    path: Path | None
    text: str
    doc_id: str
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    is_sample: bool = False
    lang: str = "en"
    # One-line remarks from loading (a guessed encoding, control characters) to show.
    notices: tuple[str, ...] = ()
    # None when the whole text is segmented; else the offset up to which it is (a large
    # document shows its beginning while the rest is segmented in the background).
    segmented_upto: int | None = None

    @property
    def complete(self) -> bool:
        return self.segmented_upto is None

    def sentence_text(self, index: int) -> str:
        sentence = self.sentences[index]
        return self.text[sentence.start : sentence.end]

    def context(self, index: int, width: int = 32) -> tuple[str, str]:
        """The text just before and after a sentence, kept to re-anchor it after edits."""
        sentence = self.sentences[index]
        return (
            self.text[max(0, sentence.start - width) : sentence.start],
            self.text[sentence.end : sentence.end + width],
        )

    def sentence_at_offset(self, offset: int) -> int | None:
        """The index of the sentence containing ``offset``, if any."""
        low, high = 0, len(self.sentences) - 1
        while low <= high:
            mid = (low + high) // 2
            sentence = self.sentences[mid]
            if offset < sentence.start:
                high = mid - 1
            elif offset >= sentence.end:
                low = mid + 1
            else:
                return mid
        return None


def build_document(
    text: str,
    *,
    name: str,
    path: Path | None = None,
    is_sample: bool = False,
    lang: str = "en",
    overrides: SegmentationOverrides | None = None,
    upto: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    doc_id: str | None = None,
) -> Document:
    """Segment normalized ``text`` into paragraphs and sentences.

    ``overrides`` are the coder's manual splits and merges, applied per paragraph.
    ``upto`` segments only ``text[:upto]`` (the content id still covers all of it);
    ``progress(done, total)`` is called every few paragraphs, for a progress display;
    ``doc_id`` is the text's content id, when the caller has it (else it is computed).

    The segmenter is imported here, not with this module: a document whose sentences
    come from the segmentation cache (``assemble_document``) never needs it.
    """
    from annotator.text.paragraphs import split_paragraphs
    from annotator.text.segment import split_sentences

    # Paragraphs always come from the whole text (their rules use whole-file statistics);
    # ``upto`` only limits which of them are segmented into sentences now.
    paragraph_spans = split_paragraphs(text, markdown=is_markdown_name(name))
    if upto is not None:
        paragraph_spans = [(a, min(b, upto)) for a, b in paragraph_spans if a < upto]
    sentence_spans: list[list[Span]] = []
    for p_index, (p_start, p_end) in enumerate(paragraph_spans):
        if progress is not None and p_index % 64 == 0:
            progress(p_index, len(paragraph_spans))
        spans = split_sentences(text, p_start, p_end, lang)
        if overrides:
            spans = apply_overrides(spans, overrides, text)
        sentence_spans.append(spans)
    return assemble_document(
        text,
        name=name,
        path=path,
        is_sample=is_sample,
        lang=lang,
        paragraphs=paragraph_spans,
        sentences=sentence_spans,
        upto=upto,
        doc_id=doc_id,
    )


def assemble_document(
    text: str,
    *,
    name: str,
    path: Path | None = None,
    is_sample: bool = False,
    lang: str = "en",
    paragraphs: Sequence[Span],
    sentences: Sequence[Sequence[Span]],
    upto: int | None = None,
    doc_id: str | None = None,
) -> Document:
    """The document whose paragraphs are ``paragraphs`` and whose sentences are, per
    paragraph, ``sentences``: spans already found for ``text`` (``doc_id`` is its content
    id, computed if not given)."""
    made_paragraphs: list[Paragraph] = []
    made_sentences: list[Sentence] = []
    for p_index, ((p_start, p_end), spans) in enumerate(zip(paragraphs, sentences, strict=True)):
        first = len(made_sentences)
        for number, (s_start, s_end) in enumerate(spans):
            made_sentences.append(Sentence(len(made_sentences), p_index, number, s_start, s_end))
        made_paragraphs.append(
            Paragraph(p_index, p_start, p_end, first, len(made_sentences) - first)
        )
    return Document(
        name=name,
        path=path,
        text=text,
        doc_id=doc_id if doc_id is not None else content_id(text),
        paragraphs=tuple(made_paragraphs),
        sentences=tuple(made_sentences),
        is_sample=is_sample,
        lang=lang,
        segmented_upto=upto,
    )


def resegmented(
    document: Document,
    *,
    overrides: SegmentationOverrides | None = None,
    upto: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Document:
    """The same text segmented again (with corrections, or further), keeping its name,
    path, language and loading notices."""
    rebuilt = build_document(
        document.text,
        name=document.name,
        path=document.path,
        is_sample=document.is_sample,
        lang=document.lang,
        overrides=overrides,
        upto=upto,
        progress=progress,
    )
    return replace(rebuilt, notices=document.notices)


def bundled_sample_path() -> Path:
    """Where the sample press release lives inside the installed package.

    Beside this module in an ordinary install; importlib.resources (slow to import, so
    only when needed) finds it anywhere else.
    """
    beside = Path(__file__).resolve().parent.parent / "samples" / SAMPLE_NAME
    if beside.is_file():
        return beside
    from importlib import resources

    return Path(str(resources.files("annotator").joinpath("samples", SAMPLE_NAME)))


def load_document(
    path: Path,
    *,
    is_sample: bool = False,
    lang: str | None = None,
    overrides: SegmentationOverrides | None = None,
    encoding: str | None = None,
) -> Document:
    """Load and segment the document at ``path``; ``lang=None`` detects the language.

    ``encoding`` overrides encoding detection (``--encoding``).
    """
    loaded = load_text(path, encoding=encoding)
    document = build_document(
        loaded.text,
        name=path.name,
        path=path,
        is_sample=is_sample,
        lang=lang or detect_language(loaded.text),
        overrides=overrides,
    )
    return replace(document, notices=loaded.notices)


def load_document_stream(
    stream: BinaryIO,
    *,
    lang: str | None = None,
    overrides: SegmentationOverrides | None = None,
    encoding: str | None = None,
) -> Document:
    """Load and segment a document piped in on ``stream`` (``annotator -``); no path."""
    loaded = load_stream(stream, name=STDIN_NAME, encoding=encoding)
    document = build_document(
        loaded.text,
        name=STDIN_NAME,
        lang=lang or detect_language(loaded.text),
        overrides=overrides,
    )
    return replace(document, notices=loaded.notices)


def resolve_document_path(argument: str | None, cwd: Path) -> tuple[Path, bool]:
    """Find the file to open; fall back to the bundled sample for its name or no argument.

    Returns the path and whether it is the bundled sample.
    """
    if argument is None:
        return bundled_sample_path(), True
    candidate = Path(argument)
    if not candidate.is_absolute():
        candidate = cwd / candidate
    if not candidate.exists() and argument == SAMPLE_NAME:
        return bundled_sample_path(), True
    return candidate, False


def load_named_document(
    argument: str | None,
    *,
    stdin: BinaryIO | None = None,
    cwd: Path | None = None,
    lang: str | None = None,
    encoding: str | None = None,
) -> Document:
    """Load the document a user named: a path, ``-`` for ``stdin``, or the sample.

    ``None``, or the sample's name where no such file exists, is the bundled sample. A
    relative path is taken from ``cwd`` (default: the current directory). Raises
    ``LoadError`` with a one-line message, which each front end shows in its own way.
    """
    if argument == STDIN_ARGUMENT:
        if stdin is None:
            raise LoadError("there is no stdin to read a document from")
        return load_document_stream(stdin, lang=lang, encoding=encoding)
    path, is_sample = resolve_document_path(argument, cwd if cwd is not None else Path.cwd())
    return load_document(path, is_sample=is_sample, lang=lang, encoding=encoding)


__all__ = [
    "SAMPLE_NAME",
    "STDIN_ARGUMENT",
    "Document",
    "LoadError",
    "Paragraph",
    "Sentence",
    "assemble_document",
    "build_document",
    "bundled_sample_path",
    "content_id",
    "load_document",
    "load_document_stream",
    "load_named_document",
    "resolve_document_path",
]
