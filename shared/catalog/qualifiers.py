"""Spec keys that qualify another key's value, and values that follow from the parts.

``Fabric: Cotton`` with ``Fabric Purity: Pure`` is pure cotton, with ``Blended`` a cotton
blend: a qualifier refines the base value through its configured table and names no
value of its own. A set's sheet describes its parts under their own keys ("Bottom
Type", "Dupatta Fabric"); which parts are described gives the set's contents.
"""

from __future__ import annotations

from collections.abc import Iterable

from shared.catalog.candidates import Candidate
from shared.catalog.compiled import CompiledType
from shared.catalog.text import normalise

_DERIVED_SCORE = 80.0


def refine(
    candidates: list[Candidate], said: Iterable[tuple[str, str]], compiled: CompiledType
) -> list[Candidate]:
    """Vendor candidates refined by the qualifier keys present, as (key, raw value)."""
    changes: dict[str, tuple[dict[str, str], str]] = {}
    for key, raw in said:
        code, qualifier = compiled.qualifiers[normalise(key)]
        said_value = normalise(raw)
        for refinement in qualifier.refine:
            if said_value in {normalise(s) for s in refinement.said}:
                changes[code] = (dict(refinement.gives), f"{key}: {raw.strip()}")
    if not changes:
        return candidates
    refined = []
    for candidate in candidates:
        change = changes.get(candidate.attribute)
        if change is None or candidate.source != "vendor_spec":
            refined.append(candidate)
            continue
        gives, note = change
        value = candidate.value
        new: str | list[str]
        if isinstance(value, list):
            new = [gives.get(v, v) for v in value]
        else:
            new = gives.get(str(value), str(value))
        if new != value:
            candidate = candidate._replace(value=new, matched=f"{candidate.matched}; {note}")
        refined.append(candidate)
    return refined


def from_parts(present: set[str], compiled: CompiledType) -> list[Candidate]:
    """Values that follow from the parts a sheet describes (bottom + dupatta -> the set)."""
    if not present:
        return []  # most listings describe no other part
    found = []
    for attribute in compiled.attributes.values():
        rules = attribute.spec.from_parts
        relevant = {part for rule in rules for part in rule.parts}
        described = present & relevant
        for rule in rules:
            if described and set(rule.parts) == described:
                found.append(
                    Candidate(
                        attribute.code,
                        rule.value,
                        "derived",
                        "derived",
                        _DERIVED_SCORE,
                        "parts described: " + ", ".join(sorted(described)),
                    )
                )
                break
    return found
