"""A product type's attributes compiled for matching, built once per config version."""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass, field

from shared.catalog.candidates import KeyReading, TextReading
from shared.catalog.config_schema import AttributeSpec, Qualifier, ValueSpec
from shared.catalog.leads import LeadIndex
from shared.catalog.loader import ProductType
from shared.catalog.matching import ValueMatcher
from shared.catalog.memo import Memo
from shared.catalog.phrases import PhraseIndex
from shared.catalog.resolve import Resolved
from shared.catalog.scan import WordAnchored
from shared.catalog.text import normalise
from shared.catalog.type_phrases import TypePhrases
from shared.messages import Source

# Distinct vendor (key, value) pairs remembered per product type: the dev rows have
# 2,221; at a few hundred bytes each, 20,000 stay within a few MB.
_KEY_MEMO = 20_000
# Distinct (source, text) readings remembered per product type. Variants of one style
# share their title and description (on the dev rows 1,390 titles are 978 distinct
# ones); at up to 2,000 characters of key and a few candidates each, 4,096 stay within
# ~10 MB.
_TEXT_MEMO = 4_096
# Distinct candidate lists of one attribute whose outcome is remembered per product
# type (see shared.catalog.resolve): the dev rows with every text new have 1,617; each
# entry is its candidates and one AttributeValue, well under 1 KB.
_RESOLVED_MEMO = 16_384
# A bool attribute without configured values reads the usual yes/no spellings.
_BOOL_VALUES = (
    ValueSpec(code="true", aliases=["yes", "y", "available", "included"]),
    ValueSpec(code="false", aliases=["no", "n", "not available", "na", "not included"]),
)


@dataclass
class CompiledAttribute:
    """One attribute with its matcher, its phrase patterns and its keyed pattern."""

    spec: AttributeSpec
    matcher: ValueMatcher
    vendor_phrases: PhraseIndex
    text_phrases: PhraseIndex
    keyed: WordAnchored | None
    keyed_values: PhraseIndex
    # The parts this attribute is about ("blouse" for blouse_fabric): it reads lines
    # and sections labelled with them.
    parts: frozenset[str] = frozenset()
    # code -> the codes it refines (pure_cotton -> {cotton}).
    refines: dict[str, frozenset[str]] = field(default_factory=dict)
    # Normalised vendor key -> its rank in ``vendor_keys`` (earlier keys win).
    key_rank: dict[str, int] = field(default_factory=dict)
    # Number attributes: the phrases that cue a quantity, and the ranges of other
    # attributes in the same unit (a value in both ranges needs a cue).
    number_cues: tuple[str, ...] = ()
    rival_ranges: tuple[tuple[float, float], ...] = ()
    # Codes configured ``weak`` (a generic "Woven Design"): they give way to a named one.
    weak: frozenset[str] = frozenset()

    @property
    def code(self) -> str:
        return self.spec.code


