"""Canonical product attributes: configuration, generation and validation.

catalog = Catalog.load()            # packaged configs in shared/catalog/config/
generation = catalog.generate(raw_product)
validation = catalog.validate(generation.product_type, generation.attributes,
                              generation.issues)
"""

from shared.catalog.engine import Catalog
from shared.catalog.errors import CatalogError, ConfigError
from shared.catalog.results import Generation, Validation

__all__ = ["Catalog", "CatalogError", "ConfigError", "Generation", "Validation"]
