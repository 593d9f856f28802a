"""The job queue the workers lease generations from, and the workers it has seen."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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


Held = Mapping[UUID, int]
"""The jobs a worker holds: request id -> the claim number (`lease_seq`) its claim got."""


def held_by_claim(jobs: Iterable[PredictionRequest]) -> dict[UUID, int]:
    """What a worker holds after `claim` returned `jobs`."""
    return {job.id: job.lease_seq for job in jobs}


class JobQueue(Protocol):
    """Leases pending jobs to workers. Claiming commits on its own (other workers must see it).

    Heartbeats and releases are fenced like results: they touch a job only while it is processing
    under the same worker id AND the same claim number, so a process whose claim was superseded (its
    lease expired and the job was claimed again, maybe by a twin with the same id) can neither keep
    the new claim alive nor hand it back."""

    async def claim(self, worker_id: str, limit: int, lease_seconds: float) -> list[PredictionRequest]:
        """Up to `limit` pending jobs, or processing ones whose lease expired, in the fair order of
        domain/fair_queue.py. Never a cancelled or finished one, even under concurrent cancels."""
        ...

    async def heartbeat(self, worker_id: str, held: Held, lease_seconds: float) -> list[UUID]:
        """Extend the leases of `held` that are still these claims; returns their ids (the others
        were taken over or finished)."""
        ...

    async def release(self, worker_id: str, held: Held, *, attempt_spent: bool = False) -> None:
        """Give unfinished jobs back to the queue, those of `held` that are still these claims (the
        others are left alone). A graceful stop gives the attempt back too;
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
