"""Counted words: one helper, so no message says "1 rows"."""

from __future__ import annotations

import re
import tokenize
from pathlib import Path

import annotator
from annotator.wording import plural, plural_form


def test_one_is_singular_and_every_other_count_plural() -> None:
    assert plural(1, "row") == "1 row"
    assert plural(0, "row") == "0 rows"
    assert plural(2, "annotation") == "2 annotations"
    assert plural(1, "match") == "1 match"
    assert plural(3, "match") == "3 matches"


def test_a_given_plural_and_verbs() -> None:
    assert plural(2, "person", "people") == "2 people"
    assert plural_form(1, "was") == "was"
    assert plural_form(4, "was") == "were"


def test_no_message_hedges_a_plural() -> None:
    """ "row(s)" is what ``plural`` replaces: no message in the package may say it."""
    hedge = re.compile(r"[a-z]\((?:s|es)\)")
    package = Path(annotator.__file__).parent
    found = []
    for path in sorted(package.rglob("*.py")):
        with path.open("rb") as source:
            for token in tokenize.tokenize(source.readline):
                literal = token.string.lstrip("rbfRBF")
                if token.type != tokenize.STRING or literal.startswith(('"""', "'''")):
                    continue  # docstrings may name a function call such as counts(s)
                if hedge.search(literal):
                    found.append(f"{path.relative_to(package)}:{token.start[0]}")
    assert found == []
