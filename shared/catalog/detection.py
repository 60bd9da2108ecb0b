"""Recognising the product type from a title or a category path."""

from __future__ import annotations

from collections.abc import Sequence

from shared.catalog.loader import ProductType
from shared.catalog.phrases import PhraseIndex
from shared.catalog.text import normalise, words_before


class TypeDetector:
    """The first product noun in the title wins ("Saree with Blouse Piece" is a saree)."""

    def __init__(self, product_types: dict[str, ProductType]) -> None:
        self._title = PhraseIndex(
            (label, name) for name, spec in product_types.items() for label in spec.detection.labels
        )
        self._not_after = {
            name: frozenset(normalise(w) for w in spec.detection.not_after)
            for name, spec in product_types.items()
        }
        self._category = PhraseIndex(
            (phrase, name)
            for name, spec in product_types.items()
            for phrase in [*spec.detection.labels, *spec.detection.category_phrases]
        )

    def detect(self, title: str, category_path: Sequence[str] = ()) -> str | None:
        """The detected product type name, or None when nothing names one."""
        text = normalise(title)
        hits = [
            hit
            for hit in self._title.find(text)
            if not set(words_before(text, hit.start, 1)) & self._not_after[hit.code]
        ]
        if hits:
            return hits[0].code
        # The deepest category is the most specific ("Women > Ethnic > Sarees").
        for part in reversed(category_path):
            found = self._category.find(normalise(part))
            if found:
                return found[0].code
        return None
