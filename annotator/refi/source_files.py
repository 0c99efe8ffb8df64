"""Where an imported source's text goes: a text file in the documents folder, or none.

A source whose text the data directory already knows (same content id, its file still in
place) is used where it is. Any other is written to the documents folder under its name
from the project, made safe for a file name; ``.txt`` is added unless the name already
says plain text or Markdown. An existing file is never overwritten: a file with the same
text is reused, otherwise the next free name ("name (2).txt") is taken. That also keeps
sources that share a name (common in real projects) apart.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from annotator.coding.resegment import apply_saved_overrides
from annotator.refi.model import TextSource
from annotator.refi.package import Package
from annotator.store import CatalogEntry, DataDir
from annotator.text.document import Document, build_document, content_id
from annotator.text.language import detect_language
from annotator.text.loading import LoadError, load_text, normalize_newlines

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".mdown", ".mkd")
MAX_NAME = 120

_UNSAFE = re.compile(r'[\x00-\x1f\x7f-\x9f<>:"|?*/\\]')


@dataclass(frozen=True, slots=True)
class SourceText:
    """A source's text as stored (``raw``, positions count in it) and normalized."""

    raw: str
    text: str

    @property
    def doc_id(self) -> str:
        return content_id(self.text)


def source_text(package: Package, source: TextSource) -> SourceText | str:
    """The text of ``source``, or why it cannot be had (a sentence for the report)."""
    if source.content is not None:
        raw = source.content
    else:
        data = package.internal(source.path)
        if data is None:
            return "its text is not in the file"
        try:
            raw = data.removeprefix(codecs.BOM_UTF8).decode("utf-8")
        except UnicodeDecodeError:
            return "its text is not UTF-8, as REFI-QDA requires"
    text = normalize_newlines(raw)
    if "\x00" in text:
        return "its text contains NUL characters"
    if not text.strip():
        return "its text is empty"
    return SourceText(raw, text)


def file_name(name: str, fallback: str) -> str:
    """A safe file name for a source called ``name`` (its last path part only).

    Names are composed (NFC): macOS tools write "é" as "e" and an accent, which would
    give a second file of the same visible name.
    """
    base = unicodedata.normalize("NFC", re.split(r"[/\\]", name)[-1])
    base = " ".join(_UNSAFE.sub("_", base).split()).strip(" .")
    if not base:
        base = fallback
    if not base.lower().endswith(TEXT_SUFFIXES):
        base += ".txt"
    if len(base) > MAX_NAME:
        stem, dot, suffix = base.rpartition(".")
        base = stem[: MAX_NAME - len(suffix) - 1] + dot + suffix
    return base


@dataclass(frozen=True, slots=True)
class Placed:
    """Where a source's document lives, whether it must be written, and the document."""

    document: Document
    write: bool
    catalogued: bool


@dataclass(slots=True)
class Placer:
    """Chooses each source's file, without writing anything yet."""

    data_dir: DataDir
    folder: Path
    lang: str | None = None
    _taken: dict[Path, str] = field(default_factory=dict)
    _by_id: dict[str, Placed] = field(default_factory=dict)
    _catalog: dict[str, CatalogEntry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._catalog = {entry.doc_id: entry for entry in self.data_dir.catalog()}

    def place(self, name: str, guid: str, text: str) -> Placed:
        doc_id = content_id(text)
        if doc_id in self._by_id:
            return self._by_id[doc_id]
        entry = self._catalog.get(doc_id)
        if entry is not None and _holds(Path(entry.path), text):
            placed = Placed(self._document(text, Path(entry.path)), False, True)
        else:
            target, write = self._target(file_name(name, guid), text)
            placed = Placed(self._document(text, target), write, False)
        self._by_id[doc_id] = placed
        return placed

    def _target(self, name: str, text: str) -> tuple[Path, bool]:
        stem, dot, suffix = name.rpartition(".")
        number = 1
        while True:
            candidate = self.folder / (name if number == 1 else f"{stem} ({number}){dot}{suffix}")
            number += 1
            planned = self._taken.get(candidate)
            if planned is not None:
                if planned == text:
                    return candidate, False
                continue
            if candidate.exists() or candidate.is_symlink():
                if _holds(candidate, text):
                    self._taken[candidate] = text
                    return candidate, False
                continue
            self._taken[candidate] = text
            return candidate, True

    def _document(self, text: str, path: Path) -> Document:
        document = build_document(
            text, name=path.name, path=path, lang=self.lang or detect_language(text)
        )
        return apply_saved_overrides(self.data_dir, document)


def _holds(path: Path, text: str) -> bool:
    """Whether the file at ``path`` loads to exactly ``text``."""
    try:
        return path.is_file() and load_text(path).text == text
    except LoadError:
        return False
