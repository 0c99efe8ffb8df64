"""Codebooks: the codes a coder applies, with keys, badges, colours and definitions.

Codes are identified by their ``name`` in stored annotations; each also has a stable
``id`` (a GUID) so that later interchange formats (REFI-QDA) can refer to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


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
    """An ordered set of codes. Order is the order of tags in exports."""

    name: str
    version: str
    codes: tuple[Code, ...]
    source: str = "built-in default"
    _by_name: dict[str, Code] = field(init=False, repr=False, compare=False)
    _by_key: dict[str, Code] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_name: dict[str, Code] = {}
        for code in self.codes:
            by_name[code.name] = code
            for alias in code.aliases:
                by_name.setdefault(alias, code)
        object.__setattr__(self, "_by_name", by_name)
        object.__setattr__(self, "_by_key", {code.key: code for code in self.codes})

    def by_key(self, key: str) -> Code | None:
        return self._by_key.get(key)

    def by_name(self, name: str) -> Code | None:
        """Find a code by its name or one of its former names (aliases)."""
        return self._by_name.get(name)

    def canonical(self, name: str) -> str:
        """The current name for ``name``; unknown names are returned unchanged."""
        code = self._by_name.get(name)
        return code.name if code is not None else name

    def ordered(self, tags: Iterable[str]) -> list[str]:
        """Tags in codebook order; tags not in the codebook follow, alphabetically."""
        position = {code.name: i for i, code in enumerate(self.codes)}
        unique = set(tags)
        known = sorted((t for t in unique if t in position), key=position.__getitem__)
        return known + sorted(t for t in unique if t not in position)


DEFAULT_CODEBOOK = Codebook(
    name="press-rhetoric",
    version="1",
    codes=(
        Code(
            name="claim",
            label="CLM",
            key="1",
            color="#d7875f",
            id="8f0b6f0e-7a1c-4d55-9f57-3c1e1c6a0a01",
            definition=(
                "A statement the source presents as a checkable fact about the world, "
                "which evidence could confirm or refute."
            ),
            description=(
                "Code a claim when the sentence asserts something that could in principle be "
                "verified against records, observation or other sources. A claim differs from "
                "an assertion in that a fact-checker could look it up."
            ),
            examples=("The mission visited the region on October 1.",),
        ),
        Code(
            name="assertion",
            label="AST",
            key="2",
            color="#5f87d7",
            id="8f0b6f0e-7a1c-4d55-9f57-3c1e1c6a0a02",
            definition=(
                "A judgement, characterisation or conclusion stated as settled, without "
                "evidence that could check it."
            ),
            description=(
                "Code an assertion for evaluative or interpretive statements presented as "
                "plain truth: labels, verdicts, motives ascribed to others. Unlike a claim, "
                "no record could settle it."
            ),
            examples=("This statement exposes the entire propaganda of the other side.",),
        ),
        Code(
            name="appeal",
            label="APL",
            key="3",
            color="#af5fd7",
            id="8f0b6f0e-7a1c-4d55-9f57-3c1e1c6a0a03",
            definition=(
                "An attempt to move the reader by emotion, values, authority or identity "
                "rather than by information."
            ),
            description=(
                "Appeals to fear, pity, pride, unity, peace, tradition or an authority's "
                "standing. Code it alongside claim or assertion when a sentence does both."
            ),
            examples=("We call on everyone to live together in peace and harmony.",),
        ),
        Code(
            name="statistic",
            label="STA",
            key="4",
            color="#5faf5f",
            id="8f0b6f0e-7a1c-4d55-9f57-3c1e1c6a0a04",
            definition=(
                "A number used as evidence: a count, amount, share, rate or date-bound "
                "quantity offered to support a point."
            ),
            description=(
                'Code a statistic for quantities that carry the argument ("hundreds of tons", '
                '"30,000 people"), not for dates or numbers that only identify something.'
            ),
            examples=("Thousands of soldiers travelled home freely.",),
        ),
    ),
)