@dataclass
class CompiledType:
    """Everything the engine needs for one product type."""

    product_type: ProductType
    attributes: dict[str, CompiledAttribute]
    by_vendor_key: dict[str, list[CompiledAttribute]] = field(default_factory=dict)
    # Word naming another part of the listing -> that part ("palazzos" -> bottom).
    part_words: dict[str, str] = field(default_factory=dict)
    # Words naming the product itself ("top", "kurta"): "Top Fabric" is the fabric.
    own_words: frozenset[str] = frozenset()
    # Attributes whose values add up across sources instead of competing.
    multi_codes: frozenset[str] = frozenset()
    # Normalised qualifier key -> (attribute code, qualifier): "fabric purity".
    qualifiers: dict[str, tuple[str, Qualifier]] = field(default_factory=dict)
    # Attribute -> code -> the codes it refines (fabric: pure_cotton -> {cotton}).
    refines: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)
    # The lead words of every attribute's keyed pattern, by attribute code: which of
    # them can match a text, in one walk over its words.
    leads: LeadIndex[str] = field(default_factory=lambda: LeadIndex(()))
    # The text phrases of ``text_attributes`` (by position there), matched together.
    phrases: TypePhrases = field(default_factory=lambda: TypePhrases(()))
    # (attribute, the attribute its extra values spill to): primary -> secondary colours.
    spills: tuple[tuple[str, str], ...] = ()
    # Completeness: the required + recommended codes, and the recommended-only ones.
    tracked: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
    # The attributes that read titles and descriptions (text is not "none").
    text_attributes: tuple[CompiledAttribute, ...] = ()
    # Code -> position in text_attributes; the positions of the number attributes
    # (read by their units, not by lead words).
    text_order: dict[str, int] = field(default_factory=dict)
    number_positions: tuple[int, ...] = ()
    # (vendor key, raw value) -> what it reads as (see shared.catalog.memo).
    key_readings: Memo[tuple[str, str], KeyReading] = field(default_factory=lambda: Memo(_KEY_MEMO))
    # (source, title or description as read) -> what it reads as (see read_text).
    text_readings: Memo[tuple[Source, str], TextReading] = field(
        default_factory=lambda: Memo(_TEXT_MEMO)
    )
    # An attribute's candidates -> what they resolve to (see resolve).
    resolved: Memo[Hashable, Resolved] = field(default_factory=lambda: Memo(_RESOLVED_MEMO))

    def attributes_for_key(self, key: str) -> tuple[list[CompiledAttribute], str | None]:
        """The attributes a normalised vendor key feeds, and the other part it is about.

        "Fabric" and "Top Fabric" (the product's own part) feed fabric; "Bottom Pattern"
        feeds nothing and is about the bottom; a key an attribute lists ("Blouse
        Fabric") feeds that attribute.
        """
        if key in self.by_vendor_key:
            return self.by_vendor_key[key], None
        if key in self.qualifiers:
            return [], None  # "Fabric Purity", "Weave Pattern": never a value of their own
        first, _, rest = key.partition(" ")
        if first in self.own_words and rest in self.by_vendor_key:
            return [a for a in self.by_vendor_key[rest] if not a.spec.whole_set], None
        return [], self.part_words.get(first)


def compile_type(product_type: ProductType) -> CompiledType:
    # The product's own nouns never mark a part: a blouse's fabric may come right before
    # "blouse" ("Velvet Blouse") though a saree's may not ("Saree with Velvet Blouse").
    parts = product_type.parts
    own = {word for label in product_type.detection.labels for word in normalise(label).split()}
    own |= {normalise(word) for word in parts.own}
    part_words = {
        normalise(word): name
        for name, words in parts.others.items()
        for word in [name, *words]
        if normalise(word) not in own
    }
    attributes = {
        code: _compile(spec, own, part_words) for code, spec in product_type.attributes.items()
    }
    for attribute in attributes.values():
        attribute.rival_ranges = tuple(
            other.spec.range
            for other in attributes.values()
            if other is not attribute
            and other.spec.unit == attribute.spec.unit
            and other.spec.range
        )
    by_key: dict[str, list[CompiledAttribute]] = {}
    for attribute in attributes.values():
        for key in attribute.spec.vendor_keys:
            by_key.setdefault(normalise(key), []).append(attribute)
    multi = frozenset(c for c, a in attributes.items() if a.spec.kind == "multi_enum")
    qualifiers = {
        normalise(key): (attribute.code, qualifier)
        for attribute in attributes.values()
        for qualifier in attribute.spec.qualifiers
        for key in qualifier.keys
    }
    refines = {code: a.refines for code, a in attributes.items() if a.refines}
    readers = tuple(a for a in attributes.values() if a.spec.text != "none")
    return CompiledType(
        product_type,
        attributes,
        by_key,
        part_words,
        frozenset(own),
        multi,
        qualifiers,
        refines,
        LeadIndex((a.code, a.keyed) for a in readers if a.keyed is not None),
        TypePhrases([a.text_phrases for a in readers]),
        text_attributes=readers,
        text_order={a.code: i for i, a in enumerate(readers)},
        number_positions=tuple(i for i, a in enumerate(readers) if a.spec.kind == "number"),
        spills=tuple((c, a.spec.spill_to) for c, a in attributes.items() if a.spec.spill_to),
        tracked=(
            tuple(c for c, a in attributes.items() if a.spec.required or a.spec.recommended),
            tuple(c for c, a in attributes.items() if a.spec.recommended and not a.spec.required),
        ),
    )


