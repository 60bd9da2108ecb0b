"""Attributes from title and description, and how they meet the vendor spec."""

from __future__ import annotations

from shared.catalog import Catalog
from tests.shared.catalog.conftest import MakeProduct


def test_title_colour_suffix(catalog: Catalog, make_product: MakeProduct) -> None:
    """ "... Saree (Green, Pink)" gives primary green and secondary pink."""
    generation = catalog.generate(
        make_product(product_type="saree", title="Printed Daily Wear Crepe Saree (Green, Pink)")
    )
    assert generation.attributes["primary_color"].value == "green"
    assert generation.attributes["secondary_colors"].value == ["pink"]
    assert generation.attributes["fabric"].value == "crepe"


def test_first_colour_after_brand(catalog: Catalog, make_product: MakeProduct) -> None:
    """The brand's own colour word is ignored; the first colour of the rest wins."""
    generation = catalog.generate(
        make_product(
            product_type="kurta",
            brand="Blue Lotus",
            title="Blue Lotus Women Mustard Yellow & Teal Kurti",
        )
    )
    assert generation.attributes["primary_color"].value == "mustard"


def test_phrases_need_word_boundaries(catalog: Catalog, make_product: MakeProduct) -> None:
    """ "Tant" weave does not evidence the colour tan, nor "Netted" the fabric net."""
    generation = catalog.generate(
        make_product(product_type="saree", title="Handloom Tant Saree with Netted Pallu")
    )
    assert "primary_color" not in generation.attributes
    assert "fabric" not in generation.attributes


def test_without_blouse_piece(catalog: Catalog, make_product: MakeProduct) -> None:
    """ "without blouse piece" gives blouse_piece none, not unstitched."""
    generation = catalog.generate(
        make_product(product_type="saree", title="Red Chiffon Saree without Blouse Piece")
    )
    assert generation.attributes["blouse_piece"].value == "none"


def test_spec_sheet_in_description(catalog: Catalog, make_product: MakeProduct) -> None:
    """ "Neck Round Sleeve Half Sleeve" pasted in a description is read by its keys."""
    generation = catalog.generate(
        make_product(
            product_type="kurta",
            title="Printed Kurta",
            description="Kurta Details Sleeve Half Sleeve Neck Round Fabric Rayon",
        )
    )
    found = {code: value.value for code, value in generation.attributes.items()}
    assert found["neck"] == "round_neck"
    assert found["sleeve_length"] == "short_sleeves"
    assert found["fabric"] == "rayon"


def test_vendor_beats_title_and_records_conflict(
    catalog: Catalog, make_product: MakeProduct
) -> None:
    """Vendor spec wins over the title; the title's value is kept in conflicts."""
    generation = catalog.generate(
        make_product(
            product_type="kurta", title="Women Red Cotton Kurta", vendor_specs={"Color": "Blue"}
        )
    )
    colour = generation.attributes["primary_color"]
    assert (colour.value, colour.source) == ("blue", "vendor_spec")
    assert colour.conflicts == ["title:red"]


def test_title_beats_description(catalog: Catalog, make_product: MakeProduct) -> None:
    """The title's fabric wins over the description's."""
    generation = catalog.generate(
        make_product(
            product_type="kurta", title="Rayon Kurta", description="A soft georgette kurta"
        )
    )
    fabric = generation.attributes["fabric"]
    assert (fabric.value, fabric.source, fabric.conflicts) == (
        "rayon",
        "title",
        ["description:georgette"],
    )


def test_length_from_text(catalog: Catalog, make_product: MakeProduct) -> None:
    """ "saree length 6.3 m with 0.8 m blouse piece" gives both lengths."""
    generation = catalog.generate(
        make_product(
            product_type="saree",
            title="Silk Saree",
            description="Saree length 6.3 m with 0.8 m blouse piece",
        )
    )
    assert generation.attributes["saree_length_m"].value == 6.3
    assert generation.attributes["blouse_length_m"].value == 0.8
