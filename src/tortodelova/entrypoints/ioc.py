"""Composition root: dishka providers. One container per process, built from Settings.

APP scope holds the long-lived things (engine, S3 client, token service, event stream);
REQUEST scope holds a unit of work and the use cases built on it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

from dishka import AsyncContainer, Provider, Scope, from_context, make_async_container, provide

from tortodelova.adapters.db.database import Database
from tortodelova.adapters.memory.events import MemoryEvents
from tortodelova.adapters.memory.object_store import MemoryObjectStore
from tortodelova.adapters.memory.queue import MemoryJobQueue
from tortodelova.adapters.memory.store import MemoryDatabase
from tortodelova.adapters.memory.unit_of_work import MemoryUnitOfWork
from tortodelova.adapters.security.passwords import Argon2Hasher
from tortodelova.adapters.security.tokens import JwtTokenService
from tortodelova.adapters.storage.s3 import S3Config, S3ObjectStore
from tortodelova.adapters.system import RandomSeeds, SystemClock, UuidGenerator
from tortodelova.application.ports import (
    Clock,
    EventPublisher,
    EventStream,
    IdGenerator,
    JobQueue,
    ObjectStore,
    PasswordHasher,
    SeedSource,
    TokenService,
    UnitOfWork,
)
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
from tortodelova.application.use_cases.purge_refresh_tokens import PurgeRefreshTokens
from tortodelova.application.use_cases.quote_generation import QuoteGeneration
from tortodelova.application.use_cases.refresh_session import RefreshSession
from tortodelova.application.use_cases.register_user import RegisterUser
from tortodelova.application.use_cases.submit_generation import SubmitGeneration
from tortodelova.application.use_cases.top_up import TopUp
from tortodelova.entrypoints.settings import Settings


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
    stats = provide(GetStats)
    ensure_admin = provide(EnsureAdmin)

    @provide
    def register(
        self, uow: UnitOfWork, hasher: PasswordHasher, ids: IdGenerator, clock: Clock, settings: Settings
    ) -> RegisterUser:
        return RegisterUser(uow, hasher, ids, clock, settings.welcome_bonus_credits)

    @provide
    def purge_refresh_tokens(self, uow: UnitOfWork, clock: Clock, settings: Settings) -> PurgeRefreshTokens:
        return PurgeRefreshTokens(
            uow=uow, clock=clock, retention=timedelta(hours=settings.refresh_token_retention_hours)
        )

    @provide
    def submit(
        self, uow: UnitOfWork, ids: IdGenerator, clock: Clock, seeds: SeedSource, events: EventPublisher,
        settings: Settings,
    ) -> SubmitGeneration:
        return SubmitGeneration(uow, ids, clock, seeds, events, settings.generator_model)


class MemoryInfraProvider(Provider):
    """Everything in process memory: for tests of the HTTP layer and offline demos."""

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

    @provide
    def store(self, settings: Settings) -> ObjectStore:
        return MemoryObjectStore(settings.s3_public_endpoint or "http://storage.local", settings.s3_bucket)

    @provide(scope=Scope.REQUEST)
    async def uow(self, db: MemoryDatabase) -> AsyncIterator[UnitOfWork]:
        yield MemoryUnitOfWork(db)


def make_memory_container(settings: Settings, *extra: Provider) -> AsyncContainer:
    return make_async_container(
        CoreProvider(), UseCaseProvider(), MemoryInfraProvider(), *extra, context={Settings: settings}
    )


class PostgresS3InfraProvider(Provider):
    """Production infrastructure: PostgreSQL (units of work, queue, NOTIFY events) and S3."""

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

    @provide
    async def store(self, settings: Settings) -> AsyncIterator[S3ObjectStore]:
        store = S3ObjectStore(S3Config.from_settings(settings))
        await store.start()
        yield store
        await store.close()

    @provide
    def object_store(self, store: S3ObjectStore) -> ObjectStore:
        return store

    @provide(scope=Scope.REQUEST)
    def uow(self, db: Database) -> UnitOfWork:
        return db.unit_of_work()


def make_container(settings: Settings, *extra: Provider) -> AsyncContainer:
    return make_async_container(
        CoreProvider(), UseCaseProvider(), PostgresS3InfraProvider(), *extra, context={Settings: settings}
    )
