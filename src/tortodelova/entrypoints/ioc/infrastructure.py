"""Infrastructure providers: PostgreSQL (+ statistics), S3, and the in-memory set the fast tests use."""

from __future__ import annotations

from collections.abc import AsyncIterator

from dishka import Provider, Scope, provide

from tortodelova.adapters.db.database import Database
from tortodelova.adapters.db.user_events import PgUserEventPublisher, user_event_listener
from tortodelova.adapters.memory.events import MemoryEvents
from tortodelova.adapters.memory.object_store import MemoryObjectStore
from tortodelova.adapters.memory.queue import MemoryJobQueue
from tortodelova.adapters.memory.store import MemoryDatabase
from tortodelova.adapters.memory.unit_of_work import MemoryUnitOfWork
from tortodelova.adapters.memory.user_events import MemoryUserEvents
from tortodelova.adapters.storage.s3 import S3Config, S3ObjectStore
from tortodelova.application.ports.events import EventPublisher, EventStream
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.queue import JobQueue
from tortodelova.application.ports.stats import StatsReader
from tortodelova.application.ports.storage import ObjectStore
from tortodelova.application.ports.system import Clock
from tortodelova.application.ports.user_events import UserEventPublisher, UserEventStream
from tortodelova.application.use_cases.admin.get_stats import GetStats
from tortodelova.entrypoints.config.settings import Settings


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

    @provide
    def user_events(self) -> MemoryUserEvents:
        return MemoryUserEvents()

    @provide
    def user_publisher(self, events: MemoryUserEvents) -> UserEventPublisher:
        return events

    @provide
    def user_stream(self, events: MemoryUserEvents) -> UserEventStream:
        return events


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

    @provide
    def user_publisher(self, db: Database) -> UserEventPublisher:
        return PgUserEventPublisher(db.engine)

    @provide
    async def user_stream(self, db: Database) -> AsyncIterator[UserEventStream]:
        listener = user_event_listener(db.engine.url)  # connects on the first subscription
        yield listener
        await listener.aclose()


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
