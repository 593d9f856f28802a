"""Test containers, built from the composition root's providers (tortodelova.entrypoints.ioc) with
overriding providers for the test doubles: fake ML, a fast hasher, in-process readiness.

memory_container(settings, *overrides)    memory infrastructure (no admin statistics: SQL only)
postgres_container(settings, *overrides)  PostgreSQL at settings.database_url, memory object store
Providers given later win, so a test passes its own (a fake clock, a failing use case) last.
"""

from __future__ import annotations

from typing import Any, TypeVar

from dishka import AsyncContainer, Provider, Scope, provide

from tests.support.fake_ml import (
    DictionaryTranslator,
    ResizingUpscaler,
    SolidColorGenerator,
    StylePromptJoiner,
)
from tests.support.hashing import PlainHasher
from tests.support.memory_providers import MemoryStorageProvider, memory_providers
from tortodelova.application.ports.ml import ImageGenerator, PromptBuilder, Translator
from tortodelova.application.ports.security import PasswordHasher
from tortodelova.application.ports.upscaling import Upscaler
from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.http.provider import HttpProvider
from tortodelova.entrypoints.ioc import build_container, postgres_providers
from tortodelova.entrypoints.ioc.readiness_checks import Readiness, ml_engine_info

T = TypeVar("T")


def instance(kind: type[T], value: T) -> Provider:
    """A provider of this one object as `kind` (a test's clock, stream timings, a broken listener)."""
    provider = Provider(scope=Scope.APP)
    provider.provide(lambda: value, provides=kind)
    return provider


class FastHashing(Provider):
    """Argon2 is slow by design; tests that are not about hashing use a sha256 stand-in."""

    scope = Scope.APP

    @provide
    def hasher(self) -> PasswordHasher:
        return PlainHasher()


class FakeMl(Provider):
    """Dictionary translation, prompt joining, solid-colour PNGs, Lanczos upscales: the worker without torch."""

    scope = Scope.APP

    @provide
    def translator(self) -> Translator:
        return DictionaryTranslator()

    @provide
    def prompts(self) -> PromptBuilder:
        return StylePromptJoiner()

    @provide
    def generator(self) -> ImageGenerator:
        return SolidColorGenerator()

    @provide
    def upscaler(self) -> Upscaler:
        return ResizingUpscaler()


async def _in_process() -> dict[str, Any]:
    return {"status": "ok", "backend": "memory"}


class InProcessReadiness(Provider):
    """Readiness when the stores live in this process (the ML engine is still read from settings)."""

    scope = Scope.APP

    @provide
    def readiness(self, settings: Settings) -> Readiness:
        return Readiness(
            checks={"database": _in_process, "storage": _in_process}, ml=ml_engine_info(settings)
        )


def test_doubles(fast_hashing: bool = True) -> tuple[Provider, ...]:
    """The fakes, and the API's own objects (serve adds HttpProvider the same way)."""
    return (HttpProvider(), FakeMl(), InProcessReadiness(), *((FastHashing(),) if fast_hashing else ()))


def memory_container(settings: Settings, *overrides: Provider, fast_hashing: bool = True) -> AsyncContainer:
    return build_container(settings, *memory_providers(), *test_doubles(fast_hashing), *overrides)


def postgres_container(settings: Settings, *overrides: Provider, fast_hashing: bool = True) -> AsyncContainer:
    """PostgreSQL for persistence, queue, events and statistics; images stay in memory."""
    return build_container(
        settings, *postgres_providers(), MemoryStorageProvider(), *test_doubles(fast_hashing), *overrides
    )
