"""Infrastructure providers: PostgreSQL (+ statistics) and S3. (The in-memory set the fast tests use is
tests/support/memory_providers.py.)"""

from __future__ import annotations

from collections.abc import AsyncIterator

from dishka import Provider, Scope, provide

from tortodelova.adapters.db.database import Database
from tortodelova.adapters.db.user_events import PgUserEventPublisher, user_event_listener
from tortodelova.adapters.storage.s3 import S3Config, S3ObjectStore
from tortodelova.application.ports.events import EventPublisher, EventStream
from tortodelova.application.ports.limits import LimitCounter
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.queue import JobQueue
from tortodelova.application.ports.stats import StatsReader
from tortodelova.application.ports.storage import ObjectStore
from tortodelova.application.ports.user_events import UserEventPublisher, UserEventStream
from tortodelova.application.use_cases.admin.get_stats import GetStats
from tortodelova.entrypoints.config.settings import Settings


class StatsProvider(Provider):
    """Admin statistics: read in SQL only, so only a container over PostgreSQL offers them."""

    @provide(scope=Scope.APP)
    def reader(self, db: Database) -> StatsReader:
        return db.stats_reader()

    get_stats = provide(GetStats, scope=Scope.REQUEST)


class PostgresProvider(Provider):
    """PostgreSQL: units of work, the job queue, NOTIFY events, the API's limit counters."""

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
    def limits(self, db: Database) -> LimitCounter:
        return db.limit_counter()

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
