"""Vendor values to codes: exact, alias, fuzzy, and what must not merge."""

from __future__ import annotations

import pytest

from shared.catalog.config_schema import AttributeSpec, ValueSpec
from shared.catalog.matching import ValueMatcher


def _matcher(catalog_attribute: str, catalog_type: str = "saree") -> ValueMatcher:
    from shared.catalog.loader import load_config

    spec = load_config().product_types[catalog_type].attributes[catalog_attribute]
    return ValueMatcher(spec)


@pytest.fixture(scope="module")
def colours() -> ValueMatcher:
    return _matcher("primary_color")


@pytest.fixture(scope="module")
def fabrics() -> ValueMatcher:
    return _matcher("fabric")


def test_navy_blue_is_not_blue(colours: ValueMatcher) -> None:
    """ "Navy Blue" maps to navy_blue, never to its substring blue."""
    assert colours.match("Navy Blue").code == "navy_blue"


def test_off_white_is_not_white(colours: ValueMatcher) -> None:
    """ "Off White" maps to off_white, never to white."""
    assert colours.match("Off White").code == "off_white"


def test_silk_is_not_art_silk(fabrics: ValueMatcher) -> None:
    """Plain "Silk" is silk, never merged into art_silk or pure_silk."""
    assert fabrics.match("Silk").code == "silk"
    assert fabrics.match("Art Silk").code == "art_silk"
    assert fabrics.match("Pure Silk").code == "pure_silk"


def test_case_and_spaces_do_not_matter(colours: ValueMatcher) -> None:
    """ "RED " is an exact match for red."""
    found = colours.match("RED ")
    assert (found.code, found.method) == ("red", "exact")


def test_near_miss_is_fuzzy(colours: ValueMatcher) -> None:
    """A typo above the cutoff ("Navy Bleu") is matched fuzzily with its score."""
    found = colours.match("Navy Bleu")
    assert (found.code, found.method) == ("navy_blue", "fuzzy")
    assert found.score >= 88


def test_short_values_are_never_fuzzy(colours: ValueMatcher) -> None:
    """A four-letter typo ("Rde") is not guessed: short words only match exactly."""
    assert colours.match("Rde").code is None


def test_kanchipuram_is_kanjeevaram() -> None:
    """Kanchipuram and Kanjivaram are aliases of the kanjeevaram weave."""
    weaves = _matcher("saree_type")
    assert weaves.match("Kanchipuram").code == "kanjeevaram"
    assert weaves.match("Kanjivaram").code == "kanjeevaram"


def test_id_prefixed_slug(colours: ValueMatcher) -> None:
    """An AJIO colour group "460518549_beige" reads as beige."""
    assert colours.match("460518549_beige").code == "beige"


def test_shade_modifier_is_dropped(colours: ValueMatcher) -> None:
    """ "Light Blue" and the squeezed "ltgrey" fall back to the base colour."""
    assert colours.match("Light Blue").code == "blue"
    assert colours.match("ltgrey").code == "grey"


def test_ambiguous_fuzzy_match() -> None:
    """Two codes equally close to a value give ambiguous_match, not a guess."""
    spec = AttributeSpec(
        code="tone",
        label="Tone",
        kind="enum",
        values=[
            ValueSpec(code="alpha_one", label="Alphabet One"),
            ValueSpec(code="alpha_two", label="Alphabet Ono"),
        ],
    )
    found = ValueMatcher(spec).match("Alphabet Onz")
    assert (found.code, found.reason) == (None, "ambiguous_match")


def test_low_confidence_fuzzy_match(fabrics: ValueMatcher) -> None:
    """A value close to, but under the cutoff for, a code gives low_confidence."""
    found = fabrics.match("Georgettte Silk")
    assert (found.code, found.reason) == (None, "low_confidence")
