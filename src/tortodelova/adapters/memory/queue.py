from __future__ import annotations

import asyncio
from datetime import timedelta
from uuid import UUID

from tortodelova.adapters.memory.store import MemoryDatabase
from tortodelova.application.ports.queue import Held, WorkerSeen
from tortodelova.application.ports.system import Clock
from tortodelova.domain.fair_queue import fair_order
from tortodelova.domain.generation import Lease, PredictionRequest


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

    async def heartbeat(self, worker_id: str, held: Held, lease_seconds: float) -> list[UUID]:
        async with self.db.lock:
            until = self.clock.now() + timedelta(seconds=lease_seconds)
            still = []
            for r, lease in self._still_claimed(worker_id, held):
                r.extend_lease(lease, until)
                still.append(r.id)
            return still

    async def release(self, worker_id: str, held: Held, *, attempt_spent: bool = False) -> None:
        async with self.db.lock:
            for r, lease in self._still_claimed(worker_id, held):
                r.requeue(lease) if attempt_spent else r.give_back(lease)
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

    def _still_claimed(self, worker_id: str, held: Held) -> list[tuple[PredictionRequest, Lease]]:
        """The rows of `held` still processing under those claims: same id, claim number and owner."""
        rows = ((self.db.tables.generations.get(rid), Lease(worker_id, seq)) for rid, seq in held.items())
        return [(r, lease) for r, lease in rows if r is not None and r.lease == lease]
