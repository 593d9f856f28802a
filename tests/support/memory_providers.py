"""The in-memory infrastructure of the fast tests: the memory adapters (tortodelova.adapters.memory,
which exist for the tests) behind the same ports the PostgreSQL and S3 providers give."""

from __future__ import annotations

from dishka import Provider, Scope, provide

from tortodelova.adapters.memory.events import MemoryEvents
from tortodelova.adapters.memory.limits import MemoryLimitCounter
from tortodelova.adapters.memory.object_store import MemoryObjectStore
from tortodelova.adapters.memory.queue import MemoryJobQueue
from tortodelova.adapters.memory.store import MemoryDatabase
from tortodelova.adapters.memory.unit_of_work import MemoryUnitOfWork
from tortodelova.adapters.memory.user_events import MemoryUserEvents
from tortodelova.application.ports.events import EventPublisher, EventStream
from tortodelova.application.ports.limits import LimitCounter
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.queue import JobQueue
from tortodelova.application.ports.storage import ObjectStore
from tortodelova.application.ports.system import Clock
from tortodelova.application.ports.user_events import UserEventPublisher, UserEventStream
from tortodelova.entrypoints.config.settings import Settings


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
    def limits(self, clock: Clock) -> LimitCounter:
        return MemoryLimitCounter(clock)

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


def memory_providers() -> tuple[Provider, ...]:
    return MemoryInfraProvider(), MemoryStorageProvider()
