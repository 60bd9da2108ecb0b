"""Attribute values evidenced by a product's title and description.

Three readings, strongest first: the colour-variant suffix marketplaces append to
titles ("... Saree (Green, Pink)"), spec sheets pasted into text ("Neck Round Neck",
"Fabric: Rayon"), and configured phrases anywhere on word boundaries.
"""

from __future__ import annotations

import re
from functools import lru_cache, partial

from shared.catalog.candidates import Candidate, TextReading, first_distinct
from shared.catalog.compiled import CompiledAttribute, CompiledType
from shared.catalog.normalize import Hit, one_value, to_candidates
from shared.catalog.numbers import find_dimensions, find_quantities
from shared.catalog.phrases import PhraseHit
from shared.catalog.qualifiers import from_parts
from shared.catalog.segments import SEPARATOR, Segment, joined, segments
from shared.catalog.text import normalise
from shared.messages import RawProduct, Source

_SUFFIX = re.compile(r"\(([^()]+)\)\s*$")
_SUFFIX_SPLIT = re.compile(r"\s*(?:,|&|/|\band\b)\s*", re.IGNORECASE)
_SCORES: dict[str, float] = {"suffix": 95, "keyed": 90, "title": 85, "description": 75}
# A unit-bearing number right after a cue phrase is read for sure; one whose value fits
# only this attribute's range ("6.3 m" can only be a saree length) is read less surely.
_CUE_WINDOW = 40
_DIGIT = re.compile(r"[0-9]")
_CUED_SCORE = 85.0
_RANGE_SCORE = 70.0
# Texts longer than this (seller prose pasted whole) are read without filling the memo:
# they are the least likely to repeat, and the memo keeps each text as its key.
_MEMO_MAX_TEXT = 2_000


def read_text(product: RawProduct, compiled: CompiledType) -> list[Candidate]:
    """Candidates from the title (brand removed) and the description."""
    title = _without_brand(product.title, product.brand)
    candidates: list[Candidate] = []
    suffix = _SUFFIX.search(title)
    if suffix:
        from_suffix = _read_suffix(suffix.group(1), compiled)
        if from_suffix:
            candidates += from_suffix
            title = title[: suffix.start()]
    description = _without_brand(product.description or "", product.brand)
    texts: list[tuple[Source, str]] = [("title", title), ("description", description)]
    described: set[str] = set()
    memo = compiled.text_readings
    for source, text in texts:
        if not text:
            continue  # most listings have no description
        if len(text) > _MEMO_MAX_TEXT:
            reading = read_one(text, source, compiled)
        else:
            reading = memo.get((source, text), partial(read_one, text, source, compiled))
        candidates += reading.candidates
        described.update(reading.described)
    # "Palazzos design:", "Dupatta: chiffon": the copy describes those parts.
    return _refined(candidates, compiled) + from_parts(described, compiled)


def read_one(text: str, source: Source, compiled: CompiledType) -> TextReading:
    """One title or description read on its own (what :func:`read_text` remembers)."""
    found = segments(text, compiled.part_words, compiled.own_words)
    described = tuple(first_distinct([s.part for s in found if s.names_part and s.part]))
    return TextReading(tuple(_read_segments(found, compiled, source)) if found else (), described)


def _read_segments(found: list[Segment], compiled: CompiledType, source: Source) -> list[Candidate]:
    """Candidates of every attribute from one text's segments."""
    if any(s.part for s in found):
        return _read_parts(found, compiled, source)
    # No part segments (most texts): every attribute reads the same joined text, so
    # one walk over its words says at once which attributes find something.
    normal = joined(found)
    if not normal:
        return []
    starts, phrases = _reading(normal, compiled, source)
    order = compiled.text_order
    visit = set(compiled.number_positions)
    visit.update(phrases)
    visit.update(order[code] for code in starts)
    candidates: list[Candidate] = []
    for position in sorted(visit):
        attribute = compiled.text_attributes[position]
        candidates += _candidates(
            attribute, normal, source, starts, phrases.get(position, []), compiled
        )
    return candidates


