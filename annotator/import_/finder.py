"""Finding the documents an import's rows refer to, keeping only a few in memory.

``--doc`` files come first, then the path the catalog recorded; a file there counts only
if its content id is still the document's. A document is segmented as its coder's reader
shows it, with that coder's splits and merges: rows exported from a split sentence must
find it again. An import reads one document's rows at a time
and then reads them again to write them, so the documents read last are kept, up to
``CACHE_CHARACTERS`` of text; the rest are read again when needed. Memory therefore stays
bounded however many documents the file names.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Generic, TypeVar

from annotator.coding.resegment import coder_corrections, common_corrections, with_overrides
from annotator.import_.parse import DocumentText
from annotator.store import DataDir
from annotator.text.document import Document, content_id, load_document
from annotator.text.loading import LoadError, load_text

CACHE_CHARACTERS = 4_000_000
"""Text kept from documents already read (the most recent one is always kept)."""

T = TypeVar("T")


class _Recent(Generic[T]):
    """The values read last, by key, up to a total size; ``None`` (not found) costs 0."""

    def __init__(self) -> None:
        self._items: OrderedDict[str, tuple[T | None, int]] = OrderedDict()
        self._size = 0

    def get(self, key: str) -> tuple[bool, T | None]:
        if key not in self._items:
            return False, None
        self._items.move_to_end(key)
        return True, self._items[key][0]

    def put(self, key: str, value: T | None, size: int) -> None:
        self._items[key] = (value, size)
        self._size += size
        while len(self._items) > 1 and self._size > CACHE_CHARACTERS:
            _, (_, dropped) = self._items.popitem(last=False)
            self._size -= dropped


class DocumentFinder:
    """Find each document: ``--doc`` files first, then the catalog's recorded path."""

    def __init__(self, data_dir: DataDir, extra: Sequence[Document]) -> None:
        self.data_dir = data_dir
        self._given = {d.doc_id: d for d in extra}
        self._documents: _Recent[Document] = _Recent()
        self._segmented: _Recent[Document] = _Recent()
        self._texts: _Recent[str] = _Recent()
        self._catalog = {e.doc_id: e for e in data_dir.catalog()}

    def known(self, doc_id: str) -> bool:
        return doc_id in self._catalog or doc_id in self._given

    def in_catalog(self, doc_id: str) -> bool:
        return doc_id in self._catalog

    def given(self, doc_id: str) -> Document | None:
        """A ``--doc`` document, segmented with the corrections its coders share."""
        document = self._given.get(doc_id)
        return None if document is None else self._as_seen(document, None)

    def document(self, doc_id: str, coder: str | None = None) -> Document | None:
        """The document as ``coder`` sees it (with no coder: as all its coders do)."""
        document = self._given.get(doc_id)
        if document is None:
            found, document = self._documents.get(doc_id)
            if not found:
                document = self._load(doc_id)
                self._documents.put(doc_id, document, len(document.text) if document else 0)
        return None if document is None else self._as_seen(document, coder)

    def _as_seen(self, document: Document, coder: str | None) -> Document:
        key = f"{document.doc_id}\x1f{coder}" if coder is not None else document.doc_id
        found, seen = self._segmented.get(key)
        if found and seen is not None:
            return seen
        if coder is None:
            overrides = common_corrections(self.data_dir, document.doc_id)
        else:
            overrides = coder_corrections(self.data_dir, document.doc_id, coder)
        seen = with_overrides(document, overrides) if overrides else document
        self._segmented.put(key, seen, len(seen.text))
        return seen

    def text(self, doc_id: str) -> str | None:
        if doc_id in self._given:
            return self._given[doc_id].text
        found, text = self._texts.get(doc_id)
        if not found:
            text = self._load_text(doc_id)
            self._texts.put(doc_id, text, len(text) if text else 0)
        return text

    def text_of(self, doc_id: str) -> DocumentText | None:
        """The document's id, name and text, without segmenting it (for rows that were
        checked against the segmented document already)."""
        given = self._given.get(doc_id)
        if given is not None:
            return DocumentText(given.doc_id, given.name, given.text)
        entry = self._catalog.get(doc_id)
        text = self.text(doc_id)
        if entry is None or text is None:
            return None
        return DocumentText(doc_id, entry.name, text)

    def _load(self, doc_id: str) -> Document | None:
        entry = self._catalog.get(doc_id)
        if entry is None:
            return None
        try:
            document = load_document(Path(entry.path))
        except LoadError:
            return None
        return document if document.doc_id == doc_id else None

    def _load_text(self, doc_id: str) -> str | None:
        entry = self._catalog.get(doc_id)
        if entry is None:
            return None
        try:
            text = load_text(Path(entry.path)).text
        except LoadError:
            return None
        return text if content_id(text) == doc_id else None
