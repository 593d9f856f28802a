"""Builds a World over the memory adapters or over real PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from tortodelova.adapters.memory.clock import FakeClock
from tortodelova.adapters.memory.queue import MemoryJobQueue
from tortodelova.adapters.memory.store import MemoryDatabase
from tortodelova.adapters.memory.unit_of_work import MemoryUnitOfWork

from tests.support.world import World

BACKENDS = ["memory"]


@asynccontextmanager
async def make_world(backend: str, request) -> AsyncIterator[World]:  # noqa: ANN001
    clock = FakeClock()
    if backend == "memory":
        db = MemoryDatabase()
        queue = MemoryJobQueue(db, clock)
        world = World(new_uow=lambda: MemoryUnitOfWork(db), queue=queue, clock=clock)
        world.events.wakeup = queue.wakeup
        yield world
        return
    raise ValueError(backend)
