"""In-memory payments (the same contract as adapters/db/payments.py)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from tortodelova.adapters.memory.repositories import _email_matches, _page
from tortodelova.adapters.memory.store import Tables
from tortodelova.application.ports.queries import Page, PaymentFilter
from tortodelova.domain.errors import IdempotencyInFlight
from tortodelova.domain.payments import Payment, PaymentStatus


class MemoryPayments:
    def __init__(self, t: Tables) -> None:
        self.t = t

    async def add(self, payment: Payment) -> None:
        if payment.idempotency_key and await self.get_by_idempotency_key(
            payment.user_id, payment.idempotency_key
        ):
            raise IdempotencyInFlight()
        self.t.payments[payment.id] = payment.copy()

    async def get(self, payment_id: UUID, *, for_update: bool = False) -> Payment | None:
        p = self.t.payments.get(payment_id)
        return p.copy() if p else None

    async def get_by_external_id(self, external_id: str) -> Payment | None:
        return next((p.copy() for p in self.t.payments.values() if p.external_id == external_id), None)

    async def get_by_idempotency_key(self, user_id: UUID, key: str) -> Payment | None:
        return next(
            (p.copy() for p in self.t.payments.values() if p.user_id == user_id and p.idempotency_key == key),
            None,
        )

    async def save(self, payment: Payment) -> None:
        if payment.external_id and any(
            p.external_id == payment.external_id and p.id != payment.id for p in self.t.payments.values()
        ):
            raise ValueError("unique external_id")
        self.t.payments[payment.id] = payment.copy()

    async def due_for_check(
        self, created_from: datetime, created_to: datetime, checked_before: datetime, limit: int
    ) -> list[Payment]:
        due = [
            p.copy()
            for p in self.t.payments.values()
            if p.status is PaymentStatus.REFUNDING
            or (
                p.status is PaymentStatus.PENDING
                and created_from <= p.created_at <= created_to
                and (p.checked_at is None or p.checked_at < checked_before)
            )
        ]
        due.sort(key=lambda p: (p.checked_at is not None, p.checked_at or p.created_at, p.created_at))
        return due[:limit]

    async def list(self, flt: PaymentFilter, page: Page) -> tuple[list[Payment], int]:
        items = [
            p.copy()
            for p in self.t.payments.values()
            if (flt.user_id is None or p.user_id == flt.user_id)
            and (flt.status is None or p.status is flt.status)
            and _email_matches(self.t, p.user_id, flt.email)
            and (flt.date_from is None or p.created_at >= flt.date_from)
            and (flt.date_to is None or p.created_at <= flt.date_to)
        ]
        items.sort(key=lambda p: (p.created_at, p.id), reverse=True)
        return _page(items, page)
