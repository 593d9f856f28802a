"""Credit packs and the payments that buy them.

A payment is created `pending` for one pack of one user, at the pack's price. It becomes `succeeded`
(the pack's credits are credited, once) or `canceled` only after the payment service says so; an
admin's refund takes it through `refunding` (credits debited, the refund requested) to `refunded`,
or back to `succeeded` when the service refuses the refund (the credits come back).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from tortodelova.domain.errors import InvalidTransition, ValidationFailed

PRODUCT_NAME = "Тортоделова"
CURRENCY = "RUB"
PACKS_MAX = 12
PACK_CREDITS_MAX = 1_000_000
PACK_PRICE_MAX = Decimal("1000000")  # roubles per pack


class PaymentStatus(enum.StrEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    CANCELED = "canceled"
    REFUNDING = "refunding"  # credits debited, the refund requested (or about to be) from the service
    REFUNDED = "refunded"

    @property
    def credited(self) -> bool:
        """The pack's credits were credited (and a refund, if any, has its own debit)."""
        return self in (PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDING, PaymentStatus.REFUNDED)


@dataclass(frozen=True, slots=True, order=True)
class Money:
    """An amount in minor units (kopecks) of an ISO-4217 currency."""

    minor: int
    currency: str = CURRENCY

    @classmethod
    def parse(cls, value: str | Decimal, currency: str) -> Money:
        """ "590.00" -> 59000 kopecks; more than two decimals is not money."""
        amount = Decimal(str(value))
        minor = amount * 100
        if minor != minor.to_integral_value():
            raise ValueError(f"not a money amount: {value}")
        return cls(int(minor), currency.upper())

    @property
    def decimal(self) -> str:
        """ "590.00", as YooKassa writes amounts."""
        return f"{self.minor // 100}.{self.minor % 100:02d}"

    def __str__(self) -> str:
        return f"{self.decimal} {self.currency}"


@dataclass(frozen=True, slots=True)
class CreditPack:
    id: str
    credits: int
    price: Money

    @property
    def price_per_credit(self) -> Decimal:
        return (Decimal(self.price.minor) / 100 / self.credits).quantize(Decimal("0.01"), ROUND_HALF_UP)


_PACK = re.compile(r"^\s*(\d{1,7})\s*:\s*(\d{1,7}(?:\.\d{1,2})?)\s*$")


def parse_packs(setting: str, currency: str = CURRENCY) -> tuple[CreditPack, ...]:
    """CREDIT_PACKS: comma-separated `credits:roubles` (`30:199,100:590,300:1490`), cheapest first."""
    packs: dict[str, CreditPack] = {}
    for part in (p for p in setting.split(",") if p.strip()):
        match = _PACK.match(part)
        if match is None:
            raise ValueError(f"CREDIT_PACKS: {part.strip()!r} is not credits:roubles")
        credits, price = int(match[1]), Decimal(match[2])
        if not 0 < credits <= PACK_CREDITS_MAX or not 0 < price <= PACK_PRICE_MAX:
            raise ValueError(f"CREDIT_PACKS: {part.strip()!r} is out of range")
        pack = CreditPack(f"pack-{credits}", credits, Money.parse(price, currency))
        if pack.id in packs:
            raise ValueError(f"CREDIT_PACKS: two packs of {credits} credits")
        packs[pack.id] = pack
    if len(packs) > PACKS_MAX:
        raise ValueError(f"CREDIT_PACKS: at most {PACKS_MAX} packs")
    return tuple(sorted(packs.values(), key=lambda p: p.credits))


@dataclass(frozen=True, slots=True)
class Catalogue:
    """What this deployment sells, and through which service (`none`: nothing, credits come from an
    admin)."""

    provider: str
    packs: tuple[CreditPack, ...]

    @property
    def enabled(self) -> bool:
        return self.provider != "none"

    def pack(self, pack_id: str) -> CreditPack:
        found = next((p for p in self.packs if p.id == pack_id), None)
        if found is None:
            names = ", ".join(p.id for p in self.packs)
            raise ValidationFailed({"pack_id": f"нет такого пакета кредитов (есть: {names})"})
        return found


def payment_description(credits: int) -> str:
    """What the payer sees at the payment service (up to 128 characters)."""
    return f"{PRODUCT_NAME}: {credits} кредитов"


def receipt_item(credits: int) -> str:
    """The one line of the 54-FZ receipt."""
    return f"Кредиты {PRODUCT_NAME}, {credits} шт."


