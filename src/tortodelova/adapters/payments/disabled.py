"""PAYMENT_PROVIDER=none: no payment service. Nothing new is sold (CreatePayment refuses first); a
payment left from an earlier provider cannot be read or refunded until one is configured again."""

from __future__ import annotations

from typing import NoReturn

from tortodelova.application.ports.payments import (
    PaymentOrder,
    PaymentServiceUnavailable,
    RefundOrder,
    RemotePayment,
    RemoteRefund,
)


def _unavailable() -> NoReturn:
    raise PaymentServiceUnavailable("no payment service is configured (PAYMENT_PROVIDER=none)")


class DisabledGateway:
    async def create(self, order: PaymentOrder) -> RemotePayment:
        _unavailable()

    async def read(self, payment_id: str) -> RemotePayment:
        _unavailable()

    async def refund(self, order: RefundOrder) -> RemoteRefund:
        _unavailable()

    async def read_refund(self, refund_id: str) -> RemoteRefund:
        _unavailable()
