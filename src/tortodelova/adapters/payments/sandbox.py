"""The sandbox payment service: YooKassa's flow without money, inside the API process.

`make dev` uses it. A payment is created `pending` with a confirmation URL on this site's own test
checkout page (/pay/sandbox/{id}); the page's buttons call `pay` or `decline`, then hand the payment
to the same notification handler a YooKassa notification reaches, which reads it back from here.
Payments live in this process's memory (a restart forgets the unpaid ones, which then stay pending
until the reconciler stops asking). Idempotence keys behave as YooKassa's: the same key returns the
first payment or refund.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import replace
from urllib.parse import urlsplit

from tortodelova.application.ports.payments import (
    PaymentOrder,
    PaymentServiceRefused,
    RefundOrder,
    RemoteNotFound,
    RemotePayment,
    RemoteRefund,
)
from tortodelova.domain.payments import Money

CHECKOUT_PATH = "/pay/sandbox/"


def checkout_url(return_url: str, payment_id: str) -> str:
    """The test checkout on the site the payer comes from (the return URL's origin)."""
    parts = urlsplit(return_url)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
    return f"{origin}{CHECKOUT_PATH}{payment_id}"


class SandboxGateway:
    def __init__(self) -> None:
        self.payments: dict[str, RemotePayment] = {}
        self.return_urls: dict[str, str] = {}
        self.refunds: dict[str, RemoteRefund] = {}
        self._keys: dict[str, str] = {}  # idempotence key -> payment or refund id
        self._lock = asyncio.Lock()

    async def create(self, order: PaymentOrder) -> RemotePayment:
        async with self._lock:
            if order.idempotence_key in self._keys:
                return self.payments[self._keys[order.idempotence_key]]
            payment_id = f"sandbox-{uuid.uuid4()}"
            payment = RemotePayment(
                id=payment_id,
                status="pending",
                paid=False,
                amount=order.amount,
                metadata={"payment_id": str(order.payment_id), "user_id": str(order.user_id)},
                confirmation_url=checkout_url(order.return_url, payment_id),
            )
            self.payments[payment_id], self.return_urls[payment_id] = payment, order.return_url
            self._keys[order.idempotence_key] = payment_id
            return payment

    async def read(self, payment_id: str) -> RemotePayment:
        try:
            return self.payments[payment_id]
        except KeyError:
            raise RemoteNotFound(f"no payment {payment_id}") from None

    async def refund(self, order: RefundOrder) -> RemoteRefund:
        async with self._lock:
            if order.idempotence_key in self._keys:
                return self.refunds[self._keys[order.idempotence_key]]
            payment = await self.read(order.payment_id)
            refunded = payment.refunded or Money(0, payment.amount.currency)
            if not payment.succeeded or refunded.minor + order.amount.minor > payment.amount.minor:
                raise PaymentServiceRefused("платёж не оплачен или уже возвращён")
            refund = RemoteRefund(f"sandbox-refund-{uuid.uuid4()}", payment.id, "succeeded", order.amount)
            self.refunds[refund.id] = refund
            self.payments[payment.id] = replace(
                payment, refunded=Money(refunded.minor + order.amount.minor, refunded.currency)
            )
            self._keys[order.idempotence_key] = refund.id
            return refund

    async def read_refund(self, refund_id: str) -> RemoteRefund:
        try:
            return self.refunds[refund_id]
        except KeyError:
            raise RemoteNotFound(f"no refund {refund_id}") from None

    # --- the test checkout ----------------------------------------------------------------------
    def pay(self, payment_id: str) -> RemotePayment:
        return self._decide(payment_id, status="succeeded", paid=True, cancel_code=None)

    def decline(self, payment_id: str) -> RemotePayment:
        return self._decide(payment_id, status="canceled", paid=False, cancel_code="payer_declined")

    def _decide(self, payment_id: str, *, status: str, paid: bool, cancel_code: str | None) -> RemotePayment:
        payment = self.payments.get(payment_id)
        if payment is None:
            raise RemoteNotFound(f"no payment {payment_id}")
        if payment.status != "pending":
            return payment  # decided already: a second click changes nothing
        decided = replace(payment, status=status, paid=paid, cancel_code=cancel_code)
        self.payments[payment_id] = decided
        return decided
