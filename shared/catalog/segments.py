"""Free text cut where sellers end a thought: lines, sentences, list items, table cells.

Normalising drops punctuation, so "... Silk Mark certified. Blouse: unstitched" would
read as "certified blouse" (a fabric word right before "blouse" names the blouse's
fabric) and "on the border. Blouse fabric: Art silk" as a border's blouse. Each segment
is normalised on its own and the segments are joined with :data:`SEPARATOR`, a token no
phrase, pasted key, cue window word or negation reaches across.

A segment that opens with a part label ("Dupatta: chiffon, printed", "Trousers design:
solid", "Blouse: plain navy") describes that part; only attributes about the part (a
saree's blouse piece, blouse fabric) read it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from shared.catalog.text import normalise

SEPARATOR = " ; "
# Line breaks, bullets, table pipes, HTML tags, sentence ends (not decimal points).
_BOUNDARY = re.compile(r"[\r\n|;!?\u2022\u00b7]+|<[^>]*>|(?<!\d)\.|\.(?!\d)")
# "Dupatta:", "Trousers design :", "Blouse Fabric -": a label of one or two words.
_LABEL = re.compile(r"^\W*([a-z]+)(?:\s+[a-z]+)?\s*(?::|\s-\s)", re.IGNORECASE)


@dataclass(frozen=True)
class Segment:
    text: str
    part: str | None = None


def segments(text: str, part_words: Iterable[str] = ()) -> list[Segment]:
    """The normalised segments of ``text``, each with the part its label names, if any."""
    parts = frozenset(part_words)
    found: list[Segment] = []
    for raw in _BOUNDARY.split(text):
        normal = normalise(raw)
        if not normal:
            continue
        label = _LABEL.match(raw)
        word = normalise(label.group(1)) if label else ""
        found.append(Segment(normal, word if word in parts else None))
    return found


def joined(found: list[Segment], about: Iterable[str] = ()) -> str:
    """The segments an attribute reads: unlabelled ones and those about its own parts."""
    allowed = frozenset(about)
    return SEPARATOR.join(s.text for s in found if s.part is None or s.part in allowed)
