"""Mapping one vendor value to one code of one attribute: exact, alias, then fuzzy.

Exact and alias matches are dictionary hits. Fuzzy matching runs only on a miss, with
``fuzz.ratio`` (edit distance over the whole string): scorers that reward substrings
(WRatio, partial_ratio, token_set_ratio) merge "Navy Blue" into blue and "Art Silk"
into silk. Results are cached per matcher, and matchers live as long as the config.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from shared.catalog.config_schema import AttributeSpec
from shared.catalog.text import compact, normalise, strip_id_prefix
from shared.messages import Method, ReasonCode

# ratio 88 accepts one slip in a 9-letter word ("navy bleu") and rejects "silk" vs "art
# silk" (67) and "off white" vs "white" (71).
FUZZY_CUTOFF = 88.0
# Below the cutoff but this close we say low_confidence rather than unknown_value.
LOW_CONFIDENCE_FLOOR = 75.0
# The runner-up (another code) must trail the best by this much, else ambiguous_match.
FUZZY_MARGIN = 5.0
# "net", "tan", "red": one typo turns a short word into another one, so exact or alias only.
MAX_EXACT_ONLY_LENGTH = 4
_CACHE_LIMIT = 20_000
_TRAILING_DIGITS = re.compile(r"(?<=[a-z])\d+$")
_SHARE = re.compile(r"\d+(?:\.\d+)?%")


@dataclass(frozen=True)
class Match:
    """The outcome of matching one raw value: a code, or the reason there is none."""

    code: str | None
    method: Method
    score: float
    matched: str
    reason: ReasonCode | None = None
    detail: str = ""


def _reordered(key: str) -> list[str]:
    """Word orders spec sheets use: "cotton 100%" for "100% cotton", "georgette poly"
    (from "Georgette - Poly") for "poly georgette"."""
    words = key.split(" ")
    share = [w for w in words if _SHARE.fullmatch(w)]
    if share and words[0] not in share:
        return [" ".join([*share, *(w for w in words if w not in share)])]
    return [f"{words[1]} {words[0]}"] if len(words) == 2 else []


class ValueMatcher:
    """The names of one attribute's values, indexed for exact, alias and fuzzy lookup."""

    def __init__(self, spec: AttributeSpec) -> None:
        self.attribute = spec.code
        self.codes = tuple(value.code for value in spec.values)
        self.code_set = frozenset(self.codes)
        self._exact: dict[str, str] = {}
        self._alias: dict[str, str] = {}
        compact_owners: dict[str, set[str]] = {}
        for value in spec.values:
            for name in (value.code.replace("_", " "), value.label or ""):
                self._exact.setdefault(normalise(name), value.code)
            for name in value.vendor_names():
                self._alias.setdefault(normalise(name), value.code)
                compact_owners.setdefault(compact(name), set()).add(value.code)
        self._exact.pop("", None)
        self._alias.pop("", None)
        # A compact key two values share ("tieup") is dropped rather than guessed.
        self._compact = {k: next(iter(v)) for k, v in compact_owners.items() if k and len(v) == 1}
        self._modifiers = tuple(sorted((normalise(m) for m in spec.modifiers), key=len)[::-1])
        self._choices = [k for k in self._alias if len(k) > MAX_EXACT_ONLY_LENGTH]
        self._fuzzy = spec.fuzzy
        self._cache: dict[str, Match] = {}

    def match(self, raw: str) -> Match:
        """Map a raw value to a code; a miss carries its reason code."""
        key = normalise(strip_id_prefix(raw))
        found = self._cache.get(key)
        if found is None:
            found = self._match(key, raw.strip())
            if len(self._cache) < _CACHE_LIMIT:
                self._cache[key] = found
        return found

    def _match(self, key: str, raw: str) -> Match:
        if not key:
            return Match(None, "exact", 0, raw, "unknown_value", "empty value")
        if key in self._exact:
            return Match(self._exact[key], "exact", 100, raw)
        hit = self._lookup(key)
        if hit is not None:
            return Match(hit, "alias", 95, raw)
        for variant in self._variants(key):
            hit = self._lookup(variant)
            if hit is not None:
                return Match(hit, "alias", 90, raw, detail=f"read as '{variant}'")
        if self._fuzzy and len(key) > MAX_EXACT_ONLY_LENGTH:
            return self._fuzzy_match(key, raw)
        return Match(None, "exact", 0, raw, "unknown_value", f"'{raw}' is not a known value")

    def _lookup(self, key: str) -> str | None:
        return self._exact.get(key) or self._alias.get(key) or self._compact.get(compact(key))

    def _variants(self, key: str) -> list[str]:
        """Readings of a key without seller decoration: "blu14", "light blue", "ltgrey"."""
        variants = [_TRAILING_DIGITS.sub("", key)]
        kept = [word for word in key.split(" ") if word not in self._modifiers]
        variants.append(" ".join(kept))
        squeezed = compact(key)
        variants += [squeezed[len(m) :] for m in self._modifiers if squeezed.startswith(m)]
        variants += _reordered(key)
        return [v for v in variants if v and v != key]

    def _fuzzy_match(self, key: str, raw: str) -> Match:
        found = process.extract(
            key,
            self._choices,
            scorer=fuzz.ratio,
            processor=utils.default_process,
            limit=10,
            score_cutoff=LOW_CONFIDENCE_FLOOR,
        )
        best: dict[str, tuple[float, str]] = {}
        for choice, score, _ in found:
            code = self._alias[choice]
            if code not in best or score > best[code][0]:
                best[code] = (score, choice)
        ranked = sorted(best.items(), key=lambda item: -item[1][0])
        if not ranked:
            return Match(None, "fuzzy", 0, raw, "unknown_value", f"'{raw}' is not a known value")
        code, (score, choice) = ranked[0]
        if score < FUZZY_CUTOFF:
            return Match(
                None, "fuzzy", score, raw, "low_confidence", f"closest is {code} ({score:.0f})"
            )
        if len(ranked) > 1 and ranked[1][1][0] > score - FUZZY_MARGIN:
            other = ranked[1][0]
            return Match(None, "fuzzy", score, raw, "ambiguous_match", f"{code} or {other}")
        return Match(code, "fuzzy", score, raw, detail=f"near '{choice}'")
