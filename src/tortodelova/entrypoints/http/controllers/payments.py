"""Buying credits: the packs on sale, a payment per pack, its status, the payment service's
notifications, and the admin's list and refunds."""

from __future__ import annotations

import logging
from typing import Any
from uuid import UUID

from dishka.integrations.litestar import FromDishka, inject
from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery, JSONBody

from tortodelova.application.ports.payments import PaymentServiceRefused, PaymentServiceUnavailable
from tortodelova.application.ports.queries import PaymentFilter
from tortodelova.application.use_cases.payments.check_payment import CheckPayment
from tortodelova.application.use_cases.payments.create_payment import CreatePayment
from tortodelova.application.use_cases.payments.handle_notification import HandleNotification
from tortodelova.application.use_cases.payments.list_payments import ListPayments
from tortodelova.application.use_cases.payments.refund_payment import RefundPayment
from tortodelova.domain.errors import Forbidden
from tortodelova.domain.payments import Catalogue, PaymentStatus
from tortodelova.entrypoints.http.auth import (
    CurrentUser,
)
from tortodelova.entrypoints.http.controllers.admin import OwnerEmail, _email
from tortodelova.entrypoints.http.controllers.base import AdminOnlyController, UserController
from tortodelova.entrypoints.http.docs import AUTH, BODY, problems
from tortodelova.entrypoints.http.notifiers import PaymentNotifiers, PaymentReturnUrl
from tortodelova.entrypoints.http.pages.site_url import PublicBaseUrl
from tortodelova.entrypoints.http.params import (
    DateFrom,
    DateTo,
    IdempotencyKey,
    Limit,
    Offset,
    idempotency_key,
    page,
    period,
)
from tortodelova.entrypoints.http.problems import ProblemDetails, problem
from tortodelova.entrypoints.http.schemas.payments import (
    NotificationAck,
    NotificationIn,
    PacksOut,
    PaymentEnvelope,
    PaymentPage,
    TopUpIn,
    packs_out,
    payment_out,
)

log = logging.getLogger("tortodelova.payments")


class PaymentController(UserController):
    """The caller's payments: buy a pack, follow it."""

    path = ""
    tags = ["payments"]

    @post("/balance/top-up", status_code=201, responses=problems(*AUTH, *BODY, 409, 503))
    @inject
    async def top_up(
        self,
        request: Request[Any, Any, Any],
        user: CurrentUser,
        data: JSONBody[TopUpIn],
        create: FromDishka[CreatePayment],
        back: FromDishka[PaymentReturnUrl],
        site: FromDishka[PublicBaseUrl],
        idempotency: IdempotencyKey = None,
    ) -> PaymentEnvelope:
        """Start buying a credit pack: a pending payment whose `confirmation_url` the payer opens.
        The credits come once the payment service confirms the payment. With an Idempotency-Key a
        retry returns the first payment."""
        created = await create(user.id, data.pack_id, back.of(request, site), idempotency_key(idempotency))
        return PaymentEnvelope(payment_out(created.payment))

    @get("/payments", responses=problems(*AUTH, 422))
    @inject
    async def payments(
        self,
        user: CurrentUser,
        list_payments: FromDishka[ListPayments],
        status: FromQuery[PaymentStatus | None] = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> PaymentPage:
        """The caller's payments, newest first."""
        result = await list_payments.for_user(user.id, PaymentFilter(status=status), page(limit, offset))
        return PaymentPage([payment_out(p) for p in result.items], result.total)

    @post("/payments/{payment_id:uuid}/check", status_code=200, responses=problems(*AUTH, 404))
    @inject
    async def check(
        self, user: CurrentUser, payment_id: FromPath[UUID], check_payment: FromDishka[CheckPayment]
    ) -> PaymentEnvelope:
        """One of the caller's payments; a pending one is first re-read from the payment service
        (the return page asks this until the payment is settled)."""
        return PaymentEnvelope(payment_out(await check_payment(user.id, payment_id)))


@get("/payments/packs", tags=["payments"])
@inject
async def list_packs(catalogue: FromDishka[Catalogue]) -> PacksOut:
    """The credit packs on sale (none when this server sells no credits: an admin grants them)."""
    return packs_out(catalogue)


@post(
    "/payments/yookassa/webhook",
    status_code=200,
    tags=["payments"],
    responses=problems(400, 403, 422, 503),
)
@inject
async def yookassa_webhook(
    request: Request[Any, Any, Any],
    data: JSONBody[NotificationIn],
    handle: FromDishka[HandleNotification],
    notifiers: FromDishka[PaymentNotifiers],
) -> NotificationAck:
    """YooKassa's notifications (payment.succeeded, payment.canceled, refund.succeeded), from
    YOOKASSA_WEBHOOK_TRUSTED_IPS only. The body is not trusted: the object is read back from YooKassa.
    Any notification handled answers 200; 503 asks YooKassa to send it again later."""
    client = request.client.host if request.client else ""
    if not notifiers.trusts(client):
        log.warning("payment notification from %s, not a YooKassa address: refused", client)
        raise Forbidden("Уведомление пришло не с адреса платёжного сервиса")
    try:
        await handle(data.event, data.object.id)
    except PaymentServiceRefused as exc:  # credentials or configuration: an operator must look
        log.error(
            "payment notification %s about %s: the service refused to answer: %s",
            data.event,
            data.object.id,
            exc,
        )
        raise PaymentServiceUnavailable(str(exc)) from exc
    return NotificationAck()


class AdminPaymentController(AdminOnlyController):
    """Administration of payments: role admin (as stored); everyone else gets 403."""

    path = "/admin/payments"
    tags = ["admin"]

    @get("", responses=problems(*AUTH, 422))
    @inject
    async def payments(
        self,
        list_payments: FromDishka[ListPayments],
        status: FromQuery[PaymentStatus | None] = None,
        email: OwnerEmail = None,
        date_from: DateFrom = None,
        date_to: DateTo = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> PaymentPage:
        """Every payment, newest first; filter by status, payer's e-mail and creation date."""
        flt = PaymentFilter(status=status, email=_email(email), **period(date_from, date_to))
        result = await list_payments(flt, page(limit, offset))
        return PaymentPage([payment_out(p) for p in result.items], result.total)

    @post("/{payment_id:uuid}/refund", status_code=200, responses=problems(*AUTH, 404, 409, 503))
    @inject
    async def refund(
        self, admin: CurrentUser, payment_id: FromPath[UUID], refund_payment: FromDishka[RefundPayment]
    ) -> PaymentEnvelope:
        """Refund a succeeded payment: only while its payer still holds the pack's credits available
        (reserved ones count as spent). The credits are debited, then the refund is requested; the
        answer is the payment, `refunded` or, while the service has not confirmed, `refunding`."""
        return PaymentEnvelope(payment_out(await refund_payment(admin.id, payment_id)))


def service_unavailable_handler(
    request: Request[Any, Any, Any], exc: PaymentServiceUnavailable
) -> Response[ProblemDetails]:
    log.warning("payment service unavailable in %s %s: %s", request.method, request.url.path, exc)
    return problem(
        503,
        "Платёжный сервис сейчас недоступен. Повторите попытку через несколько минут.",
        code="payment_service_unavailable",
        headers={"Retry-After": "60"},
    )
