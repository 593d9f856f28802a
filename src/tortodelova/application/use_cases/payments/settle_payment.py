"""Settle a payment by what the payment service says about it, never by what a notification claims.

The payment is re-read from the service by its id. Only a payment the service reports `succeeded`
and paid, for exactly the amount and currency of the pack recorded at creation, carrying our payment
id and its payer in the metadata, is credited: one `top_up` transaction, written in the database
transaction that marks the payment succeeded (a unique index per payment backs it). Anything else
that disagrees is logged as an anomaly and changes nothing. Called by the webhook, the reconciler,
the payer's status check and the sandbox checkout alike.
"""

from __future__ import annotations

import logging

from tortodelova.application.ports.payments import PaymentGateway, RemotePayment
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock, IdGenerator
from tortodelova.domain import wallet
from tortodelova.domain.payments import Payment, PaymentStatus

log = logging.getLogger("tortodelova.payments")


def mismatches(payment: Payment, remote: RemotePayment) -> list[str]:
    """How the service's payment disagrees with ours (empty: it is the payment we created)."""
    found = []
    if remote.id != payment.external_id:
        found.append(f"the service answered with payment {remote.id}")
    if remote.amount != payment.amount:
        found.append(f"amount {remote.amount}, the pack costs {payment.amount}")
    if remote.metadata.get("payment_id") != str(payment.id):
        found.append(f"metadata payment_id {remote.metadata.get('payment_id')!r}")
    if remote.metadata.get("user_id") != str(payment.user_id):
        found.append(f"metadata user_id {remote.metadata.get('user_id')!r}, the payer is {payment.user_id}")
    return found


class SettlePayment:
    def __init__(self, *, uow: UnitOfWork, gateway: PaymentGateway, ids: IdGenerator, clock: Clock) -> None:
        self.uow, self.gateway, self.ids, self.clock = uow, gateway, ids, clock

    async def __call__(self, external_id: str) -> Payment | None:
        """Re-read the service's payment `external_id` and act on it; None when it is not ours."""
        async with self.uow as uow:
            payment = await uow.payments.get_by_external_id(external_id)
        if payment is None:
            log.warning("payment anomaly: payment %s was not created by this service; ignored", external_id)
            return None
        if payment.status is not PaymentStatus.PENDING:
            return payment  # settled already: a repeated or late notification changes nothing
        return await self.apply(payment, await self.gateway.read(external_id))

    async def apply(self, payment: Payment, remote: RemotePayment) -> Payment:
        problems = mismatches(payment, remote)
        if problems:
            log.error(
                "payment anomaly: payment %s (service id %s, user %s): %s; nothing credited",
                payment.id,
                payment.external_id,
                payment.user_id,
                "; ".join(problems),
            )
        now = self.clock.now()
        async with self.uow as uow:
            # The user's row first, as every money operation: concurrent notifications take turns here
            # and the later ones find the payment settled.
            user = await uow.users.get(payment.user_id, for_update=True)
            current = await uow.payments.get(payment.id, for_update=True)
            assert user is not None and current is not None  # rows are never deleted
            if current.status is not PaymentStatus.PENDING:
                return current
            if not problems and remote.succeeded:
                tx = wallet.credit_payment(user, current, tx_id=self.ids.new(), now=now)
                current.succeed(now)
                user.updated_at = now
                await uow.transactions.add(tx)
                await uow.users.save(user)
                log.info("payment %s succeeded: %d credits to user %s", current.id, current.credits, user.id)
            elif not problems and remote.canceled:
                current.cancel(remote.cancel_code, now)
                log.info("payment %s canceled by the service: %s", current.id, remote.cancel_code)
            current.checked(now)
            await uow.payments.save(current)
            await uow.commit()
        return current
