"""A quote on a share link: the order the client approves together with the design.

The price, all in integer kopecks and grams:
- the cake weighs what the baker entered, or guests × grams per guest rounded up to 100 g, and never
  less than the bakery's minimum weight;
- each tier carries an equal share of that weight (the grams left over go to the bottom tiers) and is
  priced at its filling's own price per kg, or the base price per kg when the filling has none;
- cake price = Σ tier grams × price per kg / 1000, rounded to whole rubles (half up);
- total = cake price + decor + delivery; prepayment = total × percent, rounded to whole rubles
  (half up) and never above the total.
Every edit is a new version; the client approves one version, and only the current one while it has
not expired. The date is a calendar day in the bakery's time zone, at least `lead_days` after today.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from tortodelova.domain import contacts
from tortodelova.domain.bakery import (
    KOPECKS,
    MONEY_MAX,
    WEIGHT_MAX_G,
    WEIGHT_MIN_G,
    Bakery,
    Filling,
    in_range,
)
from tortodelova.domain.errors import InvalidTransition, ValidationFailed
from tortodelova.domain.shares import NOTE_MAX, Decision, Feedback, optional_text

TIERS_MAX = 5
GUESTS_MAX = 500
EXPIRES_MIN_DAYS, EXPIRES_MAX_DAYS, EXPIRES_DEFAULT_DAYS = 1, 30, 3
DATE_AHEAD_MAX_DAYS = 365


class Delivery(enum.StrEnum):
    PICKUP = "pickup"
    DELIVERY = "delivery"


class QuoteStatus(enum.StrEnum):
    SENT = "sent"  # отправлен: waiting for the client
    APPROVED = "approved"  # согласован: the client approved this version
    CHANGES_REQUESTED = "changes_requested"  # нужны правки
    EXPIRED = "expired"  # истёк: not approved in time
    REAPPROVAL = "reapproval"  # нужно повторное согласование: changed after an approval


class QuoteOutdated(InvalidTransition):
    """Кондитер изменил заказ: посмотрите новую версию и согласуйте её."""

    code = "quote_outdated"


class QuoteExpired(InvalidTransition):
    """Срок предложения истёк: его можно посмотреть, но не согласовать. Попросите кондитера обновить заказ."""

    code = "quote_expired"


class BakeryMissing(InvalidTransition):
    """Сначала заполните прайс-лист в разделе «Заказы»: без него заказ не посчитать."""

    code = "bakery_missing"


class ShareClosed(InvalidTransition):
    """Ссылка отозвана или её срок истёк: заказ на ней уже не изменить."""

    code = "share_closed"


@dataclass(frozen=True, slots=True, kw_only=True)
class QuoteRequest:
    """What the baker asks for; the server prices it."""

    date: date
    weight_g: int | None = None
    guests: int | None = None
    tiers: int = 1
    fillings: tuple[str, ...] = ()  # none, or one name per tier (bottom first)
    decor_price: int = 0
    delivery: str = Delivery.PICKUP.value
    note: str | None = None
    expires_in_days: int = EXPIRES_DEFAULT_DAYS


@dataclass(frozen=True, slots=True)
class Pricing:
    weight_g: int
    tier_prices: tuple[int, ...]  # kopecks per kg, one per tier
    cake_price: int
    decor_price: int
    delivery_price: int
    total: int
    prepayment: int


def weight_for_guests(guests: int, grams_per_guest: int) -> int:
    """guests × grams per guest, rounded up to a whole 100 g."""
    return -(-guests * grams_per_guest // 100) * 100


def tier_weights(weight_g: int, tiers: int) -> tuple[int, ...]:
    """Equal shares; the grams left over go one each to the bottom tiers."""
    base, extra = divmod(weight_g, tiers)
    return tuple(base + (1 if i < extra else 0) for i in range(tiers))


def cake_price(weight_g: int, tier_prices: Sequence[int]) -> int:
    """Kopecks for the cake, rounded to whole rubles half up (one rounding, after the sum)."""
    gram_kopecks = sum(
        g * p for g, p in zip(tier_weights(weight_g, len(tier_prices)), tier_prices, strict=True)
    )
    per_ruble = 1000 * KOPECKS  # gram × kopecks-per-kg units in a ruble
    return (gram_kopecks + per_ruble // 2) // per_ruble * KOPECKS


def prepayment(total: int, percent: int) -> int:
    """`percent` of the total, rounded to whole rubles half up, never above the total."""
    per_ruble = 100 * KOPECKS
    return min(total, (total * percent + per_ruble // 2) // per_ruble * KOPECKS)


def price(
    bakery: Bakery,
    *,
    weight_g: int,
    fillings: Sequence[Filling | None],
    decor_price: int,
    delivery: Delivery,
) -> Pricing:
    """The price of a cake of `weight_g` (raised to the minimum) with one filling (or None) per tier."""
    weight = max(weight_g, bakery.min_weight_g)
    tier_prices = tuple(
        f.price_per_kg if f is not None and f.price_per_kg is not None else bakery.price_per_kg
        for f in fillings
    )
    cake = cake_price(weight, tier_prices)
    carriage = bakery.delivery_price or 0 if delivery is Delivery.DELIVERY else 0
    total = cake + decor_price + carriage
    return Pricing(
        weight, tier_prices, cake, decor_price, carriage, total, prepayment(total, bakery.prepayment_percent)
    )


def today(now: datetime, zone: tzinfo) -> date:
    return now.astimezone(zone).date()


def earliest_date(now: datetime, zone: tzinfo, lead_days: int) -> date:
    """The first day an order can be ready: today in the bakery's zone plus its lead time."""
    return today(now, zone) + timedelta(days=lead_days)


