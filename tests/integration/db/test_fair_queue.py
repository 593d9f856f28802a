"""The fair claim order on PostgreSQL through the real queue adapter, and the memory queue mirroring it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.integration.db.factories import add_user, submit
from tests.support.clock import FakeClock
from tortodelova.adapters.db.database import Database
from tortodelova.adapters.db.queue import PgJobQueue
from tortodelova.adapters.memory.queue import MemoryJobQueue
from tortodelova.adapters.memory.store import MemoryDatabase
from tortodelova.adapters.memory.unit_of_work import MemoryUnitOfWork
from tortodelova.application.ports.queries import GenerationFilter, Page
from tortodelova.domain.fair_queue import fair_order

BATCH = 4


@pytest.fixture
async def queue(db: Database) -> AsyncIterator[PgJobQueue]:
    q = db.job_queue()
    yield q
    await q.aclose()


async def _flood_then_one(uow, heavy_jobs: int = 200):  # noqa: ANN001, ANN202
    """User A queues `heavy_jobs` first, then user B one job."""
    a = await add_user(uow, "a@example.com", balance=100_000)
    b = await add_user(uow, "b@example.com", balance=100)
    a_jobs = [await submit(uow, a, created=i) for i in range(heavy_jobs)]
    b_job = await submit(uow, b, created=heavy_jobs + 1)
    return a_jobs, b_job


async def test_a_flood_of_one_user_does_not_starve_another(db: Database, queue: PgJobQueue) -> None:
    a_jobs, b_job = await _flood_then_one(db.unit_of_work())
    batch = await queue.claim("w1", BATCH, lease_seconds=60)
    assert [r.id for r in batch][:2] == [a_jobs[0].id, b_job.id]  # B's job is in the very next batch
    assert len(batch) == BATCH


async def test_users_with_jobs_in_flight_wait_behind_users_without(db: Database, queue: PgJobQueue) -> None:
    uow = db.unit_of_work()
    a = await add_user(uow, "a@example.com", balance=10_000)
    b = await add_user(uow, "b@example.com", balance=10_000)
    a_jobs = [await submit(uow, a, created=i) for i in range(6)]
    running = await queue.claim("w1", 3, lease_seconds=60)  # A has nothing else competing: 3 in flight
    assert [r.id for r in running] == [j.id for j in a_jobs[:3]]
    b_jobs = [await submit(uow, b, created=100 + i) for i in range(2)]
    nxt = await queue.claim("w2", 3, lease_seconds=60)
    # A: 3 in flight, so its next has priority 4; B's two have 1 and 2.
    assert [r.id for r in nxt] == [b_jobs[0].id, b_jobs[1].id, a_jobs[3].id]


async def test_queue_positions_follow_the_fair_order(db: Database) -> None:
    uow = db.unit_of_work()
    a_jobs, b_job = await _flood_then_one(uow, heavy_jobs=10)
    async with uow:
        positions = await uow.generations.queue_snapshot()
        assert positions[a_jobs[0].id] == 0 and positions[b_job.id] == 1 and positions[a_jobs[1].id] == 2
        assert positions[a_jobs[9].id] == 10
        for job in [*a_jobs, b_job]:
            assert await uow.generations.queue_snapshot([job.id]) == {job.id: positions[job.id]}


async def test_the_memory_queue_claims_in_the_same_order(db: Database, queue: PgJobQueue) -> None:
    uow = db.unit_of_work()
    a = await add_user(uow, "a@example.com", balance=10_000)
    b = await add_user(uow, "b@example.com", balance=10_000)
    c = await add_user(uow, "c@example.com", balance=10_000)
    for i, owner in enumerate([a, a, a, b, a, c, b, a, c, a]):
        await submit(uow, owner, created=i)
    async with uow:
        stored, _ = await uow.generations.list(GenerationFilter(), Page(limit=100))
    memory = MemoryDatabase()
    for r in stored:
        memory.tables.generations[r.id] = r.copy()
    clock = FakeClock()
    memory_queue = MemoryJobQueue(memory, clock)
    # a a a b a c b a c a -> round one: each user's oldest, then round two, ...
    expected = [r.id for r in fair_order(stored, clock.now())]
    pg_order, memory_order = [], []
    while batch := await queue.claim("w1", 3, lease_seconds=600):
        pg_order += [r.id for r in batch]
    while batch := await memory_queue.claim("w1", 3, lease_seconds=600):
        memory_order += [r.id for r in batch]
    assert pg_order == memory_order and len(pg_order) == 10
    assert memory_order[:3] == expected[:3]
    owners = {r.id: r.user_id for r in stored}
    assert [owners[rid] for rid in pg_order[:3]] == [a.id, b.id, c.id]
    async with MemoryUnitOfWork(memory) as muow:
        assert await muow.generations.count_active(a.id) == 6
