"""Validation: corrections, reason codes, and which issues block a record."""

from __future__ import annotations

from shared.catalog import Catalog
from shared.messages import AttributeIssue, AttributeValue
from tests.shared.catalog.conftest import MakeProduct


def _value(value: str | float | list[str]) -> AttributeValue:
    return AttributeValue(value=value, source="vendor_spec", method="exact", score=100)


def _base(**extra: AttributeValue) -> dict[str, AttributeValue]:
    return {"primary_color": _value("red"), "fabric": _value("georgette"), **extra}


def _reasons(errors: list[AttributeIssue]) -> list[tuple[str, str]]:
    return [(e.attribute, e.reason) for e in errors]


def test_valid_record(catalog: Catalog) -> None:
    """Required attributes with known codes validate with no errors."""
    assert catalog.validate("saree", _base(), []).ok


def test_missing_required(catalog: Catalog) -> None:
    """A record without a primary colour fails with missing_required."""
    validation = catalog.validate("saree", {"fabric": _value("georgette")}, [])
    assert _reasons(validation.errors) == [("primary_color", "missing_required")]


def test_missing_recommended_does_not_block(catalog: Catalog) -> None:
    """A record without fabric (recommended) is stored, lists fabric as missing."""
    validation = catalog.validate("saree", {"primary_color": _value("red")}, [])
    assert validation.ok
    assert validation.missing == ["fabric"]
    assert validation.completeness == 0.5


def test_complete_record(catalog: Catalog) -> None:
    """Every required and recommended attribute present: completeness 1, nothing missing."""
    validation = catalog.validate("saree", _base(), [])
    assert validation.missing == []
    assert validation.completeness == 1.0


def test_near_miss_is_corrected(catalog: Catalog) -> None:
    """ "navy bleu" is corrected to navy_blue and the correction recorded."""
    validation = catalog.validate("saree", _base(primary_color=_value("navy bleu")), [])
    assert validation.ok
    assert validation.attributes["primary_color"].value == "navy_blue"
    assert validation.corrections[0].attribute == "primary_color"


def test_unknown_value(catalog: Catalog) -> None:
    """A code far from every value fails with unknown_value."""
    validation = catalog.validate("saree", _base(pattern=_value(["zigzagged"])), [])
    assert _reasons(validation.errors) == [("pattern", "unknown_value")]


def test_ambiguous_value(catalog: Catalog) -> None:
    """ "Lie Green" is as close to lime green as to olive green: ambiguous_match."""
    validation = catalog.validate("saree", _base(primary_color=_value("Lie Green")), [])
    assert _reasons(validation.errors) == [("primary_color", "ambiguous_match")]


def test_low_confidence_value(catalog: Catalog) -> None:
    """A value just under the fuzzy cutoff fails with low_confidence."""
    validation = catalog.validate("saree", _base(fabric=_value("Georgettte Silk")), [])
    assert _reasons(validation.errors) == [("fabric", "low_confidence")]


def test_out_of_range(catalog: Catalog) -> None:
    """A 12 m saree is out_of_range."""
    validation = catalog.validate("saree", _base(saree_length_m=_value(12.0)), [])
    assert _reasons(validation.errors) == [("saree_length_m", "out_of_range")]


def test_cross_field_rule(catalog: Catalog) -> None:
    """A blouse fabric on a saree without blouse piece is a conflict (config rule)."""
    attributes = _base(blouse_piece=_value("none"), blouse_fabric=_value("satin"))
    validation = catalog.validate("saree", attributes, [])
    assert _reasons(validation.errors) == [("blouse_fabric", "conflict")]


def test_unknown_product_type(catalog: Catalog) -> None:
    """Validating for an undeclared type fails with unknown_product_type."""
    validation = catalog.validate("lehenga", _base(), [])
    assert [e.reason for e in validation.errors] == ["unknown_product_type"]


def test_vendor_conflict_blocks(catalog: Catalog, make_product: MakeProduct) -> None:
    """Vendor keys that contradict each other quarantine the record."""
    product = make_product(
        product_type="kurta",
        vendor_specs={"Color": "Red", "Primary Color": "Blue", "Fabric": "Rayon"},
    )
    generation = catalog.generate(product)
    validation = catalog.validate("kurta", generation.attributes, generation.issues)
    assert _reasons(validation.errors) == [("primary_color", "conflict")]


def test_unknown_optional_value_only_warns(catalog: Catalog, make_product: MakeProduct) -> None:
    """An optional attribute's unknown vendor value is a warning, not an error."""
    product = make_product(
        product_type="saree",
        title="Red Georgette Saree",
        vendor_specs={"Type": "Regular Sari"},
    )
    generation = catalog.generate(product)
    validation = catalog.validate("saree", generation.attributes, generation.issues)
    assert validation.ok
    assert _reasons(validation.warnings) == [("saree_type", "unknown_value")]


def test_unknown_required_value_blocks(catalog: Catalog, make_product: MakeProduct) -> None:
    """A required attribute lost to an unknown vendor value blocks with that reason."""
    product = make_product(
        product_type="saree", title="Saree", vendor_specs={"Colour": "Moonbeam Glow"}
    )
    generation = catalog.generate(product)
    validation = catalog.validate("saree", generation.attributes, generation.issues)
    assert _reasons(validation.errors) == [("primary_color", "unknown_value")]


def test_unknown_recommended_value_warns(catalog: Catalog, make_product: MakeProduct) -> None:
    """A recommended attribute lost to an unknown vendor value is a warning and missing."""
    product = make_product(
        product_type="saree", title="Red Saree", vendor_specs={"Fabric": "Moonbeam Weave"}
    )
    generation = catalog.generate(product)
    validation = catalog.validate("saree", generation.attributes, generation.issues)
    assert validation.ok
    assert _reasons(validation.warnings) == [("fabric", "unknown_value")]
    assert validation.missing == ["fabric"]
