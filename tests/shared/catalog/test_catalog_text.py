"""Text shortcuts (normal form, segment split) give what the plain forms gave."""

from __future__ import annotations

import random
import re

from shared.catalog.segments import _BOUNDARY, _MAY_SPLIT
from shared.catalog.text import normalise


def _reference(text: str) -> str:
    """normalise() as first written: four substitutions on every call."""
    lowered = re.sub("['\u2019`]", "", text.lower()).replace("&", " and ")
    spaced = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", re.sub(r"[^a-z0-9/%.]+", " ", lowered))
    return re.sub(r"\s+", " ", spaced).strip()


def test_normalise_equals_the_reference_on_seller_text() -> None:
    """Apostrophes, ampersands, dots in and out of numbers, unicode and odd spaces."""
    pieces = [
        "Women's",
        "Women\u2019s",
        "`x`",
        "Kurta & Pant",
        "5.5 m",
        "3/4th",
        "100%",
        "end.",
        ".5",
        "a..b",
        "Café",
        "\u0130stanbul",  # lower() turns one letter into two code points
        "\u00a0",
        "\t\n",
        "  ",
        "Navy-Blue",
        "N/A",
        "-",
        "Ｓｉｌｋ",  # noqa: RUF001  full-width letters are dropped, as before
        "\u2022 Dry clean",
    ]
    rng = random.Random(11)
    for _ in range(3_000):
        text = "".join(rng.choice(pieces) + rng.choice(["", " ", ",", "  "]) for _ in range(6))
        assert normalise(text) == _reference(text), text


def test_a_text_without_boundary_marks_is_one_segment_for_the_split_too() -> None:
    """The shortcut past the boundary split is exact: no mark, no split."""
    pieces = ["Kurta", "design", "details", "Fit", "care", "&", "and", "Dupatta", "Size"]
    pieces += ["Material", "-", ",", "  ", "\t", "3/4", "100%", "Café", "Design :", "x."]
    rng = random.Random(4)
    checked = 0
    for _ in range(5_000):
        text = " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        if _MAY_SPLIT.search(text) is None:
            checked += 1
            assert _BOUNDARY.split(text) == [text], text
    assert checked > 500
