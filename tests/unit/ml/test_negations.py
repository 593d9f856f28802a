"""Negations: what a description says to leave out goes to the negative prompt, never to the positive.

The diffusion model draws every thing its prompt names, so «торт без мастики» must not put "fondant"
(nor "without fondant") into the positive prompt. First the glossary step on its own
(`split_description`), then through the translator with a garbling MT (the same fake as
test_glossary.py: no term survives MT, so every English term seen is the glossary's doing).
"""

from __future__ import annotations

import pytest

from tests.unit.ml.test_glossary import FakeMT, has_term
from tortodelova.adapters.ml.glossary import GLOSSARY, Term, apply_glossary, split_description
from tortodelova.adapters.ml.translator import GlossaryTranslator
from tortodelova.application.ports.ml import Translation


def avoided_terms(text: str) -> list[list[str]]:
    """The English terms of each negated phrase, in order."""
    return [[h.term.en for h in n.hits] for n in split_description(text).negated]


def kept_terms(text: str) -> list[str]:
    return [h.term.en for h in split_description(text).hits]


@pytest.mark.parametrize(
    ("ru", "kept", "avoided"),
    [
        # без, with the cases it governs
        ("Торт без мастики", [], [["fondant"]]),
        ("торт без мастики, с ягодами", ["berries"], [["fondant"]]),
        ("без мастичного покрытия и надписи", [], [["fondant", "lettering"]]),
        ("торт безо всякой мастики", [], [["fondant"]]),
        ("без сахарных цветов и без надписей, с безе", ["meringue"], [["sugar flowers"], ["lettering"]]),
        ("торт только без надписи", [], [["lettering"]]),
        ("Только без мастики! Сверху ягоды", ["berries"], [["fondant"]]),
        # не
        ("торт не розовый, а голубой", [], [[]]),
        ("не двухъярусный, а трёхъярусный", ["three-tier"], [["two-tier"]]),
        ("не мастика, а крем", ["cream"], [["fondant"]]),
        ("без надписи, не нужно бантиков", [], [["lettering"], ["bow"]]),
        # никакой / никаких / ничего / ни
        ("никаких цветов", [], [["flowers"]]),
        ("никакой мастики, с кремом", ["cream"], [["fondant"]]),
        ("торт никакого золота", [], [["gold"]]),
        ("никаких надписей и бантиков, розы", ["roses"], [["lettering", "bow"]]),
        ("ни цветов, ни надписей!", [], [["flowers"], ["lettering"]]),
        ("ни одного цветка", [], [["flowers"]]),
        ("торт с ягодами и ничего лишнего", ["berries"], [[]]),
        # кроме: excludes, unless it names the exception to a negation
        ("любые цветы, кроме роз", ["flowers"], [["roses"]]),
        ("кроме пионов, любые цветы", ["flowers"], [["peonies"]]),
        ("никаких цветов, кроме роз", ["roses"], [["flowers"]]),
        # after the thing it negates
        ("надписи не нужно, с ягодами", ["berries"], [["lettering"]]),
        ("торт с ягодами, мастику не использовать.", ["berries"], [["fondant"]]),
        ("Цветы не надо", [], [["flowers"]]),
        # a genitive list goes on; a nominative adjective is the cake's again
        ("без мастики, надписей и посыпки", [], [["fondant", "lettering", "sprinkles"]]),
        ("без белой глазури и розовой посыпки", [], [["glaze", "sprinkles"]]),
        ("торт без мастики и розовый", [], [["fondant"]]),
        ("без мастики и голубой, с безе", ["meringue"], [["fondant"]]),
        # a term that starts inside a negation is negated whole
        ("без клубники в шоколаде сверху", [], [["chocolate-covered strawberries"]]),
        ("без фигурок из мастики, с ягодами", ["berries"], [["fondant figurines"]]),
    ],
)
def test_negated_terms_are_set_apart(ru: str, kept: list[str], avoided: list[list[str]]) -> None:
    assert kept_terms(ru) == kept
    assert avoided_terms(ru) == avoided


