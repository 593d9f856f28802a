"""The job queue the workers lease generations from, and the workers it has seen."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from tortodelova.domain.generation import PredictionRequest


@dataclass(frozen=True, slots=True)
class WorkerSeen:
    id: str
    last_seen: datetime
    jobs_done: int


class JobQueue(Protocol):
    """Leases pending jobs to workers. Claiming commits on its own (other workers must see it)."""

    async def claim(self, worker_id: str, limit: int, lease_seconds: float) -> list[PredictionRequest]:
        """Up to `limit` pending jobs, or processing ones whose lease expired, in the fair order of
        domain/fair_queue.py. Never a cancelled or finished one, even under concurrent cancels."""
        ...

    async def heartbeat(self, worker_id: str, request_ids: Sequence[UUID], lease_seconds: float) -> list[UUID]:
        """Extend the leases this worker still holds; returns the ids it still holds."""
        ...

    async def release(self, worker_id: str, request_ids: Sequence[UUID], *, attempt_spent: bool = False) -> None:
        """Give unfinished jobs back to the queue. A graceful stop gives the attempt back too;
        `attempt_spent=True` keeps it spent (the worker gave up after an error in its loop)."""
        ...

    async def report_alive(self, worker_id: str, jobs_done: int) -> None:
        """Record that this worker is alive and how many jobs it finished in total (admin stats)."""
        ...

    async def wait_for_work(self, timeout: float) -> None:
        """Sleep until new work is announced or `timeout` passes."""
        ...

    async def live_workers(self, within_seconds: float) -> int:
        """How many workers reported alive in the last `within_seconds` (readiness; one cheap query)."""
        ...

    async def workers(self) -> list[WorkerSeen]:
        """Every worker that has reported alive, by id (readiness shows the recent ones)."""
        ...