# YooKassa's cancellation reasons (cancellation_details.reason), in the payer's words.
CANCEL_REASONS = {
    "3d_secure_failed": "не пройдена проверка 3-D Secure",
    "call_issuer": "банк отклонил платёж — обратитесь в банк, выпустивший карту",
    "canceled_by_merchant": "платёж отменён магазином",
    "card_expired": "истёк срок действия карты",
    "country_forbidden": "оплата картой, выпущенной в этой стране, запрещена",
    "deal_expired": "истёк срок сделки",
    "expired_on_capture": "истёк срок подтверждения платежа",
    "expired_on_confirmation": "время на оплату истекло",
    "fraud_suspected": "платёж заблокирован из-за подозрения в мошенничестве",
    "general_decline": "платёж отклонён",
    "identification_required": "превышен лимит для кошелька без идентификации",
    "insufficient_funds": "недостаточно денег для оплаты",
    "internal_timeout": "технический сбой платёжного сервиса — попробуйте ещё раз",
    "invalid_card_number": "неправильный номер карты",
    "invalid_csc": "неправильный код CVV2 (CVC2, CID)",
    "issuer_unavailable": "банк, выпустивший карту, недоступен",
    "payment_method_limit_exceeded": "исчерпан лимит платежей для этого способа оплаты",
    "payment_method_restricted": "операции этим способом оплаты запрещены",
    "permission_revoked": "нельзя провести платёж: разрешение отозвано",
    "unsupported_mobile_operator": "оплата с этого номера телефона невозможна",
    # not YooKassa's: the sandbox checkout's «Отказаться», a payment never created at the service
    "payer_declined": "вы отказались от оплаты",
    "not_created": "платёж не удалось создать — попробуйте ещё раз",
}


def cancel_reason_text(code: str | None) -> str | None:
    if code is None:
        return None
    return CANCEL_REASONS.get(code, "платёж отменён платёжным сервисом")


@dataclass(slots=True)
class Payment:
    id: UUID
    user_id: UUID
    credits: int
    amount: Money
    provider: str
    created_at: datetime
    updated_at: datetime
    status: PaymentStatus = PaymentStatus.PENDING
    external_id: str | None = None  # the payment service's id, once created there
    confirmation_url: str | None = None
    idempotency_key: str | None = None
    cancel_code: str | None = None  # cancellation_details.reason
    settled_at: datetime | None = None  # when it became succeeded or canceled
    checked_at: datetime | None = None  # the last time the service was asked about it
    refund_key: str | None = None  # the Idempotence-Key of the current refund attempt
    refund_id: str | None = None
    refunded_at: datetime | None = None
    refunded_by: UUID | None = None

    @classmethod
    def new(
        cls,
        payment_id: UUID,
        user_id: UUID,
        pack: CreditPack,
        provider: str,
        now: datetime,
        idempotency_key: str | None = None,
    ) -> Payment:
        return cls(
            payment_id,
            user_id,
            pack.credits,
            pack.price,
            provider,
            now,
            now,
            idempotency_key=idempotency_key,
        )

    @property
    def cancel_reason(self) -> str | None:
        return cancel_reason_text(self.cancel_code)

    def _require(self, *statuses: PaymentStatus) -> None:
        if self.status not in statuses:
            raise InvalidTransition(f"Платёж в статусе {self.status.value}: действие недоступно")

    def attach(self, external_id: str, confirmation_url: str | None, now: datetime) -> None:
        """The payment service created it: its id and where the payer confirms."""
        if self.external_id not in (None, external_id):
            raise InvalidTransition("Платёж уже создан в платёжном сервисе с другим номером")
        self.external_id, self.confirmation_url, self.updated_at = external_id, confirmation_url, now

    def succeed(self, now: datetime) -> None:
        self._require(PaymentStatus.PENDING)
        self.status, self.settled_at, self.updated_at = PaymentStatus.SUCCEEDED, now, now

    def cancel(self, code: str | None, now: datetime) -> None:
        self._require(PaymentStatus.PENDING)
        self.status, self.cancel_code = PaymentStatus.CANCELED, code
        self.settled_at = self.updated_at = now

    def checked(self, now: datetime) -> None:
        self.checked_at = now

    def start_refund(self, key: str, admin_id: UUID, now: datetime) -> None:
        self._require(PaymentStatus.SUCCEEDED)
        self.status, self.refund_key, self.refund_id = PaymentStatus.REFUNDING, key, None
        self.refunded_by, self.updated_at = admin_id, now

    def refund_requested(self, refund_id: str, now: datetime) -> None:
        self._require(PaymentStatus.REFUNDING)
        self.refund_id, self.updated_at = refund_id, now

    def finish_refund(self, refund_id: str | None, now: datetime) -> None:
        self._require(PaymentStatus.REFUNDING)
        self.status, self.refund_id = PaymentStatus.REFUNDED, refund_id or self.refund_id
        self.refunded_at = self.updated_at = now

    def abort_refund(self, now: datetime) -> None:
        """The service refused the refund: the payment is paid again (its credits come back)."""
        self._require(PaymentStatus.REFUNDING)
        self.status, self.refund_key, self.refund_id, self.refunded_by = (
            PaymentStatus.SUCCEEDED,
            None,
            None,
            None,
        )
        self.updated_at = now

    def copy(self) -> Payment:
        return replace(self)
