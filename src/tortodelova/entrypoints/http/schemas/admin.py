"""Bodies of /api/admin: users, balance adjustments, statistics."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

import msgspec
from litestar.openapi.spec import Schema

from tortodelova.application.ports.queue import WorkerSeen
from tortodelova.application.ports.stats import HourBucket, Stats
from tortodelova.domain import text, wallet
from tortodelova.domain.payments import Money
from tortodelova.entrypoints.http.schemas.account import TransactionOut, UserOut
from tortodelova.entrypoints.http.schemas.common import _doc, utc

# --- requests ---------------------------------------------------------------------------------


class AdjustmentIn(msgspec.Struct):
    amount: Annotated[
        int, _doc(minimum=-wallet.ADJUST_MAX, maximum=wallet.ADJUST_MAX, **{"not": Schema(const=0)})
    ]  # non-zero
    description: Annotated[
        str, _doc(min_length=1, max_length=wallet.DESCRIPTION_MAX, pattern=text.NON_BLANK_PATTERN)
    ]


# --- responses --------------------------------------------------------------------------------


class AdjustmentOut(msgspec.Struct):
    transaction: TransactionOut
    user: UserOut


class UserPage(msgspec.Struct):
    items: list[UserOut]
    total: int


class HourBucketOut(msgspec.Struct):
    hour: datetime
    count: int
    failed: int


class WorkerOut(msgspec.Struct):
    id: str
    last_seen: datetime
    jobs_done: int


class DayRevenueOut(msgspec.Struct):
    day: date
    paid: str  # roubles with kopecks, "1780.00"
    refunded: str
    payments: int


class StatsOut(msgspec.Struct):
    users_total: int
    generations_total: int
    by_status: dict[str, int]
    queue_depth: int
    processing: int
    generations_per_hour: list[HourBucketOut]
    avg_duration_s: float | None
    p95_duration_s: float | None
    credits_spent_total: int
    workers: list[WorkerOut]
    orders_total: int  # links with an order, not revoked
    order_bakers: int  # users who have such a link
    payments_by_status: dict[str, int]
    revenue_per_day: list[DayRevenueOut]  # the last 30 days (UTC), oldest first; RUB


# --- domain -> wire ---------------------------------------------------------------------------


def _hour(b: HourBucket) -> HourBucketOut:
    return HourBucketOut(utc(b.hour), b.count, b.failed)  # type: ignore[arg-type]


def worker_out(w: WorkerSeen) -> WorkerOut:
    return WorkerOut(w.id, utc(w.last_seen), w.jobs_done)  # type: ignore[arg-type]


def stats_out(s: Stats) -> StatsOut:
    return StatsOut(
        users_total=s.users_total,
        generations_total=s.generations_total,
        by_status=dict(s.by_status),
        queue_depth=s.queue_depth,
        processing=s.processing,
        generations_per_hour=[_hour(b) for b in s.generations_per_hour],
        avg_duration_s=s.avg_duration_s,
        p95_duration_s=s.p95_duration_s,
        credits_spent_total=s.credits_spent_total,
        workers=[worker_out(w) for w in s.workers],
        orders_total=s.orders_total,
        order_bakers=s.order_bakers,
        payments_by_status=dict(s.payments_by_status),
        revenue_per_day=[
            DayRevenueOut(d.day, Money(d.paid_minor).decimal, Money(d.refunded_minor).decimal, d.payments)
            for d in s.revenue_per_day
        ],
    )
