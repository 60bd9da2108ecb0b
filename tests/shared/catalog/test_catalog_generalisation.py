"""Free-text readings that must hold on listings the config was not tuned on.

Every input here is invented; each test pins one matching bug found with a probe set.
"""

from __future__ import annotations

from typing import Any

import pytest

from shared.catalog import Catalog
from tests.shared.catalog.conftest import MakeProduct


def _values(catalog: Catalog, make_product: MakeProduct, **fields: Any) -> dict[str, Any]:
    generation = catalog.generate(make_product(**fields))
    return {code: value.value for code, value in generation.attributes.items()}


@pytest.mark.parametrize(
    ("title", "colour"),
    [
        ("Kanjeevaram Silk Blend Saree Gold Zari Border Teal", "teal"),
        ("Linen Saree with Silver Zari Border Light Blue", "blue"),
        ("Yellow Saree with Contrast Green Blouse", "yellow"),
    ],
)
def test_colour_of_a_trim_is_not_the_colour(
    catalog: Catalog, make_product: MakeProduct, title: str, colour: str
) -> None:
    """ "Gold Zari", "Silver Zari Border", "Green Blouse" describe a part, not the saree."""
    values = _values(catalog, make_product, product_type="saree", title=title)
    assert values["primary_color"] == colour
    assert "secondary_colors" not in values


def test_fabric_of_a_part_is_not_the_fabric(catalog: Catalog, make_product: MakeProduct) -> None:
    """ "Velvet Border" on a georgette saree, and "Net Quantity" in a Meesho sheet."""
    values = _values(
        catalog,
        make_product,
        product_type="saree",
        title="Velvet Border Georgette Saree",
        description="Net Quantity (N): Single",
    )
    assert values["fabric"] == "georgette"
    quantity_only = _values(
        catalog, make_product, product_type="saree", title="Saree", description="Net Quantity: 1"
    )
    assert "fabric" not in quantity_only


def test_blouse_nouns_still_count_for_a_blouse(catalog: Catalog, make_product: MakeProduct) -> None:
    """For a blouse listing "Velvet Blouse" names the product's own fabric."""
    values = _values(
        catalog, make_product, product_type="saree_blouse", title="Black Velvet Blouse V Neck"
    )
    assert values["fabric"] == "velvet"
    assert values["primary_color"] == "black"


@pytest.mark.parametrize(
    "title",
    ["Women Kurta with Straight Hem", "Kurta Set with Straight Pants", "Kurta with Flared Sleeves"],
)
def test_shape_words_on_other_parts(
    catalog: Catalog, make_product: MakeProduct, title: str
) -> None:
    """ "Straight hem" / "straight pants" / "flared sleeves" say nothing of the kurta's cut."""
    assert "shape" not in _values(catalog, make_product, product_type="kurta", title=title)


def test_glued_colour_names(catalog: Catalog, make_product: MakeProduct) -> None:
    """Sellers type two-word colours as one word: "Navyblue", "Seagreen"."""
    values = _values(catalog, make_product, product_type="saree", title="Navyblue Georgette Saree")
    assert values["primary_color"] == "navy_blue"


def test_brand_spelled_with_other_spacing(catalog: Catalog, make_product: MakeProduct) -> None:
    """Brand "BlueBird" is removed from a title that writes it "Blue Bird", and from text."""
    values = _values(
        catalog,
        make_product,
        product_type="kurta",
        brand="BlueBird",
        title="Blue Bird Women Cotton Kurta",
        description="A Blue Bird kurta in mustard.",
    )
    assert values["primary_color"] == "mustard"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kurta with three-quarter regular sleeves", "three_quarter_sleeves"),
        ("Kurta with long puff sleeves", "long_sleeves"),
        ("Kurta, short flutter sleeves", "short_sleeves"),
    ],
)
def test_sleeve_length_with_styling_between(
    catalog: Catalog, make_product: MakeProduct, text: str, expected: str
) -> None:
    """Marketplace copy puts the styling between length and "sleeves"."""
    values = _values(catalog, make_product, product_type="kurta", title="Kurta", description=text)
    assert values["sleeve_length"] == expected


def test_full_and_half_alone_are_not_sleeves_in_text(
    catalog: Catalog, make_product: MakeProduct
) -> None:
    """ "Full Length Anarkali" is no long-sleeve evidence; a Sleeve field "Full" still is."""
    text_only = _values(
        catalog, make_product, product_type="kurta", title="Full Length Anarkali Kurta"
    )
    assert "sleeve_length" not in text_only
    spec = _values(
        catalog, make_product, product_type="kurta", title="Kurta", vendor_specs={"Sleeve": "Full"}
    )
    assert spec["sleeve_length"] == "long_sleeves"


def test_check_in_copy_is_no_pattern(catalog: Catalog, make_product: MakeProduct) -> None:
    """ "Please check the size chart" is not a checked pattern; "Checks" still is."""
    values = _values(
        catalog,
        make_product,
        product_type="kurta",
        title="Women Kurta",
        description="Printed kurta. Please check the size chart before ordering.",
    )
    assert values["pattern"] == ["printed"]


def test_multi_alone_in_text_is_no_colour(catalog: Catalog, make_product: MakeProduct) -> None:
    """ "Multi Occasion" names no colour; the "(Multi)" suffix and a Color field still do."""
    text_only = _values(
        catalog, make_product, product_type="saree", title="Multi Occasion Tussar Saree"
    )
    assert "primary_color" not in text_only
    suffix = _values(catalog, make_product, product_type="saree", title="Printed Saree (Multi)")
    assert suffix["primary_color"] == "multicolor"


def test_pasted_key_of_another_part(catalog: Catalog, make_product: MakeProduct) -> None:
    """ "Blouse Pattern: Solid" in a saree sheet is about the blouse."""
    values = _values(
        catalog,
        make_product,
        product_type="saree",
        title="Saree",
        description="Saree Fabric: Georgette\nBlouse Fabric: Art Silk\nPattern: Printed\n"
        "Blouse Pattern: Solid",
    )
    assert values["pattern"] == ["printed"]
    assert values["fabric"] == "georgette"


def test_negation_with_a_word_between(catalog: Catalog, make_product: MakeProduct) -> None:
    """ "Not for party wear" denies party."""
    values = _values(
        catalog,
        make_product,
        product_type="kurta",
        title="Daily Wear Cotton Kurti, not for party wear",
    )
    assert values["occasion"] == ["daily"]


def test_title_and_description_occasions_add_up(
    catalog: Catalog, make_product: MakeProduct
) -> None:
    """Multi-valued text evidence is a union: the title says party, the copy party & festive."""
    values = _values(
        catalog,
        make_product,
        product_type="kurta",
        title="Anarkali Kurta Party Wear",
        description="Perfect for party & festive wear.",
    )
    assert sorted(values["occasion"]) == ["festive", "party"]


def test_kurta_with_pant_and_dupatta(catalog: Catalog, make_product: MakeProduct) -> None:
    """Singular "Pant & Dupatta" is still a three-piece set."""
    values = _values(
        catalog, make_product, product_type="kurta", title="Printed Kurta with Pant & Dupatta"
    )
    assert values["set_contents"] == "kurta_with_bottom_and_dupatta"


def test_pure_silk_blend_is_not_pure_silk(catalog: Catalog) -> None:
    """ "Pure Silk Blend ..." never maps to pure_silk."""
    matcher = catalog._types["saree"].attributes["fabric"].matcher
    assert matcher.match("Pure Silk Blend Zari").code != "pure_silk"
