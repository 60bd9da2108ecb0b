"""Vendor specs to attribute values: keys to attributes, raw values to codes.

A vendor key may feed several attributes ("Pattern" carries both the generic pattern
and the motif); each attribute takes the parts it knows, an attribute that
``yields_to`` another leaves it the parts both know, and a part no attribute knows
becomes an issue. A key about the product's own part ("Top Pattern") reads as the
plain key; a key about another part ("Bottom Pattern") feeds nothing but records
that the part is described; qualifier keys ("Fabric Purity") refine the value their
base key gave; an explicit "NA" is the attribute's not_applicable value or nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

from shared.catalog.candidates import Candidate, KeyReading, first_distinct
from shared.catalog.compiled import CompiledAttribute, CompiledType
from shared.catalog.matching import Match
from shared.catalog.numbers import find_dimensions, parse_quantity
from shared.catalog.qualifiers import from_parts, refine
from shared.catalog.text import is_not_applicable, normalise, says_absent
from shared.messages import AttributeData, AttributeIssue, Method, Source

# "Casual, Party & Festive", "Solid/Plain", "Resham/ Silk Thread", "Wedding and Festive".
_SPLIT = re.compile(r"\s*(?:[,;|/+&]|\band\b)\s*", re.IGNORECASE)
_PHRASE_SCORE = 80.0
_MISS_PRIORITY = {"ambiguous_match": 0, "low_confidence": 1, "out_of_range": 2}


class Hit(NamedTuple):
    """One code some reading found, with how and in which words."""

    # A tuple, not a frozen dataclass: 0.25 us to build against 0.55 us, and a text
    # read builds one per phrase found (~12 per synthetic product).
    code: str | float
    method: Method
    score: float
    part: str


@dataclass(frozen=True)
class Reading:
    hits: list[Hit]
    misses: list[Match]


# Values longer than this are seller prose ("Other Details: Saree WeddingSaree ..."),
# rarely repeated: read them without filling the memo.
_MEMO_MAX_VALUE = 300


def read_specs(
    specs: dict[str, str], compiled: CompiledType
) -> tuple[list[Candidate], list[AttributeIssue]]:
    """Candidates from every configured vendor key; issues for values nothing knows."""
    candidates: list[Candidate] = []
    issues: list[AttributeIssue] = []
    qualified: list[tuple[str, str]] = []
    parts: set[str] = set()
    memo = compiled.key_readings
    for key, raw in specs.items():
        if len(raw) > _MEMO_MAX_VALUE:
            reading = read_key(key, raw, compiled)
        else:
            reading = memo.get((key, raw), partial(read_key, key, raw, compiled))
        if reading.qualifier:
            qualified.append((key, raw))
        if reading.part is not None:
            parts.add(reading.part)
        candidates += reading.candidates
        issues += reading.issues
    return refine(candidates, qualified, compiled) + from_parts(parts, compiled), issues


def read_key(key: str, raw: str, compiled: CompiledType) -> KeyReading:
    """One vendor (key, value) pair read on its own (what :func:`read_specs` remembers)."""
    normalised = normalise(key)
    if not raw.strip():
        return KeyReading(False, None, (), ())
    qualifier = normalised in compiled.qualifiers
    if qualifier and normalised not in compiled.by_vendor_key:
        return KeyReading(True, None, (), ())
    attributes, part = compiled.attributes_for_key(normalised)
    if part is not None and says_absent(raw):
        part = None
    if not attributes:
        return KeyReading(qualifier, part, (), ())
    readings = {a.code: read_value(a, raw) for a in attributes}
    if len(attributes) > 1:  # one attribute (most keys) has nothing to share
        readings = _share(readings, attributes)
    candidates: list[Candidate] = []
    for attribute in attributes:
        rank = attribute.key_rank.get(normalised, len(attribute.key_rank))
        hits = readings[attribute.code].hits
        candidates += to_candidates(attribute, hits, compiled, "vendor_spec", key, rank)
    return KeyReading(qualifier, part, tuple(candidates), tuple(_misses(attributes, readings, key)))


def _share(readings: dict[str, Reading], attributes: list[CompiledAttribute]) -> dict[str, Reading]:
    """Split one value's parts between the attributes its key feeds.

    A part another attribute knows by name ("Polka Print" is a print type) is not also
    read through a phrase by this one ("print" -> printed), and an attribute that
    ``yields_to`` another leaves it the parts both know by name ("Woven").
    """
    strong = {
        code: {hit.part for hit in reading.hits if hit.method != "phrase"}
        for code, reading in readings.items()
    }
    shared: dict[str, Reading] = {}
    for attribute in attributes:
        code = attribute.code
        others = set().union(*(parts for other, parts in strong.items() if other != code))
        taken = set().union(*(strong.get(other, set()) for other in attribute.spec.yields_to))
        kept = [
            hit
            for hit in readings[code].hits
            if hit.part not in taken and not (hit.method == "phrase" and hit.part in others)
        ]
        shared[code] = Reading(kept, readings[code].misses)
    return shared


def read_value(attribute: CompiledAttribute, raw: str) -> Reading:
    """Codes one attribute finds in one vendor value: whole value, then its parts."""
    spec = attribute.spec
    if spec.kind == "text":
        return Reading([Hit(raw.strip(), "exact", 100, normalise(raw))], [])
    if spec.kind == "number":
        if is_not_applicable(raw):
            return Reading([], [])
        pairs = find_dimensions(raw, spec.unit or "", bare=True) if spec.dimension else []
        if pairs:
            value = pairs[0][spec.dimension - 1 if spec.dimension else 0].value
            return Reading([Hit(value, "number", 100, normalise(raw))], [])
        quantity = parse_quantity(raw, spec.unit or "")
        if quantity is None:
            return Reading([], [Match(None, "number", 0, raw, "unknown_value", "no number")])
        return Reading([Hit(quantity.value, "number", 100, normalise(raw))], [])
    whole = attribute.matcher.match(raw)
    if whole.code is not None:
        return Reading([Hit(whole.code, whole.method, whole.score, normalise(raw))], [])
    if is_not_applicable(raw):
        # An explicit "NA": the attribute's "none" value if it has one, else an absence.
        absent = spec.not_applicable
        return Reading([Hit(absent, "exact", 100, normalise(raw))] if absent else [], [])
    parts = [p for p in _SPLIT.split(raw) if p.strip()] if spec.split else [raw]
    hits: list[Hit] = []
    misses: list[Match] = []
    for part in parts if len(parts) > 1 else [raw]:
        found = attribute.matcher.match(part) if len(parts) > 1 else whole
        key = normalise(part)
        if found.code is not None:
            hits.append(Hit(found.code, found.method, found.score, key))
            continue
        phrased = attribute.vendor_phrases.find(key)
        hits += [Hit(p.code, "phrase", _PHRASE_SCORE, key) for p in phrased]
        if not phrased:
            misses.append(found)
    return Reading(hits, misses)


def _only(
    code: str,
    value: AttributeData,
    hit: Hit,
    source: Source,
    vendor_key: str | None,
    priority: int,
) -> Candidate:
    """The one candidate of an attribute read from a single (first) hit."""
    return Candidate(
        code, value, source, hit.method, hit.score, hit.part, vendor_key, False, priority
    )


def one_value(kind: str, code: str | float) -> AttributeData:
    """What one hit's code is as a value of an attribute of ``kind``."""
    if kind == "bool":
        return code == "true"
    if kind == "multi_enum":
        return [str(code)]
    return code


