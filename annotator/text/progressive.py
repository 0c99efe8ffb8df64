"""Open a large document at once: segment its beginning now, the rest in the background.

Segmenting a 1 MB book takes most of a second; a coder should not wait for it before the
first screen. The beginning (up to a paragraph break after ``PREFIX_CHARS``) is segmented
at once; ``PendingDocument.build`` segments the whole text, for a background worker.
Sentence numbering is global, so the beginning's sentences keep their indices when the
whole document replaces the partial one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from annotator.text.document import Document, build_document, resegmented
from annotator.text.language import detect_language
from annotator.text.loading import load_text
from annotator.text.overrides import SegmentationOverrides

# Documents longer than this open progressively.
LARGE_CHARS = 150_000
# How much of a large document is segmented before the first screen.
PREFIX_CHARS = 30_000

Progress = Callable[[int, int], None]


def prefix_end(text: str, size: int = PREFIX_CHARS) -> int:
    """Where the beginning ends: the first paragraph break after ``size`` characters.

    Falls back to a line break, then to a space, so that one enormous paragraph is cut
    too (its full segmentation then happens in the background).
    """
    if len(text) <= size:
        return len(text)
    for separator in ("\n\n", "\n", " "):
        found = text.find(separator, size, size * 2)
        if found != -1:
            return found
    return size


@dataclass(frozen=True, slots=True)
class PendingDocument:
    """The partly segmented document whose whole text is still to segment."""

    partial: Document

    def build(
        self, overrides: SegmentationOverrides | None = None, progress: Progress | None = None
    ) -> Document:
        """Segment the whole text (for a worker thread: it takes most of a second)."""
        return resegmented(self.partial, overrides=overrides, progress=progress)


def load_progressively(
    path: Path,
    *,
    is_sample: bool = False,
    lang: str | None = None,
    encoding: str | None = None,
) -> tuple[Document, PendingDocument | None]:
    """Load ``path``; for a large file return its segmented beginning and the rest to do."""
    loaded = load_text(path, encoding=encoding)
    return split_for_display(
        loaded.text,
        name=path.name,
        path=path,
        is_sample=is_sample,
        lang=lang,
        notices=loaded.notices,
    )


def split_for_display(
    text: str,
    *,
    name: str,
    path: Path | None = None,
    is_sample: bool = False,
    lang: str | None = None,
    notices: tuple[str, ...] = (),
) -> tuple[Document, PendingDocument | None]:
    """The document to show first and, for large texts, the background work left."""
    language = lang or detect_language(text)
    if len(text) <= LARGE_CHARS:
        document = build_document(text, name=name, path=path, is_sample=is_sample, lang=language)
        return replace(document, notices=notices), None
    partial = replace(
        build_document(
            text,
            name=name,
            path=path,
            is_sample=is_sample,
            lang=language,
            upto=prefix_end(text),
        ),
        notices=notices,
    )
    return partial, PendingDocument(partial)
