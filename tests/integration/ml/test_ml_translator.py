"""The translator through the real MarianMT classes (tiny random weights, sentencepiece trained in-process)."""

from __future__ import annotations

import re

from tortodelova.adapters.ml.glossary import GLOSSARY
from tortodelova.adapters.ml.prompts import StylePromptBuilder
from tortodelova.adapters.ml.translator import MarianTranslator
from tortodelova.application.ports.ml import Translation


def has_term(text: str, term: str) -> bool:
    pattern = re.escape(term) + ("?" if term.endswith("s") else "")
    return re.search(rf"(?<![\w-]){pattern}(?![\w])", text, re.IGNORECASE) is not None


def test_every_glossary_entry_survives_the_marian_path(translator) -> None:
    # One form per term: beam search over ~200 sentences keeps this within the test timeout on a
    # shared CPU; every form of every term goes through the translator with a garbling MT in
    # tests/unit/ml/test_glossary.py.
    cases = [(t.en, t.forms[0]) for t in GLOSSARY]
    english = translator.translate([f"торт, {form}" for _, form in cases])  # one batched call
    builder = StylePromptBuilder()
    for (term, form), en in zip(cases, english, strict=True):
        positive, _ = builder.build(en.text, "wedding", None)
        assert has_term(positive, term), (form, en)


def test_cache_latin_passthrough_and_determinism(translator, tiny_models) -> None:
    before = translator.mt_sentences
    assert translator.translate(["Pink cake with fondant"]) == [Translation("Pink cake with fondant")]
    assert translator.mt_sentences == before
    first = translator.translate(["Торт с мастикой и безе, голубой"])
    assert translator.mt_sentences == before + 1
    assert translator.translate(["Торт  с мастикой и безе, голубой "]) == first
    assert translator.mt_sentences == before + 1  # served from the cache
    assert "fondant" in first[0].text and "meringue" in first[0].text
    fresh = MarianTranslator.load(str(tiny_models.marian), device="cpu")
    assert fresh.translate(["Торт с мастикой и безе, голубой"]) == first


def test_negated_terms_reach_the_negative_side_only_through_marian(translator) -> None:
    negated, plain, uncovered = translator.translate(
        ["Торт без мастики, с ягодами", "Торт, с ягодами", "Торт не розовый, никаких надписей"]
    )
    # The negated phrase is cut out before MT: the prompt is what the rest of the text gives alone.
    assert negated == Translation(plain.text, ("fondant",))
    assert not has_term(negated.text, "fondant") and has_term(negated.text, "berries")
    # «розовый» has no glossary term: MT says it, for the negative prompt; «надписей» is the glossary's.
    assert len(uncovered.avoid) == 2 and uncovered.avoid[1] == "lettering"
    assert uncovered.avoid[0] and not re.search(r"[а-яё]", uncovered.avoid[0].lower())
    assert not has_term(uncovered.text, "lettering")
