"""Every text phrase of a product type, found in one walk over a text's words.

Each attribute has its own :class:`PhraseIndex`. Running them one by one cost a
regular expression call per lead-word position (an alternation of a few hundred
phrases) and some ten Python calls per attribute per text: most of the cost of reading
a title. Here the phrases of all of a type's attributes are grouped by lead word, once
per config version. One walk over the text's distinct words finds, for each attribute,
its longest phrase at each position (the match its alternation gives there); the
attribute's own rules (overlaps, negation, "not before" words) then run only for the
attributes something was found for.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from shared.catalog.phrases import PhraseHit, PhraseIndex, keep_longest
from shared.catalog.scan import WORD_CHARS, word_positions

# An attribute's phrases with one lead word, longest first, tried with str.startswith;
# past this many (kurta's set names: 105 open with "with") one regular expression
# call beats the loop.
_FEW = 8

# The phrases themselves, or their alternation when there are many.
_Matcher = tuple[str, ...] | re.Pattern[str]


class TypePhrases:
    """The phrase indexes of a type's text attributes, matched together."""

    def __init__(self, indexes: Sequence[PhraseIndex]) -> None:
        self._indexes = tuple(indexes)
        by_lead: dict[str, list[tuple[int, _Matcher, bool]]] = {}
        scanned: list[int] = []
        for owner, index in enumerate(self._indexes):
            leads = index.by_lead()
            if leads is None:
                scanned.append(owner)  # a phrase opening on punctuation: its own full scan
                continue
            for lead, phrases in leads.items():
                by_lead.setdefault(lead, []).append((owner, *_matcher(lead, phrases)))
        self._by_lead = {lead: tuple(owners) for lead, owners in by_lead.items()}
        self._scanned = tuple(scanned)

    def find(self, text: str, owners: Collection[int] | None = None) -> dict[int, list[PhraseHit]]:
        """What each index's :meth:`PhraseIndex.find` gives for ``text``, by the index's
        position; an index that finds nothing has no entry. ``owners``: only these
        indexes (None: all)."""
        found: dict[int, list[PhraseHit]] = {}
        for owner, phrases in self._longest_at_starts(text, owners).items():
            if len(phrases) == 1 and " " not in (only := next(iter(phrases.items())))[1]:
                kept = [only]  # one one-word phrase: nothing overlaps it
            else:
                # A longer phrase inside a found one starts on a word, so it is in the
                # owner's map if it is there at all: the map answers what the regex would.
                kept = keep_longest(text, sorted(phrases.items()), phrases.get)
            hits = self._indexes[owner].hits(text, kept)
            if hits:
                found[owner] = hits
        for owner in self._scanned:
            if owners is not None and owner not in owners:
                continue
            hits = self._indexes[owner].find(text)
            if hits:
                found[owner] = hits
        return found

    def _longest_at_starts(
        self, text: str, owners: Collection[int] | None
    ) -> dict[int, dict[int, str]]:
        """Owner -> start -> the owner's longest phrase there (what its alternation
        matches there), for every start of a lead word in ``text``."""
        at: dict[int, dict[int, str]] = {}
        by_lead = self._by_lead
        for word, starts in word_positions(text).items():
            leading = by_lead.get(word)
            if leading is None:
                continue
            for owner, matcher, alone in leading:
                if owners is not None and owner not in owners:
                    continue
                # The word itself, when it is the owner's only phrase with this lead, is
                # the match at each of its starts (a run of word characters ends on a
                # boundary): nothing to try.
                found = dict.fromkeys(starts, word) if alone else _longest(text, matcher, starts)
                if not found:
                    continue
                if owner in at:
                    at[owner].update(found)
                else:
                    at[owner] = found
        return at


def _longest(text: str, matcher: _Matcher, starts: list[int]) -> dict[int, str]:
    """Start -> the longest of the matcher's phrases there, where one ends on a boundary."""
    found: dict[int, str] = {}
    if not isinstance(matcher, tuple):
        for start in starts:
            match = matcher.match(text, start)
            if match is not None:
                found[start] = match.group()
        return found
    size = len(text)
    for start in starts:
        # Inlined, not a helper per start: this loop is the walk's hot spot.
        for phrase in matcher:
            if text.startswith(phrase, start):
                end = start + len(phrase)
                if end == size or text[end] not in WORD_CHARS:
                    found[start] = phrase
                    break
    return found


def _matcher(lead: str, phrases: tuple[str, ...]) -> tuple[_Matcher, bool]:
    """How to find the longest of ``phrases`` (longest first, all opening with the word
    ``lead``) at a start of ``lead``, and whether ``lead`` is the only one of them."""
    if phrases == (lead,):
        return phrases, True  # most leads of most attributes: one word, one phrase
    if len(phrases) <= _FEW:
        return phrases, False
    return re.compile("(?:" + "|".join(map(re.escape, phrases)) + ")(?![a-z0-9])"), False
