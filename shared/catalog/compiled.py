"""A product type's attributes compiled for matching, built once per config version."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from shared.catalog.config_schema import AttributeSpec, ValueSpec
from shared.catalog.loader import ProductType
from shared.catalog.matching import ValueMatcher
from shared.catalog.phrases import PhraseIndex
from shared.catalog.text import normalise

# A bool attribute without configured values reads the usual yes/no spellings.
_BOOL_VALUES = (
    ValueSpec(code="true", aliases=["yes", "y", "available", "included"]),
    ValueSpec(code="false", aliases=["no", "n", "not available", "na", "not included"]),
)


# Words that qualify a pasted spec key as being about a part of the product.
_PART_WORDS = frozenset({"blouse", "bottom", "dupatta", "lining", "border", "pallu", "inner"})
# Words that label a pasted line about a part ("Dupatta: chiffon", "Trousers design: solid").
_LABEL_PARTS = _PART_WORDS | {"bottoms", "dupattas", "palazzo", "palazzos", "trouser"}
_LABEL_PARTS |= {"trousers", "pant", "pants", "salwar", "churidar", "sharara", "skirt"}
_LABEL_PARTS |= {"leggings", "pyjama", "pyjamas"}


@dataclass
class CompiledAttribute:
    """One attribute with its matcher, its phrase patterns and its keyed pattern."""

    spec: AttributeSpec
    matcher: ValueMatcher
    vendor_phrases: PhraseIndex
    text_phrases: PhraseIndex
    keyed: re.Pattern[str] | None
    keyed_values: PhraseIndex
    # The parts this attribute is about ("blouse" for blouse_fabric): it reads lines
    # labelled with them.
    parts: frozenset[str] = frozenset()
    # code -> the codes it refines (pure_cotton -> {cotton}).
    refines: dict[str, frozenset[str]] = field(default_factory=dict)
    # Normalised vendor key -> its rank in ``vendor_keys`` (earlier keys win).
    key_rank: dict[str, int] = field(default_factory=dict)
    # Number attributes: the phrases that cue a quantity, and the ranges of other
    # attributes in the same unit (a value in both ranges needs a cue).
    number_cues: tuple[str, ...] = ()
    rival_ranges: tuple[tuple[float, float], ...] = ()

    @property
    def code(self) -> str:
        return self.spec.code


@dataclass
class CompiledType:
    """Everything the engine needs for one product type."""

    product_type: ProductType
    attributes: dict[str, CompiledAttribute]
    by_vendor_key: dict[str, list[CompiledAttribute]] = field(default_factory=dict)
    # Part words that label a line about a part of this product (not its own nouns).
    part_labels: frozenset[str] = frozenset()
    # Attributes whose values add up across sources instead of competing.
    multi_codes: frozenset[str] = frozenset()


def compile_type(product_type: ProductType) -> CompiledType:
    # The product's own nouns never mark a part: a blouse's fabric may come right before
    # "blouse" ("Velvet Blouse") though a saree's may not ("Saree with Velvet Blouse").
    own = {word for label in product_type.detection.labels for word in normalise(label).split()}
    attributes = {code: _compile(spec, own) for code, spec in product_type.attributes.items()}
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
    return CompiledType(product_type, attributes, by_key, frozenset(_LABEL_PARTS - own), multi)


def _compile(
    spec: AttributeSpec, own_nouns: frozenset[str] | set[str] = frozenset()
) -> CompiledAttribute:
    if spec.kind == "bool" and not spec.values:
        spec = spec.model_copy(update={"values": list(_BOOL_VALUES)})
    vendor = [(name, v.code) for v in spec.values for name in [*v.vendor_names(), *v.phrases]]
    text = [(name, v.code) for v in spec.values for name in v.text_names(spec.text)]
    if spec.text in ("keyed", "none"):
        text = []
    text += _glued(text)
    keyed_values = PhraseIndex((name, v.code) for v in spec.values for name in v.vendor_names())
    return CompiledAttribute(
        spec=spec,
        matcher=ValueMatcher(spec),
        vendor_phrases=PhraseIndex(vendor),
        text_phrases=PhraseIndex(
            text, [w for w in spec.text_not_before if normalise(w) not in own_nouns]
        ),
        keyed=_keyed_pattern(spec, keyed_values, own_nouns) if spec.text != "none" else None,
        keyed_values=keyed_values,
        parts=_parts_of(spec),
        refines={v.code: frozenset(v.refines) for v in spec.values if v.refines},
        key_rank={normalise(k): i for i, k in reversed(list(enumerate(spec.vendor_keys)))},
        number_cues=tuple(c for c in (normalise(p) for p in spec.phrases) if c),
    )


def _parts_of(spec: AttributeSpec) -> frozenset[str]:
    """The part words in an attribute's vendor keys and phrases ("Blouse Fabric")."""
    names = [*spec.vendor_keys, *spec.phrases]
    words = {word for name in names for word in normalise(name).split()}
    return frozenset(words & _LABEL_PARTS)


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
    spec: AttributeSpec, values: PhraseIndex, own_nouns: frozenset[str] | set[str] = frozenset()
) -> re.Pattern[str] | None:
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
    parts = "".join(rf"(?<!{re.escape(p)} )" for p in sorted(_PART_WORDS - set(own_nouns)))
    return re.compile(rf"(?<![a-z0-9]){parts}(?:{alternation})\s+(?:is\s+|of\s+)?({listed})")
