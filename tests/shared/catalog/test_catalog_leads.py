"""One walk over a text's words finds what each attribute's own scan finds."""

from __future__ import annotations

import random
import re

from shared.catalog.compiled import CompiledType, compile_type
from shared.catalog.extract import _read_parts, _read_segments
from shared.catalog.leads import LeadIndex
from shared.catalog.loader import load_config
from shared.catalog.phrases import PhraseIndex
from shared.catalog.scan import WordAnchored
from shared.catalog.segments import segments
from shared.catalog.text import normalise
from shared.catalog.type_phrases import TypePhrases
from shared.messages import Source

# Seller spellings that sit on the edges of word boundaries: hyphens, slashes, glued
# words, unicode letters normalise drops, a lone "a" that leads "a line".
_TRICKY = [
    "Navy-Blue",
    "navyblue",
    "3/4th",
    "3/4 Sleeve",
    "100%",
    "Café",
    "naïve",
    "\uff33\uff49\uff4c\uff4b",  # full-width "Silk"
    "a",
    "a-line",
    "A Line",
    "not",
    "no",
    "without",
    "for",
    ";",
    "-",
    "blouse",
    "border",
    "xsilk",
    "silkx",
]


def _types() -> list[CompiledType]:
    return [compile_type(spec) for spec in load_config().product_types.values()]


def _phrase_words(types: list[CompiledType]) -> list[str]:
    words: set[str] = set()
    for compiled in types:
        for attribute in compiled.attributes.values():
            for phrase in attribute.text_phrases.phrases:
                words.update(phrase.split())
    return sorted(words)


def _random_texts(types: list[CompiledType], count: int) -> list[str]:
    rng = random.Random(12)
    vocabulary = _phrase_words(types) + _TRICKY
    texts = []
    for _ in range(count):
        raw = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 25)))
        texts.append(normalise(raw))
    return texts


def test_type_phrases_give_each_attribute_its_own_matches() -> None:
    """Every attribute of every type: hits from the type's one walk equal its own scan."""
    types = _types()
    found = 0
    for text in _random_texts(types, 400):
        for compiled in types:
            hits = compiled.phrases.find(text)
            for position, attribute in enumerate(compiled.text_attributes):
                expected = attribute.text_phrases.find(text)
                assert hits.get(position, []) == expected, (text, attribute.code)
                found += len(expected)
    assert found > 1_000  # the texts do exercise the phrases


def test_type_phrases_match_an_index_without_lead_words_by_its_own_scan() -> None:
    """A phrase opening on punctuation ("/ party") is found as the index's scan finds it;
    a lead word with many phrases (matched by one pattern) as its few ones are."""
    slash = PhraseIndex([("/ party", "party"), ("festive", "festive")])
    many = PhraseIndex([(f"with {w}", w) for w in "abcdefghijkl"] + [("with", "with")])
    phrases = TypePhrases([slash, many])
    text = "festive / party with c with x with"
    assert phrases.find(text) == {0: slash.find(text), 1: many.find(text)}
    assert [h.code for h in phrases.find(text)[1]] == ["c", "with", "with"]


def test_lead_starts_give_keyed_patterns_their_matches() -> None:
    """Keyed patterns ("Fabric: Silk" pasted into a description) match the same spans."""
    types = _types()
    rng = random.Random(5)
    keys = ["fabric", "color", "occasion", "blouse fabric", "pattern", "is", "of"]
    vocabulary = _phrase_words(types) + _TRICKY + keys * 20
    matched = 0
    for _ in range(300):
        text = normalise(" ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 25))))
        for compiled in types:
            starts = compiled.leads.starts(text)
            for code, attribute in compiled.attributes.items():
                if attribute.keyed is None:
                    continue
                expected = [(m.start(), m.group()) for m in attribute.keyed.finditer(text)]
                if code not in starts:
                    assert expected == [], (text, code)
                    continue
                found = attribute.keyed.finditer(text, starts[code])
                assert [(m.start(), m.group()) for m in found] == expected, (text, code)
                matched += len(expected)
    assert matched > 20  # the texts do exercise the keyed patterns (42 with this seed)


def test_overlapping_phrases_keep_the_longest_through_the_index() -> None:
    """ "kurta with trousers and with dupatta": the longer overlapping set wins."""
    index = PhraseIndex(
        [
            ("kurta with trousers", "kurta_with_bottom"),
            ("with trousers and with dupatta", "kurta_bottom_dupatta"),
            ("navy blue", "navy_blue"),
            ("blue", "blue"),
        ]
    )
    assert index.scan is not None
    leads = LeadIndex([("set", index.scan)])
    text = "kurta with trousers and with dupatta in navy blue"
    starts = leads.starts(text)
    hits = index.find(text, starts["set"])
    assert [(h.code, h.start) for h in hits] == [("kurta_bottom_dupatta", 6), ("navy_blue", 40)]
    assert hits == index.find(text)


def test_a_pattern_without_lead_words_is_tried_everywhere() -> None:
    """A phrase opening on punctuation gets None (scan every position), not a skip."""
    pattern = re.compile(r"/ party")
    leads = LeadIndex([("slash", WordAnchored(pattern, ["/ party"]))])
    assert leads.starts("nothing here") == {"slash": None}


def test_absent_lead_words_mean_no_entry() -> None:
    """A text without any lead word of a pattern gives that pattern no entry."""
    index = PhraseIndex([("navy blue", "navy_blue"), ("silk", "silk")])
    assert index.scan is not None
    leads = LeadIndex([("colour", index.scan)])
    assert leads.starts("pure cotton saree") == {}
    assert leads.starts("silk and navy blue silk") == {"colour": [0, 9, 19]}


def test_the_single_text_path_reads_what_the_per_attribute_path_reads() -> None:
    """Without part segments, visiting only indexed attributes gives every candidate."""
    types = _types()
    rng = random.Random(9)
    vocabulary = [*_phrase_words(types), *_TRICKY, "5.5 m", "0.8 metre", "fabric", "color"]
    read = 0
    for _ in range(200):
        text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 20)))
        for compiled in types:
            found = segments(text, compiled.part_words, compiled.own_words)
            if not found or any(s.part for s in found):
                continue
            sources: tuple[Source, ...] = ("title", "description")
            for source in sources:
                fast = _read_segments(found, compiled, source)
                assert fast == _read_parts(found, compiled, source)
                read += len(fast)
    assert read > 1_000
