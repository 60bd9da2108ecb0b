"""Scoring generated attributes against gold labels (pure functions, no I/O).

Only attributes present in gold are scored: an absent gold attribute is unknown, not
negative. enum and bool values are right or wrong; a multi_enum scores per code
(true positives, false positives, false negatives); a number is right within 2%.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

CORE_ATTRIBUTES = ("primary_color", "fabric", "pattern", "occasion", "sleeve_length", "neck")
NUMBER_TOLERANCE = 0.02


@dataclass
class Tally:
    """Counts for one attribute (or a sum of them)."""

    correct: int = 0
    predicted: int = 0
    gold: int = 0
    wrong: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Tally) -> None:
        self.correct += other.correct
        self.predicted += other.predicted
        self.gold += other.gold
        self.wrong += other.wrong

    def as_json(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "support": self.gold,
            "wrong": self.wrong,
        }


def score_value(gold: Any, predicted: Any) -> Tally:
    """The tally of one gold value against one prediction (None when nothing predicted)."""
    if isinstance(gold, list):
        gold_codes = {str(g) for g in gold}
        if predicted is None:
            return Tally(gold=len(gold_codes))
        codes = {str(p) for p in (predicted if isinstance(predicted, list) else [predicted])}
        hits = len(gold_codes & codes)
        return Tally(hits, len(codes), len(gold_codes), len(codes - gold_codes))
    if predicted is None:
        return Tally(gold=1)
    if isinstance(gold, bool):
        right = isinstance(predicted, bool) and predicted == gold
    elif _is_number(gold):
        right = _number_equal(gold, predicted)
    else:
        right = gold == predicted
    return Tally(correct=int(right), predicted=1, gold=1, wrong=int(not right))


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _number_equal(gold: float, predicted: Any) -> bool:
    if not _is_number(predicted):
        return False
    return abs(float(predicted) - gold) <= NUMBER_TOLERANCE * abs(gold)


def score_rows(
    rows: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]],
) -> dict[str, Tally]:
    """Per-attribute tallies over (gold, predicted) pairs."""
    tallies: dict[str, Tally] = {}
    for gold, predicted in rows:
        for attribute, value in gold.items():
            tallies.setdefault(attribute, Tally()).add(score_value(value, predicted.get(attribute)))
    return dict(sorted(tallies.items()))


def micro(tallies: Mapping[str, Tally], only: Iterable[str] | None = None) -> Tally:
    """The sum of the tallies (of the ``only`` attributes when given)."""
    wanted = set(only) if only is not None else None
    total = Tally()
    for attribute, tally in tallies.items():
        if wanted is None or attribute in wanted:
            total.add(tally)
    return total


def report(mode: str, tallies: Mapping[str, Tally]) -> dict[str, Any]:
    """The JSON report: per attribute, micro over all, micro over the core six."""
    return {
        "mode": mode,
        "attributes": {name: tally.as_json() for name, tally in tallies.items()},
        "micro": micro(tallies).as_json(),
        "core": micro(tallies, CORE_ATTRIBUTES).as_json(),
    }


def format_table(tallies: Mapping[str, Tally]) -> str:
    """A Markdown table of the tallies with micro rows for all and for the core six."""
    lines = [
        "| attribute | precision | recall | F1 | support | wrong |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    rows = [*tallies.items(), ("**micro**", micro(tallies))]
    rows.append(("**core six**", micro(tallies, CORE_ATTRIBUTES)))
    for name, tally in rows:
        lines.append(
            f"| {name} | {tally.precision:.3f} | {tally.recall:.3f} | {tally.f1:.3f} "
            f"| {tally.gold} | {tally.wrong} |"
        )
    return "\n".join(lines)
