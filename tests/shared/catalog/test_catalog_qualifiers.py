"""Qualifier keys refine their base value; explicit "NA" values mean something.

Every input is invented for the test (issue 13).
"""

from __future__ import annotations

from typing import Any

import pytest

from shared.catalog import Catalog
from tests.shared.catalog.conftest import MakeProduct


def _generate(catalog: Catalog, make_product: MakeProduct, kind: str, specs: dict[str, str]) -> Any:
    return catalog.generate(make_product(product_type=kind, vendor_specs=specs))


def _values(catalog: Catalog, make_product: MakeProduct, kind: str, **specs: str) -> dict[str, Any]:
    generation = _generate(
        catalog, make_product, kind, {k.replace("_", " "): v for k, v in specs.items()}
    )
    return {code: value.value for code, value in generation.attributes.items()}


@pytest.mark.parametrize(
    ("fabric", "purity", "code"),
    [
        ("Cotton", "Pure", "pure_cotton"),
        ("Cotton", "Blended", "cotton_blend"),
        ("Silk", "Pure", "pure_silk"),
        ("Silk", "Blended", "silk_blend"),
        ("Linen", "Blended", "linen_blend"),
        ("Georgette", "Pure", "pure_georgette"),
        ("Rayon", "Pure", "rayon"),
        ("Cotton Blend", "Pure", "cotton_blend"),
    ],
)
def test_fabric_purity_refines_the_fabric(
    catalog: Catalog, make_product: MakeProduct, fabric: str, purity: str, code: str
) -> None:
    """ "Fabric Purity" refines the fabric through its table, or leaves it."""
    values = _values(catalog, make_product, "kurta", Fabric=fabric, Fabric_Purity=purity)
    assert values["fabric"] == code


def test_refined_value_says_where_it_came_from(catalog: Catalog, make_product: MakeProduct) -> None:
    """The refined value's matched text names the qualifier."""
    generation = _generate(
        catalog, make_product, "saree", {"Saree Fabric": "Silk", "Fabric Purity": "Pure"}
    )
    assert "Fabric Purity: Pure" in str(generation.attributes["fabric"].matched_text)


def test_second_fabric_is_not_a_replacement(catalog: Catalog, make_product: MakeProduct) -> None:
    """ "Fabric 2: Polyester" keeps the first fabric and raises no issue."""
    generation = _generate(
        catalog, make_product, "kurta", {"Fabric": "Cotton", "Fabric 2": "Polyester"}
    )
    assert generation.attributes["fabric"].value == "cotton"
    assert generation.issues == []


@pytest.mark.parametrize("key", ["Weave Pattern", "Pattern Coverage"])
def test_pattern_qualifiers_say_nothing(
    catalog: Catalog, make_product: MakeProduct, key: str
) -> None:
    """ "Weave Pattern: Regular" is no woven design; "Pattern Coverage: Large" no pattern."""
    generation = _generate(catalog, make_product, "kurta", {key: "Regular", "Pattern": "Printed"})
    assert generation.attributes["pattern"].value == ["printed"]
    assert generation.issues == []


@pytest.mark.parametrize("na", ["NA", "N/A", "None", "Not Applicable", "-"])
def test_na_is_none_where_the_vocabulary_has_none(
    catalog: Catalog, make_product: MakeProduct, na: str
) -> None:
    """An explicit NA ornamentation, saree type, border is none / no_border, recorded."""
    generation = _generate(
        catalog,
        make_product,
        "saree",
        {"Ornamentation": na, "Saree Type": na, "Border": na, "Blouse Fabric": na},
    )
    values = {code: value.value for code, value in generation.attributes.items()}
    assert values["ornamentation"] == ["none"]
    assert values["saree_type"] == "none"
    assert values["border"] == "no_border"
    assert values["blouse_fabric"] == "none"
    assert generation.issues == []


@pytest.mark.parametrize("na", ["NA", "-", "Not Applicable"])
def test_na_elsewhere_is_an_absence(catalog: Catalog, make_product: MakeProduct, na: str) -> None:
    """NA for an attribute without a none value: no value, no issue, no quarantine."""
    product = make_product(
        product_type="kurta",
        title="Red Kurta",
        vendor_specs={"Neck": na, "Sleeve Styling": na, "Shape": na, "Occasion": na},
    )
    generation = catalog.generate(product)
    assert set(generation.attributes) == {"primary_color"}
    assert generation.issues == []
    validation = catalog.validate("kurta", generation.attributes, generation.issues)
    assert validation.ok
    assert validation.warnings == []


def test_machine_weave_fabric_is_not_a_woven_design(
    catalog: Catalog, make_product: MakeProduct
) -> None:
    """ "Viscose rayon machine weave fabric", "woven from cotton yarn": how it was made."""
    product = make_product(
        product_type="kurta",
        title="Printed Kurta",
        description="Viscose rayon machine weave fabric. Woven from soft cotton yarn.",
    )
    values = catalog.generate(product).attributes
    assert values["pattern"].value == ["printed"]


def test_woven_design_still_read(catalog: Catalog, make_product: MakeProduct) -> None:
    """ "Ethnic motifs woven design saree" is a woven design."""
    product = make_product(product_type="saree", title="Ethnic Motifs Woven Design Saree")
    assert catalog.generate(product).attributes["pattern"].value == ["woven_design"]


def test_finer_value_under_a_second_key_is_no_conflict(
    catalog: Catalog, make_product: MakeProduct
) -> None:
    """ "Fabric: Cotton" beside "Top Fabric: 100% Cotton" is pure cotton, not a clash."""
    generation = _generate(
        catalog, make_product, "kurta", {"Fabric": "Cotton", "Top Fabric": "100% Cotton"}
    )
    assert generation.attributes["fabric"].value == "pure_cotton"
    assert generation.issues == []


def test_different_values_under_two_keys_conflict(
    catalog: Catalog, make_product: MakeProduct
) -> None:
    """ "Fabric: Cotton" beside "Top Fabric: Linen" contradicts itself."""
    generation = _generate(
        catalog, make_product, "kurta", {"Fabric": "Cotton", "Top Fabric": "Linen"}
    )
    assert [(i.attribute, i.reason) for i in generation.issues] == [("fabric", "conflict")]
