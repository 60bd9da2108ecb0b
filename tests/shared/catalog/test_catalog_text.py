"""The normal form: the fast path gives what the plain four-regex form gave."""

from __future__ import annotations

import random
import re

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
