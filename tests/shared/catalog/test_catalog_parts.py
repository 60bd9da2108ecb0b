"""Sets read part by part: part-labelled keys, part sections in copy, set contents.

Every input is invented for the test (issue 13); none is copied from a listing.
"""

from __future__ import annotations

from typing import Any

import pytest

from shared.catalog import Catalog
from shared.catalog.segments import segments
from tests.shared.catalog.conftest import MakeProduct


def _values(catalog: Catalog, make_product: MakeProduct, **fields: Any) -> dict[str, Any]:
    generation = catalog.generate(make_product(**fields))
    return {code: value.value for code, value in generation.attributes.items()}


def test_top_keys_are_the_kurtas_own(catalog: Catalog, make_product: MakeProduct) -> None:
    """ "Top Pattern", "Top Shape", "Top Hemline" feed the kurta's attributes."""
    specs = {"Top Pattern": "Printed", "Top Shape": "A-Line", "Top Hemline": "Curved"}
    values = _values(catalog, make_product, product_type="kurta", vendor_specs=specs)
    assert values["pattern"] == ["printed"]
    assert values["shape"] == "a_line"
    assert values["hemline"] == "curved"


def test_bottom_and_dupatta_values_do_not_leak(catalog: Catalog, make_product: MakeProduct) -> None:
    """A solid bottom and an embroidered dupatta add nothing to a printed kurta's pattern."""
    specs = {
        "Top Pattern": "Printed",
        "Bottom Pattern": "Solid",
        "Dupatta Pattern": "Embroidered",
        "Bottom Fabric": "Cotton",
        "Dupatta Fabric": "Chiffon",
        "Top Fabric": "Rayon",
    }
    values = _values(catalog, make_product, product_type="kurta", vendor_specs=specs)
    assert values["pattern"] == ["printed"]
    assert values["fabric"] == "rayon"


def test_top_type_does_not_say_kurta_only(catalog: Catalog, make_product: MakeProduct) -> None:
    """ "Top Type: Kurta" in a set's sheet is about the top, not the set's contents."""
    specs = {"Top Type": "Kurta", "Bottom Type": "Palazzos"}
    values = _values(catalog, make_product, product_type="kurta", vendor_specs=specs)
    assert values["set_contents"] == "kurta_with_bottom"


@pytest.mark.parametrize(
    ("specs", "contents"),
    [
        ({"Bottom Type": "Sharara", "Dupatta": "With Dupatta"}, "kurta_with_bottom_and_dupatta"),
        ({"Bottom Type": "Trousers", "Dupatta": "NA"}, "kurta_with_bottom"),
        ({"Dupatta Fabric": "Organza", "Bottom Type": "-"}, "kurta_with_dupatta"),
        ({"Bottom Type": "Palazzos", "Dupatta": "Without Dupatta"}, "kurta_with_bottom"),
    ],
)
def test_set_contents_follow_from_the_part_keys(
    catalog: Catalog, make_product: MakeProduct, specs: dict[str, str], contents: str
) -> None:
    """Bottom/dupatta keys with a value (not NA, not "without") give the set's contents."""
    values = _values(catalog, make_product, product_type="kurta", vendor_specs=specs)
    assert values["set_contents"] == contents


def test_a_stated_set_type_beats_the_parts(catalog: Catalog, make_product: MakeProduct) -> None:
    """Meesho's "Set Type" is the vendor's own word; parts only fill in when it is absent."""
    specs = {"Set Type": "Kurta with Dupatta and Bottomwear", "Dupatta Fabric": "Net"}
    values = _values(catalog, make_product, product_type="kurta", vendor_specs=specs)
    assert values["set_contents"] == "kurta_with_bottom_and_dupatta"


def test_a_single_kurta_gets_no_set_contents(catalog: Catalog, make_product: MakeProduct) -> None:
    """A sheet with no part keys says nothing about a set."""
    specs = {"Pattern": "Solid", "Shape": "Straight"}
    assert "set_contents" not in _values(
        catalog, make_product, product_type="kurta", vendor_specs=specs
    )


