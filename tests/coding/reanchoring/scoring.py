"""Scoring a re-anchoring against the truth the edit generator recorded."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from annotator.coding.reanchoring.reanchor import Orphaned, Placed, Reanchoring, Review
from tests.coding.reanchoring.edits import Fate, Scenario


@dataclass(slots=True)
class Tally:
    """Counts over many scenarios: outcomes by fate, and every wrong placement."""

    outcomes: Counter[tuple[Fate, str]] = field(default_factory=Counter)
    placed: int = 0
    wrong: list[str] = field(default_factory=list)
    unchanged: int = 0
    unchanged_placed: int = 0
    typo_fixed: int = 0
    typo_fixed_placed: int = 0
    methods: Counter[str] = field(default_factory=Counter)

    def add(self, scenario: Scenario, result: Reanchoring) -> None:
        for outcome in result.outcomes:
            truth = scenario.truth[outcome.annotation.id]
            kind = (
                "placed"
                if isinstance(outcome, Placed)
                else "review"
                if isinstance(outcome, Review)
                else "orphaned"
            )
            assert isinstance(outcome, Placed | Review | Orphaned)
            self.outcomes[truth.fate, kind] += 1
            right = isinstance(outcome, Placed) and outcome.sentence == truth.target
            if isinstance(outcome, Placed):
                self.placed += 1
                self.methods[outcome.method.value] += 1
                if not right or truth.fate is Fate.REWRITTEN:
                    self.wrong.append(
                        f"{scenario.name}: {truth.fate} {outcome.method} "
                        f"{outcome.annotation.quote[:60]!r} -> "
                        f"{scenario.new.sentence_text(outcome.sentence)[:60]!r}"
                    )
            on_unchanged = truth.fate in (Fate.UNCHANGED, Fate.MOVED) and truth.target is not None
            if on_unchanged:
                self.unchanged += 1
                self.unchanged_placed += right
            if truth.fate is Fate.TYPO_FIXED and truth.target is not None:
                self.typo_fixed += 1
                self.typo_fixed_placed += right

    @property
    def precision(self) -> float:
        return 1 - len(self.wrong) / self.placed if self.placed else 1.0

    @property
    def unchanged_recall(self) -> float:
        return self.unchanged_placed / self.unchanged if self.unchanged else 1.0

    @property
    def typo_fix_recall(self) -> float:
        return self.typo_fixed_placed / self.typo_fixed if self.typo_fixed else 1.0

    def table(self) -> str:
        """Outcomes by what happened to the sentence, as a Markdown table."""
        kinds = ("placed", "review", "orphaned")
        lines = ["| sentence | " + " | ".join(kinds) + " |", "|---|---:|---:|---:|"]
        for fate in Fate:
            row = [self.outcomes[fate, k] for k in kinds]
            if any(row):
                lines.append(f"| {fate} | " + " | ".join(str(n) for n in row) + " |")
        return "\n".join(lines)

    def summary(self) -> str:
        return (
            f"precision {self.precision:.2%} ({self.placed - len(self.wrong)}/{self.placed}); "
            f"unchanged placed {self.unchanged_recall:.2%} "
            f"({self.unchanged_placed}/{self.unchanged}); "
            f"typo fixes placed {self.typo_fix_recall:.2%} "
            f"({self.typo_fixed_placed}/{self.typo_fixed}); "
            f"methods {dict(self.methods)}"
        )
