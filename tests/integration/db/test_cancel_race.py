"""Cancel racing the claim on PostgreSQL: each pending job goes to exactly one of them."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from tests.integration.db.factories import add_user, submit
from tests.support.clock import FakeClock
from tests.support.invariants import check_money_invariants
from tortodelova.adapters.db.database import Database
from tortodelova.adapters.memory.events import MemoryEvents
from tortodelova.application.use_cases.generations.cancel_generation import CancelGeneration
from tortodelova.domain.errors import NotCancellable
from tortodelova.domain.generation import Status


async def test_a_job_is_either_cancelled_or_claimed_never_both(db: Database) -> None:
    uow = db.unit_of_work()
    user = await add_user(uow, balance=10_000)
    jobs = [await submit(uow, user, created=i) for i in range(40)]
    queues = [db.job_queue() for _ in range(3)]
    clock, events = FakeClock(), MemoryEvents()

    async def cancel(job_id):  # noqa: ANN001, ANN202
        try:
            await CancelGeneration(uow=db.unit_of_work(), clock=clock, events=events)(user.id, job_id)
        except NotCancellable:
            return None
        return job_id

    async def drain(i: int) -> list:
        got = []
        while batch := await queues[i].claim(f"w{i}", 2, lease_seconds=60):
            got += [r.id for r in batch]
        return got

    try:
        results = await asyncio.gather(*(cancel(j.id) for j in jobs), *(drain(i) for i in range(3)))
    finally:
        for q in queues:
            await q.aclose()
    cancelled = {r for r in results[: len(jobs)] if r is not None}
    claimed = [rid for got in results[len(jobs) :] for rid in got]
    assert len(claimed) == len(set(claimed))
    assert cancelled.isdisjoint(claimed) and cancelled | set(claimed) == {j.id for j in jobs}
    async with uow:
        for job in jobs:
            stored = await uow.generations.get(job.id)
            assert stored is not None
            expected = Status.CANCELLED if job.id in cancelled else Status.PROCESSING
            assert stored.status is expected
    await check_money_invariants(db.unit_of_work())


async def test_the_database_accepts_the_cancelled_status_after_migrations(db: Database) -> None:
    async with db.engine.connect() as conn:
        definition = (
            await conn.execute(
                text(
                    "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conname = 'ck_prediction_requests_status'"
                )
            )
        ).scalar_one()
    assert "cancelled" in definition


async def test_the_database_refuses_to_revive_a_cancelled_request(db: Database) -> None:
    uow = db.unit_of_work()
    user = await add_user(uow, balance=100)
    job = await submit(uow, user)
    await CancelGeneration(uow=db.unit_of_work(), clock=FakeClock(), events=MemoryEvents())(user.id, job.id)
    for status in ("processing", "pending", "success", "failed"):
        with pytest.raises(DBAPIError, match="cancelled"):
            async with db.engine.begin() as conn:
                await conn.execute(
                    text("UPDATE prediction_requests SET status = :s, credits_spent = 0 WHERE id = :id"),
                    {"s": status, "id": job.id},
                )
    async with db.engine.begin() as conn:  # other columns may still change (e.g. an operator's note)
        await conn.execute(
            text("UPDATE prediction_requests SET error = 'note' WHERE id = :id"), {"id": job.id}
        )
