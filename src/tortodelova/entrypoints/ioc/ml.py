"""The worker's ML side as providers; the engine is built on first use (the API never asks)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from dishka import Provider, Scope, provide

from tortodelova.adapters.ml.prompts import StylePromptBuilder
from tortodelova.application.ports.ml import ImageGenerator, PromptBuilder, Translator
from tortodelova.application.ports.upscaling import Upscaler
from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.ioc.ml_engine import LazyUpscaler, build_ml, build_upscaler


@dataclass(frozen=True, slots=True)
class MlEngine:
    translator: Translator
    generator: ImageGenerator


class MlProvider(Provider):
    """The worker's ML side, from ML_ENGINE and the files on disk (ModelsMissing when absent)."""

    scope = Scope.APP
    prompts = provide(StylePromptBuilder, provides=PromptBuilder)

    @provide
    async def engine(self, settings: Settings) -> MlEngine:
        translator, generator = await asyncio.to_thread(build_ml, settings)  # loads weights: blocking
        return MlEngine(translator, generator)

    @provide
    def translator(self, engine: MlEngine) -> Translator:
        return engine.translator

    @provide
    def generator(self, engine: MlEngine) -> ImageGenerator:
        return engine.generator

    @provide
    def upscaler(self, settings: Settings) -> Upscaler:
        return LazyUpscaler(lambda: build_upscaler(settings))  # loads weights on the first upscale job
