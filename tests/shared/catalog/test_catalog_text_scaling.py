"""Text reading stays linear in text length: no per-hit scan of the whole text."""

from __future__ import annotations

import random
import re

from shared.catalog.phrases import (
    _NEGATION_GAP,
    NEGATORS,
    PhraseIndex,
    negated,
    next_word,
)
from shared.catalog.scan import WordAnchored
from shared.catalog.text import word_after, words_before


def _naive_before(text: str, start: int, count: int) -> list[str]:
    return text[:start].split()[-count:]


def test_words_before_matches_the_whole_text_split() -> None:
    """The bounded look-back gives the same words as splitting everything before."""
    rng = random.Random(7)
    words = ["a", "silk", "x" * 200, "navy blue", "  ", "not"]
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 40)))
        start = rng.randint(0, len(text))
        for count in (1, 2, 3):
            assert words_before(text, start, count) == _naive_before(text, start, count)


def test_word_after_is_the_next_word() -> None:
    """The word after a position, as ``text[end:].split()[0]`` read it."""
    text = "pure silk  saree "
    assert word_after(text, 4) == "silk"
    assert word_after(text, 9) == "saree"
    assert word_after(text, len(text)) is None


class _CountingText(str):
    """A text that counts how many characters its slices copy."""

    copied = 0

    def __getitem__(self, key):  # type: ignore[no-untyped-def]  # str's overloads
        part = str.__getitem__(self, key)
        _CountingText.copied += len(part)
        return part


def test_phrase_find_copies_a_bounded_amount_per_hit() -> None:
    """Each hit looks at its neighbourhood, not at the text before or after it."""
    index = PhraseIndex([("silk", "silk"), ("navy blue", "navy_blue")])
    text = _CountingText("pure silk in navy blue " * 2_000)  # 46 KB, 4,000 hits
    _CountingText.copied = 0
    hits = index.find(text)
    assert len(hits) == 4_000
    # Whole-text slices per hit copied ~92 M characters; the look-back copies ~64 each.
    assert _CountingText.copied < 1_000 * len(hits)


def test_word_anchored_scan_finds_what_the_full_scan_finds() -> None:
    """Trying a pattern only at its lead words gives finditer's matches exactly."""
    rng = random.Random(3)
    phrases = ["navy blue", "blue", "3/4 sleeve", "4 sleeve", "100% cotton", "silk", "ana"]
    pattern = re.compile(
        r"(?<![a-z0-9])(?:" + "|".join(re.escape(p) for p in phrases) + r")(?![a-z0-9])"
    )
    scan = WordAnchored(pattern, phrases)
    words = ["navy", "blue", "3/4", "sleeve", "100%", "cotton", "silk", "banana", "Xnavy", ";"]
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 30)))
        expected = [(m.start(), m.group()) for m in pattern.finditer(text)]
        assert [(m.start(), m.group()) for m in scan.finditer(text)] == expected


def test_a_phrase_without_a_lead_word_falls_back_to_the_full_scan() -> None:
    """A phrase opening with punctuation ("/ party") is still found."""
    pattern = re.compile(r"/ party")
    scan = WordAnchored(pattern, ["/ party"])
    assert [m.start() for m in scan.finditer("festive / party / party")] == [8, 16]


def _random_texts(seed: int, count: int) -> list[str]:
    """Texts in and out of normal form: double spaces, tabs, slashes, separators."""
    rng = random.Random(seed)
    words = ["not", "no", "for", "a", "silk", "navy", "3/4", "100%", ";", "x" * 70, "é"]
    gaps = [" ", " ", " ", "  ", "\t", " \n "]
    texts = []
    for _ in range(count):
        parts = [rng.choice(words) for _ in range(rng.randint(0, 12))]
        texts.append("".join(part + rng.choice(gaps) for part in parts)[: rng.randint(0, 120)])
    return texts


def _slow_negated(text: str, start: int) -> bool:
    before = words_before(text, start, 2)
    if before and before[-1] in NEGATORS:
        return True
    return len(before) == 2 and before[1] in _NEGATION_GAP and before[0] in NEGATORS


def test_negated_reads_the_two_words_before() -> None:
    """The short cut over the word before agrees with reading two words back, anywhere."""
    for text in _random_texts(11, 400):
        for start in range(1, len(text) + 1):
            assert negated(text, start) == _slow_negated(text, start), (text, start)


def test_next_word_is_word_after() -> None:
    """The regex-free next word agrees with :func:`word_after` at every position."""
    for text in _random_texts(13, 400):
        for end in range(len(text) + 1):
            assert next_word(text, end) == word_after(text, end), (text, end)
