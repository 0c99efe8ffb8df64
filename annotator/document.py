"""The document model: normalized text, paragraphs and sentences with exact offsets.

A ``Document`` is immutable once built. Offsets are 0-based code-point offsets into the
normalized text (see ``annotator.loading``), end exclusive, so ``text[start:end]`` is
always the sentence exactly as exported.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from annotator.loading import LoadError, load_text
from annotator.paragraphs import split_paragraphs
from annotator.segment import split_sentences

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


def content_id(text: str) -> str:
    """A stable id for normalized text: equal text, equal id, whatever the file is called."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


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
) -> Document:
    """Segment normalized ``text`` into paragraphs and sentences."""
    paragraphs: list[Paragraph] = []
    sentences: list[Sentence] = []
    for p_index, (p_start, p_end) in enumerate(split_paragraphs(text)):
        first = len(sentences)
        for number, (s_start, s_end) in enumerate(split_sentences(text, p_start, p_end, lang)):
            sentences.append(Sentence(len(sentences), p_index, number, s_start, s_end))
        paragraphs.append(Paragraph(p_index, p_start, p_end, first, len(sentences) - first))
    return Document(
        name=name,
        path=path,
        text=text,
        doc_id=content_id(text),
        paragraphs=tuple(paragraphs),
        sentences=tuple(sentences),
        is_sample=is_sample,
        lang=lang,
    )


def bundled_sample_path() -> Path:
    """Where the sample press release lives inside the installed package."""
    return Path(str(resources.files("annotator").joinpath("samples", SAMPLE_NAME)))


def load_document(path: Path, *, is_sample: bool = False, lang: str = "en") -> Document:
    """Load and segment the document at ``path``."""
    loaded = load_text(path)
    return build_document(loaded.text, name=path.name, path=path, is_sample=is_sample, lang=lang)


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


__all__ = [
    "SAMPLE_NAME",
    "Document",
    "LoadError",
    "Paragraph",
    "Sentence",
    "build_document",
    "bundled_sample_path",
    "content_id",
    "load_document",
    "resolve_document_path",
]
