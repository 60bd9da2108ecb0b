"""Regression tests for the bug classes found by the second invented probe set.

Every input here is invented for the test; none is copied from a probe or dev row.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from shared.catalog.config_schema import AttributeSpec
from shared.catalog.engine import Catalog
from shared.catalog.segments import segments
from shared.messages import RawProduct


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load()


def _attrs(
    catalog: Catalog,
    product_type: str,
    title: str,
    description: str = "",
    specs: dict[str, str] | None = None,
    brand: str | None = None,
) -> dict[str, object]:
    product = RawProduct(
        product_id="t1",
        product_type=product_type,
        title=title,
        description=description,
        brand=brand,
        vendor_specs=specs or {},
    )
    return {code: value.value for code, value in catalog.generate(product).attributes.items()}


# Sentence ends survive normalising: a word before "." does not modify the next sentence.


def test_part_word_after_a_sentence_end_does_not_block_the_value(catalog: Catalog) -> None:
    got = _attrs(
        catalog, "saree", "Handwoven Saree", "Woven in Varanasi. Pure silk. Blouse: attached"
    )
    assert got.get("fabric") == "pure_silk"


def test_pasted_key_after_a_sentence_about_a_part_is_read(catalog: Catalog) -> None:
    got = _attrs(catalog, "saree", "Printed Saree", "Has a printed border.\nBlouse Fabric: Satin")
    assert got.get("blouse_fabric") == "satin"


def test_negation_does_not_reach_across_a_line_break(catalog: Catalog) -> None:
    got = _attrs(catalog, "kurta", "Kurta", "Pockets: no\nHand wash only")
    assert got.get("wash_care") == ["hand_wash"]


# A line labelled with a part describes the part.


def test_line_labelled_with_a_part_does_not_feed_the_product(catalog: Catalog) -> None:
    got = _attrs(
        catalog,
        "kurta",
        "Women Striped Kurta with Trousers",
        "Kurta: striped, round neck\nTrousers: plain, elasticated waist",
    )
    assert got.get("pattern") == ["striped"]


def test_line_labelled_with_a_part_still_feeds_that_part(catalog: Catalog) -> None:
    got = _attrs(catalog, "saree", "Chiffon Saree", "Blouse: unstitched, running\nRed chiffon")
    assert got.get("blouse_piece") == "unstitched_blouse_piece"
    assert got.get("primary_color") == "red"


def test_own_noun_is_not_a_part_label() -> None:
    found = segments("Blouse: sleeveless\nDupatta: net", {"dupatta"})
    assert [s.part for s in found] == [None, "dupatta"]


# Pasted key lists separated by slashes.


def test_pasted_occasion_list_with_slashes(catalog: Catalog) -> None:
    got = _attrs(catalog, "kurta", "Kurta", "Occasion: Wedding / Festive")
    assert sorted(got.get("occasion") or []) == ["festive", "wedding"]


# A finer fabric in the description refines the title's general one.


def test_description_refines_the_title_fabric(catalog: Catalog) -> None:
    got = _attrs(catalog, "kurta", "Georgette Kurti Blue", "Material: poly georgette, lined")
    assert got.get("fabric") == "poly_georgette"


def test_finer_fabric_in_the_same_text_wins(catalog: Catalog) -> None:
    got = _attrs(catalog, "saree", "Silk Mark Certified Pure Mysore Silk Saree")
    assert got.get("fabric") == "mysore_silk"


def test_vendor_fabric_is_not_refined_by_text(catalog: Catalog) -> None:
    got = _attrs(catalog, "kurta", "Kurta", "100% cotton", specs={"Fabric": "Cotton"})
    assert got.get("fabric") == "cotton"


def test_unrelated_description_fabric_does_not_replace_the_title(catalog: Catalog) -> None:
    got = _attrs(catalog, "kurta", "Rayon Kurta", "Soft poly georgette feel")
    assert got.get("fabric") == "rayon"


def test_refines_must_name_a_value_of_the_attribute() -> None:
    with pytest.raises(ValidationError):
        AttributeSpec.model_validate(
            {
                "code": "fabric",
                "label": "Fabric",
                "kind": "enum",
                "values": [{"code": "pure_wool", "refines": ["wool"]}],
            }
        )


# Spec-sheet word orders.


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("Linen (100%)", "pure_linen"),
        ("Chiffon - Poly", "poly_chiffon"),
        ("Silk - Art", "art_silk"),
    ],
)
def test_vendor_fabric_in_spec_sheet_order(catalog: Catalog, raw: str, code: str) -> None:
    assert _attrs(catalog, "saree", "Saree", specs={"Material": raw}).get("fabric") == code


def test_top_fabric_key_names_the_kurta_fabric(catalog: Catalog) -> None:
    specs = {"Top Fabric": "Modal", "Bottom Fabric": "Cotton"}
    assert _attrs(catalog, "kurta", "Kurta Set", specs=specs).get("fabric") == "modal"


# Occasion phrasing.


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Good for office and party wear", ["party", "work"]),
        ("Casual & office wear", ["daily", "work"]),
        ("Made for office going women", ["work"]),
    ],
)
def test_office_occasion_phrases(catalog: Catalog, text: str, codes: list[str]) -> None:
    got = _attrs(catalog, "kurta", "Kurta", text)
    assert sorted(got.get("occasion") or []) == codes


def test_office_alone_is_still_not_an_occasion(catalog: Catalog) -> None:
    assert "occasion" not in _attrs(catalog, "kurta", "Kurta", "Shipped from our head office")


# Set contents written without connectors.


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Men Kurta Pajama Set Cotton", "kurta_with_bottom"),
        ("Kurti Palazzo Dupatta Set Rayon", "kurta_with_bottom_and_dupatta"),
    ],
)
def test_set_contents_without_connectors(catalog: Catalog, title: str, code: str) -> None:
    assert _attrs(catalog, "kurta", title).get("set_contents") == code
