"""Admin statistics: a read model over the whole database, read through its own port."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Protocol

from tortodelova.application.ports.queue import WorkerSeen


@dataclass(frozen=True, slots=True)
class HourBucket:
    hour: datetime
    count: int
    failed: int


@dataclass(frozen=True, slots=True)
class DayRevenue:
    """Money of one day (UTC): paid = payments that succeeded that day, refunded = refunds made that
    day, both in kopecks (roubles only: every pack is priced in RUB)."""

    day: date
    paid_minor: int
    refunded_minor: int
    payments: int  # how many succeeded that day


@dataclass(frozen=True, slots=True)
class Stats:
    users_total: int
    generations_total: int
    by_status: dict[str, int]
    queue_depth: int
    processing: int
    generations_per_hour: list[HourBucket]
    avg_duration_s: float | None
    p95_duration_s: float | None
    credits_spent_total: int
    workers: list[WorkerSeen] = field(default_factory=list)
    # Durations of successful generations (seconds): cumulative count per upper bound (the reader
    # chooses the bounds), with their sum and count.
    duration_buckets: dict[float, int] = field(default_factory=dict)
    duration_sum_s: float = 0.0
    duration_count: int = 0
    # Orders (issue 23): links with an order that are not revoked, and the bakers who have any.
    orders_total: int = 0
    order_bakers: int = 0
    payments_by_status: dict[str, int] = field(default_factory=dict)
    revenue_per_day: list[DayRevenue] = field(default_factory=list)  # the last 30 days, oldest first


class StatsReader(Protocol):
    async def read(self, now: datetime) -> Stats:
        """Counts, queue, throughput over the 24 hours ending at `now`, durations, credits, workers,
        payments by status and the revenue of the 30 days ending with `now`'s."""
        ...
