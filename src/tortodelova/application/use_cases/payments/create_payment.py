"""Start buying a credit pack: a pending payment here, then the same payment at the service.

The payment is recorded first (committed), then created at the service with our payment id as the
Idempotence-Key, then its service id and confirmation URL are recorded. A crash in between leaves a
pending payment without a service id: a retry with the same Idempotency-Key creates it at the
service again under the same key (the service returns the first one), and the reconciler cancels
one nobody retried. With an Idempotency-Key a retry returns the first payment and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from tortodelova.application.ports.payments import PaymentGateway, PaymentOrder
from tortodelova.application.ports.persistence import UnitOfWork
from tortodelova.application.ports.system import Clock, IdGenerator
from tortodelova.domain.errors import IdempotencyMismatch, NotFound, PaymentsDisabled
from tortodelova.domain.payments import Catalogue, Payment, PaymentStatus, payment_description


@dataclass(frozen=True, slots=True)
class Created:
    payment: Payment
    replayed: bool = False


def with_payment(return_url: str, payment: Payment) -> str:
    """Where the service sends the payer back: the balance page, told which payment to wait for."""
    joiner = "&" if "?" in return_url else "?"
    return f"{return_url}{joiner}payment={payment.id}"


class CreatePayment:
    def __init__(
        self,
        *,
        uow: UnitOfWork,
        gateway: PaymentGateway,
        catalogue: Catalogue,
        ids: IdGenerator,
        clock: Clock,
    ) -> None:
        self.uow, self.gateway, self.catalogue, self.ids, self.clock = uow, gateway, catalogue, ids, clock

    async def __call__(
        self, user_id: UUID, pack_id: str, return_url: str, idempotency_key: str | None = None
    ) -> Created:
        if not self.catalogue.enabled:
            raise PaymentsDisabled()
        pack = self.catalogue.pack(pack_id)
        replayed = False
        async with self.uow as uow:
            # The row lock serialises one user's creates: a concurrent retry with the same key waits
            # here, then finds the first payment below.
            user = await uow.users.get(user_id, for_update=True)
            if user is None:
                raise NotFound("Пользователь не найден")
            first = (
                await uow.payments.get_by_idempotency_key(user_id, idempotency_key)
                if idempotency_key
                else None
            )
            if first is not None:
                if first.credits != pack.credits or first.amount != pack.price:
                    raise IdempotencyMismatch()
                payment, replayed = first, True
            else:
                payment = Payment.new(
                    self.ids.new(), user_id, pack, self.catalogue.provider, self.clock.now(), idempotency_key
                )
                await uow.payments.add(payment)
                await uow.commit()
        if payment.external_id is not None or payment.status is not PaymentStatus.PENDING:
            return Created(payment, replayed)
        remote = await self.gateway.create(
            PaymentOrder(
                payment_id=payment.id,
                user_id=user_id,
                amount=payment.amount,
                credits=payment.credits,
                description=payment_description(payment.credits),
                return_url=with_payment(return_url, payment),
                customer_email=user.email.value,
                idempotence_key=str(payment.id),
            )
        )
        async with self.uow as uow:
            current = await uow.payments.get(payment.id, for_update=True)
            assert current is not None
            if current.status is PaymentStatus.PENDING:  # the reconciler may have given up on it meanwhile
                current.attach(remote.id, remote.confirmation_url, self.clock.now())
                await uow.payments.save(current)
                await uow.commit()
        return Created(current, replayed)
