"""The composition root: dishka providers. One container per process, built from Settings.

APP scope holds the long-lived things (engine, S3 client, token service, event stream, ML engine);
REQUEST scope holds a unit of work and the use cases built on it (an HTTP request, a worker batch).

make_container(settings, *overrides): PostgreSQL + S3, for `serve`, `worker` and the admin CLI.
Tests build theirs from these providers too, with the in-memory infrastructure and overriding
providers of their own (fake ML, fast hasher, fake clock): a provider given later wins.
Nothing builds a provider's result before it is asked for, so the API never loads the ML engine.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import TypeVar

from dishka import AsyncContainer, Provider, Scope, from_context, make_async_container, provide

from tortodelova.adapters.db.database import Database
from tortodelova.adapters.memory.events import MemoryEvents
from tortodelova.adapters.memory.object_store import MemoryObjectStore
from tortodelova.adapters.memory.queue import MemoryJobQueue
from tortodelova.adapters.memory.store import MemoryDatabase
from tortodelova.adapters.memory.unit_of_work import MemoryUnitOfWork
from tortodelova.adapters.ml.prompts import StylePromptBuilder
from tortodelova.adapters.security.passwords import Argon2Hasher
from tortodelova.adapters.security.tokens import JwtTokenService
from tortodelova.adapters.storage.s3 import S3Config, S3ObjectStore
from tortodelova.adapters.system import RandomSeeds, SystemClock, UuidGenerator
from tortodelova.application.ports.events import EventPublisher, EventStream
from tortodelova.application.ports.ml import ImageGenerator, PromptBuilder, Translator
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.queue import JobQueue
from tortodelova.application.ports.security import PasswordHasher, TokenService
from tortodelova.application.ports.stats import StatsReader
from tortodelova.application.ports.storage import ObjectStore
from tortodelova.application.ports.system import Clock, IdGenerator, SeedSource
from tortodelova.application.use_cases.adjust_balance import AdjustBalance
from tortodelova.application.use_cases.authenticate import Authenticate
from tortodelova.application.use_cases.ensure_admin import EnsureAdmin
from tortodelova.application.use_cases.get_generation import GetGeneration
from tortodelova.application.use_cases.get_profile import GetProfile
from tortodelova.application.use_cases.get_stats import GetStats
from tortodelova.application.use_cases.list_generations import ListGenerations
from tortodelova.application.use_cases.list_transactions import ListTransactions
from tortodelova.application.use_cases.list_users import ListUsers
from tortodelova.application.use_cases.logout import Logout
from tortodelova.application.use_cases.process_generation import ProcessGeneration
from tortodelova.application.use_cases.quote_generation import QuoteGeneration
from tortodelova.application.use_cases.refresh_session import RefreshSession
from tortodelova.application.use_cases.register_user import RegisterUser
from tortodelova.application.use_cases.submit_generation import SubmitGeneration
from tortodelova.application.use_cases.top_up import TopUp
from tortodelova.entrypoints.ml_engine import build_ml
from tortodelova.entrypoints.settings import Settings

T = TypeVar("T")


class CoreProvider(Provider):
    """Time, ids, hashing and tokens: the same in every process and every mode."""

    scope = Scope.APP
    settings = from_context(provides=Settings, scope=Scope.APP)
    clock = provide(SystemClock, provides=Clock)
    ids = provide(UuidGenerator, provides=IdGenerator)
    seeds = provide(RandomSeeds, provides=SeedSource)

    @provide
    def hasher(self) -> PasswordHasher:
        return Argon2Hasher()

    @provide
    def tokens(self, settings: Settings, clock: Clock) -> TokenService:
        return JwtTokenService(
            settings.jwt_secret,
            clock,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            access_ttl_seconds=settings.access_token_ttl_seconds,
            refresh_ttl_seconds=settings.refresh_token_ttl_days * 86400,
        )


class UseCaseProvider(Provider):
    scope = Scope.REQUEST

    authenticate = provide(Authenticate)
    refresh = provide(RefreshSession)
    logout = provide(Logout)
    profile = provide(GetProfile)
    top_up = provide(TopUp)
    quote = provide(QuoteGeneration)
    get_generation = provide(GetGeneration)
    list_generations = provide(ListGenerations)
    list_transactions = provide(ListTransactions)
    list_users = provide(ListUsers)
    adjust = provide(AdjustBalance)
    ensure_admin = provide(EnsureAdmin)

    @provide
    def register(
        self, uow: UnitOfWork, hasher: PasswordHasher, ids: IdGenerator, clock: Clock, settings: Settings
    ) -> RegisterUser:
        return RegisterUser(
            uow=uow, hasher=hasher, ids=ids, clock=clock, welcome_bonus=settings.welcome_bonus_credits
        )

    @provide
    def submit(
        self, uow: UnitOfWork, ids: IdGenerator, clock: Clock, seeds: SeedSource, events: EventPublisher,
        settings: Settings,
    ) -> SubmitGeneration:
        return SubmitGeneration(
            uow=uow, ids=ids, clock=clock, seeds=seeds, events=events, model_id=settings.generator_model
        )

    @provide
    def process(
        self, uow: UnitOfWork, translator: Translator, prompts: PromptBuilder, generator: ImageGenerator,
        store: ObjectStore, events: EventPublisher, ids: IdGenerator, clock: Clock, settings: Settings,
    ) -> ProcessGeneration:
        return ProcessGeneration(
            uow=uow, translator=translator, prompts=prompts, generator=generator, store=store, events=events,
            ids=ids, clock=clock, max_attempts=settings.max_attempts,
        )


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


class StatsProvider(Provider):
    """Admin statistics: read in SQL only, so only a container over PostgreSQL offers them."""

    @provide(scope=Scope.APP)
    def reader(self, db: Database) -> StatsReader:
        return db.stats_reader()

    get_stats = provide(GetStats, scope=Scope.REQUEST)


class MemoryInfraProvider(Provider):
    """Everything in process memory (fast tests). It has no StatsReader: statistics need PostgreSQL."""

    scope = Scope.APP

    @provide
    def database(self) -> MemoryDatabase:
        return MemoryDatabase()

    @provide
    def queue(self, db: MemoryDatabase, clock: Clock) -> JobQueue:
        return MemoryJobQueue(db, clock)

    @provide
    def events(self, queue: JobQueue) -> MemoryEvents:
        return MemoryEvents(wakeup=queue.wakeup)  # type: ignore[attr-defined]

    @provide
    def publisher(self, events: MemoryEvents) -> EventPublisher:
        return events

    @provide
    def stream(self, events: MemoryEvents) -> EventStream:
        return events

    @provide(scope=Scope.REQUEST)
    def uow(self, db: MemoryDatabase) -> UnitOfWork:
        return MemoryUnitOfWork(db)


class MemoryStorageProvider(Provider):
    scope = Scope.APP

    @provide
    def store(self, settings: Settings) -> MemoryObjectStore:
        return MemoryObjectStore(settings.s3_public_endpoint or "http://storage.local", settings.s3_bucket)

    @provide
    def object_store(self, store: MemoryObjectStore) -> ObjectStore:
        return store


class PostgresProvider(Provider):
    """PostgreSQL: units of work, the job queue, NOTIFY events."""

    scope = Scope.APP

    @provide
    async def database(self, settings: Settings) -> AsyncIterator[Database]:
        db = Database(settings.database_url)
        yield db
        await db.aclose()

    @provide
    async def queue(self, db: Database) -> AsyncIterator[JobQueue]:
        queue = db.job_queue()  # the database clock decides lease expiry: hosts may disagree
        yield queue
        await queue.aclose()

    @provide
    def publisher(self, db: Database) -> EventPublisher:
        return db.event_publisher()

    @provide
    async def stream(self, db: Database) -> AsyncIterator[EventStream]:
        listener = db.event_listener()
        yield listener
        await listener.aclose()

    @provide(scope=Scope.REQUEST)
    def uow(self, db: Database) -> UnitOfWork:
        return db.unit_of_work()


class S3Provider(Provider):
    scope = Scope.APP

    @provide
    async def store(self, settings: Settings) -> AsyncIterator[S3ObjectStore]:
        store = S3ObjectStore(S3Config.from_settings(settings))
        await store.start()
        yield store
        await store.close()

    @provide
    def object_store(self, store: S3ObjectStore) -> ObjectStore:
        return store


def application_providers() -> tuple[Provider, ...]:
    """What every container has, whatever the infrastructure under it."""
    return CoreProvider(), UseCaseProvider(), MlProvider()


def postgres_providers() -> tuple[Provider, ...]:
    return PostgresProvider(), StatsProvider()


def memory_providers() -> tuple[Provider, ...]:
    return MemoryInfraProvider(), MemoryStorageProvider()


def build_container(settings: Settings, *providers: Provider) -> AsyncContainer:
    """The application providers, then the infrastructure and overrides given (later ones win)."""
    return make_async_container(*application_providers(), *providers, context={Settings: settings})


def make_container(settings: Settings, *overrides: Provider) -> AsyncContainer:
    """Production: PostgreSQL and S3 (`serve`, `worker`, the admin CLI)."""
    return build_container(settings, *postgres_providers(), S3Provider(), *overrides)


@asynccontextmanager
async def in_request(container: AsyncContainer, kind: type[T]) -> AsyncIterator[T]:
    """One REQUEST scope around one object (a worker batch, a CLI command)."""
    async with container() as request:
        yield await request.get(kind)
