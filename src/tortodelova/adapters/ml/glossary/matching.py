"""Finding glossary terms in the Russian source and enforcing their English in the MT output."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tortodelova.adapters.ml.glossary.entries import GLOSSARY
from tortodelova.adapters.ml.glossary.term import Term, normalize_ru


@dataclass(frozen=True, slots=True)
class Hit:
    term: Term
    start: int
    end: int


def find_hits(text_ru: str, glossary: Sequence[Term] = GLOSSARY) -> list[Hit]:
    """Glossary terms in the Russian text, in order of appearance. Overlaps go to the longest match
    (зеркальная глазурь wins over глазурь, белый шоколад over шоколад)."""
    norm = normalize_ru(text_ru)
    found = [Hit(term, m.start(), m.end()) for term in glossary for m in term.finditer(norm)]
    found.sort(key=lambda h: (-(h.end - h.start), h.start))
    taken: list[Hit] = []
    for hit in found:
        if all(hit.end <= t.start or hit.start >= t.end for t in taken):
            taken.append(hit)
    return sorted(taken, key=lambda h: h.start)


def enforce_terms(english: str, hits: Sequence[Hit]) -> str:
    """Make every hit's English term present in the MT output: fix a known mistranslation in place,
    else append the term (the user's idea stays first for CLIP's 77-token window)."""
    out = english.strip()
    missing: list[str] = []
    for term in dict.fromkeys(h.term for h in hits):  # unique, in order of appearance
        if term.present_in(out):
            continue
        fixed = term.fix(out)
        if fixed is not None:
            out = fixed
        elif term.en not in missing:
            missing.append(term.en)
    if missing:
        out = ", ".join([out.rstrip(" .,;:!"), *missing]) if out else ", ".join(missing)
    return out
