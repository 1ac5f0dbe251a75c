"""Danish alphabetical order, for lists the site sorts itself; dates in Danish words.

Why hand-written: pandoc's citeproc sorts with the root collation (Æ next to
A, Ø next to O), Python's ``locale.strxfrm`` depends on a ``da_DK`` locale
being installed on the machine, and PyICU would need the ICU headers. Danish
order needs only a short rule set (Dansk Sprognævn, Retskrivningsordbogen):

- the alphabet ends ... x y z æ ø å;
- ä sorts as æ, ö as ø, ü as y, and accented letters as their base letter;
- "aa" sorts as å (Aarup after Østergaard);
- case and punctuation only break ties.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from functools import cache

MONTHS = [
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
]  # fmt: skip


def in_words(day: date) -> str:
    """'2. december 2026', as the site writes dates (no locale or Babel needed)."""
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


_SPECIAL = {"æ": 27, "ä": 27, "ø": 28, "ö": 28, "å": 29, "ü": 25}


@cache  # a character's rank never changes; sorting the bibliography asks 50,000 times
def _rank(char: str) -> int | None:
    if char in _SPECIAL:
        return _SPECIAL[char]
    if char.isspace():
        return 0  # word boundary: "Hood, C." before "Hoodless"
    base = unicodedata.normalize("NFD", char)[0]
    if "a" <= base <= "z":
        return ord(base) - ord("a") + 1
    if base.isdigit():
        return int(base) - 10  # digits before letters
    return None  # punctuation does not count


def sort_key(text: str) -> tuple[tuple[int, ...], str]:
    """Key for ``sorted()`` that puts Danish text in Danish alphabetical order."""
    folded = text.lower().replace("aa", "å")
    ranks = tuple(r for r in (_rank(c) for c in folded) if r is not None)
    # Collapse runs of word boundaries left where punctuation was removed.
    collapsed = tuple(r for i, r in enumerate(ranks) if r != 0 or (i and ranks[i - 1] != 0))
    return collapsed, text
