"""Wire format of credit packs, payments and the payment service's notifications (issue 21)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from tortodelova.domain.payments import Catalogue, CreditPack, Payment, PaymentStatus
from tortodelova.entrypoints.http.schemas.common import _doc, utc

_STATUSES = [s.value for s in PaymentStatus]
# The service's object ids (YooKassa: UUID-like; the sandbox: prefixed); nothing else reaches its URLs.
OBJECT_ID_PATTERN = "^[A-Za-z0-9_-]{1,64}$"
PACK_ID_MAX = 32

# --- requests ---------------------------------------------------------------------------------


class TopUpIn(msgspec.Struct):
    pack_id: Annotated[str, _doc(max_length=PACK_ID_MAX, examples=["pack-100"])]


class NotificationObjectIn(msgspec.Struct):
    id: Annotated[str, msgspec.Meta(pattern=OBJECT_ID_PATTERN)]


class NotificationIn(msgspec.Struct):
    """A YooKassa notification. Only `event` and `object.id` are read: the object is read back from
    the service, so anything else in the body is ignored."""

    event: Annotated[str, msgspec.Meta(max_length=64)]
    object: NotificationObjectIn
    type: str = "notification"


# --- responses --------------------------------------------------------------------------------


class PackOut(msgspec.Struct):
    id: str
    credits: int
    amount: Annotated[str, _doc(examples=["590.00"])]  # roubles with kopecks, as the service writes them
    currency: str
    price_per_credit: Annotated[str, _doc(examples=["5.90"])]


class PacksOut(msgspec.Struct):
    """`provider`: yookassa, sandbox (test payments, no money) or none (credits come from an admin)."""

    provider: Annotated[str, _doc(enum=["yookassa", "sandbox", "none"])]
    packs: list[PackOut]


class PaymentOut(msgspec.Struct):
    id: UUID
    user_id: UUID
    status: Annotated[str, _doc(enum=_STATUSES)]
    credits: int
    amount: str
    currency: str
    provider: str
    confirmation_url: str | None  # where the payer pays (pending only)
    cancel_reason: str | None  # the service's reason, in Russian (canceled only)
    created_at: datetime
    settled_at: datetime | None
    refunded_at: datetime | None


class PaymentEnvelope(msgspec.Struct):
    payment: PaymentOut


class PaymentPage(msgspec.Struct):
    items: list[PaymentOut]
    total: int


class NotificationAck(msgspec.Struct):
    ok: bool = True


# --- mapping ----------------------------------------------------------------------------------


def pack_out(pack: CreditPack) -> PackOut:
    return PackOut(pack.id, pack.credits, pack.price.decimal, pack.price.currency, str(pack.price_per_credit))


def packs_out(catalogue: Catalogue) -> PacksOut:
    return PacksOut(catalogue.provider, [pack_out(p) for p in catalogue.packs])


def payment_out(p: Payment) -> PaymentOut:
    return PaymentOut(
        id=p.id,
        user_id=p.user_id,
        status=p.status.value,
        credits=p.credits,
        amount=p.amount.decimal,
        currency=p.amount.currency,
        provider=p.provider,
        confirmation_url=p.confirmation_url if p.status is PaymentStatus.PENDING else None,
        cancel_reason=p.cancel_reason,
        created_at=utc(p.created_at),  # type: ignore[arg-type]
        settled_at=utc(p.settled_at),
        refunded_at=utc(p.refunded_at),
    )