@pytest.mark.parametrize(
    "ru",
    [
        "не менее трёх ярусов",
        "не больше двух цветов",
        "не только цветы, но и ягоды",
        "кроме того, с ягодами",
        "с безе и пионами",  # «безе» is not «без», «пионами» not «ни»
        "незабудки и нежные розы",  # words that start like a negation
    ],
)
def test_phrases_that_only_look_negated_keep_everything(ru: str) -> None:
    description = split_description(ru)
    assert description.negated == () and description.kept == ru


@pytest.mark.parametrize(
    ("ru", "kept"),
    [
        ("Торт без мастики, с ягодами", "Торт, с ягодами"),
        ("торт не розовый, а голубой", "торт, а голубой"),
        ("Торт с ягодами и без мастики, голубой", "Торт с ягодами, голубой"),
        ("Без мастики.\nС ягодами и безе", "С ягодами и безе"),
        ("голубой, а не розовый.", "голубой."),
        ("без надписи", ""),
    ],
)
def test_what_is_kept_reads_as_a_sentence(ru: str, kept: str) -> None:
    assert split_description(ru).kept == kept


def test_the_glossary_step_never_adds_a_negated_term() -> None:
    # MT rendered the negation; the glossary must not append "fondant" to it
    assert apply_glossary("торт без мастики с ягодами", "a cake with berries") == "a cake with berries"
    assert apply_glossary("торт с мастикой", "a cake") == "a cake, fondant"


def translate(ru: str, answers: dict[str, str] | None = None) -> tuple[Translation, FakeMT]:
    fake = FakeMT(answers)
    return GlossaryTranslator(fake, model_id="fake").translate([ru])[0], fake


def test_translator_leaves_negated_terms_out_of_the_prompt_and_names_them_apart() -> None:
    out, fake = translate("Торт без мастики, с ягодами")
    assert not has_term(out.text, "fondant") and has_term(out.text, "berries")
    assert out.avoid == ("fondant",)
    # the negated phrase never went through MT: its glossary term says it all
    assert fake.batches == [["Торт, с ягодами"]]


def test_a_negated_phrase_without_a_term_is_translated_for_the_negative_prompt() -> None:
    out, fake = translate(
        "торт не розовый, с бантом", {"торт, с бантом": "a cake with a bow", "розовый": "pink"}
    )
    assert out == Translation("a cake with a bow", ("pink",))
    assert sorted(fake.batches[0]) == ["розовый", "торт, с бантом"]


def test_a_negated_phrase_with_more_than_its_terms_keeps_them_after_mt() -> None:
    answers = {"торт": "a cake", "белой глазури и розовой посыпки": "white glaze and pink powdering"}
    out, _ = translate("торт без белой глазури и розовой посыпки", answers)
    assert out == Translation("a cake", ("white glaze and pink sprinkles",))


# Each term in its first form that is one phrase («крем на маскарпоне» would end a negation at «на»).
ONE_PHRASE = [
    (term, form)
    for term in GLOSSARY
    for form in [f for f in term.forms if not set(f.split()) & {"в", "на", "по", "с", "со", "для"}][:1]
]


def test_nearly_every_term_has_a_form_that_is_one_phrase() -> None:
    assert len(ONE_PHRASE) >= len(GLOSSARY) - 5


@pytest.mark.parametrize("negation", ["без", "никаких", "только без", "кроме"])
@pytest.mark.parametrize(("term", "form"), ONE_PHRASE, ids=[form for _, form in ONE_PHRASE])
def test_every_negated_term_reaches_the_negative_side_only(negation: str, term: Term, form: str) -> None:
    out, _ = translate(f"Торт {negation} {form}")
    assert not term.present_in(out.text), (form, out)
    assert any(term.present_in(a) for a in out.avoid), (form, out)


def test_a_latin_prompt_passes_through_with_nothing_to_avoid() -> None:
    out, fake = translate("pink cake without fondant")
    assert out == Translation("pink cake without fondant") and fake.batches == []
