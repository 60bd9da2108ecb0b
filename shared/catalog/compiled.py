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


@dataclass
class CompiledAttribute:
    """One attribute with its matcher, its phrase patterns and its keyed pattern."""

    spec: AttributeSpec
    matcher: ValueMatcher
    vendor_phrases: PhraseIndex
    text_phrases: PhraseIndex
    keyed: re.Pattern[str] | None
    keyed_values: PhraseIndex

    @property
    def code(self) -> str:
        return self.spec.code


@dataclass
class CompiledType:
    """Everything the engine needs for one product type."""

    product_type: ProductType
    attributes: dict[str, CompiledAttribute]
    by_vendor_key: dict[str, list[CompiledAttribute]] = field(default_factory=dict)


def compile_type(product_type: ProductType) -> CompiledType:
    attributes = {code: _compile(spec) for code, spec in product_type.attributes.items()}
    by_key: dict[str, list[CompiledAttribute]] = {}
    for attribute in attributes.values():
        for key in attribute.spec.vendor_keys:
            by_key.setdefault(normalise(key), []).append(attribute)
    return CompiledType(product_type, attributes, by_key)


def _compile(spec: AttributeSpec) -> CompiledAttribute:
    if spec.kind == "bool" and not spec.values:
        spec = spec.model_copy(update={"values": list(_BOOL_VALUES)})
    vendor = [(name, v.code) for v in spec.values for name in [*v.vendor_names(), *v.phrases]]
    text = [(name, v.code) for v in spec.values for name in v.text_names(spec.text)]
    if spec.text in ("keyed", "none"):
        text = []
    keyed_values = PhraseIndex((name, v.code) for v in spec.values for name in v.vendor_names())
    return CompiledAttribute(
        spec=spec,
        matcher=ValueMatcher(spec),
        vendor_phrases=PhraseIndex(vendor),
        text_phrases=PhraseIndex(text),
        keyed=_keyed_pattern(spec, keyed_values) if spec.text != "none" else None,
        keyed_values=keyed_values,
    )


def _keyed_pattern(spec: AttributeSpec, values: PhraseIndex) -> re.Pattern[str] | None:
    """ "<vendor key> <value>[ <value>...]" as spec sheets pasted into descriptions say it."""
    keys = sorted({normalise(k) for k in spec.vendor_keys if normalise(k)}, key=len, reverse=True)
    if not keys or values.pattern is None or spec.kind in ("number", "text"):
        return None
    value = values.alternation
    listed = rf"{value}(?:\s+(?:and\s+|or\s+)?{value})*"
    alternation = "|".join(re.escape(k) for k in keys)
    return re.compile(rf"(?<![a-z0-9])(?:{alternation})\s+(?:is\s+|of\s+)?({listed})")
