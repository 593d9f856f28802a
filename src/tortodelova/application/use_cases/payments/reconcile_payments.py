"""Housekeeping: payments whose notification was lost.

Payments still pending `settle_after` after creation (and younger than `give_up_after`) are re-read
from the service and settled or canceled by what it says, at most once per `settle_after` each;
refunds in progress are driven on. A payment never created at the service (the process died before
the service answered) is canceled. Runs in every API process (entrypoints/http/housekeeping.py):
several at once only repeat reads, settlement itself is exactly-once.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from tortodelova.application.ports.errors import TransientError
from tortodelova.application.ports.payments import PaymentServiceRefused
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock
from tortodelova.application.use_cases.payments.complete_refund import CompleteRefund
from tortodelova.application.use_cases.payments.settle_payment import SettlePayment
from tortodelova.domain.errors import DomainError
from tortodelova.domain.payments import Payment, PaymentStatus

log = logging.getLogger("tortodelova.payments")

BATCH = 50


@dataclass(frozen=True, slots=True)
class ReconcilePolicy:
    settle_after: timedelta  # PAYMENT_SETTLE_AFTER_SECONDS: a notification is that late
    give_up_after: timedelta  # PAYMENT_CHECK_HOURS: no more reads of a payment that old


@dataclass(frozen=True, slots=True)
class Reconciled:
    checked: int
    settled: int  # succeeded, canceled or refunded in this round


class ReconcilePayments:
    def __init__(
        self,
        *,
        uow: UnitOfWork,
        settle: SettlePayment,
        complete: CompleteRefund,
        clock: Clock,
        policy: ReconcilePolicy,
    ) -> None:
        self.uow, self.settle, self.complete, self.clock = uow, settle, complete, clock
        self.settle_after, self.give_up_after = policy.settle_after, policy.give_up_after

    async def __call__(self, limit: int = BATCH) -> Reconciled:
        now = self.clock.now()
        async with self.uow as uow:
            due = await uow.payments.due_for_check(
                now - self.give_up_after, now - self.settle_after, now - self.settle_after, limit
            )
        settled = 0
        for payment in due:
            try:
                after = await self._one(payment)
            except (TransientError, PaymentServiceRefused, DomainError) as exc:
                log.warning("reconciling payment %s failed: %s", payment.id, exc)
                continue
            settled += after is not None and after.status is not payment.status
        return Reconciled(len(due), settled)

    async def _one(self, payment: Payment) -> Payment | None:
        if payment.status is PaymentStatus.REFUNDING:
            return await self.complete(payment.id)
        if payment.external_id is not None:
            return await self.settle(payment.external_id)
        now = self.clock.now()
        async with self.uow as uow:
            current = await uow.payments.get(payment.id, for_update=True)
            if current is None or current.status is not PaymentStatus.PENDING or current.external_id:
                return current
            current.cancel("not_created", now)
            await uow.payments.save(current)
            await uow.commit()
        return current
