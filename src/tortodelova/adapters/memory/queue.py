from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import timedelta
from uuid import UUID

from tortodelova.adapters.memory.store import MemoryDatabase
from tortodelova.application.ports.queue import WorkerSeen
from tortodelova.application.ports.system import Clock
from tortodelova.domain.fair_queue import fair_order
from tortodelova.domain.generation import PredictionRequest, Status


class MemoryJobQueue:
    def __init__(self, db: MemoryDatabase, clock: Clock) -> None:
        self.db, self.clock = db, clock
        self.wakeup = asyncio.Event()

    async def claim(self, worker_id: str, limit: int, lease_seconds: float) -> list[PredictionRequest]:
        async with self.db.lock:
            now = self.clock.now()
            tables = self.db.tables.clone()
            ready = fair_order(tables.generations.values(), now)[:limit]
            for r in ready:
                r.claim(worker_id, now, now + timedelta(seconds=lease_seconds))
            self.db.tables = tables
            return [r.copy() for r in ready]

    async def heartbeat(self, worker_id: str, request_ids: Sequence[UUID], lease_seconds: float) -> list[UUID]:
        async with self.db.lock:
            now = self.clock.now()
            held = []
            for rid in request_ids:
                r = self.db.tables.generations.get(rid)
                if r and r.status is Status.PROCESSING and r.lease_owner == worker_id:
                    r.extend_lease(worker_id, now + timedelta(seconds=lease_seconds))
                    held.append(rid)
            return held

    async def release(self, worker_id: str, request_ids: Sequence[UUID], *, attempt_spent: bool = False) -> None:
        async with self.db.lock:
            for rid in request_ids:
                r = self.db.tables.generations.get(rid)
                if r and r.status is Status.PROCESSING and r.lease_owner == worker_id:
                    r.requeue(worker_id) if attempt_spent else r.give_back(worker_id)
        self.wakeup.set()

    async def report_alive(self, worker_id: str, jobs_done: int) -> None:
        async with self.db.lock:
            self.db.tables.workers[worker_id] = WorkerSeen(worker_id, self.clock.now(), jobs_done)

    async def live_workers(self, within_seconds: float) -> int:
        since = self.clock.now() - timedelta(seconds=within_seconds)
        return sum(1 for w in self.db.tables.workers.values() if w.last_seen >= since)

    async def workers(self) -> list[WorkerSeen]:
        return sorted(self.db.tables.workers.values(), key=lambda w: w.id)

    async def wait_for_work(self, timeout: float) -> None:
        try:
            await asyncio.wait_for(self.wakeup.wait(), timeout)
        except TimeoutError:
            pass
        self.wakeup.clear()
