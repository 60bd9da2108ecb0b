"""Which of a product type's patterns can match a text, from one walk over its words.

Every phrase and keyed pattern starts on a word boundary with one of a known set of
words (:class:`shared.catalog.scan.WordAnchored`). Asking each of a type's ~20
attributes in turn whether its words occur cost ~60% of reading a title, though most
attributes find nothing there. Here the lead words of every pattern of the type are
merged into one dictionary, built once per config version: one walk over the text's
distinct words gives, for each pattern that can match at all, the positions to try.
A pattern with no entry cannot match and is not run. The keyed patterns use it; text
phrases go one step further (:class:`shared.catalog.type_phrases.TypePhrases`).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

from shared.catalog.scan import WordAnchored, word_positions

K = TypeVar("K", bound=Hashable)


class LeadIndex(Generic[K]):
    """Lead word -> the patterns (by key) that may start with it."""

    def __init__(self, patterns: Iterable[tuple[K, WordAnchored]]) -> None:
        by_lead: dict[str, list[K]] = {}
        # Patterns with a phrase opening on punctuation ("/ party") have no lead words:
        # they are scanned at every position, whatever the text's words.
        self._everywhere: list[K] = []
        for key, scan in patterns:
            if scan.leads is None:
                self._everywhere.append(key)
                continue
            for lead in scan.leads:
                by_lead.setdefault(lead, []).append(key)
        self._by_lead = {lead: tuple(keys) for lead, keys in by_lead.items()}

    def starts(self, text: str) -> dict[K, list[int] | None]:
        """For each pattern that can match ``text``: its sorted start positions.

        None means "every position" (a pattern without lead words). A key that is
        absent has no lead word in ``text``, so its pattern cannot match there.
        """
        found: dict[K, list[int] | None] = dict.fromkeys(self._everywhere)
        by_lead = self._by_lead
        for word, positions in word_positions(text).items():
            keys = by_lead.get(word)
            if keys is None:
                continue
            for key in keys:
                held = found.get(key)
                if held is None:
                    if key not in found:
                        found[key] = list(positions)
                else:
                    held.extend(positions)
        for held in found.values():
            if held is not None:
                held.sort()
        return found
