"""Admin stats in SQL agree with the in-memory adapter's definitions on the same rows."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

import pytest

from tests.integration.db.factories import T0, add_user, submit
from tortodelova.adapters.db.database import Database
from tortodelova.adapters.memory.clock import FakeClock
from tortodelova.adapters.memory.repositories import MemoryGenerations
from tortodelova.adapters.memory.store import Tables
from tortodelova.application.ports import GenerationFilter, Page, TransactionFilter
from tortodelova.domain import wallet
from tortodelova.domain.generation import Status

BIG = Page(limit=1000)


async def _finish(db: Database, request_id: uuid.UUID, started_s: float, took_s: float, ok: bool) -> None:
    uow = db.unit_of_work()
    async with uow:
        request = await uow.generations.get(request_id, for_update=True)
        assert request is not None
        user = await uow.users.get(request.user_id, for_update=True)
        assert user is not None
        start = T0 + timedelta(seconds=started_s)
        request.claim("w1", start, start + timedelta(minutes=5))
        end = start + timedelta(seconds=took_s)
        if ok:
            amount = request.succeed("w1", "k", "u", end)
            await uow.transactions.add(
                wallet.settle(user, amount, request_id=request.id, tx_id=uuid.uuid4(), now=end)
            )
        else:
            request.fail("boom", end, owner="w1")
            wallet.release(user, request.credits_reserved)
        await uow.users.save(user)
        await uow.generations.save(request)
        await uow.commit()


async def test_stats_match_the_memory_adapter(db: Database) -> None:
    uow = db.unit_of_work()
    alice = await add_user(uow, "alice@example.com", balance=10_000)
    await add_user(uow, "bob@example.com")
    hour = 3600.0
    # 21 successes spread over the last day (one finished before the 24 h window), 3 failures,
    # one still processing and two pending
    for i in range(21):
        r = await submit(uow, alice, created=i * hour, credits=10 + i)
        await _finish(db, r.id, started_s=i * hour + 5, took_s=2.0 + i * 0.5, ok=True)
    for i in range(3):
        r = await submit(uow, alice, created=(20 + i) * hour)
        await _finish(db, r.id, started_s=(20 + i) * hour + 1, took_s=1.0, ok=False)
    running = await submit(uow, alice, created=23 * hour)
    await db.job_queue().claim("w9", 1, lease_seconds=60)
    await submit(uow, alice, created=23.5 * hour)
    await submit(uow, alice, created=23.6 * hour)
    clock = FakeClock(T0 + timedelta(hours=24, minutes=30))
    queue = db.job_queue(clock=clock)
    await queue.report_alive("w1", 24)
    await queue.report_alive("w9", 0)
    await queue.aclose()

    async with uow:
        stats = await uow.generations.stats(clock.now())
        users, _ = await uow.users.list(None, BIG)
        txs, _ = await uow.transactions.list(TransactionFilter(), BIG)
        gens, _ = await uow.generations.list(GenerationFilter(), BIG)
    tables = Tables(
        users={u.id: u for u in users},
        transactions=list(reversed(txs)),
        generations={g.id: g for g in sorted(gens, key=lambda g: g.created_at)},
        workers={w.id: w for w in stats.workers},
    )
    expected = await MemoryGenerations(tables).stats(clock.now())

    assert stats.by_status == {"pending": 2, "processing": 1, "success": 21, "failed": 3, "cancelled": 0}
    assert (stats.users_total, stats.generations_total, stats.queue_depth, stats.processing) == (2, 27, 2, 1)
    assert stats.credits_spent_total == sum(10 + i for i in range(21))
    assert len(stats.generations_per_hour) == 24 and sum(b.count for b in stats.generations_per_hour) == 23
    assert stats.p95_duration_s == 2.0 + 19 * 0.5  # sorted[min(20, floor(0.95 * 21))]
    assert stats.avg_duration_s == pytest.approx(expected.avg_duration_s)
    assert stats.duration_count == 21 and stats.duration_sum_s == pytest.approx(
        sum(2.0 + i * 0.5 for i in range(21))
    )
    assert stats.duration_buckets[5] == 7 and stats.duration_buckets[600] == 21  # 2.0 .. 5.0 and all
    assert [(w.id, w.jobs_done, w.last_seen) for w in stats.workers] == [
        ("w1", 24, clock.now()),
        ("w9", 0, clock.now()),
    ]
    assert running.status is Status.PENDING
    # everything else exactly as the in-memory adapter computes it (float sums may differ in the last bit)
    assert (
        replace(stats, avg_duration_s=expected.avg_duration_s, duration_sum_s=expected.duration_sum_s)
        == expected
    )
