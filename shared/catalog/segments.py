"""Free text cut where sellers end a thought: lines, sentences, list items, table cells.

Normalising drops punctuation, so "... Silk Mark certified. Blouse: unstitched" would
read as "certified blouse" (a fabric word right before "blouse" names the blouse's
fabric) and "on the border. Blouse fabric: Art silk" as a border's blouse. Each segment
is normalised on its own and the segments are joined with :data:`SEPARATOR`, a token no
phrase, pasted key, cue window word or negation reaches across.

A segment that opens with a part label ("Dupatta: chiffon, printed", "Trousers design:
solid", "Blouse: plain navy") describes that part; only attributes about the part (a
saree's blouse piece, blouse fabric) read it. A label with nothing after it heads a
section, as marketplaces lay out product details ("Dupatta Design:" then "- Printed",
"- Tasselled border"): the lines after it are about that part until the next heading
("Kurta design:", which is the product's own, or "Material & Care").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple

from shared.catalog.text import normalise, says_absent

SEPARATOR = " ; "
# Line breaks, bullets, table pipes, HTML tags, sentence ends (not decimal points), and
# the headings of product details run together on one line by a scraper ("... Straight
# shape Palazzos design: Printed palazzos Dupatta Design: ... Material & Care ...").
# _PLAIN_BOUNDARY is _BOUNDARY without the headings' look-aheads, which run at every
# space: for a text that names none of their words ("design", "details", "size",
# "material"), most of them, they cannot match and it splits the same (7 us against
# 23 us on a 130-character one).
_PLAIN_BOUNDARY = re.compile(r"[\r\n|;!?\u2022\u00b7]+|<[^>]*>|(?<!\d)\.|\.(?!\d)")
_BOUNDARY = re.compile(
    _PLAIN_BOUNDARY.pattern + r"|(?i:(?<=\s)(?=[a-z]+\s+(?:design|details)\s*:))"
    r"|(?i:(?<=\s)(?=(?:size\s*(?:&|and)\s*fit|material\s*(?:&|and)\s*care)\b))"
)
_HEADING_WORD = re.compile(r"design|details|size|material", re.IGNORECASE)
# Every boundary above needs one of these (a punctuation mark, a tag, a dot, the colon
# of "... design:", or the "size"/"material" of those headings): a text with none of
# them, like most titles, is one segment without running the split's look-aheads.
_MAY_SPLIT = re.compile(r"[\r\n|;!?\u2022\u00b7<.:]|size|material", re.IGNORECASE)
# "Dupatta:", "Trousers design :", "Blouse Fabric -": a label of one or two words.
_LABEL = re.compile(r"^\W*([a-z]+)(?:\s+[a-z]+)?\s*(?::|\s-\s)", re.IGNORECASE)
# Headings without a colon that end a part's section ("Size & Fit", "Material & Care").
_HEADING = re.compile(
    r"^\W*(?:size\s*(?:&|and)\s*fit|material\s*(?:&|and)\s*care|product\s+details|"
    r"specifications|description|features|([a-z]+)\s+(?:design|details))\W*$",
    re.IGNORECASE,
)


class Segment(NamedTuple):
    """One normalised piece of a text, with the part it is about, if any."""

    # A tuple, not a frozen dataclass (0.4 us to build against 0.65 us): one per
    # sentence or line of every title and description.
    text: str
    part: str | None = None
    # A heading or label naming the part ("Palazzos design:", "Dupatta: chiffon"): the
    # listing describes this part.
    names_part: bool = False


def segments(
    text: str,
    part_words: Mapping[str, str] | Iterable[str] = (),
    own_words: Iterable[str] = (),
) -> list[Segment]:
    """The normalised segments of ``text``, each with the part it is about, if any.

    ``part_words`` maps a word to the part it names ("palazzos" -> "bottom"); a plain
    iterable names parts by themselves. ``own_words`` (normalised) name the product
    ("Kurta design").
    """
    if not text:
        return []  # most listings have no description
    # A dict (the compiled type's) is the usual case: no ABC check for it.
    parts = part_words if isinstance(part_words, dict | Mapping) else {w: w for w in part_words}
    heads: set[str] | None = None
    found: list[Segment] = []
    section: str | None = None
    pieces = [text]
    if _MAY_SPLIT.search(text):
        boundary = _BOUNDARY if _HEADING_WORD.search(text) else _PLAIN_BOUNDARY
        pieces = boundary.split(text)
    for raw in pieces:
        normal = normalise(raw)
        if not normal:
            continue
        # A label ends on a colon or a dash: without one (most pieces) there is none.
        label = _LABEL.match(raw) if ":" in raw or "-" in raw else None
        heading = _HEADING.match(raw)
        if heading and heading.group(1):
            if heads is None:
                heads = set(parts).union(own_words)  # only when a heading names a word
            if normalise(heading.group(1)) not in heads:
                heading = None  # "Woven Design" is a value; "Dupatta Design" a heading
        if heading or (label and not normalise(raw[label.end() :])):
            # A heading: what follows is about the part it names, or about the product.
            word = (heading.group(1) if heading else None) or (label.group(1) if label else "")
            section = parts.get(normalise(word or ""))
            found.append(Segment(normal, section, names_part=section is not None))
            continue
        word = normalise(label.group(1)) if label else ""
        named = word in parts and not says_absent(raw[label.end() :] if label else "")
        found.append(Segment(normal, parts.get(word, section), names_part=named))
    return found


def joined(found: list[Segment], about: Iterable[str] = ()) -> str:
    """The segments an attribute reads: unlabelled ones and those about its own parts."""
    allowed = frozenset(about)
    return SEPARATOR.join(s.text for s in found if s.part is None or s.part in allowed)
