"""One glossary term: how it is found in the Russian source and made right in the English MT output.

Russian patterns are written against `normalize_ru` text (lower case, ё -> е, plain dashes); `ADJ`
spells every Russian adjective ending, so `зеркальн{ADJ} глазур...` matches every case and gender.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_DASHES = str.maketrans(
    {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "ё": "е", "Ё": "е"}
)

# Russian adjective endings (all genders, cases, numbers).
ADJ = r"(?:ый|ий|ой|ая|яя|ое|ее|ого|его|ому|ему|ым|им|ом|ем|ую|юю|ые|ие|ых|их|ыми|ими|ою|ею)"


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None


def normalize_ru(text: str) -> str:
    """Lower case, ё -> е, typographic dashes -> '-': what the glossary patterns are written against.
    Every character stays one character, so a position in it is the same position in `text`."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few letters lower-case to two (İ): those stay as they are
        lowered = "".join(low if len(low := c.lower()) == 1 else c for c in text)
    return lowered.translate(_DASHES)


def _english_regex(term: str) -> str:
    """'sugar flowers' -> matches 'Sugar flowers', 'sugar-flower'; a trailing s/es is optional."""
    words = [re.escape(w) for w in re.split(r"[\s-]+", term.strip())]
    last = words[-1]
    if last.endswith("es") and len(last) > 4:
        last = last[:-2] + "(?:es)?"
    elif last.endswith("s") and len(last) > 3:
        last = last[:-1] + "s?"
    else:
        last += "(?:s|es)?"
    words[-1] = last
    return r"[\s-]+".join(words)


@dataclass(frozen=True, slots=True)
class Term:
    ru: str  # headword, for people and the docs
    en: str  # what must appear in the English prompt
    pattern: str  # regex over normalize_ru(text); word boundaries are added around it
    forms: tuple[str, ...]  # common inflected forms (documentation and tests)
    accept: tuple[str, ...] = ()  # further English regexes that already render the term correctly
    wrong: tuple[str, ...] = ()  # known MT renderings to replace with `en`
    _ru_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _ok_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _wrong_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "_ru_re", re.compile(rf"(?<!\w)(?:{self.pattern})(?!\w)"))
        ok = "|".join([_english_regex(self.en), *self.accept])
        set_(self, "_ok_re", re.compile(rf"(?<![\w-])(?:{ok})(?![\w])", re.IGNORECASE))
        wrong = "|".join(self.wrong)
        set_(
            self, "_wrong_re", re.compile(rf"(?<![\w-])(?:{wrong})(?![\w])", re.IGNORECASE) if wrong else None
        )

    def finditer(self, normalized_ru: str) -> Iterable[re.Match[str]]:
        return self._ru_re.finditer(normalized_ru)

    def present_in(self, english: str) -> bool:
        return self._ok_re.search(english) is not None

    def fix(self, english: str) -> str | None:
        """`english` with a known mistranslation replaced by the term, or None when there is none."""
        if self._wrong_re is None:
            return None
        fixed, n = self._wrong_re.subn(self.en, english, count=1)
        return fixed if n else None


def entry(
    ru: str,
    en: str,
    pattern: str,
    forms: Sequence[str],
    accept: Sequence[str] = (),
    wrong: Sequence[str] = (),
) -> Term:
    """A Term from lists: the compact spelling the entries are written in."""
    return Term(ru, en, pattern, tuple(forms), tuple(accept), tuple(wrong))