def _compile(
    spec: AttributeSpec,
    own_nouns: frozenset[str] | set[str] = frozenset(),
    part_words: dict[str, str] | None = None,
) -> CompiledAttribute:
    part_words = part_words or {}
    parts = _parts_of(spec, part_words)
    if spec.kind == "bool" and not spec.values:
        spec = spec.model_copy(update={"values": list(_BOOL_VALUES)})
    vendor = [(name, v.code) for v in spec.values for name in [*v.vendor_names(), *v.phrases]]
    text = [(name, v.code) for v in spec.values for name in v.text_names(spec.text)]
    if spec.text in ("keyed", "none"):
        text = []
    text += _glued(text)
    keyed_values = PhraseIndex((name, v.code) for v in spec.values for name in v.vendor_names())
    not_before = list(spec.text_not_before)
    if spec.text == "all" and not parts and not spec.whole_set:
        # A value right before another part's noun is that part's ("printed dupatta").
        not_before += list(part_words)
    by_value = {v.code: v.not_before for v in spec.values if v.not_before}
    return CompiledAttribute(
        spec=spec,
        matcher=ValueMatcher(spec),
        vendor_phrases=PhraseIndex(vendor),
        text_phrases=PhraseIndex(
            text, [w for w in not_before if normalise(w) not in own_nouns], by_value
        ),
        keyed=_keyed_pattern(spec, keyed_values, set(part_words)) if spec.text != "none" else None,
        keyed_values=keyed_values,
        parts=parts,
        refines={v.code: frozenset(v.refines) for v in spec.values if v.refines},
        key_rank={normalise(k): i for i, k in reversed(list(enumerate(spec.vendor_keys)))},
        number_cues=tuple(c for c in (normalise(p) for p in spec.phrases) if c),
        weak=frozenset(v.code for v in spec.values if v.weak),
    )


def _parts_of(spec: AttributeSpec, part_words: dict[str, str]) -> frozenset[str]:
    """The parts named in an attribute's vendor keys and phrases ("Blouse Fabric")."""
    names = [*spec.vendor_keys, *spec.phrases]
    words = {word for name in names for word in normalise(name).split()}
    return frozenset(part_words[word] for word in words if word in part_words)


def _glued(names: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Two-word names as sellers also type them in one word ("navyblue", "offwhite").

    A glued form that is already some name (of any value) is left to that name.
    """
    taken = {normalise(name) for name, _ in names}
    glued: list[tuple[str, str]] = []
    for name, code in names:
        words = normalise(name).split(" ")
        joined = "".join(words)
        if len(words) == 2 and min(map(len, words)) >= 2 and joined not in taken:
            glued.append((joined, code))
    return glued


def _keyed_pattern(
    spec: AttributeSpec, values: PhraseIndex, part_words: set[str]
) -> WordAnchored | None:
    """ "<vendor key> <value>[ <value>...]" as spec sheets pasted into descriptions say it.

    A key qualified by another part ("Blouse Fabric", "Bottom Fabric", "Dupatta Pattern")
    is about that part, unless the part is the product itself.
    """
    keys = sorted({normalise(k) for k in spec.vendor_keys if normalise(k)}, key=len, reverse=True)
    if not keys or values.pattern is None or spec.kind in ("number", "text"):
        return None
    value = values.alternation
    # "Wedding, Party and Festive", "Festive/Party", "Casual / Party".
    listed = rf"{value}(?:(?:\s*/\s*|\s+(?:and\s+|or\s+)?){value})*"
    alternation = "|".join(re.escape(k) for k in keys)
    parts = "".join(rf"(?<!{re.escape(p)} )" for p in sorted(part_words))
    pattern = re.compile(rf"(?<![a-z0-9]){parts}(?:{alternation})\s+(?:is\s+|of\s+)?({listed})")
    return WordAnchored(pattern, keys)
