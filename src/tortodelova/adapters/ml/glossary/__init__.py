"""Confectionery glossary: Russian baking terms that must reach the English prompt as the right term.

General MT models garble trade vocabulary (мастика -> "mastic", двухъярусный -> "bunk", безе -> "beze").
So glossary hits are found in the Russian source with stem regexes (inflection-proof), and after MT
each hit's English term is made present: a known mistranslation is replaced in place, otherwise the
term is appended. Pure Python: no ML imports.

A negated term («без мастики», «не розовый», «никаких цветов») never reaches the positive prompt:
negation.py finds what a description says to leave out, cuts it from the text MT translates for the
positive prompt and hands it over, with its terms, for the negative prompt.

term.py: what a term is; entries.py: the terms themselves (the data to extend); matching.py: finding
them in the Russian text (longest match wins) and enforcing them in the English; negation.py: what a
description leaves out.
"""

from tortodelova.adapters.ml.glossary.entries import GLOSSARY
from tortodelova.adapters.ml.glossary.matching import Hit, enforce_terms, find_hits
from tortodelova.adapters.ml.glossary.negation import Description, Negated, apply_glossary, split_description
from tortodelova.adapters.ml.glossary.term import ADJ, Term, has_cyrillic, normalize_ru

__all__ = [
    "ADJ",
    "GLOSSARY",
    "Description",
    "Hit",
    "Negated",
    "Term",
    "apply_glossary",
    "enforce_terms",
    "find_hits",
    "has_cyrillic",
    "normalize_ru",
    "split_description",
]
