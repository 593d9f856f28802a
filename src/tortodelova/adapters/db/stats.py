"""StatsReader: the admin statistics, computed in SQL (the only implementation):

- generations_per_hour: 24 hourly buckets (UTC) ending with the hour of `now`, counting requests
  that *finished* in the bucket, with how many of them failed; empty hours are zeros.
- avg/p95 duration: finished_at - started_at of all successful requests; p95 is the element at
  index min(n-1, floor(0.95 n)) of the sorted durations (nearest rank).
- duration_buckets: cumulative count of those durations per DURATION_BUCKETS_S upper bound
  (Prometheus histogram), with their sum and count.
- credits_spent_total: sum of the generation debits in the ledger.
- orders_total / order_bakers: share links that carry an order and are not revoked, and how many
  users own them.
- payments_by_status: how many payments are in each status (every status, zeros included).
- revenue_per_day: 30 daily buckets (UTC) ending with the day of `now`: the amounts of the payments
  that succeeded that day (`settled_at`; refunded ones too: they were paid) and of the refunds made
  that day (`refunded_at`), in kopecks.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tortodelova.adapters.db import mapping
from tortodelova.application.ports.stats import DayRevenue, HourBucket, Stats
from tortodelova.domain.generation import Status
from tortodelova.domain.payments import PaymentStatus

# Upper bounds (seconds) of the duration histogram /metrics exports (Prometheus buckets).
DURATION_BUCKETS_S: tuple[float, ...] = (1, 2, 5, 10, 20, 30, 60, 120, 300, 600)

_TOTALS = text(
    """
    SELECT (SELECT count(*) FROM users) AS users_total,
           (SELECT coalesce(sum(amount), 0) FROM transactions
             WHERE type = 'debit' AND prediction_request_id IS NOT NULL) AS credits_spent_total
    """
)

_BY_STATUS = text("SELECT status, count(*) AS n FROM prediction_requests GROUP BY status")

_PER_HOUR = text(
    """
    WITH hours AS (
        SELECT generate_series(date_trunc('hour', CAST(:now AS timestamptz), 'UTC') - interval '23 hours',
                               date_trunc('hour', CAST(:now AS timestamptz), 'UTC'),
                               interval '1 hour') AS hour
    )
    SELECT h.hour,
           count(p.id) AS count,
           count(p.id) FILTER (WHERE p.status = 'failed') AS failed
      FROM hours h
      LEFT JOIN prediction_requests p
        ON p.finished_at >= h.hour AND p.finished_at < h.hour + interval '1 hour'
     GROUP BY h.hour
     ORDER BY h.hour
    """
)

_BUCKET_COUNTS = ",\n".join(
    f"count(*) FILTER (WHERE s <= {float(bound)!r}) AS le_{i}" for i, bound in enumerate(DURATION_BUCKETS_S)
)
_DURATIONS = text(
    f"""
    WITH d AS (
        SELECT CAST(extract(epoch FROM finished_at - started_at) AS float8) AS s
          FROM prediction_requests
         WHERE status = 'success' AND started_at IS NOT NULL AND finished_at IS NOT NULL
    ), ranked AS (
        SELECT s, row_number() OVER (ORDER BY s) - 1 AS i, count(*) OVER () AS n FROM d
    )
    SELECT avg(s) AS avg_s,
           max(s) FILTER (WHERE i = least(n - 1, floor(CAST(0.95 AS float8) * n))) AS p95_s,
           coalesce(sum(s), 0) AS sum_s,
           count(*) AS n,
           {_BUCKET_COUNTS}
      FROM ranked
    """
)

_PAYMENTS_BY_STATUS = text("SELECT status, count(*) AS n FROM payments GROUP BY status")

_REVENUE = text(
    """
    WITH days AS (
        SELECT generate_series(date_trunc('day', CAST(:now AS timestamptz), 'UTC') - interval '29 days',
                               date_trunc('day', CAST(:now AS timestamptz), 'UTC'),
                               interval '1 day') AS day
    )
    SELECT d.day,
           coalesce((SELECT sum(amount_minor) FROM payments p
                      WHERE p.status IN ('succeeded', 'refunding', 'refunded')
                        AND p.settled_at >= d.day AND p.settled_at < d.day + interval '1 day'), 0) AS paid,
           coalesce((SELECT count(*) FROM payments p
                      WHERE p.status IN ('succeeded', 'refunding', 'refunded')
                        AND p.settled_at >= d.day AND p.settled_at < d.day + interval '1 day'), 0) AS n,
           coalesce((SELECT sum(amount_minor) FROM payments p
                      WHERE p.status = 'refunded'
                        AND p.refunded_at >= d.day AND p.refunded_at < d.day + interval '1 day'), 0) AS refunded
      FROM days d
     ORDER BY d.day
    """
)

_WORKERS = text("SELECT id, last_seen, jobs_done FROM workers ORDER BY id")

_ORDERS = text(
    """
    SELECT count(*) AS orders_total, count(DISTINCT s.user_id) AS order_bakers
      FROM shares s
     WHERE s.revoked_at IS NULL AND EXISTS (SELECT 1 FROM share_quotes q WHERE q.share_token = s.token)
    """
)


async def collect_stats(session: AsyncSession, now: datetime) -> Stats:
    by_status = {s.value: 0 for s in Status}
    totals = (await session.execute(_TOTALS)).mappings().one()
    for row in (await session.execute(_BY_STATUS)).mappings():
        by_status[row["status"]] = int(row["n"])
    hours = [
        HourBucket(hour=r["hour"], count=r["count"], failed=r["failed"])
        for r in (await session.execute(_PER_HOUR, {"now": now})).mappings()
    ]
    durations = (await session.execute(_DURATIONS)).mappings().one()
    workers = [mapping.worker_from_row(r) for r in (await session.execute(_WORKERS)).mappings()]
    orders = (await session.execute(_ORDERS)).mappings().one()
    payments = {s.value: 0 for s in PaymentStatus}
    for row in (await session.execute(_PAYMENTS_BY_STATUS)).mappings():
        payments[row["status"]] = int(row["n"])
    revenue = [
        DayRevenue(
            day=r["day"].astimezone(UTC).date(),
            paid_minor=int(r["paid"]),
            refunded_minor=int(r["refunded"]),
            payments=int(r["n"]),
        )
        for r in (await session.execute(_REVENUE, {"now": now})).mappings()
    ]
    return Stats(
        users_total=int(totals["users_total"]),
        generations_total=sum(by_status.values()),
        by_status=by_status,
        queue_depth=by_status[Status.PENDING.value],
        processing=by_status[Status.PROCESSING.value],
        generations_per_hour=hours,
        avg_duration_s=durations["avg_s"],
        p95_duration_s=durations["p95_s"],
        credits_spent_total=int(totals["credits_spent_total"]),
        workers=workers,
        duration_buckets={bound: int(durations[f"le_{i}"]) for i, bound in enumerate(DURATION_BUCKETS_S)},
        duration_sum_s=float(durations["sum_s"]),
        duration_count=int(durations["n"]),
        orders_total=int(orders["orders_total"]),
        order_bakers=int(orders["order_bakers"]),
        payments_by_status=payments,
        revenue_per_day=revenue,
    )


class SqlStatsReader:
    """One session (one transaction) per read."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def read(self, now: datetime) -> Stats:
        async with self._session_factory() as session, session.begin():
            return await collect_stats(session, now)
