"""Housekeeping: a request still pending after the TTL fails with its reservation released.

Nobody should wait a day for a cake picture, and while no worker runs the credits would stay
reserved for ever. Runs in the API process (entrypoints/http/housekeeping.py), so it works exactly
when the workers do not; several API processes may run it at once (locked rows are skipped).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta
from uuid import UUID

from tortodelova.application.ports.events import EventPublisher, GenerationEvent
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock
from tortodelova.domain import wallet
from tortodelova.domain.failures import Failure
from tortodelova.domain.generation import PredictionRequest

BATCH = 200  # requests per transaction


@dataclass(frozen=True, slots=True)
class PendingTtl:
    """How long a request may wait in the queue before it fails (PENDING_TTL_HOURS)."""

    seconds: float


class ExpireStaleGenerations:
    def __init__(self, *, uow: UnitOfWork, clock: Clock, events: EventPublisher, ttl: PendingTtl) -> None:
        self.uow, self.clock, self.events, self.ttl_seconds = uow, clock, events, ttl.seconds

    async def __call__(self, limit: int = BATCH) -> int:
        """Fails up to `limit` stale requests in one transaction; returns how many."""
        now = self.clock.now()
        message = Failure.EXPIRED.message  # one wording for every failure class (domain/failures.py)
        async with self.uow as uow:
            stale = await uow.generations.stale_pending(now - timedelta(seconds=self.ttl_seconds), limit)
            by_user: dict[UUID, list[PredictionRequest]] = defaultdict(list)
            for request in stale:
                by_user[request.user_id].append(request)
            for user_id in sorted(by_user):  # one lock order for every run: no deadlock between runs
                user = await uow.users.get(user_id, for_update=True)
                assert user is not None  # a request's user is never deleted (foreign key)
                for request in by_user[user_id]:
                    request.fail(message, now)
                    wallet.release(user, request.credits_reserved)
                    await uow.generations.save(request)
                user.updated_at = now
                await uow.users.save(user)
            await uow.commit()
        for r in stale:
            await self.events.publish(GenerationEvent(r.id, r.user_id, r.status, r.progress, error=r.error))
        return len(stale)
