"""Reconciling the candidates of every source into one value per attribute.

The vendor spec beats the title, which beats the description; what a losing source
said is kept in ``conflicts``. Two vendor keys that disagree on a single-valued
attribute are a ``conflict`` issue: the listing contradicts itself.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from functools import partial

from shared.catalog.candidates import Candidate, first_distinct
from shared.catalog.memo import Memo
from shared.messages import AttributeData, AttributeIssue, AttributeValue

_TEXT = frozenset({"title", "description"})
# The same validation without BaseModel.__init__'s keyword and self-instance path:
# 2.4 us against 4.0 us per value, ~6 values per product. Same checks, same model.
_build_value = AttributeValue.__pydantic_validator__.validate_python


# What one attribute resolves to: its value, and the clash issue its vendor keys raise.
Resolved = tuple[AttributeValue, AttributeIssue | None]


def resolve(
    candidates: list[Candidate],
    multi: frozenset[str],
    refines: Mapping[str, Mapping[str, frozenset[str]]] | None = None,
    memo: Memo[Hashable, Resolved] | None = None,
) -> tuple[dict[str, AttributeValue], list[AttributeIssue]]:
    """One value per attribute; ``multi`` names the multi_enum attributes.

    ``refines`` (attribute -> code -> the codes it refines) tells a finer reading from
    a contradiction: "Fabric: 100% Cotton" beside "Top Fabric: Cotton" is pure cotton.
    ``memo`` remembers each attribute's outcome by its candidates; it must be kept for
    one ``multi`` and ``refines`` (a compiled type's), which the key does not name.
    """
    refines = refines or {}
    by_attribute: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        if candidate.attribute in by_attribute:
            by_attribute[candidate.attribute].append(candidate)
        else:
            by_attribute[candidate.attribute] = [candidate]
    values: dict[str, AttributeValue] = {}
    issues: list[AttributeIssue] = []
    for code, offered in by_attribute.items():
        if memo is None:
            value, clash = _resolve_one(code, offered, multi, refines)
        else:
            # Products share their attributes' candidates (on the dev rows with every
            # text new, 6,072 attributes have 1,617 distinct candidate lists; on the
            # sample variants 12,315 have 141): what they resolve to is remembered,
            # and one AttributeValue serves them all (it is frozen, and nothing
            # changes its lists in place: later steps model_copy).
            value, clash = memo.get(
                _key(offered), partial(_resolve_one, code, offered, multi, refines)
            )
        values[code] = value
        if clash is not None:
            issues.append(clash)
    return values, issues


def _key(offered: list[Candidate]) -> Hashable:
    """``offered`` as a memo key: equal keys resolve alike."""
    if all(type(c.value) is str for c in offered):
        return tuple(offered)  # most candidates: a code
    # Lists are not hashable, and True == 1.0 as a key: the value's type is part of it.
    return tuple((c.attribute, type(c.value), _hashable(c.value), *c[2:]) for c in offered)


def _hashable(value: AttributeData) -> Hashable:
    return tuple(value) if isinstance(value, list) else value


def _resolve_one(
    code: str,
    offered: list[Candidate],
    multi: frozenset[str],
    refines: Mapping[str, Mapping[str, frozenset[str]]],
) -> Resolved:
    """The value of one attribute from the candidates offered for it, in their order."""
    if len(offered) == 1:
        # Most attributes have one candidate: nothing to rank, clash or conflict with.
        return _alone(offered[0], code in multi), None
    offered = sorted(offered, key=lambda c: (c.rank, c.priority, -c.score))
    best = [c for c in offered if c.rank == offered[0].rank]
    if code in multi and offered[0].source in _TEXT and not offered[0].spilled:
        # Text adds up: "Party Wear" in the title, "party & festive" in the description.
        best = [c for c in offered if c.source in _TEXT and not c.spilled]
    winner = offered[0]
    finer = refines.get(code, {})
    if finer:  # most attributes refine nothing: no generator to run through
        winner = next((c for c in best if str(winner.value) in finer.get(str(c.value), ())), winner)
    value: AttributeData = winner.value
    issue: AttributeIssue | None = None
    if code in multi:
        # Several vendor keys (Decorative Material, Type of Embroidery) add up.
        value = first_distinct([v for c in best for v in _as_list(c.value)])
    else:
        clash = [
            c
            for c in best
            if c.value != winner.value
            and c.source == "vendor_spec"
            and str(c.value) not in finer.get(str(winner.value), ())
        ]
        if clash:
            issue = _clash(code, winner, clash)
    conflicts = [
        f"{c.source}:{_show(c.value)}"
        for c in offered
        if c.rank > winner.rank and _disagrees(c.value, value)
    ]
    built: AttributeValue = _build_value(
        {
            "value": value,
            "source": winner.source,
            "method": winner.method,
            "score": round(min(c.score for c in best) if code in multi else winner.score, 1),
            "matched_text": winner.matched[:500],
            "vendor_key": winner.vendor_key,
            "conflicts": first_distinct(conflicts),
        }
    )
    return built, issue


def _alone(candidate: Candidate, multi: bool) -> AttributeValue:
    """The value of an attribute only one candidate speaks for (as the general case
    would make it: a multi value de-duplicated as strings, no conflicts)."""
    value = first_distinct(_as_list(candidate.value)) if multi else candidate.value
    built: AttributeValue = _build_value(
        {
            "value": value,
            "source": candidate.source,
            "method": candidate.method,
            "score": round(candidate.score, 1),
            "matched_text": candidate.matched[:500],
            "vendor_key": candidate.vendor_key,
            "conflicts": [],
        }
    )
    return built


def _clash(code: str, winner: Candidate, clash: list[Candidate]) -> AttributeIssue:
    said = "; ".join(f"'{c.vendor_key}' says {_show(c.value)}" for c in clash)
    return AttributeIssue(
        attribute=code,
        reason="conflict",
        detail=f"vendor keys disagree: '{winner.vendor_key}' says {_show(winner.value)}; {said}",
        value=_show(winner.value),
    )


def _as_list(value: AttributeData) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _disagrees(other: AttributeData, kept: AttributeData) -> bool:
    if isinstance(kept, list):
        return bool(set(_as_list(other)) - set(kept))
    if isinstance(kept, float) and isinstance(other, float):
        return abs(kept - other) > 0.02 * max(abs(kept), 1e-9)
    return other != kept


def _show(value: AttributeData) -> str:
    return ",".join(_as_list(value))