def to_candidates(
    attribute: CompiledAttribute,
    hits: list[Hit],
    compiled: CompiledType,
    source: Source,
    vendor_key: str | None = None,
    priority: int = 0,
) -> list[Candidate]:
    """One candidate for the attribute (and a spilled one for ``spill_to``) from hits.

    ``priority``: the vendor key's place among the attribute's keys (see
    :attr:`Candidate.priority`).
    """
    if not hits:
        return []
    spec = attribute.spec
    first = hits[0]
    if spec.kind in ("number", "text", "bool") or (len(hits) == 1 and isinstance(first.code, str)):
        # Single-valued kinds take the first hit. One hit (most text reads): no weak
        # value to pass over, nothing to refine to and nothing to spill; what the
        # general path below gives for one hit.
        value = one_value(spec.kind, first.code)
        return [_only(spec.code, value, first, source, vendor_key, priority)]
    codes = first_distinct([str(hit.code) for hit in hits])
    weak = attribute.weak
    # "Jacquard, Pure Silk": a weak value (a weave, a trim) gives way to a real fabric.
    chosen = ([c for c in codes if c not in weak] or codes)[0]
    # "Silk Mark certified pure tussar silk": the finer value named alongside wins.
    chosen = next((c for c in codes if chosen in attribute.refines.get(c, ())), chosen)
    score = min(hit.score for hit in hits)
    matched = ", ".join(first_distinct([hit.part for hit in hits]))
    if spec.kind == "multi_enum":
        return [
            Candidate(
                spec.code, codes, source, first.method, score, matched, vendor_key, False, priority
            )
        ]
    hit = next(h for h in hits if h.code == chosen)
    found = [
        Candidate(
            spec.code, chosen, source, hit.method, hit.score, hit.part, vendor_key, False, priority
        )
    ]
    rest = [c for c in codes if c != chosen]
    if rest and spec.spill_to and spec.spill_to in compiled.attributes:
        spilled = Candidate(
            spec.spill_to, rest, source, hit.method, score, matched, vendor_key, True, priority
        )
        found.append(spilled)
    return found


def _misses(
    attributes: list[CompiledAttribute], readings: dict[str, Reading], key: str
) -> list[AttributeIssue]:
    """An issue for each part of a value that none of the key's attributes knew."""
    covered = {hit.part for reading in readings.values() for hit in reading.hits}
    best: dict[str, tuple[str, Match]] = {}
    for attribute in attributes:
        for miss in readings[attribute.code].misses:
            part = normalise(miss.matched)
            if part in covered:
                continue
            rank = _MISS_PRIORITY.get(miss.reason or "", 9)
            held = best.get(part)
            if held is None or rank < _MISS_PRIORITY.get(held[1].reason or "", 9):
                best[part] = (attribute.code, miss)
    return [
        AttributeIssue(
            attribute=code,
            reason=miss.reason or "unknown_value",
            detail=f"vendor key '{key}': {miss.detail}",
            value=miss.matched,
        )
        for code, miss in best.values()
    ]
