"""The segmentation cache: each text segmented once, not at every export and opening.

Layout::

    DATA_DIR/cache/segments/<doc_id>-<key digest>.json

One record per text and key (``annotator.text.segmentation``): the segmenter's version,
the language, the Markdown rule and the corrections are in the key, so coders with equal
corrections share a record, and a record of another segmenter is simply not found. A
record is used only after ``restore`` has checked it against the text; one that fails
(damaged, cut short by a crash, or edited) is segmented anew and written over. Nothing
in the cache is needed: it can be deleted at any time (``annotator doctor --clean``
removes damaged and outdated records, see ``cache_check``), and a data directory that
cannot be written to segments every time.

Records are written atomically with the data directory's file modes, but without fsync:
losing one costs a segmentation, never a coder's work. The whole folder is ``cache/`` at
the top of the data directory, one line of a ``.gitignore``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from annotator.files import atomic_write_bytes
from annotator.store.datadir import DataDir
from annotator.store.naming import CACHE, SEGMENTS, segment_record_name
from annotator.store.places import UnsafePath, ensure_directory
from annotator.store.storage import StoreDamaged, read_nofollow
from annotator.text.document import (
    STDIN_ARGUMENT,
    Document,
    build_document,
    content_id,
    load_named_document,
    resolve_document_path,
)
from annotator.text.language import detect_language
from annotator.text.loading import load_text
from annotator.text.overrides import EMPTY, SegmentationOverrides
from annotator.text.progressive import LARGE_CHARS, PendingDocument, split_for_display
from annotator.text.segmentation import (
    SegmentationKey,
    Unusable,
    encode,
    restore,
)


def segments_dir(root: Path) -> Path:
    """The folder of the segmentation records of the data directory ``root``."""
    return root / CACHE / SEGMENTS


@dataclass(slots=True)
class CacheCounts:
    """What a ``SegmentCache`` did: records used, texts segmented, records replaced."""

    used: int = 0
    segmented: int = 0
    replaced: int = 0
    """Records found but not usable (damaged, or not fitting the text), segmented anew."""
    unwritten: int = 0
    """Records that could not be written (a read-only data directory, a full disk)."""


class SegmentCache:
    """Documents segmented through the data directory's cache; see the module docstring."""

    def __init__(self, data_dir: DataDir) -> None:
        self.data_dir = data_dir
        self.folder = segments_dir(data_dir.root)
        self.counts = CacheCounts()

    def path_for(self, key: SegmentationKey) -> Path:
        return self.folder / segment_record_name(key.doc_id, key.digest())

    def load(
        self,
        path: Path,
        *,
        is_sample: bool = False,
        lang: str | None = None,
        encoding: str | None = None,
        overrides: SegmentationOverrides = EMPTY,
    ) -> Document:
        """Read and segment the file at ``path`` as ``load_document`` does (LoadError if it
        cannot be read), the segmentation from the cache when it has it."""
        loaded = load_text(path, encoding=encoding)
        return self.document(
            loaded.text,
            name=path.name,
            path=path,
            is_sample=is_sample,
            lang=lang,
            overrides=overrides,
            notices=loaded.notices,
        )

    def load_named(
        self,
        argument: str | None,
        *,
        stdin: BinaryIO | None = None,
        lang: str | None = None,
        encoding: str | None = None,
    ) -> Document:
        """The document a user named, as ``load_named_document`` loads it (a path, ``-``
        for ``stdin``, or the sample), a file's segmentation from the cache when it has
        it (what comes on stdin is segmented every time)."""
        if argument == STDIN_ARGUMENT:
            return load_named_document(argument, stdin=stdin, lang=lang, encoding=encoding)
        path, is_sample = resolve_document_path(argument, Path.cwd())
        return self.load(path, is_sample=is_sample, lang=lang, encoding=encoding)

    def load_for_reading(
        self,
        path: Path,
        *,
        is_sample: bool = False,
        lang: str | None = None,
        encoding: str | None = None,
    ) -> tuple[Document, PendingDocument | None]:
        """As ``load_progressively``: the whole document when the cache has it (a book
        then opens whole, with nothing left to segment), else a large one's beginning and
        the rest to do (recorded when the rest is done: ``document`` with ``progress``)."""
        loaded = load_text(path, encoding=encoding)
        text = loaded.text
        if len(text) > LARGE_CHARS:
            found = self._recorded(
                text,
                name=path.name,
                path=path,
                is_sample=is_sample,
                lang=lang,
                notices=loaded.notices,
            )
            if found is not None:
                return found, None
            return split_for_display(
                text,
                name=path.name,
                path=path,
                is_sample=is_sample,
                lang=lang,
                notices=loaded.notices,
            )
        document = self.document(
            text,
            name=path.name,
            path=path,
            is_sample=is_sample,
            lang=lang,
            notices=loaded.notices,
        )
        return document, None

    def whole(
        self,
        pending: PendingDocument,
        overrides: SegmentationOverrides,
        progress: Callable[[int, int], None] | None = None,
    ) -> Document:
        """All of a partly segmented document, segmented with ``overrides`` (reporting
        ``progress``) and recorded: the next opening finds it whole."""
        return self._again(pending.partial, overrides, progress)

    def segmented(self, document: Document, overrides: SegmentationOverrides) -> Document:
        """``document``'s text segmented with ``overrides`` (another coder's corrections),
        keeping its name, path, language and notices."""
        if not document.complete:
            raise ValueError("only a whole document has a segmentation to cache")
        return self._again(document, overrides)

    def _again(
        self,
        document: Document,
        overrides: SegmentationOverrides,
        progress: Callable[[int, int], None] | None = None,
    ) -> Document:
        """``document``'s whole text through the cache, keeping what describes it."""
        return self.document(
            document.text,
            name=document.name,
            path=document.path,
            is_sample=document.is_sample,
            lang=document.lang,
            overrides=overrides,
            notices=document.notices,
            progress=progress,
        )

    def document(
        self,
        text: str,
        *,
        name: str,
        path: Path | None = None,
        is_sample: bool = False,
        lang: str | None = None,
        overrides: SegmentationOverrides = EMPTY,
        notices: tuple[str, ...] = (),
        progress: Callable[[int, int], None] | None = None,
    ) -> Document:
        """Normalized ``text`` segmented with ``overrides`` (``lang`` None: detected), from
        its record if there is a usable one, else segmented now (reporting ``progress``
        as ``build_document`` does) and recorded."""
        key = SegmentationKey.of(
            content_id(text),
            lang=_asked(text, lang),
            name=name,
            overrides=overrides,
        )
        found = self._restored(
            key, text, name=name, path=path, is_sample=is_sample, notices=notices
        )
        if found is not None:
            return found
        document = build_document(
            text,
            name=name,
            path=path,
            is_sample=is_sample,
            lang=lang or detect_language(text),
            overrides=overrides,
            progress=progress,
            doc_id=key.doc_id,  # hashed once, for the key
        )
        self.counts.segmented += 1
        self._write(self.path_for(key), encode(document, key))
        return replace(document, notices=notices) if notices else document

    def _recorded(
        self,
        text: str,
        *,
        name: str,
        path: Path | None,
        is_sample: bool,
        lang: str | None,
        notices: tuple[str, ...],
    ) -> Document | None:
        """The document from its record (no corrections), or None."""
        key = SegmentationKey.of(
            content_id(text), lang=_asked(text, lang), name=name, overrides=EMPTY
        )
        return self._restored(key, text, name=name, path=path, is_sample=is_sample, notices=notices)

    def _restored(
        self,
        key: SegmentationKey,
        text: str,
        *,
        name: str,
        path: Path | None,
        is_sample: bool,
        notices: tuple[str, ...],
    ) -> Document | None:
        data = self._read(self.path_for(key))
        if data is None:
            return None
        try:
            document = restore(
                data, key, text, name=name, path=path, is_sample=is_sample, notices=notices
            )
        except Unusable:
            self.counts.replaced += 1
            return None
        self.counts.used += 1
        return document

    def _read(self, path: Path) -> bytes | None:
        """The record's bytes; None when there is none or it cannot be read (a symlink,
        or a folder on the way that is one, is never followed)."""
        try:
            for folder in (self.folder.parent, self.folder):
                if folder.is_symlink():
                    return None
            return read_nofollow(path)
        except (OSError, StoreDamaged):
            return None

    def _write(self, path: Path, data: bytes) -> None:
        if not self.data_dir.root.is_dir():
            return  # a cache never creates the data directory
        modes = self.data_dir.modes
        try:
            ensure_directory(self.data_dir.root, self.folder, modes)
            atomic_write_bytes(path, data, mode=modes.file, durable=False)
        except (OSError, UnsafePath):
            self.counts.unwritten += 1


def _asked(text: str, lang: str | None) -> str | None:
    """The language to key a record by: None (``auto``) when it is the one detected.

    A segmentation depends on the language used, not on whether it was asked for, so a
    document opened with ``--lang en`` and one whose English was detected share a
    record; a caller that knows the language (another coder's corrections on a loaded
    document) finds the record that detection made.
    """
    if lang is None or lang == detect_language(text):
        return None
    return lang
