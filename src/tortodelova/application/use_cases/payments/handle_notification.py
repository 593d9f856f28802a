"""A notification from the payment service: which object changed, nothing more.

The body is not trusted for anything but the event's name and the object's id: the payment (or the
refund) is read back from the service and settled by what the service says. Notifications about
payments we never created, repeated ones and ones out of order are handled (and answered 200), and
change nothing beyond what the service's current state justifies.
"""

from __future__ import annotations

import logging

from tortodelova.application.ports.payments import PaymentGateway, RemoteNotFound
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.use_cases.payments.complete_refund import CompleteRefund
from tortodelova.application.use_cases.payments.settle_payment import SettlePayment
from tortodelova.domain.payments import PaymentStatus

log = logging.getLogger("tortodelova.payments")


class HandleNotification:
    def __init__(
        self, *, uow: UnitOfWork, gateway: PaymentGateway, settle: SettlePayment, complete: CompleteRefund
    ) -> None:
        self.uow, self.gateway, self.settle, self.complete = uow, gateway, settle, complete

    async def __call__(self, event: str, object_id: str) -> None:
        try:
            if event.startswith("payment."):
                await self.settle(object_id)
            elif event.startswith("refund."):
                await self._refund(object_id)
            else:
                log.info(
                    "payment notification %s about %s: not an event this service acts on", event, object_id
                )
        except RemoteNotFound:
            log.warning(
                "payment anomaly: %s about %s, which the service does not know; ignored", event, object_id
            )

    async def _refund(self, refund_id: str) -> None:
        refund = await self.gateway.read_refund(refund_id)
        async with self.uow as uow:
            payment = await uow.payments.get_by_external_id(refund.payment_id)
        if payment is None:
            log.warning(
                "payment anomaly: refund %s of payment %s, not ours; ignored", refund_id, refund.payment_id
            )
        elif payment.status is PaymentStatus.REFUNDING:
            await self.complete(payment.id)
