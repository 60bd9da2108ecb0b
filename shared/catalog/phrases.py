"""Finding configured phrases in free text, on word boundaries, longest first.

One regular expression per attribute: an alternation of every phrase, longest first,
so at any position "navy blue" wins over "blue" and "without blouse piece" over
"blouse piece". Text must be in the normal form of :func:`shared.catalog.text.normalise`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

from shared.catalog.scan import WordAnchored, lead_word
from shared.catalog.text import normalise, word_after, words_before

# A phrase right after one of these words is denied, not asserted ("do not dry clean",
# "without blouse"). Only the word immediately before counts: "do not bleach, dry
# clean" still says dry clean.
NEGATORS = frozenset({"no", "not", "without", "non", "dont", "never", "except"})
# "not for party wear", "not a dry clean": one of these may stand between.
_NEGATION_GAP = frozenset({"for", "a", "an", "the", "suitable", "meant"})
# A last word outside both sets settles "not negated" without reading further back.
_NEGATING = NEGATORS | _NEGATION_GAP
_LEFT = r"(?<![a-z0-9])"
_RIGHT = r"(?![a-z0-9])"


class PhraseHit(NamedTuple):
    """A configured phrase found in a text: its code, its words and where they start."""

    # A tuple, not a frozen dataclass: 0.25 us to build against 0.55 us, per hit.
    code: str
    matched: str
    start: int


class PhraseIndex:
    """The phrases of one attribute compiled into one pattern."""

    def __init__(
        self,
        phrases: Iterable[tuple[str, str]],
        not_before: Iterable[str] = (),
        value_not_before: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        # One phrase may evidence several codes ("hand or machine wash").
        codes: dict[str, list[str]] = {}
        # A phrase followed by one of these words names a part, not the product: "gold"
        # in "gold zari border", "velvet" in "velvet border", "straight" in "straight hem".
        self._not_before = frozenset(normalise(word) for word in not_before if normalise(word))
        # The same, for one value only: "woven" before "from" is how it was made.
        self._value_not_before = {
            code: frozenset(normalise(word) for word in words if normalise(word))
            for code, words in (value_not_before or {}).items()
        }
        for phrase, code in phrases:
            key = normalise(phrase)
            if key and code not in codes.setdefault(key, []):
                codes[key].append(code)
        # Most attributes have no "not before" words: then the next word is never read.
        self._reads_after = bool(self._not_before or self._value_not_before)
        # Tuples, not lists: a tuple of strings leaves the garbage collector's lists,
        # and a catalog has ~13,000 of these, which every full collection traversed.
        self._codes = {key: tuple(found) for key, found in codes.items()}
        ordered = sorted(self._codes, key=len, reverse=True)
        alternation = "|".join(re.escape(p) for p in ordered)
        self.pattern = re.compile(f"{_LEFT}(?:{alternation}){_RIGHT}") if ordered else None
        self._scan = WordAnchored(self.pattern, ordered) if self.pattern else None
        self._at = re.compile(f"(?:{alternation}){_RIGHT}") if ordered else None

    @property
    def alternation(self) -> str:
        """The bare alternation, for embedding in a larger pattern."""
        return self.pattern.pattern if self.pattern else "(?!)"

    @property
    def phrases(self) -> tuple[str, ...]:
        """The normalised phrases, longest first."""
        return tuple(sorted(self._codes, key=len, reverse=True))

    @property
    def scan(self) -> WordAnchored | None:
        """The word-anchored scan of the phrases (None when there are none)."""
        return self._scan

    def by_lead(self) -> dict[str, tuple[str, ...]] | None:
        """Lead word -> its phrases, longest first (the alternation's order); None when
        a phrase opens on punctuation, so has no lead word."""
        grouped: dict[str, list[str]] = {}
        for phrase in self.phrases:
            lead = lead_word(phrase)
            if lead is None:
                return None
            grouped.setdefault(lead, []).append(phrase)
        return {lead: tuple(phrases) for lead, phrases in grouped.items()}

    def find(self, text: str, starts: list[int] | None = None) -> list[PhraseHit]:
        """Every non-negated phrase in ``text``, in order of appearance.

        ``starts``: the lead-word positions of this index's phrases in ``text``, when
        the caller has them (see :meth:`WordAnchored.matches`).
        """
        if self._scan is None or self._at is None:
            return []
        at = self._at.match

        def phrase_at(position: int) -> str | None:
            found = at(text, position)
            return found.group() if found else None

        found = ((m.start(), m.group()) for m in self._scan.matches(text, starts))
        return self.hits(text, keep_longest(text, found, phrase_at))

    def hits(self, text: str, kept: list[tuple[int, str]]) -> list[PhraseHit]:
        """The hits of the (start, phrase) pairs :func:`keep_longest` kept, in order:
        without the negated ones and those before a "not before" word."""
        hits = []
        reads_after = self._reads_after
        after: str | None = None
        for start, matched in kept:
            if start and negated(text, start):
                continue
            if reads_after:
                after = next_word(text, start + len(matched))
                if after is not None and after in self._not_before:
                    continue
            for code in self._codes[matched]:
                if after is not None and after in self._value_not_before.get(code, ()):
                    continue
                hits.append(PhraseHit(code, matched, start))
        return hits


def keep_longest(
    text: str,
    found: Iterable[tuple[int, str]],
    phrase_at: Callable[[int], str | None],
) -> list[tuple[int, str]]:
    """Phrases left to right; a longer phrase starting inside one replaces it.

    ``found``: (start, the longest phrase there) in order of start; ``phrase_at``: the
    longest phrase starting at a word start, if any. "kurta with trousers and with
    dupatta": "with trousers and with dupatta" (the set with a dupatta) wins over the
    "kurta with trousers" it overlaps.
    """
    # A list, not a generator: one or two phrases per text is the common case, and a
    # generator frame per attribute per text cost more than the matching.
    kept: list[tuple[int, str]] = []
    position = 0
    for start, phrase in found:
        if start < position:
            continue  # inside the phrase kept before
        best_start, best = start, phrase
        end = start + len(phrase)
        inside = start
        while (space := text.find(" ", inside + 1, end)) != -1:
            inside = space
            longer = phrase_at(space + 1)
            # More words, not just more letters: "pure silk, cotton silk" keeps "pure silk"
            # over the "silk cotton" it overlaps.
            if longer and space + 1 + len(longer) > end and len(longer.split()) > len(best.split()):
                best_start, best = space + 1, longer
        kept.append((best_start, best))
        position = best_start + len(best)
    return kept


def negated(text: str, start: int) -> bool:
    """True when the words before ``start`` deny what starts there ("not dry clean").

    The same answer as reading :func:`words_before` (2 words), which costs a slice and
    a split per hit; in normal-form text the word before is bounded by single spaces,
    and one that is neither a negator nor a gap word settles the question.
    """
    if text[start - 1] == " ":
        last = text[text.rfind(" ", 0, start - 1) + 1 : start - 1]
        # isalnum: a whole word with no whitespace in it, so exactly split()'s last word.
        if last.isalnum() and last not in _NEGATING:
            return False
    before = words_before(text, start, 2)
    if before and before[-1] in NEGATORS:
        return True
    return len(before) == 2 and before[1] in _NEGATION_GAP and before[0] in NEGATORS


def next_word(text: str, end: int) -> str | None:
    """:func:`word_after`, without the regex when a single space leads to a plain word."""
    if end < len(text) and text[end] == " ":
        stop = text.find(" ", end + 1)
        word = text[end + 1 : stop] if stop != -1 else text[end + 1 :]
        if word.isalnum():  # no whitespace inside, so exactly the regex's word
            return word
    return word_after(text, end)
