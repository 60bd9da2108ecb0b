"""Numbers with units ("5.5 m", "6.30 Meter", "5.5 mtrs", "90 cm") in a canonical unit."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Unit words sellers write, to (dimension, size in the dimension's base unit).
_UNITS: dict[str, tuple[str, float]] = {
    **dict.fromkeys(
        ["m", "mt", "mtr", "mtrs", "meter", "meters", "metre", "metres", "mtr.", "mts"],
        ("length", 1.0),
    ),
    **dict.fromkeys(["cm", "cms", "centimeter", "centimeters", "centimetre"], ("length", 0.01)),
    **dict.fromkeys(["mm"], ("length", 0.001)),
    **dict.fromkeys(["in", "inch", "inches"], ("length", 0.0254)),
    **dict.fromkeys(["yd", "yds", "yard", "yards"], ("length", 0.9144)),
    **dict.fromkeys(["kg", "kgs", "kilogram", "kilograms"], ("mass", 1.0)),
    **dict.fromkeys(["g", "gm", "gms", "gram", "grams"], ("mass", 0.001)),
}
_QUANTITY = re.compile(r"(?<![\d.])(\d+(?:[.,]\d+)?)\s*([a-z]+)?(?![a-z])", re.IGNORECASE)
# "2.25 m x 0.9 m", "90 x 36 inches", "2.5mtr X 1mtr", "200 cm by 70 cm": a measurement
# of two dimensions, the unit written once or on both.
_NUMBER = r"(\d+(?:[.,]\d+)?)"
_DIMENSIONS = re.compile(
    rf"(?<![\d.]){_NUMBER}\s*([a-z]+\.?)?\s*(?:x|\*|\u00d7|by)\s*{_NUMBER}\s*([a-z]+)?(?![a-z])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quantity:
    value: float
    matched: str
    start: int
    explicit_unit: bool


def parse_quantity(raw: str, unit: str) -> Quantity | None:
    """The first number in ``raw`` converted to ``unit``; a bare number is taken as ``unit``."""
    for quantity in _quantities(raw, unit):
        return quantity
    return None


def find_quantities(text: str, unit: str) -> list[Quantity]:
    """Numbers in free text that carry a unit convertible to ``unit`` (bare numbers skipped)."""
    return [q for q in _quantities(text, unit) if q.explicit_unit]


def _quantities(text: str, unit: str) -> list[Quantity]:
    target = _UNITS.get(unit.lower())
    found = []
    for match in _QUANTITY.finditer(text):
        number = float(match.group(1).replace(",", "."))
        word = (match.group(2) or "").lower()
        if not word:
            found.append(Quantity(number, match.group(0).strip(), match.start(), False))
            continue
        source = _UNITS.get(word)
        if source is None or target is None or source[0] != target[0]:
            continue
        value = round(number * source[1] / target[1], 4)
        found.append(Quantity(value, match.group(0).strip(), match.start(), True))
    return found


def find_dimensions(text: str, unit: str, *, bare: bool = False) -> list[tuple[Quantity, Quantity]]:
    """Two-dimension measurements ("2.25 m x 0.9 m") converted to ``unit``.

    A unit written once applies to both numbers; with ``bare`` (a vendor value) numbers
    without any unit are taken as ``unit``.
    """
    found = []
    for match in _DIMENSIONS.finditer(text):
        first_word = (match.group(2) or "").rstrip(".").lower()
        second_word = (match.group(4) or "").lower()
        if first_word in ("x", "by"):
            continue
        words = (first_word or second_word, second_word or first_word)
        if not words[0] and not bare:
            continue
        values = []
        for number, word in zip((match.group(1), match.group(3)), words, strict=True):
            value = _convert(float(number.replace(",", ".")), word or unit, unit)
            if value is None:
                break
            values.append(Quantity(value, match.group(0).strip(), match.start(), bool(word)))
        if len(values) == 2:
            found.append((values[0], values[1]))
    return found


def _convert(number: float, word: str, unit: str) -> float | None:
    source, target = _UNITS.get(word.lower()), _UNITS.get(unit.lower())
    if source is None or target is None or source[0] != target[0]:
        return None
    return round(number * source[1] / target[1], 4)
