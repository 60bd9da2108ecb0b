"""Product type detection when the request does not name one."""

from __future__ import annotations

import pytest

from shared.catalog import Catalog
from tests.shared.catalog.conftest import MakeProduct


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Banarasi Silk Saree with Blouse Piece", "saree"),
        ("Women Printed Straight Kurti", "kurta"),
        ("Round Neck Readymade Saree Blouse", "saree_blouse"),
        ("Cotton Tunic for Women", "kurta"),
    ],
)
def test_type_from_title(
    catalog: Catalog, make_product: MakeProduct, title: str, expected: str
) -> None:
    """The first product noun in the title names the type."""
    assert catalog.generate(make_product(title=title)).product_type == expected


def test_type_from_category_path(catalog: Catalog, make_product: MakeProduct) -> None:
    """Without a product noun in the title, the deepest category decides."""
    product = make_product(
        title="Festive Wear Georgette", category_path=["Women", "Ethnic", "Sarees"]
    )
    assert catalog.generate(product).product_type == "saree"


def test_undetectable_type(catalog: Catalog, make_product: MakeProduct) -> None:
    """Nothing naming a type gives product_type None and unknown_product_type."""
    generation = catalog.generate(make_product(title="Leather Wallet"))
    assert generation.product_type is None
    assert [i.reason for i in generation.issues] == ["unknown_product_type"]


def test_unknown_given_type(catalog: Catalog, make_product: MakeProduct) -> None:
    """A product type name no config declares gives unknown_product_type."""
    generation = catalog.generate(make_product(product_type="lehenga", title="Lehenga"))
    assert generation.product_type is None
    assert generation.issues[0].reason == "unknown_product_type"


def test_given_type_is_used(catalog: Catalog, make_product: MakeProduct) -> None:
    """A given type wins over what the title says."""
    generation = catalog.generate(make_product(product_type="saree_blouse", title="Saree"))
    assert generation.product_type == "saree_blouse"
