"""The payment service (YooKassa, or the sandbox): create, read and refund payments.

What the gateway says is what the use cases act on; a notification's body never is. The values here
are the service's view, in its own terms (`pending`, `waiting_for_capture`, `succeeded`, `canceled`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol
from uuid import UUID

from tortodelova.application.ports.errors import TransientError
from tortodelova.domain.payments import Money


@dataclass(frozen=True, slots=True)
class PaymentOrder:
    """A payment to create. `idempotence_key` makes a repeated create return the first payment."""

    payment_id: UUID  # ours; the service keeps it (and the user's) in the payment's metadata
    user_id: UUID
    amount: Money
    credits: int
    description: str
    return_url: str
    customer_email: str  # for the 54-FZ receipt, when receipts are on
    idempotence_key: str


@dataclass(frozen=True, slots=True)
class RefundOrder:
    """A refund of a whole payment. The same `idempotence_key` returns the first refund, never a second."""

    payment_id: str  # the service's
    amount: Money
    credits: int
    customer_email: str
    idempotence_key: str


@dataclass(frozen=True, slots=True)
class RemotePayment:
    id: str
    status: str
    paid: bool
    amount: Money
    metadata: dict[str, str] = field(default_factory=dict)
    confirmation_url: str | None = None
    cancel_code: str | None = None
    refunded: Money | None = None  # refunded_amount

    @property
    def succeeded(self) -> bool:
        return self.status == "succeeded" and self.paid

    @property
    def canceled(self) -> bool:
        return self.status == "canceled"


@dataclass(frozen=True, slots=True)
class RemoteRefund:
    id: str
    payment_id: str
    status: str  # pending | succeeded | canceled
    amount: Money


class PaymentServiceUnavailable(TransientError):
    """The service did not answer, or answered with a server error: worth asking again later."""


class PaymentServiceRefused(Exception):
    """The service refused the request (4xx): asking again the same way will not help."""


class RemoteNotFound(PaymentServiceRefused):
    """The service knows no payment (or refund) with this id."""


class PaymentGateway(Protocol):
    async def create(self, order: PaymentOrder) -> RemotePayment: ...
    async def read(self, payment_id: str) -> RemotePayment: ...
    async def refund(self, order: RefundOrder) -> RemoteRefund: ...

    async def read_refund(self, refund_id: str) -> RemoteRefund: ...