def _read_parts(found: list[Segment], compiled: CompiledType, source: Source) -> list[Candidate]:
    """Candidates when some segments are about a part: each attribute reads its own join."""
    # The attributes reading each distinct join: a join's phrase walk runs for those
    # only, not for every attribute once per join (a long labelled description has
    # a few joins, each nearly as long as the text).
    joins: dict[str, list[int]] = {}
    for position, attribute in enumerate(compiled.text_attributes):
        normal = joined(found, attribute.parts)
        if normal:
            joins.setdefault(normal, []).append(position)
    reading_of: dict[int, tuple[str, _Reading]] = {}
    for normal, positions in joins.items():
        reading = _reading(normal, compiled, source, frozenset(positions))
        reading_of.update((position, (normal, reading)) for position in positions)
    candidates: list[Candidate] = []
    for position in sorted(reading_of):
        attribute = compiled.text_attributes[position]
        normal, (starts, phrases) = reading_of[position]
        # Nothing found for the attribute's patterns in the text: it cannot match here.
        if not (position in phrases or attribute.spec.kind == "number" or attribute.code in starts):
            continue
        candidates += _candidates(
            attribute, normal, source, starts, phrases.get(position, []), compiled
        )
    return candidates


# A text's keyed-pattern lead positions (by attribute code) and phrase hits (by the
# attribute's position in ``text_attributes``).
_Reading = tuple[dict[str, list[int] | None], dict[int, list[PhraseHit]]]


def _reading(
    text: str, compiled: CompiledType, source: Source, owners: frozenset[int] | None = None
) -> _Reading:
    """The keyed starts and phrase hits of ``text``; ``owners``: only these attributes'
    phrases (by position), when not every attribute reads the text."""
    # Spec sheets are pasted into descriptions; in a title "Print Embellished" is no
    # key, so titles skip the keyed patterns altogether.
    starts = compiled.leads.starts(text) if source == "description" else {}
    return starts, compiled.phrases.find(text, owners)


def _refined(candidates: list[Candidate], compiled: CompiledType) -> list[Candidate]:
    """A title's value that the description names more finely takes the finer value.

    "Cotton Kurta" over "Fabric: 100% cotton" is pure_cotton; "Linen Saree" over "linen
    blend" is linen_blend. Only values configured with ``refines`` take part.
    """
    finer: dict[tuple[str, str], str] = {}
    for candidate in candidates:
        attribute = compiled.attributes[candidate.attribute]
        if candidate.source == "description" and not isinstance(candidate.value, list):
            for general in attribute.refines.get(str(candidate.value), ()):
                finer.setdefault((candidate.attribute, general), str(candidate.value))
    if not finer:
        return candidates  # nothing the description names more finely (most products)
    return [
        c._replace(value=finer[(c.attribute, str(c.value))])
        if c.source == "title" and (c.attribute, str(c.value)) in finer
        else c
        for c in candidates
    ]


def _without_brand(text: str, brand: str | None) -> str:
    """The text without the brand name, so "Blue Wish" or "Red Chief" name no colour.

    Spaces and hyphens inside the name may differ ("BlueBird" is "Blue Bird").
    """
    if not text:
        return text
    pattern = _brand_pattern(brand or "")
    return pattern.sub(" ", text) if pattern is not None else text


