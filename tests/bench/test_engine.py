"""The engine benchmark's "unique texts" must measure the same work, not other work."""

from __future__ import annotations

from bench.engine import load_products, unique_texts
from shared.catalog import Catalog
from shared.messages import RawProduct


def _values(catalog: Catalog, products: list[RawProduct]) -> list[dict[str, object]]:
    return [
        {code: value.value for code, value in catalog.generate(product).attributes.items()}
        for product in products
    ]


def test_unique_texts_are_new_texts_that_read_as_the_originals() -> None:
    products = load_products(None)[:200]
    made_new = unique_texts(products)

    assert len({p.title for p in made_new}) == len(made_new)
    assert not any(c.isdigit() for p in made_new for c in p.title.rsplit(" ", 1)[-1])
    assert _values(Catalog.load(), made_new) == _values(Catalog.load(), products)
