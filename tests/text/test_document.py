"""The document model on the bundled sample: paragraphs, sentences, offsets."""

from __future__ import annotations

from pathlib import Path

from annotator.text.document import (
    SAMPLE_NAME,
    Document,
    build_document,
    bundled_sample_path,
    content_id,
    resolve_document_path,
)
from tests.helpers import REPO


def test_bundled_sample_is_byte_identical_to_sample_docs() -> None:
    assert bundled_sample_path().read_bytes() == (REPO / "sample_docs" / SAMPLE_NAME).read_bytes()


def test_sample_has_one_paragraph_per_line(sample: Document) -> None:
    lines = [line for line in sample.text.split("\n") if line.strip()]
    assert len(sample.paragraphs) == len(lines) == 11
    for paragraph, line in zip(sample.paragraphs, lines, strict=True):
        assert sample.text[paragraph.start : paragraph.end] == line.strip()


def test_sentence_offsets_slice_the_text(sample: Document) -> None:
    assert len(sample.sentences) > 20
    previous_end = 0
    for sentence in sample.sentences:
        text = sample.text[sentence.start : sentence.end]
        assert text == text.strip() and text
        assert sentence.start >= previous_end
        previous_end = sentence.end
        paragraph = sample.paragraphs[sentence.paragraph]
        assert paragraph.start <= sentence.start < sentence.end <= paragraph.end


def test_known_sentences_of_the_sample(sample: Document) -> None:
    texts = [sample.sentence_text(s.index) for s in sample.sentences]
    assert texts[0].startswith("PRESS RELEASE of the Embassy of Azerbaijan")
    assert "Berlin, 5. October 2023" in texts
    third = sample.paragraphs[2]
    assert sample.sentence_text(third.first_sentence).startswith("At the invitation of")
    assert sample.sentence_text(third.first_sentence).endswith("on October 1.")
    assert third.sentence_count == 2


def test_sentence_numbers_count_within_paragraphs(sample: Document) -> None:
    for paragraph in sample.paragraphs:
        numbers = [sample.sentences[i].number for i in paragraph.sentence_range]
        assert numbers == list(range(paragraph.sentence_count))


def test_sentence_at_offset(sample: Document) -> None:
    for sentence in sample.sentences:
        assert sample.sentence_at_offset(sentence.start) == sentence.index
        assert sample.sentence_at_offset(sentence.end - 1) == sentence.index


def test_content_id_depends_on_text_only() -> None:
    a = build_document("One. Two.\n", name="a.txt")
    b = build_document("One. Two.\n", name="b.txt")
    c = build_document("One. Three.\n", name="a.txt")
    assert a.doc_id == b.doc_id == content_id("One. Two.\n")
    assert a.doc_id != c.doc_id


def test_blank_lines_separate_paragraphs() -> None:
    doc = build_document("First line\nstill first.\n\nSecond one. Two.\n", name="x.txt")
    assert len(doc.paragraphs) == 2
    assert [doc.sentence_text(i) for i in doc.paragraphs[1].sentence_range] == [
        "Second one.",
        "Two.",
    ]


def test_sample_name_falls_back_to_bundled_sample(tmp_path: Path) -> None:
    path, is_sample = resolve_document_path(SAMPLE_NAME, tmp_path)
    assert is_sample and path == bundled_sample_path()
    (tmp_path / SAMPLE_NAME).write_text("Local copy.\n")
    path, is_sample = resolve_document_path(SAMPLE_NAME, tmp_path)
    assert not is_sample and path == tmp_path / SAMPLE_NAME
    path, is_sample = resolve_document_path(None, tmp_path)
    assert is_sample
