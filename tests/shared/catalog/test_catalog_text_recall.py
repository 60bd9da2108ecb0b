"""Text recall for what catalogs rarely spell out: ornamentation, border, print type,
design styling, hemline, sleeve styling, as marketplace product copy words them.

Every input is invented for the test (issue 13).
"""

from __future__ import annotations

from typing import Any

import pytest

from shared.catalog import Catalog
from tests.shared.catalog.conftest import MakeProduct


def _values(catalog: Catalog, make_product: MakeProduct, kind: str, text: str) -> dict[str, Any]:
    product = make_product(product_type=kind, title="Item", description=text)
    return {code: value.value for code, value in catalog.generate(product).attributes.items()}


@pytest.mark.parametrize(
    ("text", "attribute", "value"),
    [
        ("A-line shape, Regular style", "design_styling", "regular"),
        ("Straight shape, Empire style", "design_styling", "empire"),
        ("Angrakha style kurta with tie-ups", "design_styling", "angrakha"),
        ("Tiered kurta", "design_styling", "tiered"),
        ("Calf length with high-low hem", "hemline", "high_low"),
        ("V-neck, three-quarter regular sleeves", "sleeve_styling", "regular"),
        ("Round neck, short puff sleeve", "sleeve_styling", "puff"),
        ("Has sequinned detail", "ornamentation", ["sequinned"]),
        ("Gotta patti work on the yoke", "ornamentation", ["gotta_patti"]),
        ("Mirror work detail", "ornamentation", ["mirror_work"]),
        ("Bandhani printed", "print_or_pattern_type", ["bandhani"]),
        ("Leheriya printed", "print_or_pattern_type", ["leheriya"]),
        ("Ikat woven cotton", "print_or_pattern_type", ["ikat"]),
        ("Solid kurta", "print_or_pattern_type", ["solid"]),
    ],
)
def test_kurta_copy(
    catalog: Catalog, make_product: MakeProduct, text: str, attribute: str, value: Any
) -> None:
    """Each phrase gives its value."""
    assert _values(catalog, make_product, "kurta", text).get(attribute) == value


@pytest.mark.parametrize(
    ("text", "border"),
    [
        ("Woven design saree with woven design border", "woven_design"),
        ("Ethnic motifs printed saree with zari woven border", "zari"),
        ("Georgette saree with sequinned border", "embellished"),
        ("Border: Zari", "zari"),
    ],
)
def test_saree_border_copy(
    catalog: Catalog, make_product: MakeProduct, text: str, border: str
) -> None:
    """Marketplace border phrasings give the border."""
    assert _values(catalog, make_product, "saree", text).get("border") == border


def test_zari_border_is_not_the_ornamentation(catalog: Catalog, make_product: MakeProduct) -> None:
    """ "with zari border" names the border; the ornamentation needs its own words."""
    values = _values(catalog, make_product, "saree", "Printed saree with zari border")
    assert values["border"] == "zari"
    assert "ornamentation" not in values


def test_yoke_design_is_the_pattern_not_the_styling(
    catalog: Catalog, make_product: MakeProduct
) -> None:
    """ "Yoke design with embroidered" is Pattern: Yoke Design; the styling is not said."""
    values = _values(catalog, make_product, "kurta", "Yoke design with embroidered detail")
    assert "yoke_design" in values["pattern"]
    assert "design_styling" not in values


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("Woven design saree", ["woven_design"]),
        ("Ethnic motifs woven design saree", ["ethnic_motifs"]),
        ("Striped saree with floral motifs", ["floral"]),
    ],
)
def test_generic_print_type_gives_way_to_a_motif(
    catalog: Catalog, make_product: MakeProduct, text: str, types: list[str]
) -> None:
    """A generic print type (woven design, striped) is kept only when no motif is named."""
    assert _values(catalog, make_product, "saree", text)["print_or_pattern_type"] == types


def test_na_gives_way_to_a_named_ornamentation(catalog: Catalog, make_product: MakeProduct) -> None:
    """ "Ornamentation: NA" beside "Embellishment: Sequinned" is sequinned, not both."""
    product = make_product(
        product_type="saree", vendor_specs={"Ornamentation": "NA", "Embellishment": "Sequinned"}
    )
    assert catalog.generate(product).attributes["ornamentation"].value == ["sequinned"]
