"""Drive a refund whose credits are already debited (payment `refunding`) to its end.

The refund is requested from the service with the Idempotence-Key recorded when the credits were
debited, so asking again after a crash returns the first refund instead of making a second; and a
payment the service already reports refunded is not refunded again whatever the key. The service's
answer decides: `succeeded` -> `refunded`; `canceled` or a refusal -> the credits come back and the
payment is `succeeded` again; `pending` -> the reconciler asks again later. Used by the admin's
refund, the reconciler and the `refund.succeeded` notification.
"""

from __future__ import annotations

import logging
from uuid import UUID

from tortodelova.application.ports.payments import (
    PaymentGateway,
    PaymentServiceRefused,
    RefundOrder,
    RemoteRefund,
)
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock, IdGenerator
from tortodelova.domain import wallet
from tortodelova.domain.errors import RefundRefused
from tortodelova.domain.payments import Payment, PaymentStatus

log = logging.getLogger("tortodelova.payments")


class CompleteRefund:
    def __init__(self, *, uow: UnitOfWork, gateway: PaymentGateway, ids: IdGenerator, clock: Clock) -> None:
        self.uow, self.gateway, self.ids, self.clock = uow, gateway, ids, clock

    async def __call__(self, payment_id: UUID) -> Payment | None:
        async with self.uow as uow:
            payment = await uow.payments.get(payment_id)
            user = await uow.users.get(payment.user_id) if payment is not None else None
        if payment is None or user is None or payment.status is not PaymentStatus.REFUNDING:
            return payment
        assert payment.external_id is not None and payment.refund_key is not None  # succeeded before
        try:
            refund = await self._refund(payment, user.email.value)
        except PaymentServiceRefused as exc:
            log.error("payment anomaly: the service refused to refund payment %s: %s", payment.id, exc)
            await self._finish(payment, None)
            raise RefundRefused(f"Платёжный сервис отказал в возврате: {exc}") from exc
        return await self._finish(payment, refund)

    async def _refund(self, payment: Payment, email: str) -> RemoteRefund | str:
        """The refund, or the service's word that the payment is refunded already."""
        assert payment.external_id is not None and payment.refund_key is not None
        if payment.refund_id is not None:
            return await self.gateway.read_refund(payment.refund_id)
        remote = await self.gateway.read(payment.external_id)
        if remote.refunded is not None and remote.refunded >= payment.amount:
            return "refunded"  # the request went out before a crash: never a second refund
        return await self.gateway.refund(
            RefundOrder(
                payment_id=payment.external_id,
                amount=payment.amount,
                credits=payment.credits,
                customer_email=email,
                idempotence_key=payment.refund_key,
            )
        )

    async def _finish(self, payment: Payment, refund: RemoteRefund | str | None) -> Payment:
        """Record the outcome; None: refused, the credits come back."""
        now = self.clock.now()
        async with self.uow as uow:
            user = await uow.users.get(payment.user_id, for_update=True)
            current = await uow.payments.get(payment.id, for_update=True)
            assert user is not None and current is not None
            if current.status is not PaymentStatus.REFUNDING or current.refund_key != payment.refund_key:
                return current  # another process finished this attempt meanwhile
            if refund == "refunded" or (isinstance(refund, RemoteRefund) and refund.status == "succeeded"):
                current.finish_refund(refund.id if isinstance(refund, RemoteRefund) else None, now)
                log.info("payment %s refunded", current.id)
            elif isinstance(refund, RemoteRefund) and refund.status == "pending":
                current.refund_requested(refund.id, now)
            else:
                tx = wallet.restore_refund(user, current, tx_id=self.ids.new(), now=now)
                current.abort_refund(now)
                user.updated_at = now
                await uow.transactions.add(tx)
                await uow.users.save(user)
                log.warning("refund of payment %s did not happen: its credits are back", current.id)
            current.checked(now)
            await uow.payments.save(current)
            await uow.commit()
        return current
