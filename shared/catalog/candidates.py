"""A value some source offers for an attribute, before sources are reconciled."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from shared.messages import AttributeData, AttributeIssue, Method, Source

# Lower wins when sources disagree: the vendor's own spec, then the title, then the
# description. A value spilled over from another attribute ("Green, Pink" gives
# secondary pink) ranks just below a direct one from the same source.
SOURCE_RANK: dict[Source, float] = {
    "vendor_spec": 0,
    "title": 1,
    "description": 2,
    "category": 3,
    "brand": 4,
    "derived": 5,
}
SPILL_PENALTY = 0.5


@dataclass(frozen=True)
class Candidate:
    attribute: str
    value: AttributeData
    source: Source
    method: Method
    score: float
    matched: str
    vendor_key: str | None = None
    spilled: bool = False
    # Position of the vendor key in the attribute's vendor_keys: "Fabric" before "Top Fabric".
    priority: int = 0

    @cached_property
    def rank(self) -> float:
        # Read ~4 times per candidate while sorting and filtering in resolve().
        return SOURCE_RANK[self.source] + (SPILL_PENALTY if self.spilled else 0)


@dataclass(frozen=True)
class KeyReading:
    """What one vendor (key, value) pair gives: the same for every product that has it."""

    qualifier: bool
    part: str | None
    candidates: tuple[Candidate, ...]
    issues: tuple[AttributeIssue, ...]


def first_distinct(codes: list[str]) -> list[str]:
    """Codes in first-seen order without repeats."""
    return list(dict.fromkeys(codes))
