"""Running a phrase pattern only where a match can start.

A pattern of many alternatives, tried at every position of a 50 KB text by ``re``,
costs ~100 ns a character, once per attribute. Every pattern here starts on a word
boundary with one of a known set of words ("navy" for "navy blue"), so the text's words
are indexed once (shared by every attribute reading it) and the pattern is tried only
at the positions of those words: the same matches, left to right, for the cost of a
dictionary lookup per distinct word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

_RUN = re.compile(r"[a-z0-9]+")
_LEAD = re.compile(r"[a-z0-9]+")
# What the patterns' word boundaries, ``(?<![a-z0-9])`` and ``(?![a-z0-9])``, test for.
WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def lead_word(phrase: str) -> str | None:
    """The run of letters and digits ``phrase`` opens with; None if it opens otherwise."""
    lead = _LEAD.match(phrase)
    return lead.group() if lead else None


@lru_cache(maxsize=16)
def word_positions(text: str) -> dict[str, list[int]]:
    """Where each word (run of letters and digits) of ``text`` starts."""
    # A few texts per product (title, description, per-part joins) are read by every
    # attribute; 16 covers one product's and keeps memory small.
    positions: dict[str, list[int]] = {}
    if not (text.isascii() and text.islower()):
        for run in _RUN.finditer(text):
            positions.setdefault(run.group(), []).append(run.start())
        return positions
    # Normal-form text: words between single spaces, most of them one run each, which
    # a split finds faster than the regex (30% on the dev and sample texts). Lower-case
    # ASCII, so isalnum() is exactly "one run of [a-z0-9]".
    start = 0
    for token in text.split(" "):
        if token.isalnum():
            if token in positions:
                positions[token].append(start)
            else:
                positions[token] = [start]
        elif token:  # "3/4", "5.5m", "100%": the runs inside
            for run in _RUN.finditer(token):
                positions.setdefault(run.group(), []).append(start + run.start())
        start += len(token) + 1
    return positions


class WordAnchored:
    """``pattern`` (which matches only at the start of one of ``phrases``), scanned fast."""

    def __init__(self, pattern: re.Pattern[str], phrases: Iterable[str]) -> None:
        self.pattern = pattern
        leads: set[str] | None = set()
        for phrase in phrases:
            lead = lead_word(phrase)
            if lead is None or leads is None:
                leads = None  # a phrase opening with "/" or "%": scan every position
                continue
            leads.add(lead)
        # None when some phrase has no lead word: then every position is tried.
        self.leads = frozenset(leads) if leads is not None else None

    def _starts(self, text: str) -> list[int]:
        assert self.leads is not None
        positions = word_positions(text)
        if len(self.leads) < len(positions):
            words = [w for w in self.leads if w in positions]
        else:
            words = [w for w in positions if w in self.leads]
        return sorted(p for word in words for p in positions[word])

    def matches(self, text: str, starts: list[int] | None = None) -> Iterator[re.Match[str]]:
        """The match at every position where one starts, in order (they may overlap).

        ``starts`` are this pattern's lead-word positions in ``text`` when the caller
        has found them already (:class:`shared.catalog.leads.LeadIndex` does, for every
        pattern of a product type in one walk over the text's words).
        """
        if self.leads is None:
            position = 0
            while (found := self.pattern.search(text, position)) is not None:
                yield found
                position = found.start() + 1
            return
        match = self.pattern.match
        for start in self._starts(text) if starts is None else starts:
            found = match(text, start)
            if found is not None:
                yield found

    def finditer(self, text: str, starts: list[int] | None = None) -> Iterator[re.Match[str]]:
        """Non-overlapping matches left to right, as ``pattern.finditer`` finds them."""
        end = 0
        for found in self.matches(text, starts):
            if found.start() >= end:
                end = max(found.end(), found.start() + 1)
                yield found
