"""What changes between two config versions: product types, attributes, values, aliases.

Computed on resolved configs (groups merged in), so a new alias in the shared group
shows up under every product type that includes it: that is what a category manager
needs to see, since that is what the engine will do.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from shared.catalog.config_schema import AttributeSpec, ValueSpec
from shared.catalog.loader import LoadedConfig, ProductType

# Attribute fields compared as a whole; values are compared one by one below.
_VALUE_FIELDS = ("aliases", "vendor_aliases", "phrases")


class ValueChange(BaseModel):
    value: str
    added: dict[str, list[str]] = Field(default_factory=dict)
    removed: dict[str, list[str]] = Field(default_factory=dict)
    changed: dict[str, list[Any]] = Field(default_factory=dict)


class AttributeChange(BaseModel):
    attribute: str
    values_added: list[str] = Field(default_factory=list)
    values_removed: list[str] = Field(default_factory=list)
    values_changed: list[ValueChange] = Field(default_factory=list)
    # field -> [old, new] for everything else (kind, required, vendor_keys, ...)
    changed: dict[str, list[Any]] = Field(default_factory=dict)


class TypeChange(BaseModel):
    product_type: str
    attributes_added: list[str] = Field(default_factory=list)
    attributes_removed: list[str] = Field(default_factory=list)
    attributes_changed: list[AttributeChange] = Field(default_factory=list)
    changed: dict[str, list[Any]] = Field(default_factory=dict)


class ConfigDiff(BaseModel):
    base: str | None
    target: str
    product_types_added: list[str] = Field(default_factory=list)
    product_types_removed: list[str] = Field(default_factory=list)
    product_types_changed: list[TypeChange] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.product_types_added or self.product_types_removed or self.product_types_changed
        )


def diff_configs(base: LoadedConfig | None, target: LoadedConfig) -> ConfigDiff:
    """The changes that turn ``base`` into ``target`` (everything added when no base)."""
    old = base.product_types if base else {}
    new = target.product_types
    changes = [
        change
        for name in sorted(set(old) & set(new))
        if (change := _type_change(old[name], new[name])) is not None
    ]
    return ConfigDiff(
        base=base.version if base else None,
        target=target.version,
        product_types_added=sorted(set(new) - set(old)),
        product_types_removed=sorted(set(old) - set(new)),
        product_types_changed=changes,
    )


def _type_change(old: ProductType, new: ProductType) -> TypeChange | None:
    change = TypeChange(
        product_type=new.name,
        attributes_added=sorted(set(new.attributes) - set(old.attributes)),
        attributes_removed=sorted(set(old.attributes) - set(new.attributes)),
        attributes_changed=[
            c
            for code in sorted(set(old.attributes) & set(new.attributes))
            if (c := _attribute_change(old.attributes[code], new.attributes[code])) is not None
        ],
        changed=_fields(
            {"label": old.label, "detection": old.detection.model_dump(), "rules": _rules(old)},
            {"label": new.label, "detection": new.detection.model_dump(), "rules": _rules(new)},
        ),
    )
    unchanged = not (
        change.attributes_added
        or change.attributes_removed
        or change.attributes_changed
        or change.changed
    )
    return None if unchanged else change


def _rules(product: ProductType) -> list[dict[str, Any]]:
    return [rule.model_dump(by_alias=True) for rule in product.rules]


def _attribute_change(old: AttributeSpec, new: AttributeSpec) -> AttributeChange | None:
    old_values = {v.code: v for v in old.values}
    new_values = {v.code: v for v in new.values}
    change = AttributeChange(
        attribute=new.code,
        values_added=sorted(set(new_values) - set(old_values)),
        values_removed=sorted(set(old_values) - set(new_values)),
        values_changed=[
            c
            for code in sorted(set(old_values) & set(new_values))
            if (c := _value_change(old_values[code], new_values[code])) is not None
        ],
        changed=_fields(old.model_dump(exclude={"values"}), new.model_dump(exclude={"values"})),
    )
    unchanged = not (
        change.values_added or change.values_removed or change.values_changed or change.changed
    )
    return None if unchanged else change


def _value_change(old: ValueSpec, new: ValueSpec) -> ValueChange | None:
    change = ValueChange(value=new.code)
    for field in _VALUE_FIELDS:
        before, after = getattr(old, field), getattr(new, field)
        if gained := [x for x in after if x not in before]:
            change.added[field] = gained
        if lost := [x for x in before if x not in after]:
            change.removed[field] = lost
    change.changed = _fields(
        old.model_dump(exclude=set(_VALUE_FIELDS)), new.model_dump(exclude=set(_VALUE_FIELDS))
    )
    return change if (change.added or change.removed or change.changed) else None


def _fields(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    keys = sorted(set(old) | set(new))
    return {k: [old.get(k), new.get(k)] for k in keys if old.get(k) != new.get(k)}
