"""Fixtures for the catalog tests: the packaged catalog and a product factory."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from shared.catalog import Catalog
from shared.messages import RawProduct

MakeProduct = Callable[..., RawProduct]


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The catalog from the packaged config, loaded once."""
    return Catalog.load()


@pytest.fixture
def make_product() -> MakeProduct:
    """Build a RawProduct with defaults for what a test does not care about."""

    def make(**fields: Any) -> RawProduct:
        fields.setdefault("product_id", "p-1")
        fields.setdefault("title", "Item")
        return RawProduct(**fields)

    return make


@pytest.fixture
def write_config(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """Write config files (name -> text) into a fresh directory and return it."""

    def write(files: dict[str, str]) -> Path:
        folder = tmp_path / "config"
        folder.mkdir(exist_ok=True)
        for name, text in files.items():
            (folder / name).write_text(text)
        return folder

    return write


GROUP_YAML = """\
group: basics
attributes:
  - code: primary_color
    label: Colour
    kind: enum
    required: true
    vendor_keys: [Color]
    values:
      - {code: red, label: Red}
      - {code: blue, label: Blue}
  - code: fabric
    label: Fabric
    kind: enum
    required: true
    vendor_keys: [Fabric]
    values:
      - {code: cotton, label: Cotton}
"""

DUPATTA_YAML = """\
product_type: dupatta
label: Dupatta
detection:
  labels: [dupatta, stole]
include: [basics]
attributes:
  - code: length_m
    label: Length
    kind: number
    unit: m
    range: [1.5, 3.0]
    vendor_keys: [Length]
"""
