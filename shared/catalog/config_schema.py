"""The shape of a configuration file, checked by pydantic when the catalog loads.

Two kinds of file: an attribute group (``group: shared``) that product types include,
and a product type (``product_type: saree``) with its detection phrases, its own
attributes and its cross-field rules.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from shared.catalog.text import normalise

Code = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(_[a-z0-9]+)*$")]
Phrase = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Kind = Literal["enum", "multi_enum", "number", "bool", "text"]
# all: labels, aliases and phrases evidence a value in free text; phrases: only the
# listed phrases (for words that mean other things in a title); keyed: only after one
# of the vendor keys ("Blouse Fabric: Silk"); none: never from text.
TextMode = Literal["all", "phrases", "keyed", "none"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ValueSpec(Strict):
    """One allowed value of an attribute and the words sellers use for it."""

    code: Code
    label: str | None = None
    aliases: list[Phrase] = Field(default_factory=list)
    vendor_aliases: list[Phrase] = Field(default_factory=list)
    phrases: list[Phrase] = Field(default_factory=list)
    text: bool = True
    weak: bool = False
    # Values this one is a finer reading of: "100% cotton" (pure_cotton) refines cotton,
    # so a title's "Cotton" gives way to a description's "100% cotton".
    refines: list[Code] = Field(default_factory=list)
    # Free text only: this value right before one of these words is not this value
    # ("woven" in "woven from cotton yarn", "woven in Varanasi" is how it was made).
    not_before: list[Phrase] = Field(default_factory=list)

    def vendor_names(self) -> list[str]:
        """Everything a vendor value may say to mean this value."""
        return [self.code.replace("_", " "), self.label or "", *self.aliases, *self.vendor_aliases]

    def text_names(self, mode: TextMode) -> list[str]:
        """Everything that evidences this value in a title or description."""
        if mode == "phrases" or not self.text:
            return list(self.phrases)
        return [self.code.replace("_", " "), self.label or "", *self.aliases, *self.phrases]


class Refinement(Strict):
    """What one qualifier value does to the base value: ``Pure`` turns cotton into pure_cotton."""

    said: list[Phrase] = Field(min_length=1)
    gives: dict[Code, Code] = Field(default_factory=dict)


class Qualifier(Strict):
    """A vendor key that qualifies this attribute's value instead of naming one.

    ``Fabric Purity: Pure`` refines ``Fabric: Cotton`` to pure_cotton; ``Fabric 2``,
    ``Weave Pattern`` or ``Pattern Coverage`` with no refinements are declared so that
    they are known to say nothing about the value (never read as a value, never a
    warning).
    """

    keys: list[Phrase] = Field(min_length=1)
    refine: list[Refinement] = Field(default_factory=list)


class FromParts(Strict):
    """A value that follows from which parts a listing's keys describe ("Bottom Type")."""

    parts: list[Code] = Field(min_length=1)
    value: Code


