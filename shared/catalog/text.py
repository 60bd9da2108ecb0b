"""How raw seller text is reduced to comparable keys.

One normal form is used everywhere (config names, vendor values, titles) so a config
alias and a seller's spelling meet: lower case, apostrophes dropped ("Women's" ->
"womens"), "&" spelled "and", and every other non-alphanumeric except ``/`` (3/4
sleeve), ``%`` (100% cotton) and decimal points turned into a space.
"""

from __future__ import annotations

import re

_APOSTROPHES = re.compile("['\u2019`]")
_NOISE = re.compile(r"[^a-z0-9/%.]+")
_LONE_DOT = re.compile(r"(?<!\d)\.|\.(?!\d)")
# AJIO colour groups look like "460518549_beige": a style id glued to a slug.
_ID_PREFIX = re.compile(r"^\s*\d{4,}[_\-\s]+(?=[a-zA-Z])")
# Words that join list items; dropped from the compact key so "Kurta, Pant & Dupatta
# Set" and "Kurta Pant and Dupatta Set" meet.
_CONNECTORS = frozenset({"and", "with", "n", "or"})


def normalise(text: str) -> str:
    """Lower-case, drop punctuation that does not carry meaning, collapse spaces."""
    # Called for every key, value and segment: the regexes run only where their
    # characters occur, and spaces collapse with split/join (after _NOISE only
    # spaces are left as whitespace).
    lowered = text.lower()
    if "'" in lowered or "\u2019" in lowered or "`" in lowered:
        lowered = _APOSTROPHES.sub("", lowered)
    spaced = _NOISE.sub(" ", lowered.replace("&", " and "))
    if "." in spaced:
        spaced = _LONE_DOT.sub(" ", spaced)
    return " ".join(spaced.split())


def compact(text: str) -> str:
    """The normal form without spaces, slashes or connector words ("navyblue")."""
    tokens = [t for t in normalise(text).split(" ") if t not in _CONNECTORS]
    return re.sub(r"[^a-z0-9%.]", "", "".join(tokens))


def strip_id_prefix(text: str) -> str:
    """Drop a leading numeric id glued to a slug ("460518549_beige" -> "beige")."""
    return _ID_PREFIX.sub("", text)


def words_before(text: str, start: int, count: int = 2) -> list[str]:
    """The last ``count`` words of ``text`` before position ``start``.

    Reads back only as far as those words reach: splitting all of ``text[:start]`` at
    every hit made phrase matching quadratic (a 128 KB value cost 25 s).
    """
    window = 64
    while True:
        low = max(0, start - window)
        words = text[low:start].split()
        # One word more than asked for: the first one may be cut by the window's edge.
        if low == 0 or len(words) > count:
            return words[-count:] if count else []
        window *= 4


_WORD = re.compile(r"\s*(\S+)")


def word_after(text: str, end: int) -> str | None:
    """The word of ``text`` starting at or after position ``end``, if any."""
    found = _WORD.match(text, end)
    return found.group(1) if found else None


# What vendors write for "does not apply": "NA", "N/A", "None", "Not Applicable", "-".
_NOT_APPLICABLE = frozenset(
    {"", "na", "n/a", "n a", "none", "nil", "null", "not applicable", "not available", "nan"}
)
# ... and, for a key about a part, what says the part is not there ("Dupatta: Without").
_ABSENT = frozenset({"no", "without", "not included", "excluded", "absent"})


def is_not_applicable(raw: str) -> bool:
    """True for a vendor's explicit "does not apply" ("NA", "N/A", "-", "Not Applicable")."""
    return normalise(raw) in _NOT_APPLICABLE


def says_absent(raw: str) -> bool:
    """True when a value says a thing is not there ("NA", "No", "Without Dupatta")."""
    key = normalise(raw)
    return key in _NOT_APPLICABLE or key in _ABSENT or key.startswith(("without ", "no "))
