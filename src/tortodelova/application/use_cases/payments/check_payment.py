"""The payer's view of one payment, re-read from the service while it is pending: a payer coming
back from the checkout sees it credited within seconds even when the notification never comes."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from tortodelova.application.ports.payments import PaymentServiceUnavailable
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock
from tortodelova.application.use_cases.payments.settle_payment import SettlePayment
from tortodelova.domain.errors import NotFound
from tortodelova.domain.payments import Payment, PaymentStatus

RECHECK_AFTER = timedelta(seconds=2)  # a page polling every second asks the service every other time


class CheckPayment:
    def __init__(self, *, uow: UnitOfWork, settle: SettlePayment, clock: Clock) -> None:
        self.uow, self.settle, self.clock = uow, settle, clock

    async def __call__(self, user_id: UUID, payment_id: UUID) -> Payment:
        async with self.uow as uow:
            payment = await uow.payments.get(payment_id)
        if payment is None or payment.user_id != user_id:
            raise NotFound("Платёж не найден")
        due = payment.checked_at is None or self.clock.now() - payment.checked_at >= RECHECK_AFTER
        if payment.status is PaymentStatus.PENDING and payment.external_id is not None and due:
            try:
                return await self.settle(payment.external_id) or payment
            except PaymentServiceUnavailable:
                return payment  # the page asks again; the reconciler too
        return payment
