"""The dupatta product type: config only, read like the others.

Every input is invented for the test; the held-out dupatta listings are not in the repo.
"""

from __future__ import annotations

from typing import Any

import pytest

from shared.catalog import Catalog
from shared.catalog.numbers import find_dimensions
from tests.shared.catalog.conftest import MakeProduct


def _values(catalog: Catalog, make_product: MakeProduct, **fields: Any) -> dict[str, Any]:
    fields.setdefault("product_type", "dupatta")
    generation = catalog.generate(make_product(**fields))
    return {code: value.value for code, value in generation.attributes.items()}


@pytest.mark.parametrize(
    "title",
    ["Women Pink Bandhani Dupatta", "Chanderi Silk Stole", "Gota Patti Chunni", "Net Odhni"],
)
def test_detected_from_title(catalog: Catalog, make_product: MakeProduct, title: str) -> None:
    """Dupatta, Stole, Chunni, Odhni name the type."""
    assert catalog.generate(make_product(title=title)).product_type == "dupatta"


def test_kurta_with_dupatta_is_a_kurta(catalog: Catalog, make_product: MakeProduct) -> None:
    """The first product noun wins: a kurta set with a dupatta stays a kurta."""
    generation = catalog.generate(make_product(title="Printed Kurta with Dupatta"))
    assert generation.product_type == "kurta"


@pytest.mark.parametrize(
    ("specs", "length", "width"),
    [
        ({"Length": "2.25 m", "Width": "0.9 m"}, 2.25, 0.9),
        ({"Dupatta Length": "2.5 Mtr"}, 2.5, None),
        ({"Size": "2.25 m x 0.9 m"}, 2.25, 0.9),
        ({"Length": "90 inches", "Width": "36 inches"}, 2.286, 0.9144),
        ({"Size": "250 x 110 cm"}, 2.5, 1.1),
    ],
)
def test_sizes_from_vendor_keys(
    catalog: Catalog,
    make_product: MakeProduct,
    specs: dict[str, str],
    length: float,
    width: float | None,
) -> None:
    """Length and width in metres, from their own keys or one "L x W" value."""
    values = _values(catalog, make_product, title="Dupatta", vendor_specs=specs)
    assert values["dupatta_length_m"] == pytest.approx(length)
    assert values.get("dupatta_width_m") == (pytest.approx(width) if width else None)


@pytest.mark.parametrize(
    ("text", "length", "width"),
    [
        ("Length: 2.2 m, width: 0.9 m", 2.2, 0.9),
        ("Measures 2.5 meters in length", 2.5, None),
        ("Size 2.4 x 1.1 m", 2.4, 1.1),
        ("Dupatta length: 2.25 Mtr", 2.25, None),
    ],
)
def test_sizes_from_copy(
    catalog: Catalog, make_product: MakeProduct, text: str, length: float, width: float | None
) -> None:
    """Sizes as product copy writes them."""
    values = _values(catalog, make_product, title="Dupatta", description=text)
    assert values["dupatta_length_m"] == pytest.approx(length)
    assert values.get("dupatta_width_m") == (pytest.approx(width) if width else None)


def test_border_and_na(catalog: Catalog, make_product: MakeProduct) -> None:
    """A dupatta's own border is read; "Ornamentation: NA" is none."""
    values = _values(
        catalog,
        make_product,
        title="Bandhani Printed Cotton Dupatta with Tasselled Border",
        vendor_specs={"Ornamentation": "NA", "Weave Type": "Machine Weave"},
    )
    assert values["border"] == "tasselled"
    assert values["ornamentation"] == ["none"]
    assert values["weave_type"] == "machine_weave"
    assert values["print_or_pattern_type"] == ["bandhani"]
    assert values["fabric"] == "cotton"


def test_dimension_reading_needs_a_unit_in_text() -> None:
    """ "2 x 1" in copy is no size; in a vendor value it is taken in the attribute's unit."""
    assert find_dimensions("pack of 2 x 1", "m") == []
    assert [(a.value, b.value) for a, b in find_dimensions("2 x 1", "m", bare=True)] == [(2, 1)]


@pytest.mark.parametrize("title", ["Salwar Suit Dress Material with Dupatta", "Lehenga and Stole"])
def test_a_dupatta_that_comes_with_something_else(
    catalog: Catalog, make_product: MakeProduct, title: str
) -> None:
    """ "... with Dupatta": an accessory of another product, not a dupatta listing."""
    assert catalog.generate(make_product(title=title)).product_type is None
