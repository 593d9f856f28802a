"""What a design is drawn with, as the API reports it: a description's negations («без мастики») go
to the negative prompt after the user's own «Чего избегать», and never to the positive prompt.

The worker runs the production translator (glossary, negations) and prompt builder over a word-for-word
MT: from the request through the domain, the worker's translation and the prompt builder, to the answer.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest
from dishka import Provider, Scope, provide

from tests.http.harness import SETTINGS, Harness, harness
from tortodelova.adapters.ml.prompts import StylePromptBuilder
from tortodelova.adapters.ml.translator import GlossaryTranslator
from tortodelova.application.ports.ml import PromptBuilder, Translator

WORDS = {"торт": "cake", "с": "with", "ягодами": "berries", "свечи": "candles", "голубой": "blue"}


def word_for_word(sentences: list[str]) -> list[str]:
    return [re.sub(r"\w+", lambda m: WORDS.get(m.group().lower(), m.group()), s) for s in sentences]


class GlossaryMl(Provider):
    scope = Scope.APP

    @provide
    def translator(self) -> Translator:
        return GlossaryTranslator(word_for_word, model_id="word-for-word")

    @provide
    def prompts(self) -> PromptBuilder:
        return StylePromptBuilder()


@pytest.fixture
async def api() -> AsyncIterator[Harness]:
    async with harness(SETTINGS, GlossaryMl()) as h:
        yield h


STYLE_NEGATIVE = StylePromptBuilder().build("cake", "kids", None)[1]  # the style's and the base negatives


def positive(idea_en: str) -> str:
    """The final prompt of a kids' cake with this idea (the style itself names fondant figurines)."""
    return StylePromptBuilder().build(idea_en, "kids", None)[0]


async def drawn_with(api: Harness, body: dict[str, str]) -> dict[str, str]:
    headers = await api.user("baker@example.com")
    created = await api.client.post("/api/generations", json={"style": "kids", **body}, headers=headers)
    assert created.status_code == 202, created.text
    assert {o.status.value for o in await api.run_worker()} == {"success"}
    url = f"/api/generations/{created.json()['generation']['id']}"
    return (await api.client.get(url, headers=headers)).json()["generation"]


async def test_a_negated_term_follows_the_users_own_negative_prompt(api: Harness) -> None:
    design = await drawn_with(
        api, {"prompt_ru": "Голубой торт без мастики, с ягодами", "negative_prompt_ru": "свечи"}
    )
    assert design["prompt_en"] == positive("blue cake, with berries")
    assert design["negative_prompt"] == f"candles, fondant, {STYLE_NEGATIVE}"
    assert design["prompt_ru"] == "Голубой торт без мастики, с ягодами"  # as the user wrote it


async def test_negations_alone_lead_the_negative_prompt(api: Harness) -> None:
    design = await drawn_with(api, {"prompt_ru": "торт с ягодами, никаких надписей и бантиков"})
    assert design["prompt_en"] == positive("cake with berries")
    assert design["negative_prompt"] == f"lettering, bow, {STYLE_NEGATIVE}"
