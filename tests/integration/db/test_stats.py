"""The StatsReader (SQL, its only implementation) on known rows: every figure checked."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from tests.integration.db.factories import T0, add_user, submit
from tests.support.clock import FakeClock
from tortodelova.adapters.db.database import Database
from tortodelova.domain import wallet
from tortodelova.domain.generation import Status


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


async def test_stats_of_a_busy_day(db: Database) -> None:
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

    stats = await db.stats_reader().read(clock.now())

    assert stats.by_status == {"pending": 2, "processing": 1, "success": 21, "failed": 3, "cancelled": 0}
    assert (stats.users_total, stats.generations_total, stats.queue_depth, stats.processing) == (2, 27, 2, 1)
    assert stats.credits_spent_total == sum(10 + i for i in range(21))
    assert len(stats.generations_per_hour) == 24 and sum(b.count for b in stats.generations_per_hour) == 23
    assert stats.p95_duration_s == 2.0 + 19 * 0.5  # sorted[min(20, floor(0.95 * 21))]
    assert stats.avg_duration_s == pytest.approx(7.0)  # mean of 2.0, 2.5 .. 12.0
    assert stats.duration_count == 21 and stats.duration_sum_s == pytest.approx(
        sum(2.0 + i * 0.5 for i in range(21))
    )
    assert stats.duration_buckets == {
        1: 0,
        2: 1,
        5: 7,
        10: 17,
        20: 21,
        30: 21,
        60: 21,
        120: 21,
        300: 21,
        600: 21,
    }
    # The window is the 24 hours ending with the hour of `now` (T0+1h .. T0+24h): success i ends in
    # hour T0+i (i = 0 falls out), the failures in hours 20..22, nothing after.
    expected_hours = [(1, 0)] * 19 + [(2, 1), (1, 1), (1, 1), (0, 0), (0, 0)]
    assert [(b.count, b.failed) for b in stats.generations_per_hour] == expected_hours
    assert [b.hour for b in stats.generations_per_hour] == [T0 + timedelta(hours=h) for h in range(1, 25)]
    assert [(w.id, w.jobs_done, w.last_seen) for w in stats.workers] == [
        ("w1", 24, clock.now()),
        ("w9", 0, clock.now()),
    ]
    assert running.status is Status.PENDING


async def test_payments_by_status_and_revenue_per_day(db: Database) -> None:
    from tests.support.backends import make_world

    async with make_world("postgres", db) as world:
        admin = await world.new_admin()
        alice = await world.new_user("alice@example.com")
        bob = await world.new_user("bob@example.com")
        start = world.clock.now()
        await world.buy(alice, "pack-100")  # day 0: 590.00
        world.clock.advance(86400)
        await world.buy(alice, "pack-30")  # day 1: 199.00 + 1490.00
        refunded = await world.buy(bob, "pack-300")
        world.clock.advance(86400)
        await world.refund()(admin, refunded.id)  # day 2: 1490.00 refunded
        declined = (await world.create_payment()(bob, "pack-30", "https://x/balance")).payment
        world.gateway.decline(declined.external_id)
        await world.notify()("payment.canceled", declined.external_id)
        await world.create_payment()(bob, "pack-100", "https://x/balance")  # still pending

        stats = await db.stats_reader().read(world.clock.now())

    assert stats.payments_by_status == {
        "pending": 1,
        "succeeded": 2,
        "canceled": 1,
        "refunding": 0,
        "refunded": 1,
    }
    assert len(stats.revenue_per_day) == 30
    assert stats.revenue_per_day[-1].day == world.clock.now().date()
    last = [(d.day, d.paid_minor, d.refunded_minor, d.payments) for d in stats.revenue_per_day[-3:]]
    assert last == [
        (start.date(), 59000, 0, 1),
        ((start + timedelta(days=1)).date(), 19900 + 149000, 0, 2),
        ((start + timedelta(days=2)).date(), 0, 149000, 0),
    ]
    assert all(d.paid_minor == d.refunded_minor == 0 for d in stats.revenue_per_day[:-3])
