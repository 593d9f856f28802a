"""The translator through the real MarianMT classes (tiny random weights, sentencepiece trained in-process)."""

from __future__ import annotations

import re

from tortodelova.adapters.ml.glossary import GLOSSARY
from tortodelova.adapters.ml.prompts import StylePromptBuilder
from tortodelova.adapters.ml.translator import MarianTranslator


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
        positive, _ = builder.build(en, "wedding", None)
        assert has_term(positive, term), (form, en)


def test_cache_latin_passthrough_and_determinism(translator, tiny_models) -> None:
    before = translator.mt_sentences
    assert translator.translate(["Pink cake with fondant"]) == ["Pink cake with fondant"]
    assert translator.mt_sentences == before
    first = translator.translate(["Торт с мастикой и безе, голубой"])
    assert translator.mt_sentences == before + 1
    assert translator.translate(["Торт  с мастикой и безе, голубой "]) == first
    assert translator.mt_sentences == before + 1  # served from the cache
    assert "fondant" in first[0] and "meringue" in first[0]
    fresh = MarianTranslator.load(str(tiny_models.marian), device="cpu")
    assert fresh.translate(["Торт с мастикой и безе, голубой"]) == first
