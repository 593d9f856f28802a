"""Payment gateways for tests that need the service to misbehave: wrap a real one (the sandbox, the
SDK adapter) and make chosen calls fail the way a service does."""

from __future__ import annotations

from dataclasses import dataclass, field

from tortodelova.application.ports.payments import (
    PaymentGateway,
    PaymentOrder,
    RefundOrder,
    RemotePayment,
    RemoteRefund,
)


@dataclass
class Faulty:
    """Delegates to `inner`; a call named in `fail` raises that exception instead (every time, until
    removed). `calls` counts the calls that reached `inner`."""

    inner: PaymentGateway
    fail: dict[str, Exception] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)

    def _pass(self, name: str) -> None:
        if name in self.fail:
            raise self.fail[name]
        self.calls[name] = self.calls.get(name, 0) + 1

    async def create(self, order: PaymentOrder) -> RemotePayment:
        self._pass("create")
        return await self.inner.create(order)

    async def read(self, payment_id: str) -> RemotePayment:
        self._pass("read")
        return await self.inner.read(payment_id)

    async def refund(self, order: RefundOrder) -> RemoteRefund:
        self._pass("refund")
        return await self.inner.refund(order)

    async def read_refund(self, refund_id: str) -> RemoteRefund:
        self._pass("read_refund")
        return await self.inner.read_refund(refund_id)
