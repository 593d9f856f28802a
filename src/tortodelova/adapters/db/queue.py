"""JobQueue on the prediction_requests table.

claim: pending requests and processing ones whose lease expired, in the fair order of
domain/fair_queue.py (adapters/db/fair_queue.py), locked with SELECT ... FOR UPDATE SKIP LOCKED;
each goes through `PredictionRequest.claim` (status processing, lease owner and expiry, attempts + 1) and the claim commits at once, so other workers see it. Two workers
claiming together skip each other's locked rows and never get the same job.

Fencing of results is the use case's job: it re-reads the request with `for_update=True` and calls
`check_owner(lease)`, which fails with LeaseLost once the job was claimed again (the lease is the
worker id and the claim number `lease_seq`, which every claim increments).

heartbeat and release are fenced the same way: they match a row only by its (id, lease_seq) pair as
the worker claimed it, its lease owner and status processing, so a process whose claim was superseded
(even by a twin with the same worker id) can neither extend the new claim nor hand it back. A
graceful release gives the attempt back (`give_back`).

Time: the database clock (`now()`) unless a Clock is given (tests with a fake clock), so workers on
different hosts agree on when a lease expires.

wait_for_work: LISTEN on `tortodelova_jobs` over a dedicated connection; without a connection it
just sleeps, and the caller's poll interval is the fallback.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from uuid import UUID

from sqlalchemy import ColumnElement, case, func, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from tortodelova.adapters.db import fair_queue, mapping
from tortodelova.adapters.db.models import prediction_requests, workers
from tortodelova.adapters.db.notify import JOBS_CHANNEL, ChannelListener, notify
from tortodelova.application.ports.queue import Held, WorkerSeen
from tortodelova.application.ports.system import Clock
from tortodelova.domain.generation import PredictionRequest, Status

_p = prediction_requests.c
CANDIDATES_PER_SLOT = 4  # fair-order candidates read per job asked for


class PgJobQueue:
    def __init__(
        self, engine: AsyncEngine, *, clock: Clock | None = None, retry_interval: float = 5.0
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._wakeup = asyncio.Event()
        self._listener = ChannelListener(
            engine.url,
            JOBS_CHANNEL,
            self._on_notify,
            on_reconnect=self._wakeup.set,
            retry_interval=retry_interval,
        )

    @property
    def listening(self) -> bool:
        """Whether wait_for_work is LISTENing now (False: it polls)."""
        return self._listener.connected

    async def claim(self, worker_id: str, limit: int, lease_seconds: float) -> list[PredictionRequest]:
        if limit <= 0:
            return []
        async with self._engine.begin() as conn:
            now = await self._now(conn)
            # The fair order is computed without locks; spare candidates cover rows another worker
            # locks meanwhile. The locking SELECT re-checks readiness on the current row, so a request
            # cancelled (or claimed) since is never taken.
            order = fair_queue.in_fair_order(now).limit(limit * CANDIDATES_PER_SLOT)
            candidates = list((await conn.execute(order)).scalars())
            if not candidates:
                return []
            rank = case({rid: i for i, rid in enumerate(candidates)}, value=_p.id)
            rows = await conn.execute(
                select(prediction_requests)
                .where(_p.id.in_(candidates), fair_queue.ready_condition(now))
                .order_by(rank)
                .limit(limit)
                .with_for_update(skip_locked=True)
            )
            claimed = [mapping.request_from_row(r) for r in rows.mappings()]
            lease_until = now + timedelta(seconds=lease_seconds)
            for request in claimed:
                request.claim(worker_id, now, lease_until)
            await self._write(conn, claimed)
        return claimed

    async def heartbeat(self, worker_id: str, held: Held, lease_seconds: float) -> list[UUID]:
        if not held:
            return []
        async with self._engine.begin() as conn:
            now = await self._now(conn)
            result = await conn.execute(
                update(prediction_requests)
                .where(*_still_claimed(worker_id, held))
                .values(lease_expires_at=now + timedelta(seconds=lease_seconds))
                .returning(_p.id)
            )
            still = set(result.scalars())
        return [rid for rid in held if rid in still]

    async def release(self, worker_id: str, held: Held, *, attempt_spent: bool = False) -> None:
        if not held:
            return
        async with self._engine.begin() as conn:
            rows = await conn.execute(
                select(prediction_requests).where(*_still_claimed(worker_id, held)).with_for_update()
            )
            released = [mapping.request_from_row(r) for r in rows.mappings()]
            for request in released:
                request.requeue(worker_id) if attempt_spent else request.give_back(worker_id)
            await self._write(conn, released)
            if released:
                await notify(conn, JOBS_CHANNEL)  # delivered on commit: another worker may take them

    async def report_alive(self, worker_id: str, jobs_done: int) -> None:
        async with self._engine.begin() as conn:
            now = await self._now(conn)
            stmt = pg_insert(workers).values(id=worker_id, last_seen=now, jobs_done=jobs_done, started_at=now)
            await conn.execute(
                stmt.on_conflict_do_update(
                    index_elements=[workers.c.id],
                    set_={"last_seen": stmt.excluded.last_seen, "jobs_done": stmt.excluded.jobs_done},
                )
            )

    async def live_workers(self, within_seconds: float) -> int:
        window = timedelta(seconds=within_seconds)
        since = self._clock.now() - window if self._clock is not None else func.now() - window
        async with self._engine.connect() as conn:
            stmt = select(func.count()).select_from(workers).where(workers.c.last_seen >= since)
            return int((await conn.execute(stmt)).scalar_one())

    async def workers(self) -> list[WorkerSeen]:
        async with self._engine.connect() as conn:
            rows = await conn.execute(select(workers).order_by(workers.c.id))
            return [mapping.worker_from_row(r) for r in rows.mappings()]

    async def wait_for_work(self, timeout: float) -> None:  # noqa: ASYNC109 - the port's signature
        if not await self._listener.ensure():
            await asyncio.sleep(timeout)  # no LISTEN connection: plain polling
            return
        try:
            await asyncio.wait_for(self._wakeup.wait(), timeout)
        except TimeoutError:
            pass
        self._wakeup.clear()

    async def aclose(self) -> None:
        await self._listener.close()

    # --- helpers ---------------------------------------------------------------------------------
    def _on_notify(self, payload: str) -> None:
        self._wakeup.set()

    async def _now(self, conn: AsyncConnection) -> datetime:
        if self._clock is not None:
            return self._clock.now()
        return (await conn.execute(select(func.now()))).scalar_one()

    @staticmethod
    async def _write(conn: AsyncConnection, requests: list[PredictionRequest]) -> None:
        for r in requests:  # a batch is a handful of jobs
            await conn.execute(
                update(prediction_requests).where(_p.id == r.id).values(mapping.request_state_values(r))
            )


def _still_claimed(worker_id: str, held: Held) -> tuple[ColumnElement[bool], ...]:
    """Rows still processing under the claims in `held`: same id, claim number and owner."""
    return (
        tuple_(_p.id, _p.lease_seq).in_(list(held.items())),
        _p.status == Status.PROCESSING.value,
        _p.lease_owner == worker_id,
    )
