"""Glossary: baking terms reach the English prompt whatever the MT model does with them.

A fake MT stands in for Marian: it transliterates Cyrillic letter by letter (the worst garbling: no
term survives), or returns a fixed rendering, so the tests show what the glossary itself guarantees.
"""

from __future__ import annotations

import re

import pytest

from tortodelova.adapters.ml.glossary import GLOSSARY, Term, apply_glossary, find_hits, normalize_ru
from tortodelova.adapters.ml.prompts import StylePromptBuilder
from tortodelova.adapters.ml.translator import GlossaryTranslator
from tortodelova.application.ports.ml import Translation

_TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", "abvgdeejzijklmnoprstufhc4ww'y'eua", strict=True))


def transliterate(text: str) -> str:
    return "".join(_TRANSLIT.get(c, _TRANSLIT.get(c.lower(), c)) for c in text)


class FakeMT:
    """Garbling MT: transliteration, or a fixed answer per sentence. Records what it was asked."""

    def __init__(self, answers: dict[str, str] | None = None) -> None:
        self.answers = answers or {}
        self.batches: list[list[str]] = []

    def __call__(self, sentences: list[str]) -> list[str]:
        self.batches.append(list(sentences))
        return [self.answers.get(s, transliterate(s)) for s in sentences]


def term_position(text: str, term: str) -> int | None:
    """Where the term stands as a phrase of its own; a plural term also counts in the singular."""
    pattern = re.escape(term)
    if term.endswith("s"):
        pattern += "?"
    m = re.search(rf"(?<![\w-]){pattern}(?![\w])", text, re.IGNORECASE)
    return m.start() if m else None


def has_term(text: str, term: str) -> bool:
    return term_position(text, term) is not None


def test_glossary_is_large_and_unambiguous() -> None:
    assert len(GLOSSARY) >= 150
    headwords = [t.ru for t in GLOSSARY]
    assert len(headwords) == len(set(headwords))


# Forms that name their term inside a longer phrase, so another term is rightly found beside it.
CONTEXT_FORMS = {
    "шоколадный ганаш": "шоколад",
    "крем на маскарпоне": "крем",
    "ягодное суфле": "ягоды",
    "клубничный джем": "клубника",
    "бисквитный рулет": "бисквит",
    "лимонный курд": "лимон",
    "орехи пекан": "орехи",
    "листики мяты": "листья",
    "манго-маракуйя": "маракуйя",
    "мазки шпателем": "мазки",
}


@pytest.mark.parametrize(
    ("headword", "form"), [(t.ru, f) for t in GLOSSARY for f in t.forms], ids=lambda v: str(v)
)
def test_every_form_is_found_as_its_own_term(headword: str, form: str) -> None:
    """Each listed form matches its term, and no other term takes it (the longest match wins)."""
    found = sorted(h.term.ru for h in find_hits(form))
    assert found == sorted([headword, *([CONTEXT_FORMS[form]] if form in CONTEXT_FORMS else [])])


@pytest.mark.parametrize("term", GLOSSARY, ids=lambda t: t.ru)
def test_every_term_english_is_recognised_and_kept_as_is(term: Term) -> None:
    """When MT already gives the glossary's English, it passes through unchanged (not appended twice)."""
    english = f"a cake with {term.en}"
    assert apply_glossary(term.forms[0], english) == english


@pytest.mark.parametrize(
    "everyday",
    [
        "голубой",
        "розовый",
        "цвета",
        "цветом",
        "разных цветов",
        "джемпер",
        "кремовый",
        "рулетка",
        "лист бумаги",
        # near the terms of the five families (issue 20)
        "слоёный",
        "поездка",
        "замечательный",
        "лепестки",
        "зайти",
        "операция",
        "понимаю",
        "машинально",
        "котлета",
    ],
)
def test_everyday_words_are_not_baking_terms(everyday: str) -> None:
    assert find_hits(everyday) == []


@pytest.mark.parametrize(
    ("ru", "expected"),
    [
        ("торт с шоколадной глазурью", ["chocolate glaze"]),
        ("фигурки из мастики", ["fondant figurines"]),
        ("вареной сгущенкой и сгущенкой", ["dulce de leche", "condensed milk"]),
        ("меренговый рулет и рулетики", ["meringue roulade", "swiss roll"]),
        ("клубника в шоколаде", ["chocolate-covered strawberries"]),
        ("грецкими орехами", ["walnuts"]),
        ("торт-мороженое", ["ice cream cake"]),
        ("шифоновый бисквит", ["chiffon cake"]),
        ("пищевым золотом и сусальным золотом", ["edible gold", "gold leaf"]),
        ("ромашка-градиент с ромашками", ["ombre petal cake", "daisies"]),
        ("конфетти и конфеты", ["confetti sprinkles", "candies"]),
        ("тарталетки и тарт", ["tartlets", "tart"]),
        ("двухэтажный торт в форме полусферы", ["two-tier", "dome"]),
    ],
)
def test_longer_terms_win_over_their_parts(ru: str, expected: list[str]) -> None:
    assert [h.term.en for h in find_hits(ru)] == expected


