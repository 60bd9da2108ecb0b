"""A value some source offers for an attribute, before sources are reconciled."""

from __future__ import annotations

from typing import NamedTuple

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


class Candidate(NamedTuple):
    """A value one source offers for one attribute."""

    # A tuple, not a frozen dataclass: 0.6 us to build against 1.0 us, and 0.8 us
    # against 2.0 us with the ~4 reads of ``rank`` a contested attribute makes
    # (a cached_property's first read cost more than the sum); ~7 per product.
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

    @property
    def rank(self) -> float:
        return SOURCE_RANK[self.source] + (SPILL_PENALTY if self.spilled else 0)


# The readings below are what the memos keep, thousands of them for the life of a
# config, and the garbage collector walks them at every full collection. Named tuples
# are fewer, smaller objects for it to walk than the frozen dataclasses (and their
# frozensets) they replaced, which made reading new texts ~20% slower.
# (Named tuples stay tracked: CPython untracks only plain tuples of atoms.)
class KeyReading(NamedTuple):
    """What one vendor (key, value) pair gives: the same for every product that has it."""

    qualifier: bool
    part: str | None
    candidates: tuple[Candidate, ...]
    issues: tuple[AttributeIssue, ...]


class TextReading(NamedTuple):
    """What one title or description gives: the same for every product that has it."""

    candidates: tuple[Candidate, ...]
    # The other parts its labels and headings describe ("Dupatta: chiffon").
    described: tuple[str, ...]


def first_distinct(codes: list[str]) -> list[str]:
    """Codes in first-seen order without repeats."""
    return list(dict.fromkeys(codes))
