"""Segmentation records: what the cache keeps, never used against a text it does not fit.

Also the fingerprint of the segmenter's output that keeps ``RULES_VERSION`` honest: when
the rules change what they produce, records made by the old rules must stop being used.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.text.document import Document, build_document, load_document
from annotator.text.overrides import EMPTY, SegmentationOverrides
from annotator.text.segmentation import (
    AUTO,
    RULES_VERSION,
    SegmentationKey,
    Unusable,
    check_fit,
    encode,
    installed_version,
    read_record,
    restore,
    segmenter_version,
)
from tests.helpers import DATA

TEXT = (
    "Officials said the plan works. Critics disagreed, and loudly.\n\n"
    "A second paragraph follows. It has two sentences.\n"
)


def _key(document: Document, overrides: SegmentationOverrides = EMPTY) -> SegmentationKey:
    return SegmentationKey.of(document.doc_id, lang=None, name=document.name, overrides=overrides)


def _restored(document: Document, data: bytes) -> Document:
    return restore(data, _key(document), document.text, name=document.name)


def _spans(document: Document) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    return (
        [(p.start, p.end) for p in document.paragraphs],
        [(s.start, s.end) for s in document.sentences],
    )


def test_a_record_gives_back_the_document_it_was_made_from() -> None:
    document = build_document(TEXT, name="release.txt")
    restored = _restored(document, encode(document, _key(document)))
    assert restored == document


def test_the_language_found_is_recorded_when_it_was_detected() -> None:
    document = build_document(
        "Die Regierung sagte, dass der Plan funktioniert.\n", name="a.txt", lang="de"
    )
    key = _key(document)
    assert key.lang == AUTO
    restored = restore(encode(document, key), key, document.text, name="a.txt")
    assert restored.lang == "de"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Word", "Dr.", "one.", "Two!", "3.", "a)", "\n", "\n\n", " ", "- ", "x"]),
        min_size=1,
        max_size=50,
    ).map(" ".join),
    st.booleans(),
)
def test_every_segmentation_round_trips_and_fits(text: str, markdown: bool) -> None:
    name = "a.md" if markdown else "a.txt"
    document = build_document(text, name=name)
    data = encode(document, _key(document))
    _, paragraphs, sentences = read_record(data)
    check_fit(text, paragraphs, sentences)  # what the segmenter makes always fits
    assert restore(data, _key(document), text, name=name) == document


def _edited(data: bytes, edit: str) -> bytes:
    record = json.loads(data)
    if edit == "shift":  # every sentence one character later
        record["sentences"] = [[offset + 1 for offset in flat] for flat in record["sentences"]]
    elif edit == "drop":  # the last sentence of the first paragraph left out
        record["sentences"][0] = record["sentences"][0][:-2]
    elif edit == "past-the-end":
        record["paragraphs"][-1] += 1000
        record["sentences"][-1][-1] += 1000
    elif edit == "overlap":
        record["sentences"][0][2] = record["sentences"][0][1] - 3
    elif edit == "no-sentence":
        record["sentences"][1] = []
    elif edit == "language":
        record["language"] = "Deutsch"
    elif edit == "format":
        record["format"] = 99
    elif edit == "type":
        record["paragraphs"][0] = "0"
    return json.dumps(record).encode()


@pytest.mark.parametrize(
    "edit",
    ["shift", "drop", "past-the-end", "overlap", "no-sentence", "language", "format", "type"],
)
def test_a_record_that_does_not_fit_the_text_is_never_used(edit: str) -> None:
    document = build_document(TEXT, name="release.txt")
    with pytest.raises(Unusable):
        _restored(document, _edited(encode(document, _key(document)), edit))


@pytest.mark.parametrize(
    "data", [b"", b"{", b"[]", b"\xff\xfe", b'{"format": 1}', b"null"], ids=repr
)
def test_damaged_bytes_are_unusable(data: bytes) -> None:
    document = build_document(TEXT, name="release.txt")
    with pytest.raises(Unusable):
        _restored(document, data)


def test_a_record_of_another_text_or_key_is_never_used() -> None:
    document = build_document(TEXT, name="release.txt")
    data = encode(document, _key(document))
    other = build_document(TEXT.replace("plan", "idea"), name="release.txt")
    with pytest.raises(Unusable, match="another doc_id"):
        restore(data, _key(other), other.text, name="release.txt")
    corrected = SegmentationOverrides.of(splits=[TEXT.index("Critics")])
    with pytest.raises(Unusable, match="another splits"):
        restore(data, _key(document, corrected), TEXT, name="release.txt")
    with pytest.raises(Unusable, match="another markdown"):
        restore(data, _key(build_document(TEXT, name="release.md")), TEXT, name="release.md")
    stale = SegmentationKey(document.doc_id, AUTO, False, EMPTY, "rules-0+sentencex-0")
    with pytest.raises(Unusable, match="another segmenter"):
        restore(data, stale, TEXT, name="release.txt")


def test_the_key_keeps_corrections_language_and_markdown_apart() -> None:
    doc_id = build_document(TEXT, name="a.txt").doc_id
    keys = {
        SegmentationKey.of(doc_id, lang=None, name="a.txt", overrides=EMPTY).digest(),
        SegmentationKey.of(doc_id, lang="en", name="a.txt", overrides=EMPTY).digest(),
        SegmentationKey.of(doc_id, lang=None, name="a.md", overrides=EMPTY).digest(),
        SegmentationKey.of(
            doc_id, lang=None, name="a.txt", overrides=SegmentationOverrides.of(splits=[5])
        ).digest(),
        SegmentationKey.of(
            doc_id, lang=None, name="a.txt", overrides=SegmentationOverrides.of(merges=[5])
        ).digest(),
    }
    assert len(keys) == 5
    again = SegmentationKey.of(doc_id, lang=None, name="b.TXT", overrides=EMPTY).digest()
    assert again in keys  # the file's name counts only as far as the Markdown rule


def test_the_segmenter_version_names_the_installed_sentencex() -> None:
    assert installed_version("sentencex") == importlib.metadata.version("sentencex")
    assert segmenter_version() == (
        f"rules-{RULES_VERSION}+sentencex-{installed_version('sentencex')}"
        f"+unicode-{unicodedata.unidata_version}"
    )
    assert installed_version("no-such-distribution") == "unknown"


# -- the rules' fingerprint ----------------------------------------------------------------

FINGERPRINT = {1: "9cb7c264e452e70b"}
"""The digest of ``_output()`` under each rules version: change the rules' output and this
test fails until ``RULES_VERSION`` is bumped and the new digest is recorded here."""


FINGERPRINTED = (
    "en_book_gutenberg1404_federalist_papers.txt",
    "en_pr_pclob_2014-08-07_short_term_agenda.txt",
    "en_pr_whitehouse_2022-10-18_energy_fact_sheet.txt",
    "en_statement_g7_hiroshima_communique_2023-05-20.txt",
    "en_transcript_whitehouse_2024-01-12_press_gaggle.txt",
    "ru_speech_kremlin_2024-02-29_federal_assembly_address.txt",
)
"""Test documents the fingerprint covers: named, so that a new test file changes nothing."""

MARKDOWN = """# A heading

Some text. More text, e.g. this.

- an item
- another item. With two sentences.

1. First. 2. Second.

> A quote. Quoted on.

```
code. block
```
"""


def _output() -> str:
    """The language, paragraphs and sentences the rules find in each fingerprinted text."""
    digest = hashlib.sha256()
    documents = [load_document(DATA / "corpus" / name) for name in FINGERPRINTED]
    documents.append(build_document(MARKDOWN, name="notes.md", lang="en"))
    documents.append(build_document(MARKDOWN, name="notes.txt", lang="en"))
    for document in documents:
        paragraphs, sentences = _spans(document)
        digest.update(f"{document.name}|{document.lang}|{paragraphs}|{sentences}\n".encode())
    return digest.hexdigest()[:16]


def test_the_rules_version_changes_when_their_output_does() -> None:
    assert FINGERPRINT.get(RULES_VERSION) == _output(), (
        "the segmenter's output changed: bump RULES_VERSION in annotator/text/segmentation.py "
        "(records made by the old rules must not be used) and record the new fingerprint"
    )
