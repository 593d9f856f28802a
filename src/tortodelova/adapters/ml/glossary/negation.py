"""What a Russian description says to leave out: «без мастики», «не розовый», «никаких цветов»,
«ни бантов, ни надписей», «кроме роз», «только без надписи», «надписи не нужно».

A diffusion model draws every thing its prompt names, "without" or not. So a negated phrase must not
reach the positive prompt at all: `split_description` cuts it out of the text that MT translates and
hands it over, with its glossary terms, for the negative prompt.

The scope of a negation is found by a few rules over words, without a parser:
- it starts after the negation word and the words that only carry it («не нужно», «ни одного»);
- it runs to the end of the clause: punctuation, or a word that starts something new (с, на, в, для,
  но, а, зато...);
- it goes on over «и»/«или» and commas while the list stays in the genitive that «без» and «никаких»
  govern («без мастики, надписей и посыпки»), and stops before a nominative adjective («без мастики
  и розовый»: the cake is pink);
- a negation after the thing it negates («надписи не нужно», «мастику не использовать») takes the
  words before it in its clause;
- «кроме» right after a negation names what stays («никаких цветов, кроме роз»: roses are wanted);
  anywhere else it excludes («любые цветы, кроме роз»);
- a glossary term that starts inside a scope is negated whole («без клубники в шоколаде»).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tortodelova.adapters.ml.glossary.entries import GLOSSARY
from tortodelova.adapters.ml.glossary.matching import Hit, enforce_terms, find_hits
from tortodelova.adapters.ml.glossary.term import Term, normalize_ru

_TOKEN = re.compile(r"\w+(?:-\w+)*|\n|[^\w\s]")
_QUOTES = frozenset("«»\"„“”'")
_NEGATIONS = frozenset({"без", "безо", "не", "ни", "кроме", "ничего"})
_NONE = re.compile(r"никак(?:ой|ая|ое|ие|ого|ому|им|ом|ую|их|ими)")  # никаких цветов, никакой надписи
# «не» that does not negate what follows: «не менее трёх ярусов», «не только цветы, но и ягоды».
_NOT_NEGATING = frozenset(
    {"менее", "более", "больше", "меньше", "только", "раньше", "позже", "позднее", "обязательно"}
)
_NOT_EXCLUDING = frozenset({"того", "этого", "всего", "прочего", "также", "тоже"})  # «кроме того»
# Words that only carry a negation: «не нужно надписей», «ни одного цветка», «без всяких блёсток».
_CARRIERS = frozenset(
    {
        "надо",
        "нужно",
        "нужен",
        "нужна",
        "нужны",
        "хочу",
        "хотим",
        "хочется",
        "хотелось",
        "бы",
        "стоит",
        "требуется",
        "должно",
        "должен",
        "должна",
        "должны",
        "быть",
        "будет",
        "было",
        "были",
        "делать",
        "делайте",
        "добавлять",
        "добавляйте",
        "ставить",
        "ставьте",
        "рисовать",
        "рисуйте",
        "использовать",
        "используйте",
        "одного",
        "одной",
        "одно",
        "один",
        "очень",
        "слишком",
        "совсем",
        "вообще",
        "никаких",
    }
)
_CARRIER = re.compile(r"всяк\w*|как(?:ой|ая|ое|ие|ого|их)-либо|какого-либо")
# Words that start something new: the negation ends before them.
_BOUNDARIES = frozenset(
    {
        "с",
        "со",
        "на",
        "в",
        "во",
        "для",
        "по",
        "под",
        "над",
        "при",
        "сверху",
        "снизу",
        "внутри",
        "вокруг",
        "сбоку",
        "а",
        "но",
        "зато",
        "однако",
        "плюс",
        "также",
        "тоже",
        "только",
        "причем",
        "еще",
        "вместо",
        "чтобы",
    }
)
_AND = frozenset({"и", "или", "либо"})
_GENITIVE = re.compile(r"\w{2,}(?:ов|ев|ей|ого|его|ых|их)")  # надписей, бантиков, розовых
_NOMINATIVE_ADJ = re.compile(r"\w{2,}(?:ый|ий|ая|яя|ое|ее|ые|ие)")  # розовый, белая
_WORD = re.compile(r"\w+(?:-\w+)*")
_CAKE = re.compile(r"торт(?:а|у|ом|е|ы|ов|ами|ах|ик\w*)?")  # the cake itself is never to be avoided
_FILLER = _AND | {"ни", "из"}  # words between the avoided things, said by the terms alone


@dataclass(frozen=True, slots=True)
class _Token:
    text: str  # normalised
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum() or self.text[0] == "_"


@dataclass(frozen=True, slots=True)
class _Span:
    """A negation: `cut` leaves the text for the positive prompt, `scope` is what is avoided."""

    cut_start: int
    cut_end: int
    scope_start: int
    scope_end: int


@dataclass(frozen=True, slots=True)
class Negated:
    """One thing the description says to leave out."""

    source: str  # its Russian words, the negation left out («мастики и надписей»)
    hits: tuple[Hit, ...]  # the glossary terms in it
    covered: bool  # the terms say it all, no MT needed («мастики и надписей» -> fondant, lettering)


@dataclass(frozen=True, slots=True)
class Description:
    """A description split into what to draw and what to leave out."""

    kept: str  # the text with its negated phrases cut out: what MT translates for the positive prompt
    hits: tuple[Hit, ...]  # the glossary terms of what is kept
    negated: tuple[Negated, ...]


def split_description(text: str, glossary: Sequence[Term] = GLOSSARY) -> Description:
    norm = normalize_ru(text)  # as long as `text`: positions carry over
    hits = find_hits(text, glossary)
    spans = _negations([_Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(norm)], hits)
    if not spans:
        return Description(text, tuple(hits), ())
    negated = [n for n in (_negated(text, norm, span, hits) for span in spans) if n is not None]
    kept = text
    for span in reversed(spans):
        kept = kept[: span.cut_start] + " " + kept[span.cut_end :]
    kept_hits = tuple(h for h in hits if not any(s.cut_start <= h.start < s.cut_end for s in spans))
    return Description(_tidy(kept), kept_hits, tuple(negated))


def apply_glossary(source_ru: str, english: str, glossary: Sequence[Term] = GLOSSARY) -> str:
    """`english` with the terms of what `source_ru` keeps made present; a negated term is never added."""
    return enforce_terms(english, split_description(source_ru, glossary).hits)


def _negated(text: str, norm: str, span: _Span, hits: Sequence[Hit]) -> Negated | None:
    inside = tuple(h for h in hits if span.scope_start <= h.start < span.scope_end)

    def in_a_term(m: re.Match[str]) -> bool:
        return any(h.start <= m.start() < h.end for h in inside)

    words = list(_WORD.finditer(norm, span.scope_start, span.scope_end))
    avoided = [m for m in words if in_a_term(m) or not _CAKE.fullmatch(m.group())]
    if not avoided:
        return None
    source = " ".join(
        text[m.start() : m.end()] for m in avoided
    )  # words only: the punctuation between them says nothing to MT here
    covered = bool(inside) and all(in_a_term(m) or m.group() in _FILLER for m in avoided)
    return Negated(source, inside, covered)


def _negations(tokens: list[_Token], hits: Sequence[Hit]) -> list[_Span]:
    """The negations of a tokenised text, in order, not overlapping."""
    spans: list[_Span] = []
    after_last = 0  # the index of the first token after the previous negation
    i = 0
    while i < len(tokens):
        size = _negation_at(tokens, i)
        if not size or (tokens[i].text == "кроме" and spans and _right_after(tokens, after_last, i)):
            i += 1  # not a negation; or «никаких цветов, кроме роз»: the roses stay
            continue
        j = i + size
        while j < len(tokens) and _carries(tokens[j].text):
            j += 1
        k = _scope_end(tokens, j)
        if k > j:  # «без мастики»: the scope follows
            start, end = tokens[j].start, tokens[k - 1].end
            end = max([end, *(h.end for h in hits if start <= h.start < end)])
            spans.append(_Span(tokens[i].start, end, start, end))
        elif tokens[i].text == "не" and j > i + 1 and (back := _clause_start(tokens, i, after_last)) < i:
            # «надписи не нужно»: the negation comes after what it negates
            start, end = tokens[back].start, tokens[i - 1].end
            spans.append(_Span(start, tokens[j - 1].end, start, end))
        else:
            i += 1
            continue
        cut_end = spans[-1].cut_end
        after_last = next((n for n in range(i, len(tokens)) if tokens[n].start >= cut_end), len(tokens))
        i = after_last
    return spans


def _negation_at(tokens: list[_Token], i: int) -> int:
    """How many tokens the negation starting at `i` takes (0: none starts there)."""
    word = tokens[i].text
    following = tokens[i + 1].text if i + 1 < len(tokens) else ""
    if word == "только" and following in ("без", "безо"):
        return 2  # «только без надписи»
    if word == "не" and following in _NOT_NEGATING:
        return 0
    if word == "кроме" and following in _NOT_EXCLUDING:
        return 0
    return 1 if word in _NEGATIONS or _NONE.fullmatch(word) else 0


def _carries(word: str) -> bool:
    return word in _CARRIERS or _CARRIER.fullmatch(word) is not None


def _scope_end(tokens: list[_Token], j: int) -> int:
    """The index after the last token of the scope that starts at `j` (`j` when it is empty)."""
    k = j
    while k < len(tokens):
        token = tokens[k]
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if token.text in _QUOTES:
            k += 1
            continue
        if not token.is_word:
            # «без мастики, надписей и посыпки»: the genitive list goes on past the comma
            if (
                token.text == ","
                and nxt is not None
                and _continues(tokens, k + 1)
                and _GENITIVE.fullmatch(nxt.text)
            ):
                k += 1
                continue
            break
        if not _continues(tokens, k):
            break
        if token.text in _AND:
            after = tokens[k + 2] if k + 2 < len(tokens) else None
            if nxt is None or not _continues(tokens, k + 1) or _nominative(nxt, after):
                break
        k += 1
    while k > j and (tokens[k - 1].text in _AND or not tokens[k - 1].is_word):
        k -= 1  # a trailing «и» or comma is not part of it
    return k


def _continues(tokens: list[_Token], k: int) -> bool:
    """Is the word at `k` still inside a negation's scope (not a new clause or a new negation)?"""
    token = tokens[k]
    return token.is_word and token.text not in _BOUNDARIES and not _negation_at(tokens, k)


