"""Guess a document's language, cheaply and offline, to choose segmentation rules.

Segmentation needs only a rough answer: the writing system settles most languages, and a
count of very common words tells the Latin-script languages apart. No model, no download,
and only the start of the document is read, so a 1 MB book costs no more than a page.
The user overrides the guess with ``--lang``.

Both counts go over the distinct characters and words of the sample (``Counter`` counts
them in C), not over every character: an export detects the language of every document.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

DEFAULT_LANGUAGE = "en"

# Enough text to be sure, little enough to stay instant on a book.
_SAMPLE_CHARS = 20_000

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

# Short, frequent function words: each list avoids the words its neighbours share.
_STOPWORDS: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the and of to is was that for with are this have from it by not be which "
        "has were they their will would been an or at on",
        "de": "der die das und ist nicht mit dem den sich des auf für ein eine einer "
        "wir sie auch im zu von bei wird sind war nach es einen",
        "fr": "le la les et est des du un une pour dans que qui sur au aux pas ce il "
        "elle nous sont été avec par à",
        "es": "el la los las y del que en por con para una un se su al lo como más "
        "pero sus fue son está",
        "it": "il la le di che è del della per con una un non sono gli dei nel alla "
        "anche più ha come",
        "pt": "os as é do da que em para com uma um não são dos das na pelo pela foi mais",
        "nl": "de het een en van is dat op te zijn niet met voor aan wordt ook door "
        "bij naar hij zij",
    }.items()
}


def _languages_of_words() -> dict[str, tuple[str, ...]]:
    """Which languages list each common word, in the order of ``_STOPWORDS``."""
    found: dict[str, tuple[str, ...]] = {}
    for lang, words in _STOPWORDS.items():
        for word in words:
            found[word] = (*found.get(word, ()), lang)
    return found


_LANGUAGES_OF = _languages_of_words()

# Letters that tell a Cyrillic language other than Russian.
_UKRAINIAN = frozenset("іїєґІЇЄҐ")
# Letters Persian and Urdu add to the Arabic script.
_PERSIAN = frozenset("پچژگ")


def _script(char: str) -> str | None:
    """The writing system of one letter, by its Unicode name; None for Latin and others."""
    code = ord(char)
    if 0x0400 <= code <= 0x052F:
        return "cyrillic"
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
        return "arabic"
    if 0x3040 <= code <= 0x30FF:
        return "kana"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
        return "han"
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF:
        return "hangul"
    if 0x0590 <= code <= 0x05FF:
        return "hebrew"
    if 0x0370 <= code <= 0x03FF:
        return "greek"
    if 0x0900 <= code <= 0x097F:
        return "devanagari"
    if 0x0E00 <= code <= 0x0E7F:
        return "thai"
    if 0x0530 <= code <= 0x058F:
        return "armenian"
    if 0x10A0 <= code <= 0x10FF:
        return "georgian"
    return None


_SCRIPT_LANGUAGE = {
    "hangul": "ko",
    "hebrew": "he",
    "greek": "el",
    "devanagari": "hi",
    "thai": "th",
    "armenian": "hy",
    "georgian": "ka",
}


def _by_script(sample: str) -> str | None:
    """The language implied by the dominant non-Latin script, if there is one."""
    counts: dict[str, int] = {}
    latin = 0
    found = Counter(sample)
    for char, times in found.items():
        if not char.isalpha():
            continue
        script = _script(char)
        if script is None:
            latin += times
        else:
            counts[script] = counts.get(script, 0) + times
    if not counts:
        return None
    script, count = max(counts.items(), key=lambda item: item[1])
    # Han characters carry a word each, so a few outweigh many Latin letters.
    weight = 3 if script in ("han", "kana") else 1
    if count * weight <= latin:
        return None
    if script == "cyrillic":
        return "ru" if _UKRAINIAN.isdisjoint(found) else "uk"
    if script == "arabic":
        return "ar" if _PERSIAN.isdisjoint(found) else "fa"
    if script in ("han", "kana"):
        return "ja" if counts.get("kana", 0) * 10 > counts.get("han", 0) else "zh"
    return _SCRIPT_LANGUAGE[script]


def _by_stopwords(sample: str) -> str | None:
    """The Latin-script language whose common words occur most often, if any do."""
    scores = dict.fromkeys(_STOPWORDS, 0)
    for word, times in Counter(_WORD.findall(sample.lower())).items():
        for lang in _LANGUAGES_OF.get(word, ()):
            scores[lang] += times
    best = max(scores, key=lambda lang: (scores[lang], lang == DEFAULT_LANGUAGE))
    return best if scores[best] > 0 else None


def detect_language(text: str) -> str:
    """An ISO 639-1 code for the language of ``text``; ``"en"`` when unsure."""
    sample = unicodedata.normalize("NFC", text[:_SAMPLE_CHARS])
    return _by_script(sample) or _by_stopwords(sample) or DEFAULT_LANGUAGE


def normalize_language(code: str) -> str:
    """A ``--lang`` value as a lower-case code: "DE", "de-AT" and "de_AT" become "de"."""
    cleaned = code.strip().lower().replace("_", "-")
    primary = cleaned.split("-", 1)[0]
    if not primary.isascii() or not primary.isalpha() or not 2 <= len(primary) <= 3:
        raise ValueError(f"not a language code: {code!r} (expected e.g. en, de, ru)")
    return primary