class AttributeSpec(Strict):
    """One attribute: its kind, its values and where it is found."""

    code: Code
    label: str
    kind: Kind
    required: bool = False
    # Missing: the record is stored, listed as missing, and its completeness drops.
    recommended: bool = False
    unit: str | None = None
    range: tuple[float, float] | None = None
    # Numbers: the place of this dimension in a "Length x Width" measurement ("Size:
    # 2.25 m x 0.9 m" gives length 2.25 to the first, width 0.9 to the second).
    dimension: Literal[1, 2] | None = None
    values: list[ValueSpec] = Field(default_factory=list)
    values_from: Code | None = None
    vendor_keys: list[Phrase] = Field(default_factory=list)
    text: TextMode = "all"
    phrases: list[Phrase] = Field(default_factory=list)
    # Free text only: a value right before one of these words describes a part of the
    # product ("gold zari border", "velvet border", "straight pants"), not the product.
    text_not_before: list[Phrase] = Field(default_factory=list)
    modifiers: list[Phrase] = Field(default_factory=list)
    yields_to: list[Code] = Field(default_factory=list)
    spill_to: Code | None = None
    title_suffix: bool = False
    split: bool = True
    fuzzy: bool = True
    # The code a vendor's explicit "NA" / "None" / "-" means (none, no_border); without
    # one, an explicit NA is an absence: no value, no warning.
    not_applicable: Code | None = None
    qualifiers: list[Qualifier] = Field(default_factory=list)
    # A whole-set attribute (set_contents): a key about the product's own part ("Top
    # Type: Kurta") does not feed it, and it may follow from the parts described.
    whole_set: bool = False
    from_parts: list[FromParts] = Field(default_factory=list)

    @model_validator(mode="after")
    def _kind_fits(self) -> AttributeSpec:
        if self.kind == "number":
            if self.unit is None or self.range is None:
                raise ValueError("a number attribute needs a unit and a range")
            if self.range[0] > self.range[1]:
                raise ValueError("range must be [low, high] with low <= high")
        elif self.kind in ("enum", "multi_enum") and not (self.values or self.values_from):
            raise ValueError(f"an {self.kind} attribute needs values or values_from")
        return self

    @model_validator(mode="after")
    def _names_unique(self) -> AttributeSpec:
        codes = [value.code for value in self.values]
        dupes = sorted({code for code in codes if codes.count(code) > 1})
        if dupes:
            raise ValueError(f"duplicate value codes: {', '.join(dupes)}")
        unknown = sorted({r for value in self.values for r in value.refines} - set(codes))
        if unknown:
            raise ValueError(f"refines names unknown values: {', '.join(unknown)}")
        if not self.values_from:
            self._check_codes_known(set(codes))
        owner: dict[str, str] = {}
        for value in self.values:
            for name in value.vendor_names():
                key = normalise(name)
                if key and owner.setdefault(key, value.code) != value.code:
                    raise ValueError(
                        f"'{name}' names both {owner[key]} and {value.code}; keep it on one"
                    )
        return self

    def _check_codes_known(self, codes: set[str]) -> None:
        """Codes named by not_applicable, qualifiers and from_parts must be values."""
        named = {self.not_applicable} if self.not_applicable else set()
        for qualifier in self.qualifiers:
            for refinement in qualifier.refine:
                named |= set(refinement.gives) | set(refinement.gives.values())
        named |= {rule.value for rule in self.from_parts}
        unknown = sorted(named - codes)
        if unknown:
            raise ValueError(f"names unknown values: {', '.join(unknown)}")


class GroupFile(Strict):
    """A group of attributes that product types include (e.g. the shared ones)."""

    group: Code
    description: str | None = None
    attributes: list[AttributeSpec]


class Parts(Strict):
    """The parts a product type's listings describe, and which part is the product.

    ``own`` are the words that name the product itself in a key or a section label
    ("Top Fabric", "Kurta design:"): such keys feed the product's attributes. ``others``
    name the other parts ("Bottom Pattern", "Dupatta Border", "Palazzos design:"):
    their values never become the product's, and an attribute reads them only when
    its own vendor keys name the part ("Blouse Fabric").
    """

    own: list[Phrase] = Field(default_factory=list)
    others: dict[Code, list[Phrase]] = Field(default_factory=dict)


class Detection(Strict):
    """How to recognise the product type in a title or category path."""

    labels: list[Phrase] = Field(min_length=1)
    category_phrases: list[Phrase] = Field(default_factory=list)
    # A label right after one of these words names an accessory of another product, not
    # this one ("Suit with Dupatta", "Saree and Stole").
    not_after: list[Phrase] = Field(default_factory=list)


class RuleCondition(Strict):
    attribute: Code
    in_: list[str] = Field(alias="in", min_length=1)


class Rule(Strict):
    """When an attribute has one of some values, other attributes must be absent."""

    description: str
    when: RuleCondition
    forbid: list[Code] = Field(min_length=1)


class ProductTypeFile(Strict):
    """A product type: detection, included groups, own attributes and rules."""

    product_type: Code
    label: str
    detection: Detection
    include: list[Code] = Field(default_factory=list)
    required: list[Code] = Field(default_factory=list)
    recommended: list[Code] = Field(default_factory=list)
    parts: Parts = Field(default_factory=Parts)
    attributes: list[AttributeSpec] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