@pytest.mark.parametrize(
    ("ru", "mt", "expected"),
    [
        (
            "торт с грецкими орехами и мармеладом",
            "cake with Greek nuts and marmalade",
            "cake with walnuts and jelly candies",
        ),
        ("рулет с пропиткой", "Roulette with impregnation", "swiss roll with soaking syrup"),
        ("торт-полусфера с надписью", "Hemisphere cake with inscription", "dome cake with lettering"),
        ("белковый крем, заварной крем", "protein cream, brewed cream", "meringue frosting, custard cream"),
        ("шоколадные сферы на эскимо", "chocolate balls on Eskimo", "chocolate spheres on cakesicles"),
    ],
)
def test_new_false_friends_are_replaced(ru: str, mt: str, expected: str) -> None:
    out = GlossaryTranslator(FakeMT({ru: mt}), model_id="fake").translate([ru])[0].text
    assert out == expected


CASES = [(t.en, form) for t in GLOSSARY for form in t.forms]


@pytest.mark.parametrize(("english", "form"), CASES, ids=[f"{f}->{e}" for e, f in CASES])
def test_every_entry_and_form_reaches_the_final_prompt(english: str, form: str) -> None:
    translator = GlossaryTranslator(FakeMT(), model_id="fake")
    prompt_en = translator.translate([f"торт, {form}"])[0].text
    positive, _ = StylePromptBuilder().build(prompt_en, "classic", None)
    position = term_position(positive, english)
    assert position is not None, (form, prompt_en)
    # The term belongs to the user's idea, before the style preset (CLIP keeps the first 77 tokens).
    assert position < positive.index("classic layered cake")


@pytest.mark.parametrize(
    ("ru", "must"),
    [
        ("Торт, покрытый мастикой", ["fondant"]),
        ("ярусный торт с сахарными цветами", ["tiers", "sugar flowers"]),
        ("Двухъярусный торт с подтёками", ["two-tier", "drips"]),
        ("двухъярусный торт с подтеками", ["two-tier", "drips"]),
        ("ТРЁХЪЯРУСНЫЙ свадебный торт", ["three-tier"]),
        ("трехъярусный свадебный торт", ["three-tier"]),
        ("голый торт с ягодами и безе", ["naked cake", "berries", "meringue"]),
        ("бенто-торт с велюром", ["bento cake", "velour finish"]),
        ("торт с зеркальной глазурью и ганашем", ["mirror glaze", "ganache"]),
        ("торт с макаронсами и шоколадными подтёками", ["macarons", "chocolate", "drips"]),
    ],
)
def test_inflected_and_yo_spellings(ru: str, must: list[str]) -> None:
    out = GlossaryTranslator(FakeMT(), model_id="fake").translate([ru])[0].text
    for term in must:
        assert has_term(out, term), (ru, out, term)


def test_longest_match_wins_and_unrelated_words_do_not_match() -> None:
    hits = [h.term.en for h in find_hits("Торт с зеркальной глазурью, белым шоколадом и голубой посыпкой")]
    assert hits == ["mirror glaze", "white chocolate", "sprinkles"]
    # голубой (blue) is not голый (naked); розовый (pink) is not розы (roses); многоярусный is not ярусы
    assert [h.term.en for h in find_hits("голубой розовый многоярусный")] == ["multi-tier"]


def test_known_mistranslations_are_replaced_in_place() -> None:
    ru = "Двухъярусный торт с мастикой и зеркальной глазурью"
    fake = FakeMT({ru: "Bunk cake with mastic and mirror icing"})
    out = GlossaryTranslator(fake, model_id="fake").translate([ru])[0].text
    assert out == "two-tier cake with fondant and mirror glaze"


def test_correct_translation_is_left_alone_without_duplicates() -> None:
    ru = "голый торт с безе и ганашем"
    fake = FakeMT({ru: "Naked cake with meringues and ganache"})
    out = GlossaryTranslator(fake, model_id="fake").translate([ru])[0].text
    assert out == "Naked cake with meringues and ganache"


def test_missing_terms_are_appended_after_the_mt_output() -> None:
    ru = "торт с велюром и сахарными цветами."
    fake = FakeMT({ru: "a cake with something."})
    out = GlossaryTranslator(fake, model_id="fake").translate([ru])[0].text
    assert out == "a cake with something, velour finish, sugar flowers"


def test_latin_prompts_skip_translation_and_repeats_are_cached() -> None:
    fake = FakeMT()
    translator = GlossaryTranslator(fake, model_id="fake")
    assert translator.translate(["pink  cake with fondant", "123"]) == [
        Translation("pink cake with fondant"),
        Translation("123"),
    ]
    assert fake.batches == []
    first = translator.translate(["торт с мастикой", "торт  с мастикой", "Торт с безе"])
    again = translator.translate(["торт с мастикой"])
    assert first[0] == first[1] == again[0]
    assert fake.batches == [["торт с мастикой", "Торт с безе"]]  # one batch, each prompt once
    assert translator.mt_sentences == 2


def test_multi_sentence_prompts_are_translated_sentence_by_sentence() -> None:
    fake = FakeMT()
    GlossaryTranslator(fake, model_id="fake").translate(["Торт с мастикой. Сверху безе!\nHappy birthday"])
    assert fake.batches == [["Торт с мастикой.", "Сверху безе!"]]


def test_cache_is_bounded_lru() -> None:
    fake = FakeMT()
    translator = GlossaryTranslator(fake, model_id="fake", cache_size=2)
    translator.translate(["торт один"])
    translator.translate(["торт два"])
    translator.translate(["торт один"])  # refreshes "один"
    translator.translate(["торт три"])  # evicts "два"
    translator.translate(["торт один", "торт два"])
    assert [b for batch in fake.batches for b in batch] == ["торт один", "торт два", "торт три", "торт два"]


def test_normalisation() -> None:
    assert normalize_ru("Подтёки – Ёлка") == "подтеки - елка"
