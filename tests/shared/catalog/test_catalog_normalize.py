"""Vendor specs through Catalog.generate: keys, lists, routing, units, issues."""

from __future__ import annotations

import pytest

from shared.catalog import Catalog
from tests.shared.catalog.conftest import MakeProduct


def _specs(catalog: Catalog, make_product: MakeProduct, kind: str, **specs: str) -> dict:
    generation = catalog.generate(make_product(product_type=kind, vendor_specs=specs))
    return {code: value.value for code, value in generation.attributes.items()}


def test_vendor_key_is_case_and_space_insensitive(
    catalog: Catalog, make_product: MakeProduct
) -> None:
    """ "  saree FABRIC " is the fabric key."""
    found = _specs(catalog, make_product, "saree", **{"  saree FABRIC ": "Georgette"})
    assert found["fabric"] == "georgette"


def test_multi_value_occasion(catalog: Catalog, make_product: MakeProduct) -> None:
    """ "Casual, Party & Festive" gives three occasion codes."""
    found = _specs(catalog, make_product, "saree", Occasion="Casual, Party & Festive")
    assert sorted(found["occasion"]) == ["daily", "festive", "party"]


def test_pattern_words_and_motifs_are_routed(catalog: Catalog, make_product: MakeProduct) -> None:
    """ "Printed, Floral Print" gives pattern printed and print type floral."""
    found = _specs(catalog, make_product, "kurta", Pattern="Printed, Floral Print")
    assert found["pattern"] == ["printed"]
    assert found["print_or_pattern_type"] == ["floral"]


def test_generic_word_stays_with_pattern(catalog: Catalog, make_product: MakeProduct) -> None:
    """ "Woven" is a pattern, not also a print type."""
    found = _specs(catalog, make_product, "saree", Pattern="Woven")
    assert found["pattern"] == ["woven_design"]
    assert "print_or_pattern_type" not in found


@pytest.mark.parametrize(
    ("raw", "metres"), [("5.5 m", 5.5), ("6.30 Meter", 6.3), ("5.5 mtrs", 5.5), ("550 cm", 5.5)]
)
def test_lengths_with_units(
    catalog: Catalog, make_product: MakeProduct, raw: str, metres: float
) -> None:
    """Saree lengths in any written unit come out in metres."""
    found = _specs(catalog, make_product, "saree", **{"Sari Length": raw})
    assert found["saree_length_m"] == pytest.approx(metres)


def test_three_quarter_sleeve(catalog: Catalog, make_product: MakeProduct) -> None:
    """ "3/4 Sleeve" is three_quarter_sleeves."""
    found = _specs(catalog, make_product, "kurta", Sleeve="3/4 Sleeve")
    assert found["sleeve_length"] == "three_quarter_sleeves"


def test_weak_fabric_gives_way(catalog: Catalog, make_product: MakeProduct) -> None:
    """ "Jacquard, Pure Silk" names the fibre, pure_silk, not the weave."""
    found = _specs(catalog, make_product, "saree", Fabric="Jacquard, Pure Silk")
    assert found["fabric"] == "pure_silk"


def test_care_negation(catalog: Catalog, make_product: MakeProduct) -> None:
    """ "Hand Wash, Do not Dry Clean" is hand wash only."""
    found = _specs(catalog, make_product, "saree", **{"Fabric Care": "Hand Wash, Do not Dry Clean"})
    assert found["wash_care"] == ["hand_wash"]


def test_unmapped_vendor_key_is_ignored(catalog: Catalog, make_product: MakeProduct) -> None:
    """A key no attribute claims ("Style Code") produces no value and no issue."""
    generation = catalog.generate(
        make_product(product_type="saree", vendor_specs={"Style Code": "X-12"})
    )
    assert generation.attributes == {}
    assert generation.issues == []


def test_unknown_value_is_an_issue(catalog: Catalog, make_product: MakeProduct) -> None:
    """A vendor value no attribute of its key knows gives unknown_value."""
    generation = catalog.generate(
        make_product(product_type="saree", vendor_specs={"Type": "Regular Sari"})
    )
    assert [(i.attribute, i.reason) for i in generation.issues] == [("saree_type", "unknown_value")]


def test_vendor_keys_that_disagree_conflict(catalog: Catalog, make_product: MakeProduct) -> None:
    """ "Color: Red" with "Primary Color: Blue" is a conflict issue."""
    generation = catalog.generate(
        make_product(product_type="kurta", vendor_specs={"Color": "Red", "Primary Color": "Blue"})
    )
    assert generation.attributes["primary_color"].value == "red"
    assert [i.reason for i in generation.issues] == ["conflict"]


def test_provenance_is_recorded(catalog: Catalog, make_product: MakeProduct) -> None:
    """A vendor value records source, method, score, matched text and vendor key."""
    generation = catalog.generate(
        make_product(product_type="kurta", vendor_specs={"Fabric": "100% Cotton"})
    )
    value = generation.attributes["fabric"]
    assert (value.value, value.source, value.method) == ("pure_cotton", "vendor_spec", "alias")
    assert (value.vendor_key, value.matched_text, value.score) == ("Fabric", "100% cotton", 95)


def test_config_version_on_output(catalog: Catalog, make_product: MakeProduct) -> None:
    """Every generation carries the config version."""
    generation = catalog.generate(make_product(product_type="kurta"))
    assert generation.config_version == catalog.version
    assert len(catalog.version) == 12