@dataclass(frozen=True, slots=True)
class Quote:
    """One version of a link's order, priced when it was made (a later price list does not change it)."""

    share_token: str
    version: int
    weight_g: int  # the cake's weight, at least the bakery's minimum
    guests: int | None
    tiers: int
    fillings: tuple[str, ...]  # empty, or one per tier
    tier_prices: tuple[int, ...]  # kopecks per kg, one per tier
    price_per_kg: int  # the base price at the time
    decor_price: int
    delivery: Delivery
    delivery_price: int
    cake_price: int
    total: int
    prepayment_percent: int
    prepayment: int
    date: date
    note: str | None
    created_at: datetime
    expires_at: datetime

    @classmethod
    def create(
        cls,
        *,
        share_token: str,
        version: int,
        bakery: Bakery,
        request: QuoteRequest,
        now: datetime,
        zone: tzinfo,
    ) -> Quote:
        errors: dict[str, str] = {}
        weight = _weight(request, bakery, errors)
        tiers = request.tiers
        in_range("tiers", tiers, 1, TIERS_MAX, errors)
        fillings = _fillings(request, bakery, errors)
        in_range("decor_price", request.decor_price, 0, MONEY_MAX, errors)
        try:
            delivery = Delivery(request.delivery)
        except ValueError:
            errors["delivery"] = "pickup (самовывоз) или delivery (доставка)"
            delivery = Delivery.PICKUP
        if delivery is Delivery.DELIVERY and bakery.delivery_price is None:
            errors["delivery"] = "доставки нет в прайс-листе: укажите её цену или выберите самовывоз"
        first = earliest_date(now, zone, bakery.lead_days)
        if request.date < first:
            errors["date"] = f"не раньше {first.isoformat()}: на заказ нужно {bakery.lead_days} дн."
        elif request.date > today(now, zone) + timedelta(days=DATE_AHEAD_MAX_DAYS):
            errors["date"] = f"не позже чем через {DATE_AHEAD_MAX_DAYS} дней"
        note = optional_text("note", request.note, NOTE_MAX, multiline=True, errors=errors)
        in_range("expires_in_days", request.expires_in_days, EXPIRES_MIN_DAYS, EXPIRES_MAX_DAYS, errors)
        if errors:
            raise ValidationFailed({f"quote.{k}": v for k, v in errors.items()})
        assert weight is not None
        chosen = [bakery.filling(name) for name in fillings] or [None] * tiers
        pricing = price(
            bakery, weight_g=weight, fillings=chosen, decor_price=request.decor_price, delivery=delivery
        )
        return cls(
            share_token=share_token,
            version=version,
            weight_g=pricing.weight_g,
            guests=request.guests,
            tiers=tiers,
            fillings=fillings,
            tier_prices=pricing.tier_prices,
            price_per_kg=bakery.price_per_kg,
            decor_price=pricing.decor_price,
            delivery=delivery,
            delivery_price=pricing.delivery_price,
            cake_price=pricing.cake_price,
            total=pricing.total,
            prepayment_percent=bakery.prepayment_percent,
            prepayment=pricing.prepayment,
            date=request.date,
            note=note,
            created_at=now,
            expires_at=now + timedelta(days=request.expires_in_days),
        )

    def expired(self, now: datetime) -> bool:
        return now >= self.expires_at


