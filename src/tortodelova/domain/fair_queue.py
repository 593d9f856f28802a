"""The order in which workers take requests: fair between users, then oldest first.

A ready request's priority is its owner's in-flight count plus its rank among the owner's ready
requests (1 = the owner's oldest). So one account with thousands of queued requests gets one turn
per round like everyone else: with 200 of user A's requests queued first, user B's single request
has priority 1 and goes into the next batch (after A's oldest, which is older).

Claiming (`now` given): ready = pending, or processing with an expired lease; in flight = processing
with a live lease. Queue positions (`now` None): ready = pending; in flight = processing.
adapters/db/fair_queue.py computes the same order in SQL.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from uuid import UUID

from tortodelova.domain.generation import PredictionRequest, Status


def _ready(r: PredictionRequest, now: datetime | None) -> bool:
    if r.status is Status.PENDING:
        return True
    return now is not None and r.status is Status.PROCESSING and r.lease_expired(now)


def fair_order(requests: Iterable[PredictionRequest], now: datetime | None = None) -> list[PredictionRequest]:
    """The ready requests, next first."""
    everything = list(requests)
    ready = sorted((r for r in everything if _ready(r, now)), key=lambda r: (r.created_at, str(r.id)))
    in_flight = Counter(r.user_id for r in everything if r.status is Status.PROCESSING and not _ready(r, now))
    rank: Counter[UUID] = Counter()
    keyed = []
    for r in ready:
        rank[r.user_id] += 1
        keyed.append((in_flight[r.user_id] + rank[r.user_id], r.created_at, str(r.id), r))
    keyed.sort(key=lambda k: k[:3])
    return [k[3] for k in keyed]


def queue_positions(requests: Iterable[PredictionRequest]) -> dict[UUID, int]:
    """Pending request id -> how many are ahead of it (0 = next)."""
    return {r.id: i for i, r in enumerate(fair_order(requests))}
