"""The fair queue order of domain/fair_queue.py in SQL: a window function ranks each user's ready
requests, the user's in-flight count is added, ties go to the older request.

    priority = in_flight(user) + row_number() OVER (PARTITION BY user ORDER BY created_at, id)

`now` given: the claim's view (expired leases are ready again); None: the queue positions' view.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import ColumnElement, Select, and_, func, or_, select

from tortodelova.adapters.db.models import prediction_requests
from tortodelova.domain.generation import Status

_p = prediction_requests.c


def ready_condition(now: datetime | None) -> ColumnElement[bool]:
    pending = _p.status == Status.PENDING.value
    if now is None:
        return pending
    return or_(pending, and_(_p.status == Status.PROCESSING.value, _p.lease_expires_at <= now))


def _in_flight_condition(now: datetime | None) -> ColumnElement[bool]:
    processing = _p.status == Status.PROCESSING.value
    if now is None:
        return processing
    return and_(processing, _p.lease_expires_at > now)


def ranked(now: datetime | None) -> Any:
    """A CTE of the ready requests: id, created_at, priority."""
    in_flight = (
        select(_p.user_id, func.count().label("n"))
        .where(_in_flight_condition(now))
        .group_by(_p.user_id)
        .subquery("in_flight")
    )
    rank = func.row_number().over(partition_by=_p.user_id, order_by=(_p.created_at, _p.id))
    ready = (
        select(_p.id, _p.user_id, _p.created_at, rank.label("rank"))
        .where(ready_condition(now))
        .subquery("ready")
    )
    priority = func.coalesce(in_flight.c.n, 0) + ready.c.rank
    return (
        select(ready.c.id, ready.c.created_at, priority.label("priority"))
        .select_from(ready.outerjoin(in_flight, in_flight.c.user_id == ready.c.user_id))
        .cte("ranked")
    )


def in_fair_order(now: datetime | None) -> Select[Any]:
    """Ready request ids, next first."""
    r = ranked(now)
    return select(r.c.id).order_by(r.c.priority, r.c.created_at, r.c.id)


def positions(ids: Collection[UUID] | None = None) -> Select[Any]:
    """(id, position) of the pending requests, or of those among `ids`; 0 = next."""
    r = ranked(None)
    position = func.row_number().over(order_by=(r.c.priority, r.c.created_at, r.c.id)) - 1
    numbered = select(r.c.id, position.label("position")).subquery("numbered")
    stmt = select(numbered.c.id, numbered.c.position)
    return stmt if ids is None else stmt.where(numbered.c.id.in_(list(ids)))
