"""Admin: refund a succeeded payment.

Allowed only while the payer still holds the pack's credits available (reserved credits count as
spent). Two steps that survive a crash between them: first, in one database transaction, the
credits are debited (`refund` transaction) and the payment becomes `refunding` with the
Idempotence-Key of this attempt; then the refund is requested from the service (CompleteRefund).
If the process dies in between, the reconciler completes it with the same key: the credits are never
lost and the refund is never sent twice.
"""

from __future__ import annotations

import logging
from uuid import UUID

from tortodelova.application.ports.payments import PaymentServiceUnavailable
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock, IdGenerator
from tortodelova.application.use_cases.payments.complete_refund import CompleteRefund
from tortodelova.domain import wallet
from tortodelova.domain.errors import Forbidden, NotFound, RefundRefused
from tortodelova.domain.payments import Catalogue, Payment, PaymentStatus

log = logging.getLogger("tortodelova.payments")


class RefundPayment:
    def __init__(
        self,
        *,
        uow: UnitOfWork,
        complete: CompleteRefund,
        catalogue: Catalogue,
        ids: IdGenerator,
        clock: Clock,
    ) -> None:
        self.uow, self.complete, self.catalogue, self.ids, self.clock = uow, complete, catalogue, ids, clock

    async def __call__(self, admin_id: UUID, payment_id: UUID) -> Payment:
        async with self.uow as uow:
            admin = await uow.users.get(admin_id)
            if admin is None or not admin.is_admin or not admin.is_active:
                raise Forbidden()
            found = await uow.payments.get(payment_id)
            if found is None:
                raise NotFound("Платёж не найден")
            user = await uow.users.get(found.user_id, for_update=True)
            payment = await uow.payments.get(payment_id, for_update=True)
            assert user is not None and payment is not None
            if payment.status is PaymentStatus.SUCCEEDED and payment.provider != self.catalogue.provider:
                # Only the service that took the money can give it back; debiting now would strand the credits.
                raise RefundRefused(
                    f"Платёж проведён через «{payment.provider}», а сейчас подключено «{self.catalogue.provider}»: "
                    "верните деньги в личном кабинете того платёжного сервиса и спишите кредиты корректировкой"
                )
            if payment.status is PaymentStatus.SUCCEEDED:
                now = self.clock.now()
                tx = wallet.debit_refund(user, payment, tx_id=self.ids.new(), admin_id=admin_id, now=now)
                payment.start_refund(str(tx.id), admin_id, now)
                user.updated_at = now
                await uow.transactions.add(tx)
                await uow.users.save(user)
                await uow.payments.save(payment)
                await uow.commit()
            elif payment.status not in (PaymentStatus.REFUNDING, PaymentStatus.REFUNDED):
                raise RefundRefused("Вернуть можно только оплаченный платёж")
        try:
            done = await self.complete(payment_id)
        except PaymentServiceUnavailable:
            log.warning(
                "refund of payment %s: the service did not answer; the reconciler will retry", payment_id
            )
            return payment
        assert done is not None
        return done
