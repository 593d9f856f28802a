"""Payments in PostgreSQL (table payments). `get(..., for_update=True)` locks the row: settling and
refunding re-read it under lock after locking its user, so concurrent notifications take turns."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import and_, insert, or_, select, update

from tortodelova.adapters.db.filtered_lists import FilteredList
from tortodelova.adapters.db.models import UQ_PAYMENTS_IDEMPOTENCY, payments
from tortodelova.adapters.db.repositories import _Repository, email_part, owner_and_period
from tortodelova.application.ports.queries import Page, PaymentFilter
from tortodelova.domain.errors import IdempotencyInFlight, NotFound
from tortodelova.domain.payments import Money, Payment, PaymentStatus

_p = payments.c
_PAYMENTS = FilteredList(
    select(payments),
    [_p.created_at.desc(), _p.id.desc()],
    {**owner_and_period(_p), "status": lambda v: _p.status == v},
)


def payment_from_row(row: Any) -> Payment:
    return Payment(
        id=row["id"],
        user_id=row["user_id"],
        credits=row["credits"],
        amount=Money(row["amount_minor"], row["currency"]),
        provider=row["provider"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        status=PaymentStatus(row["status"]),
        external_id=row["external_id"],
        confirmation_url=row["confirmation_url"],
        idempotency_key=row["idempotency_key"],
        cancel_code=row["cancel_code"],
        settled_at=row["settled_at"],
        checked_at=row["checked_at"],
        refund_key=row["refund_key"],
        refund_id=row["refund_id"],
        refunded_at=row["refunded_at"],
        refunded_by=row["refunded_by"],
    )


def _state(payment: Payment) -> dict[str, Any]:
    """What changes after creation."""
    return {
        "status": payment.status.value,
        "external_id": payment.external_id,
        "confirmation_url": payment.confirmation_url,
        "cancel_code": payment.cancel_code,
        "updated_at": payment.updated_at,
        "settled_at": payment.settled_at,
        "checked_at": payment.checked_at,
        "refund_key": payment.refund_key,
        "refund_id": payment.refund_id,
        "refunded_at": payment.refunded_at,
        "refunded_by": payment.refunded_by,
    }


class SqlPaymentRepository(_Repository):
    async def add(self, payment: Payment) -> None:
        values = {
            "id": payment.id,
            "user_id": payment.user_id,
            "credits": payment.credits,
            "amount_minor": payment.amount.minor,
            "currency": payment.amount.currency,
            "provider": payment.provider,
            "idempotency_key": payment.idempotency_key,
            "created_at": payment.created_at,
            **_state(payment),
        }
        await self._guarded(
            lambda: self._session.execute(insert(payments).values(values)),
            {UQ_PAYMENTS_IDEMPOTENCY: IdempotencyInFlight},
        )

    async def get(self, payment_id: UUID, *, for_update: bool = False) -> Payment | None:
        stmt = select(payments).where(_p.id == payment_id)
        return await self._one(stmt.with_for_update() if for_update else stmt, payment_from_row)

    async def get_by_external_id(self, external_id: str) -> Payment | None:
        return await self._one(select(payments).where(_p.external_id == external_id), payment_from_row)

    async def get_by_idempotency_key(self, user_id: UUID, key: str) -> Payment | None:
        stmt = select(payments).where(_p.user_id == user_id, _p.idempotency_key == key)
        return await self._one(stmt, payment_from_row)

    async def save(self, payment: Payment) -> None:
        result = await self._session.execute(
            update(payments).where(_p.id == payment.id).values(_state(payment))
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise NotFound("Платёж не найден")

    async def due_for_check(
        self, created_from: datetime, created_to: datetime, checked_before: datetime, limit: int
    ) -> list[Payment]:
        pending = and_(
            _p.status == PaymentStatus.PENDING.value,
            _p.created_at.between(created_from, created_to),
            or_(_p.checked_at.is_(None), _p.checked_at < checked_before),
        )
        stmt = (
            select(payments)
            .where(or_(pending, _p.status == PaymentStatus.REFUNDING.value))
            .order_by(_p.checked_at.asc().nulls_first(), _p.created_at)
            .limit(limit)
        )
        return [payment_from_row(r) for r in (await self._session.execute(stmt)).mappings()]

    async def list(self, flt: PaymentFilter, page: Page) -> tuple[list[Payment], int]:
        values = {
            "user_id": flt.user_id,
            "status": flt.status.value if flt.status is not None else None,
            "email": email_part(flt.email),
            "date_from": flt.date_from,
            "date_to": flt.date_to,
        }
        return await self._page(_PAYMENTS, values, page, payment_from_row)
