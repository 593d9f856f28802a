"""Builds a World over the memory adapters or over real PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from tests.support.clock import FakeClock
from tests.support.world import World
from tortodelova.adapters.memory.queue import MemoryJobQueue
from tortodelova.adapters.memory.store import MemoryDatabase
from tortodelova.adapters.memory.unit_of_work import MemoryUnitOfWork

BACKENDS = ["memory", "postgres"]


def memory_world() -> World:
    """The whole application in process memory, on a fake clock."""
    clock = FakeClock()
    db = MemoryDatabase()
    queue = MemoryJobQueue(db, clock)
    world = World(new_uow=lambda: MemoryUnitOfWork(db), queue=queue, clock=clock)
    world.events.wakeup = queue.wakeup
    return world


@asynccontextmanager
async def make_world(backend: str, database=None) -> AsyncIterator[World]:  # noqa: ANN001
    if backend == "memory":
        yield memory_world()
        return
    clock = FakeClock()
    if backend == "postgres":
        from tests.support.postgres import truncate_all

        await truncate_all(database)
        pg_queue = database.job_queue(clock=clock)  # the fake clock decides when leases expire
        try:
            yield World(
                new_uow=database.unit_of_work,
                queue=pg_queue,
                clock=clock,
                stats_reader=database.stats_reader(),
            )
        finally:
            await pg_queue.aclose()
        return
    raise ValueError(backend)