@lru_cache(maxsize=2048)
def _brand_pattern(brand: str) -> re.Pattern[str] | None:
    # Brands repeat across a feed (179 on the 1,390 dev rows); building the pattern
    # escaped letters one by one on every title and description.
    letters = [c for c in brand if c.isalnum()]
    if len(letters) < 2:
        return None
    body = r"[\s\-]*".join(re.escape(c) for c in letters)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def _read_suffix(inner: str, compiled: CompiledType) -> list[Candidate]:
    """ "(Green, Pink)": read only when every part is a value of a suffix attribute."""
    parts = [p for p in _SUFFIX_SPLIT.split(inner) if p.strip()]
    for attribute in compiled.attributes.values():
        if not attribute.spec.title_suffix:
            continue
        found = [attribute.matcher.match(part) for part in parts]
        if parts and all(match.code for match in found):
            hits = [
                Hit(str(m.code), m.method, min(m.score, _SCORES["suffix"]), normalise(m.matched))
                for m in found
            ]
            return to_candidates(attribute, hits, compiled, "title")
    return []


def _candidates(
    attribute: CompiledAttribute,
    text: str,
    source: Source,
    starts: dict[str, list[int] | None],
    phrases: list[PhraseHit],
    compiled: CompiledType,
) -> list[Candidate]:
    """The candidates of one attribute in ``text`` (see :func:`_find`)."""
    spec = attribute.spec
    if len(phrases) == 1 and spec.kind != "number" and attribute.code not in starts:
        # One phrase and no keyed pattern to try (most attributes a text names): the
        # candidate to_candidates makes of its one hit, without the Hit and the calls
        # in between (~1 us of ~5 per attribute read).
        found = phrases[0]
        value = one_value(spec.kind, found.code)
        return [Candidate(spec.code, value, source, "phrase", _SCORES[source], found.matched)]
    hits = _find(attribute, text, source, starts, phrases)
    return to_candidates(attribute, hits, compiled, source) if hits else []


def _find(
    attribute: CompiledAttribute,
    text: str,
    source: Source,
    starts: dict[str, list[int] | None],
    phrases: list[PhraseHit],
) -> list[Hit]:
    """Hits of one attribute in ``text``: its keyed pattern's, else its ``phrases``.

    ``starts`` are the keyed patterns' lead positions (a pattern without an entry has
    no lead word in the text, so cannot match).
    """
    if attribute.spec.kind == "number":
        return _numbers(attribute, text)
    if attribute.keyed is not None and attribute.code in starts:
        keyed = [
            Hit(found.code, "alias", _SCORES["keyed"], found.matched)
            for listed in attribute.keyed.finditer(text, starts[attribute.code])
            for found in attribute.keyed_values.find(listed.group(1))
        ]
        if keyed and attribute.spec.kind == "enum" and len({h.code for h in keyed}) > 1:
            return []  # the text names two values under the key: say nothing
        if keyed:
            return keyed
    score = _SCORES[source]
    return [Hit(h.code, "phrase", score, h.matched) for h in phrases]


def _numbers(attribute: CompiledAttribute, text: str) -> list[Hit]:
    spec = attribute.spec
    if spec.unit is None or spec.range is None or _DIGIT.search(text) is None:
        return []  # no digit, no quantity: most titles
    cues = attribute.number_cues
    rivals = attribute.rival_ranges
    low, high = spec.range
    if spec.dimension:
        # "Size: 2.25 m x 0.9 m": this attribute's place in the measurement.
        for pair in find_dimensions(text, spec.unit):
            quantity = pair[spec.dimension - 1]
            if low <= quantity.value <= high:
                return [Hit(quantity.value, "number", _CUED_SCORE, quantity.matched)]
    for quantity in find_quantities(text, spec.unit):
        window = text[max(0, quantity.start - _CUE_WINDOW) : quantity.start]
        window = window.rsplit(SEPARATOR, 1)[-1]  # a cue in another sentence is not this one's
        if any(cue in window for cue in cues):
            return [Hit(quantity.value, "number", _CUED_SCORE, quantity.matched)]
        if low <= quantity.value <= high and not any(
            r[0] <= quantity.value <= r[1] for r in rivals
        ):
            return [Hit(quantity.value, "number", _RANGE_SCORE, quantity.matched)]
    return []