def test_part_sections_in_product_details() -> None:
    """Bullets after "Dupatta Design:" are the dupatta's until the next heading."""
    found = segments(
        "Kurta design:\n- Printed\nDupatta Design:\n- Solid\n- Tasselled border\n"
        "Woven Design\nMaterial & Care\nMachine wash",
        {"dupatta": "dupatta", "palazzos": "bottom"},
        {"kurta"},
    )
    parts = [(s.text, s.part) for s in found]
    assert ("printed", None) in parts
    assert ("solid", "dupatta") in parts
    assert ("tasselled border", "dupatta") in parts
    assert ("woven design", "dupatta") in parts  # a value, not a heading
    assert ("machine wash", None) in parts


def test_bottom_section_does_not_add_solid(catalog: Catalog, make_product: MakeProduct) -> None:
    """ "Palazzos design: - Solid" is the bottom's pattern, not the kurta's."""
    values = _values(
        catalog,
        make_product,
        product_type="kurta",
        title="Women Blue Floral Printed Kurta with Palazzos",
        description="Kurta design:\n- Floral printed\nPalazzos design:\n- Solid\n- Slip-on",
    )
    assert values["pattern"] == ["printed"]
    assert values["set_contents"] == "kurta_with_bottom"


def test_dupatta_border_is_not_the_kurtas(catalog: Catalog, make_product: MakeProduct) -> None:
    """ "dupatta with tasselled border, gotta patti": the dupatta's trim, not the kurta's."""
    values = _values(
        catalog,
        make_product,
        product_type="kurta",
        title="Rayon Kurta Set",
        description="Straight kurta.\nDupatta Design:\n- Printed dupatta with gotta patti border",
    )
    assert "ornamentation" not in values
    assert "pattern" not in values


def test_longer_set_phrase_wins(catalog: Catalog, make_product: MakeProduct) -> None:
    """ "Kurta with Sharara & With Dupatta" is a kurta with bottom and dupatta."""
    values = _values(
        catalog, make_product, product_type="kurta", title="Kurta with Sharara & With Dupatta"
    )
    assert values["set_contents"] == "kurta_with_bottom_and_dupatta"


def test_blouse_fabric_beside_saree_fabric(catalog: Catalog, make_product: MakeProduct) -> None:
    """A saree's "Blouse Fabric" is the blouse's; "Saree Fabric" the saree's."""
    specs = {"Saree Fabric": "Georgette", "Blouse Fabric": "Art Silk"}
    values = _values(catalog, make_product, product_type="saree", vendor_specs=specs)
    assert values["fabric"] == "georgette"
    assert values["blouse_fabric"] == "art_silk"


def test_part_sections_give_set_contents(catalog: Catalog, make_product: MakeProduct) -> None:
    """Copy with "Trousers design:" and "Dupatta Design:" sections describes those parts."""
    values = _values(
        catalog,
        make_product,
        product_type="kurta",
        title="Women Solid Kurta with Printed Trousers",
        description="Kurta design:\n- Solid\nTrousers design:\n- Printed\nDupatta Design:\n- Solid",
    )
    assert values["set_contents"] == "kurta_with_bottom_and_dupatta"


def test_sections_run_together_on_one_line(catalog: Catalog, make_product: MakeProduct) -> None:
    """Scraped copy with the headings on one line still keeps each part's bullets apart."""
    values = _values(
        catalog,
        make_product,
        product_type="kurta",
        title="Women Floral Printed Kurta Set",
        description="Kurta design: Floral printed Straight shape Palazzos design: Solid "
        "Elasticated waistband Dupatta Design: Embroidered Tasselled border "
        "Material & Care Top fabric: Rayon Bottom fabric: Cotton Hand wash",
    )
    assert values["pattern"] == ["printed"]
    assert values["fabric"] == "rayon"
    assert values["set_contents"] == "kurta_with_bottom_and_dupatta"
