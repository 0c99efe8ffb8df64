"""Codebooks: the codes a coder applies, with keys, badges, colours and definitions.

Codes are identified by their ``name`` in stored annotations; each also has a stable
``id`` (a GUID) so that later interchange formats (REFI-QDA) can refer to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.settings.keynames import key_name

MAX_CODES = 20
"""Codes beyond this stop fitting on one legend line and in a coder's memory."""

# Fixed namespace for derived code ids: the same codebook and code name always give the
# same id, on every machine, so interchange files stay stable across runs.
CODE_ID_NAMESPACE = "5f1d7a3e-2c4b-5e8a-9d61-0b7c3a2e4f90"


def derived_code_id(codebook_name: str, code_name: str) -> str:
    """A stable UUID5 for a code that has no explicit ``id``."""
    import uuid  # only for codebook files and exchange: not on the reader's first screen

    return str(uuid.uuid5(uuid.UUID(CODE_ID_NAMESPACE), f"{codebook_name}\x1f{code_name}"))


@dataclass(frozen=True, slots=True)
class Code:
    """One code of a codebook."""

    name: str
    label: str
    key: str
    color: str
    definition: str
    id: str
    examples: tuple[str, ...] = ()
    description: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Codebook:
    """An ordered set of codes. Order is the order of tags in exports.

    ``source`` says where the codebook was found (a file and why, or the built-in
    default) so that the UI can show which codebook is in force. ``exclusive`` says the
    codes are mutually exclusive (a sentence takes at most one), which lets agreement
    treat them as one nominal variable.
    """

    name: str
    version: str
    codes: tuple[Code, ...]
    source: str = "built-in default"
    description: str = ""
    exclusive: bool = False
    path: Path | None = field(default=None, compare=False)
    """The file the codes are in (a codebook file or a project file); None if built in."""
    _by_name: dict[str, Code] = field(init=False, repr=False, compare=False)
    _by_key: dict[str, Code] = field(init=False, repr=False, compare=False)
    _position: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name: dict[str, Code] = {}
        for code in self.codes:
            by_name[code.name] = code
        for code in self.codes:
            for alias in code.aliases:
                # A current name always wins over another code's former name.
                by_name.setdefault(alias, code)
        by_key: dict[str, Code] = {}
        for code in self.codes:
            by_key.setdefault(code.key, code)
            by_key.setdefault(key_name(code.key), code)
        object.__setattr__(self, "_by_name", by_name)
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "_position", {c.name: i for i, c in enumerate(self.codes)})

    def by_key(self, key: str) -> Code | None:
        """The code bound to ``key``, given as typed ("?") or as Textual names it."""
        return self._by_key.get(key)

    def by_name(self, name: str) -> Code | None:
        """Find a code by its name or one of its former names (aliases)."""
        return self._by_name.get(name)

    def is_known(self, name: str) -> bool:
        """False for a tag whose code was removed: the UI shows it as "not in codebook"."""
        return name in self._by_name

    def canonical(self, name: str) -> str:
        """The current name for ``name``; unknown names are returned unchanged."""
        code = self._by_name.get(name)
        return code.name if code is not None else name

    def ordered(self, tags: Iterable[str]) -> list[str]:
        """Tags under their current names, in codebook order, without duplicates.

        Former names are mapped to current ones so a renamed code carries its
        annotations over; tags not in the codebook are kept (never dropped) and
        follow, alphabetically.
        """
        unique = {self.canonical(t) for t in tags}
        position = self._position
        known = sorted((t for t in unique if t in position), key=position.__getitem__)
        return known + sorted(t for t in unique if t not in position)


DEFAULT_CODEBOOK = Codebook(
    name="press-rhetoric",
    version="1",
    description=(
        "Four functions a sentence of a press release can serve. A sentence may take more "
        "than one code: a number inside an emotional call is both a statistic and an appeal."
    ),
    codes=(
        Code(
            name="claim",
            label="CLM",
            key="1",
            color="#d7875f",
            id="8f0b6f0e-7a1c-4d55-9f57-3c1e1c6a0a01",
            definition=(
                "A statement presented as fact about the world that evidence could confirm "
                "or refute: a record, an observation or a source could settle it."
            ),
            description=(
                "Ask: could a fact-checker look this up? If yes, it is a claim, whether it is "
                "true or false, precise or vague. Events, actions, dates of meetings, who said "
                "what, what a law contains: all claims. A claim differs from an assertion in "
                "what settles it: a claim is settled by evidence, an assertion only by "
                "agreeing with the speaker's judgement."
            ),
            examples=(
                "The delegation met the foreign minister in Geneva on Tuesday.",
                "The new rule takes effect on the first of March.",
            ),
        ),
        Code(
            name="assertion",
            label="AST",
            key="2",
            color="#5f87d7",
            id="8f0b6f0e-7a1c-4d55-9f57-3c1e1c6a0a02",
            definition=(
                "A judgement, interpretation, prediction or motive stated as settled truth, "
                "which no record could confirm or refute."
            ),
            description=(
                'Evaluations ("a historic success"), characterisations ("reckless", '
                '"illegitimate"), conclusions drawn from facts, forecasts, and intentions '
                "ascribed to others, presented as plain truth rather than as opinion. If the "
                "sentence mixes a checkable fact with a verdict on it, code both claim and "
                "assertion."
            ),
            examples=(
                "This decision is a reckless gamble with our security.",
                "Their real aim has always been to divide the region.",
            ),
        ),
        Code(
            name="appeal",
            label="APL",
            key="3",
            color="#af5fd7",
            id="8f0b6f0e-7a1c-4d55-9f57-3c1e1c6a0a03",
            definition=(
                "Wording meant to move the reader through emotion, values, identity or "
                "authority rather than through information; includes calls to act."
            ),
            description=(
                "Appeals to fear, anger, pity, pride, hope, unity, duty, tradition or faith; "
                "invoking the standing of a person or institution in place of evidence; "
                '"we" and "our" language that enlists the reader; calls to support, '
                "resist or act. Code appeal in addition to claim or assertion when a sentence "
                "both states something and tries to move the reader."
            ),
            examples=(
                "We owe it to our children to stand firm.",
                "Every citizen who cares about this country must speak out now.",
            ),
        ),
        Code(
            name="statistic",
            label="STA",
            key="4",
            color="#5faf5f",
            id="8f0b6f0e-7a1c-4d55-9f57-3c1e1c6a0a04",
            definition=(
                "A number offered as evidence: a count, amount, share, rate, ranking or "
                "change over time that carries the point of the sentence."
            ),
            description=(
                'Exact or approximate figures count ("12,400 jobs", "nearly a third", '
                '"doubled since 2019"), and so do vague quantities standing in for a number '
                '("thousands of families"). Numbers that only name or date something do '
                "not: article numbers, years, ages in a biography, phone numbers. A statistic "
                "is usually also a claim."
            ),
            examples=(
                "Exports rose by 14 percent in the first half of the year.",
                "Thousands of families have already received the payment.",
            ),
        ),
    ),
)
