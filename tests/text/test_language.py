"""Language detection: scripts, common words, the corpus, and the --lang option."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.text import language
from annotator.text.document import load_document
from annotator.text.language import DEFAULT_LANGUAGE, detect_language, normalize_language
from tests.helpers import DATA

MULTI_CASES: list[dict[str, Any]] = json.loads(
    (DATA / "segmentation" / "testset_multi.json").read_text(encoding="utf-8")
)
EN_CASES: list[dict[str, Any]] = json.loads(
    (DATA / "segmentation" / "testset_en.json").read_text(encoding="utf-8")
)


def test_multilingual_cases_are_detected() -> None:
    """Each case is one or two short sentences: the hardest input detection gets."""
    right = sum(detect_language(case["text"]) == case["lang"] for case in MULTI_CASES)
    print(f"\nLanguage detection on the multilingual set: {right}/{len(MULTI_CASES)}")
    assert right >= 18


def test_english_cases_stay_english() -> None:
    right = sum(detect_language(case["text"]) == "en" for case in EN_CASES)
    print(f"\nLanguage detection on the English set: {right}/{len(EN_CASES)}")
    assert right >= len(EN_CASES) - 3


@pytest.mark.parametrize("path", sorted((DATA / "corpus").glob("*.txt")), ids=lambda p: p.name)
def test_corpus_files(path: Path) -> None:
    expected = path.name.split("_", 1)[0]
    assert detect_language(path.read_text(encoding="utf-8-sig")) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Der Bericht ist nicht fertig, und wir warten auf die Zahlen.", "de"),
        ("Le rapport n'est pas prêt et nous attendons les chiffres pour la suite.", "fr"),
        ("El informe no está listo y esperamos las cifras para el resto.", "es"),
        ("Il rapporto non è pronto e aspettiamo che arrivino i dati della banca.", "it"),
        ("Het rapport is niet klaar en we wachten op de cijfers van de bank.", "nl"),
        ("Доклад ещё не готов.", "ru"),
        ("Це звіт, і він ще не готовий.", "uk"),
        ("这份报告还没有准备好。", "zh"),
        ("この報告書はまだ準備ができていません。", "ja"),
        ("보고서가 아직 준비되지 않았습니다.", "ko"),
        ("التقرير غير جاهز بعد.", "ar"),
        ("این گزارش هنوز آماده نیست.", "fa"),
        ("Η έκθεση δεν είναι έτοιμη.", "el"),
        ("הדוח עדיין לא מוכן.", "he"),
        # Latin-script text quoting a few foreign words stays in its language.
        ("The slogan «Всё для победы» was printed on the posters that the campaign used.", "en"),
    ],
)
def test_languages(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "12345 678", "!!! ???", "\x00\x1b[2J"])
def test_no_evidence_gives_the_default(text: str) -> None:
    assert detect_language(text) == DEFAULT_LANGUAGE == "en"


def test_only_the_start_of_a_long_text_is_read() -> None:
    text = "Der Bericht ist nicht fertig und wir warten. " * 1000 + "Доклад " * 100_000
    assert detect_language(text) == "de"


@pytest.mark.parametrize(
    ("value", "code"),
    [("de", "de"), ("DE", "de"), ("de-AT", "de"), ("pt_BR", "pt"), (" ru ", "ru")],
)
def test_normalize_language(value: str, code: str) -> None:
    assert normalize_language(value) == code


@pytest.mark.parametrize("value", ["", "x", "english!", "12", "d e", "ру"])
def test_normalize_language_rejects_junk(value: str) -> None:
    with pytest.raises(ValueError, match="not a language code"):
        normalize_language(value)


def test_load_document_detects_unless_told(tmp_path: Path) -> None:
    path = tmp_path / "bericht.txt"
    path.write_text("Der Minister traf am 1. Oktober ein. Er sprach mit dem Präsidenten.\n")
    assert load_document(path).lang == "de"
    assert load_document(path, lang="en").lang == "en"


def test_lang_option_is_normalized_and_checked() -> None:
    import argparse

    from annotator.cli.support import add_common_options

    parser = argparse.ArgumentParser(exit_on_error=False)
    add_common_options(parser)
    assert parser.parse_args(["--lang", "DE-at"]).lang == "de"
    assert parser.parse_args([]).lang is None
    with pytest.raises(argparse.ArgumentError):
        parser.parse_args(["--lang", "english!"])


# -- the counts over distinct characters and words give what counting each one gave ------


def _one_by_one(text: str) -> str:
    """The detector as first written: every character and every word looked at in turn."""
    sample = unicodedata.normalize("NFC", text[: language._SAMPLE_CHARS])
    counts: dict[str, int] = {}
    latin = 0
    for char in sample:
        if char.isalpha():
            script = language._script(char)
            if script is None:
                latin += 1
            else:
                counts[script] = counts.get(script, 0) + 1
    if counts:
        script, count = max(counts.items(), key=lambda item: item[1])
        weight = 3 if script in ("han", "kana") else 1
        if count * weight > latin:
            if script == "cyrillic":
                return "uk" if any(c in language._UKRAINIAN for c in sample) else "ru"
            if script == "arabic":
                return "fa" if any(c in language._PERSIAN for c in sample) else "ar"
            if script in ("han", "kana"):
                kana, han = counts.get("kana", 0), counts.get("han", 0)
                return "ja" if kana * 10 > han else "zh"
            return language._SCRIPT_LANGUAGE[script]
    scores = dict.fromkeys(language._STOPWORDS, 0)
    for match in language._WORD.finditer(sample.lower()):
        for lang, words in language._STOPWORDS.items():
            if match.group() in words:
                scores[lang] += 1
    best = max(scores, key=lambda lang: (scores[lang], lang == DEFAULT_LANGUAGE))
    return best if scores[best] > 0 else DEFAULT_LANGUAGE


_PIECES = [
    *sorted({w for words in language._STOPWORDS.values() for w in words}),
    "Привет", "її", "мир", "سلام", "پچ", "日本語", "ひらがな", "カタカナ", "中文", "한국어",
    "שלום", "Ελλάδα", "नमस्ते", "ไทย", "Հայ", "ქართ", "word", "Über", "Ⅻ", "½", "3", " ", ". ",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60).map(" ".join))
def test_counting_distinct_characters_gives_the_same_language(text: str) -> None:
    assert detect_language(text) == _one_by_one(text)


@pytest.mark.parametrize("path", sorted((DATA / "corpus").glob("*.txt")), ids=lambda p: p.name)
def test_corpus_files_get_the_same_language_as_counted_one_by_one(path: Path) -> None:
    text = path.read_bytes().decode("utf-8", errors="replace")
    assert detect_language(text) == _one_by_one(text)


# -- the faster counts of each step give what the first ones gave --------------------------


def _by_script_one_by_one(sample: str) -> str | None:
    """``_by_script`` as first written, every character through ``_script``: the reference
    the faster count must agree with."""
    counts: dict[str, int] = {}
    latin = 0
    for char in sample:
        if not char.isalpha():
            continue
        script = language._script(char)
        if script is None:
            latin += 1
        else:
            counts[script] = counts.get(script, 0) + 1
    if not counts:
        return None
    script, count = max(counts.items(), key=lambda item: item[1])
    weight = 3 if script in ("han", "kana") else 1
    if count * weight <= latin:
        return None
    if script == "cyrillic":
        return "uk" if any(char in "іїєґІЇЄҐ" for char in sample) else "ru"
    if script == "arabic":
        return "fa" if any(char in "پچژگ" for char in sample) else "ar"
    if script in ("han", "kana"):
        return "ja" if counts.get("kana", 0) * 10 > counts.get("han", 0) else "zh"
    return language._SCRIPT_LANGUAGE[script]


@settings(max_examples=400, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            "ab Z1,.’“”éßøñ\u00aa\u00b2\u00bdЖжіαβאבعربپ中文かなカ한국ไทยհայქართ\u0301\t\n_"
        ),
        max_size=60,
    )
)
def test_counting_ascii_letters_at_once_changes_no_answer(sample: str) -> None:
    assert language._by_script(sample) == _by_script_one_by_one(sample)


def _by_stopwords_list_by_list(sample: str) -> str | None:
    """``_by_stopwords`` as first written: each word looked up in every language's list."""
    scores = dict.fromkeys(language._STOPWORDS, 0)
    for match in language._WORD.finditer(sample.lower()):
        for lang, words in language._STOPWORDS.items():
            if match.group() in words:
                scores[lang] += 1
    best = max(scores, key=lambda lang: (scores[lang], lang == DEFAULT_LANGUAGE))
    return best if scores[best] > 0 else None


COMMON = sorted({word for words in language._STOPWORDS.values() for word in words})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*COMMON, "Der", "LA", "zebra", "l'eau", "3"]), max_size=30))
def test_looking_words_up_once_changes_no_answer(words: list[str]) -> None:
    sample = " ".join(words)
    assert language._by_stopwords(sample) == _by_stopwords_list_by_list(sample)
