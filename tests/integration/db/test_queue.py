"""The PostgreSQL job queue: SKIP LOCKED claims, leases, fencing, heartbeat, release, wake-ups."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime

import pytest
from sqlalchemy import text

from tests.integration.db.factories import add_user, submit
from tests.support.clock import FakeClock
from tortodelova.adapters.db.database import Database
from tortodelova.adapters.db.engine import create_engine
from tortodelova.adapters.db.queue import PgJobQueue
from tortodelova.application.ports.queue import held_by_claim
from tortodelova.domain.errors import LeaseLost
from tortodelova.domain.generation import Status


@pytest.fixture
async def queue(db: Database) -> AsyncIterator[PgJobQueue]:
    q = db.job_queue()
    yield q
    await q.aclose()


async def test_claims_oldest_first_and_records_the_lease(db: Database, queue: PgJobQueue) -> None:
    uow = db.unit_of_work()
    user = await add_user(uow, balance=100)
    first, second, third = [await submit(uow, user, created=i) for i in (3, 1, 2)]
    claimed = await queue.claim("w1", 2, lease_seconds=60)
    assert [r.id for r in claimed] == [second.id, third.id]
    async with uow:
        stored = await uow.generations.get(second.id)
    assert stored is not None and stored.status is Status.PROCESSING and stored.lease_owner == "w1"
    assert stored.attempts == 1 and stored.lease_expires_at is not None and stored.started_at is not None
    assert stored == claimed[0]  # what claim returned is what it committed
    assert [r.id for r in await queue.claim("w2", 5, lease_seconds=60)] == [first.id]
    assert await queue.claim("w3", 5, lease_seconds=60) == []


async def test_two_workers_claiming_at_once_never_share_a_job(db: Database) -> None:
    uow = db.unit_of_work()
    user = await add_user(uow, balance=1000)
    submitted = {(await submit(uow, user, created=i)).id for i in range(20)}
    queues = [db.job_queue() for _ in range(4)]

    async def drain(q: PgJobQueue, name: str) -> list:
        got = []
        while batch := await q.claim(name, 3, lease_seconds=60):
            got += [r.id for r in batch]
        return got

    results = await asyncio.gather(*(drain(q, f"w{i}") for i, q in enumerate(queues)))
    all_ids = [rid for got in results for rid in got]
    assert len(all_ids) == len(set(all_ids)) == 20 and set(all_ids) == submitted


async def test_expired_lease_is_reclaimed_and_the_late_worker_is_fenced_off(
    db: Database, queue: PgJobQueue
) -> None:
    uow = db.unit_of_work()
    user = await add_user(uow, balance=100)
    request = await submit(uow, user)
    [mine] = await queue.claim("w1", 1, lease_seconds=0)  # expires at once
    assert mine.attempts == 1
    [theirs] = await queue.claim("w2", 1, lease_seconds=60)
    assert theirs.id == request.id and theirs.lease_owner == "w2" and theirs.attempts == 2
    assert await queue.heartbeat("w1", held_by_claim([mine]), lease_seconds=60) == []

    async with uow:  # what the settle use case does with w1's late result
        current = await uow.generations.get(request.id, for_update=True)
        assert current is not None
        with pytest.raises(LeaseLost):
            current.check_owner("w1")
        current.check_owner("w2")
    assert await queue.claim("w3", 1, lease_seconds=60) == []  # w2's lease is live


async def test_heartbeat_extends_only_the_leases_still_held(db: Database, queue: PgJobQueue) -> None:
    uow = db.unit_of_work()
    user = await add_user(uow, balance=100)
    a = await submit(uow, user, created=1)
    b = await submit(uow, user, created=2)
    claimed = held_by_claim(await queue.claim("w1", 2, lease_seconds=0))
    async with uow:
        before = await uow.generations.get(a.id)
    assert await queue.heartbeat("w1", claimed, lease_seconds=600) == [a.id, b.id]
    async with uow:
        after = await uow.generations.get(a.id)
    assert before is not None and after is not None
    assert after.lease_expires_at > before.lease_expires_at  # type: ignore[operator]
    assert await queue.claim("w2", 2, lease_seconds=60) == []  # extended: nothing to reclaim
    assert await queue.heartbeat("w2", {a.id: claimed[a.id]}, lease_seconds=600) == []


async def test_release_requeues_without_spending_an_attempt_and_wakes_workers(db: Database) -> None:
    uow = db.unit_of_work()
    user = await add_user(uow, balance=100)
    request = await submit(uow, user)
    owner, other = db.job_queue(), db.job_queue()
    try:
        await other.wait_for_work(0)  # connects its LISTEN and consumes nothing yet
        claimed = held_by_claim(await owner.claim("w1", 1, lease_seconds=60))
        await owner.release("w2", claimed)  # not w2's: ignored
        async with uow:
            assert (await uow.generations.get(request.id)).status is Status.PROCESSING  # type: ignore[union-attr]
        await owner.release("w1", claimed)
        await asyncio.wait_for(other.wait_for_work(30), 10)  # woken by NOTIFY, not by its timeout
        [again] = await other.claim("w2", 1, lease_seconds=60)
    finally:
        await owner.aclose()
        await other.aclose()
    assert again.id == request.id and again.lease_owner == "w2"
    assert (again.attempts, again.lease_seq) == (1, 2)  # the attempt was given back, the claim number not


async def test_release_after_an_error_keeps_the_attempt_spent(db: Database, queue: PgJobQueue) -> None:
    uow = db.unit_of_work()
    await submit(uow, await add_user(uow, balance=100))
    claimed = held_by_claim(await queue.claim("w1", 1, lease_seconds=60))
    await queue.release("w1", claimed, attempt_spent=True)
    [again] = await queue.claim("w1", 1, lease_seconds=60)
    assert (again.attempts, again.lease_seq) == (2, 2)


async def test_notify_wakes_wait_for_work(db: Database, queue: PgJobQueue) -> None:
    await queue.wait_for_work(0)  # LISTEN is set up lazily by the first wait
    waiter = asyncio.create_task(queue.wait_for_work(30))
    await asyncio.sleep(0)
    await db.event_publisher().job_submitted()
    await asyncio.wait_for(waiter, 10)  # well before its own 30 s timeout


async def test_wait_for_work_falls_back_to_polling_without_a_listen_connection() -> None:
    unreachable = create_engine("postgresql+asyncpg://nobody:wrong@127.0.0.1:1/none")
    queue = PgJobQueue(unreachable, retry_interval=60)
    await queue.wait_for_work(0.01)  # sleeps out the timeout instead of raising
    assert not queue.listening
    await queue.aclose()
    await unreachable.dispose()


async def test_report_alive_upserts_the_worker_row(db: Database, queue: PgJobQueue) -> None:
    await queue.report_alive("gpu-1", 0)
    await queue.report_alive("gpu-1", 7)
    await queue.report_alive("gpu-0", 2)
    seen = await queue.workers()
    assert [(w.id, w.jobs_done) for w in seen] == [("gpu-0", 2), ("gpu-1", 7)]
    now = await _db_now(db)
    assert all(w.last_seen <= now for w in seen)
    stats = await db.stats_reader().read(now)  # the admin statistics list the same rows
    assert stats.workers == seen


async def _db_now(db: Database) -> datetime:
    async with db.engine.connect() as conn:
        return (await conn.execute(text("SELECT now()"))).scalar_one()


async def test_live_workers_counts_recent_reports_only(db: Database) -> None:
    clock = FakeClock()
    queue = db.job_queue(clock=clock)
    try:
        await queue.report_alive("gpu-1", 0)
        clock.advance(50)
        await queue.report_alive("gpu-2", 3)
        assert await queue.live_workers(60) == 2
        clock.advance(20)  # gpu-1 last reported 70 s ago
        assert await queue.live_workers(60) == 1
    finally:
        await queue.aclose()
    plain = db.job_queue()  # the database clock: the fake clock's reports are months away from it
    try:
        await plain.report_alive("gpu-3", 0)
        assert await plain.live_workers(60) == 1
    finally:
        await plain.aclose()