def _weight(request: QuoteRequest, bakery: Bakery, errors: dict[str, str]) -> int | None:
    if (request.weight_g is None) == (request.guests is None):
        errors["weight_g"] = "укажите вес торта или число гостей (что-то одно)"
        return None
    if request.guests is not None:
        in_range("guests", request.guests, 1, GUESTS_MAX, errors)
        return weight_for_guests(request.guests, bakery.grams_per_guest) if "guests" not in errors else None
    in_range("weight_g", request.weight_g, WEIGHT_MIN_G, WEIGHT_MAX_G, errors)
    return request.weight_g if "weight_g" not in errors else None


def _fillings(request: QuoteRequest, bakery: Bakery, errors: dict[str, str]) -> tuple[str, ...]:
    """The list's own spelling of each chosen filling; none chosen, or exactly one per tier."""
    if not request.fillings:
        return ()
    if len(request.fillings) != request.tiers:
        errors["fillings"] = "выберите по одной начинке на каждый ярус"
        return ()
    names: list[str] = []
    for i, name in enumerate(request.fillings):
        found = bakery.filling(name) if isinstance(name, str) else None
        if found is None:
            errors[f"fillings[{i}]"] = "такой начинки нет в прайс-листе"
        else:
            names.append(found.name)
    return tuple(names)


@dataclass(frozen=True, slots=True)
class ClientAnswer:
    """What an answer adds when the link carries an order: the version it is about and the contact."""

    quote_version: int | None
    phone: str | None
    consent_at: datetime | None


def check_answer(
    quote: Quote | None,
    *,
    decision: str,
    quote_version: int | None,
    name: str | None,
    phone: str | None,
    consent: bool,
    now: datetime,
) -> ClientAnswer:
    """Approving an order needs the shown version and a name; a phone needs consent to process it
    (422). Then an old version (the baker changed the order since) or an expired quote is 409."""
    errors: dict[str, str] = {}
    stored_phone = None
    if phone:  # null or "": none given
        stored_phone = contacts.phone(phone)
        if stored_phone is None:
            errors["phone"] = contacts.PHONE_HINT
        elif not consent:
            errors["consent"] = (
                "отметьте согласие на обработку персональных данных: без него телефон не сохранить"
            )
    approving = decision == Decision.APPROVED.value
    if quote is None:
        if quote_version is not None:
            errors["quote_version"] = "у этой ссылки нет заказа"
    elif quote_version is not None and not 1 <= quote_version <= quote.version:
        errors["quote_version"] = "нет такой версии заказа"
    elif approving:
        if quote_version is None:
            errors["quote_version"] = "укажите версию заказа, которую вы согласуете"
        if name is None or not name.strip():
            errors["name"] = "укажите имя: кондитер запишет заказ на него"
    if errors:
        raise ValidationFailed(errors)
    if quote is not None and approving:
        if quote_version != quote.version:
            raise QuoteOutdated()
        if quote.expired(now):
            raise QuoteExpired()
    version = None if quote is None else quote_version or quote.version
    return ClientAnswer(version, stored_phone, now if consent else None)


def quote_status(quote: Quote, answers: Iterable[Feedback], now: datetime) -> QuoteStatus:
    """The order's state from the client's answers (oldest first) and the time."""
    latest: Feedback | None = None
    approved_before = False  # an earlier version of the order was approved
    for answer in answers:
        if answer.quote_version == quote.version:
            latest = answer
        elif answer.quote_version is not None and answer.decision is Decision.APPROVED:
            approved_before = True
    if latest is not None and latest.decision is Decision.APPROVED:
        return QuoteStatus.APPROVED
    if latest is not None:
        return QuoteStatus.CHANGES_REQUESTED
    if quote.expired(now):
        return QuoteStatus.EXPIRED
    return QuoteStatus.REAPPROVAL if approved_before else QuoteStatus.SENT


def busy_days(dates: Iterable[date], orders_per_day: int | None) -> set[date]:
    """The days with more orders than the bakery makes in a day."""
    if orders_per_day is None:
        return set()
    counts: dict[date, int] = {}
    for day in dates:
        counts[day] = counts.get(day, 0) + 1
    return {day for day, n in counts.items() if n > orders_per_day}
