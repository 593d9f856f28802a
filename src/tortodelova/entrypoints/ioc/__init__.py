"""The composition root: dishka providers. One container per process, built from Settings.

APP scope holds the long-lived things (engine, S3 client, token service, event stream, ML engine);
REQUEST scope holds a unit of work and the use cases built on it (an HTTP request, a worker batch).

application.py     CoreProvider (clock, ids, seeds, hasher, tokens), UseCaseProvider (every use case,
                   ProcessGeneration included, in REQUEST scope)
policies.py        PolicyProvider (the settings objects the use cases take: WelcomeBonus, SubmitPolicy...)
ml.py              MlProvider (translator, prompt builder, image generator, from ML_ENGINE)
payments.py        PaymentsProvider (the credit packs on sale, the payment gateway from PAYMENT_PROVIDER)
printing.py        PrintingProvider (print renderer, inscription renderer, the printing use cases)
infrastructure.py  PostgresProvider, StatsProvider (StatsReader, GetStats), S3Provider
readiness.py       ReadinessProvider (database and storage checks; the ML engine info is in CoreProvider)
readiness_checks.py  Readiness (the named checks /api/ready runs) and MlEngineInfo
ml_engine.py       which ML engine this installation runs (settings and files, no torch) and building it

make_container(settings, *overrides): PostgreSQL + S3, for `serve`, `worker` and the admin CLI.
Tests build theirs from these providers too, with the in-memory infrastructure
(tests/support/memory_providers.py) and overriding providers of their own (fake ML, fast hasher,
fake clock): a provider given later wins.
Nothing builds a provider's result before it is asked for, so the API never loads the ML engine.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TypeVar

from dishka import AsyncContainer, Provider, make_async_container

from tortodelova.entrypoints.config.settings import Settings
from tortodelova.entrypoints.ioc.application import CoreProvider, UseCaseProvider
from tortodelova.entrypoints.ioc.infrastructure import (
    PostgresProvider,
    S3Provider,
    StatsProvider,
)
from tortodelova.entrypoints.ioc.ml import MlProvider
from tortodelova.entrypoints.ioc.payments import PaymentsProvider
from tortodelova.entrypoints.ioc.policies import PolicyProvider
from tortodelova.entrypoints.ioc.printing import PrintingProvider
from tortodelova.entrypoints.ioc.readiness import ReadinessProvider

T = TypeVar("T")


def application_providers() -> tuple[Provider, ...]:
    """What every container has, whatever the infrastructure under it."""
    return (
        CoreProvider(),
        PolicyProvider(),
        UseCaseProvider(),
        MlProvider(),
        PaymentsProvider(),
        PrintingProvider(),
    )


def postgres_providers() -> tuple[Provider, ...]:
    return PostgresProvider(), StatsProvider()


def build_container(settings: Settings, *providers: Provider) -> AsyncContainer:
    """The application providers, then the infrastructure and overrides given (later ones win). The
    API adds its own objects' provider (entrypoints/http/provider.py: HttpProvider)."""
    return make_async_container(*application_providers(), *providers, context={Settings: settings})


def make_container(settings: Settings, *overrides: Provider) -> AsyncContainer:
    """Production: PostgreSQL and S3 (`serve`, `worker`, the admin CLI)."""
    return build_container(settings, *postgres_providers(), S3Provider(), ReadinessProvider(), *overrides)


@asynccontextmanager
async def in_request(container: AsyncContainer, kind: type[T]) -> AsyncIterator[T]:
    """One REQUEST scope around one object (a worker batch, a CLI command)."""
    async with container() as request:
        yield await request.get(kind)