def _nominative(word: _Token, after: _Token | None) -> bool:
    """«розовый», «белая»: a nominative adjective describes the cake, not what is left out. An «-ой»
    adjective is nominative at the end of its clause («и голубой»), genitive before its noun («и
    розовой посыпки»)."""
    if _NOMINATIVE_ADJ.fullmatch(word.text):
        return True
    return word.text.endswith("ой") and (after is None or not after.is_word or after.text in _BOUNDARIES)


def _clause_start(tokens: list[_Token], i: int, floor: int) -> int:
    """The first word of the clause that ends before token `i` (`i` when there is none)."""
    back = i
    while back > floor and tokens[back - 1].is_word and tokens[back - 1].text not in _BOUNDARIES:
        back -= 1
    while back < i and tokens[back].text in _AND:
        back += 1
    return back


def _right_after(tokens: list[_Token], after_last: int, i: int) -> bool:
    """Only commas between the previous negation and token `i`?"""
    return all(t.text == "," for t in tokens[after_last:i])


_SPACE_BEFORE_PUNCT = re.compile(r"[ \t]+(?=[,;:.!?)»])")
_CONJUNCTION_BEFORE_PUNCT = re.compile(r"(?i)[ \t]+(?:и|или|либо|а|но)(?=[ \t]*(?:[,;:.!?\n]|$))")
_REPEATED_PUNCT = re.compile(r"[,;:][ \t]*(?=[,;:.!?]|$)")
_LEADING_PUNCT = re.compile(r"(^|\n)[ \t]*[,;:.!?][ \t]*")


def _tidy(text: str) -> str:
    """What remains of a text once phrases are cut out: no doubled or dangling punctuation, no
    conjunction left joining nothing, single spaces; line breaks stay (they separate sentences)."""
    previous = None
    text = re.sub(r"[ \t]+", " ", text)
    while previous != text:
        previous = text
        text = _CONJUNCTION_BEFORE_PUNCT.sub("", text)
        text = _SPACE_BEFORE_PUNCT.sub("", text)
        text = _REPEATED_PUNCT.sub("", text)
        text = _LEADING_PUNCT.sub(r"\1", text)
    return text.strip(" \t\n,;:")
