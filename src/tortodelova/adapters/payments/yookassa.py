"""YooKassa through its official SDK (`yookassa` on PyPI).

The SDK is synchronous (requests): every call runs on this adapter's own small thread pool, off the
event loop, and the caller waits at most `timeout_s` (the SDK sets no timeout of its own; a create or
refund that timed out is safe to repeat: it carries an Idempotence-Key). The SDK keeps its shop
credentials and API address in a process-wide `Configuration`: the adapter sets them when built, and
a process talks to one shop.

Errors come back in the application's terms: no answer, 5xx, 429 or the SDK failing on a broken
connection -> PaymentServiceUnavailable (ask again later); 404 -> RemoteNotFound; another 4xx ->
PaymentServiceRefused.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from yookassa import Configuration, Payment, Refund
from yookassa.domain.exceptions import (
    BadRequestError,
    ForbiddenError,
    GoneError,
    NotFoundError,
    UnauthorizedError,
)

from tortodelova.application.ports.payments import (
    PaymentOrder,
    PaymentServiceRefused,
    PaymentServiceUnavailable,
    RefundOrder,
    RemoteNotFound,
    RemotePayment,
    RemoteRefund,
)
from tortodelova.domain.payments import Money, receipt_item

DEFAULT_API_URL = "https://api.yookassa.ru/v3"
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class YooKassaConfig:
    shop_id: str
    secret_key: str
    api_url: str = DEFAULT_API_URL
    receipts: bool = False  # 54-FZ: a receipt with each payment and refund
    vat_code: int = 1  # YooKassa's VAT code of the receipt's item (1: no VAT)
    timeout_s: float = 30.0


def _money(amount: Any) -> Money:
    return Money.parse(str(amount.value), str(amount.currency))


def _payment(response: Any) -> RemotePayment:
    confirmation = response.confirmation
    details = response.cancellation_details
    refunded = response.refunded_amount
    return RemotePayment(
        id=str(response.id),
        status=str(response.status),
        paid=bool(response.paid),
        amount=_money(response.amount),
        metadata={str(k): str(v) for k, v in (response.metadata or {}).items()},
        confirmation_url=getattr(confirmation, "confirmation_url", None) if confirmation else None,
        cancel_code=str(details.reason) if details is not None and details.reason else None,
        refunded=_money(refunded) if refunded is not None else None,
    )


def _refund(response: Any) -> RemoteRefund:
    return RemoteRefund(
        id=str(response.id),
        payment_id=str(response.payment_id),
        status=str(response.status),
        amount=_money(response.amount),
    )


class YooKassaGateway:
    def __init__(self, config: YooKassaConfig, *, threads: int = 8) -> None:
        self.config = config
        Configuration.configure(config.shop_id, config.secret_key, api_url=config.api_url.rstrip("/"))
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="yookassa")

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    async def _call(self, fn: Callable[[], T]) -> T:
        loop = asyncio.get_running_loop()
        try:
            return await asyncio.wait_for(loop.run_in_executor(self._pool, fn), self.config.timeout_s)
        except NotFoundError as exc:
            raise RemoteNotFound(_describe(exc)) from exc
        except (BadRequestError, ForbiddenError, UnauthorizedError, GoneError) as exc:
            raise PaymentServiceRefused(_describe(exc)) from exc
        except Exception as exc:  # 5xx, 429, timeouts; the SDK fails on a broken connection with anything
            raise PaymentServiceUnavailable(f"YooKassa: {_describe(exc)}") from exc

    def _receipt(self, email: str, credits: int, amount: Money) -> dict[str, Any]:
        return {
            "customer": {"email": email},
            "items": [
                {
                    "description": receipt_item(credits),
                    "quantity": "1",
                    "amount": {"value": amount.decimal, "currency": amount.currency},
                    "vat_code": self.config.vat_code,
                    "payment_subject": "service",
                    "payment_mode": "full_payment",
                }
            ],
        }

    async def create(self, order: PaymentOrder) -> RemotePayment:
        params: dict[str, Any] = {
            "amount": {"value": order.amount.decimal, "currency": order.amount.currency},
            "capture": True,
            "confirmation": {"type": "redirect", "return_url": order.return_url},
            "description": order.description,
            "metadata": {"payment_id": str(order.payment_id), "user_id": str(order.user_id)},
        }
        if self.config.receipts:
            params["receipt"] = self._receipt(order.customer_email, order.credits, order.amount)
        return _payment(await self._call(lambda: Payment.create(params, order.idempotence_key)))

    async def read(self, payment_id: str) -> RemotePayment:
        return _payment(await self._call(lambda: Payment.find_one(payment_id)))

    async def refund(self, order: RefundOrder) -> RemoteRefund:
        params: dict[str, Any] = {
            "payment_id": order.payment_id,
            "amount": {"value": order.amount.decimal, "currency": order.amount.currency},
        }
        if self.config.receipts:
            params["receipt"] = self._receipt(order.customer_email, order.credits, order.amount)
        return _refund(await self._call(lambda: Refund.create(params, order.idempotence_key)))

    async def read_refund(self, refund_id: str) -> RemoteRefund:
        return _refund(await self._call(lambda: Refund.find_one(refund_id)))


def _describe(exc: BaseException) -> str:
    content = getattr(exc, "content", None)
    if isinstance(content, dict):
        return str(content.get("description") or content.get("code") or content)
    return f"{type(exc).__name__}: {exc}"
