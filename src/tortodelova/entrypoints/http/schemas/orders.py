"""Wire format of the price list, the quotes on share links and the orders (issue 23), and the mapping
to it. Money is integer kopecks and weight integer grams: a float is refused (422), never rounded."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec

from tortodelova.application.orders import Order, QuoteView
from tortodelova.domain import bakery as bk
from tortodelova.domain import contacts, text
from tortodelova.domain import quotes as qt
from tortodelova.domain import shares as sh
from tortodelova.domain.bakery import Bakery, PriceList
from tortodelova.domain.quotes import QuoteRequest, QuoteStatus
from tortodelova.entrypoints.http.schemas.common import _doc, utc

_MONEY = _doc(minimum=0, maximum=bk.MONEY_MAX)
_PRICE = _doc(minimum=1, maximum=bk.MONEY_MAX)
_ONE_LINE, _NOT_BLANK = text.LINE_PATTERN, text.NON_BLANK_LINE_PATTERN

# --- requests ---------------------------------------------------------------------------------


class FillingIn(msgspec.Struct):
    name: Annotated[str, _doc(min_length=1, max_length=bk.FILLING_NAME_MAX, pattern=_NOT_BLANK)]
    price_per_kg: Annotated[int | None, _PRICE] = None  # kopecks; none: the base price


class BakeryIn(msgspec.Struct, kw_only=True):
    """The whole price list (PUT replaces it). At least one of phone and telegram."""

    name: Annotated[str, _doc(min_length=1, max_length=bk.NAME_MAX, pattern=_NOT_BLANK)]
    city: Annotated[str | None, _doc(max_length=bk.CITY_MAX, pattern=_ONE_LINE)] = None
    phone: Annotated[
        str | None, _doc(max_length=contacts.PHONE_INPUT_MAX, pattern=contacts.PHONE_PATTERN)
    ] = None
    telegram: Annotated[
        str | None, _doc(max_length=contacts.TELEGRAM_INPUT_MAX, pattern=contacts.TELEGRAM_PATTERN)
    ] = None
    price_per_kg: Annotated[int, _PRICE]
    min_weight_g: Annotated[int, _doc(minimum=0, maximum=bk.WEIGHT_MAX_G)] = 0
    grams_per_guest: Annotated[int, _doc(minimum=bk.GRAMS_PER_GUEST_MIN, maximum=bk.GRAMS_PER_GUEST_MAX)] = (
        bk.GRAMS_PER_GUEST_DEFAULT
    )
    prepayment_percent: Annotated[int, _doc(minimum=0, maximum=100)] = bk.PREPAYMENT_DEFAULT
    lead_days: Annotated[int, _doc(minimum=0, maximum=bk.LEAD_DAYS_MAX)] = bk.LEAD_DAYS_DEFAULT
    orders_per_day: Annotated[int | None, _doc(minimum=1, maximum=bk.ORDERS_PER_DAY_MAX)] = None
    delivery_price: Annotated[int | None, _MONEY] = None  # none: pickup only
    fillings: Annotated[list[FillingIn], _doc(max_items=bk.FILLINGS_MAX)] = msgspec.field(
        default_factory=list
    )


class OrderQuoteIn(msgspec.Struct, kw_only=True):
    """An order card: exactly one of weight_g and guests."""

    date: date  # YYYY-MM-DD, in the bakery's time zone, not before today + lead_days
    weight_g: Annotated[int | None, _doc(minimum=bk.WEIGHT_MIN_G, maximum=bk.WEIGHT_MAX_G)] = None
    guests: Annotated[int | None, _doc(minimum=1, maximum=qt.GUESTS_MAX)] = None
    tiers: Annotated[int, _doc(minimum=1, maximum=qt.TIERS_MAX)] = 1
    fillings: Annotated[list[str], _doc(max_items=qt.TIERS_MAX)] = msgspec.field(default_factory=list)
    decor_price: Annotated[int, _MONEY] = 0
    delivery: Annotated[str, _doc(enum=[d.value for d in qt.Delivery])] = qt.Delivery.PICKUP.value
    note: Annotated[str | None, _doc(max_length=sh.NOTE_MAX, pattern=text.MULTI_LINE_PATTERN)] = None
    expires_in_days: Annotated[int, _doc(minimum=qt.EXPIRES_MIN_DAYS, maximum=qt.EXPIRES_MAX_DAYS)] = (
        qt.EXPIRES_DEFAULT_DAYS
    )


def price_list(data: BakeryIn) -> PriceList:
    return PriceList(
        name=data.name,
        city=data.city,
        phone=data.phone,
        telegram=data.telegram,
        price_per_kg=data.price_per_kg,
        min_weight_g=data.min_weight_g,
        grams_per_guest=data.grams_per_guest,
        prepayment_percent=data.prepayment_percent,
        lead_days=data.lead_days,
        orders_per_day=data.orders_per_day,
        delivery_price=data.delivery_price,
        fillings=tuple((f.name, f.price_per_kg) for f in data.fillings),
    )


def quote_request(data: OrderQuoteIn) -> QuoteRequest:
    return QuoteRequest(
        date=data.date,
        weight_g=data.weight_g,
        guests=data.guests,
        tiers=data.tiers,
        fillings=tuple(data.fillings),
        decor_price=data.decor_price,
        delivery=data.delivery,
        note=data.note,
        expires_in_days=data.expires_in_days,
    )


# --- responses --------------------------------------------------------------------------------

_STATUSES = [s.value for s in QuoteStatus]


class FillingOut(msgspec.Struct):
    name: str
    price_per_kg: int | None


class BakeryOut(msgspec.Struct):
    name: str
    city: str | None
    phone: str | None  # +7XXXXXXXXXX
    telegram: str | None  # without «@»
    price_per_kg: int
    min_weight_g: int
    grams_per_guest: int
    prepayment_percent: int
    lead_days: int
    orders_per_day: int | None
    delivery_price: int | None
    fillings: list[FillingOut]
    updated_at: datetime


class BakeryEnvelope(msgspec.Struct):
    bakery: BakeryOut | None  # null until the price list is filled in


class BakeryContactOut(msgspec.Struct):
    """Who makes the cake, as the client sees it."""

    name: str
    city: str | None
    phone: str | None
    telegram: str | None


class OrderQuoteOut(msgspec.Struct):
    version: int
    status: Annotated[str, _doc(enum=_STATUSES)]
    weight_g: int  # the cake's weight, at least the bakery's minimum
    guests: int | None
    tiers: int
    fillings: list[str]  # empty, or one per tier (bottom first)
    tier_prices: list[int]  # kopecks per kg, one per tier
    price_per_kg: int
    decor_price: int
    delivery: Annotated[str, _doc(enum=[d.value for d in qt.Delivery])]
    delivery_price: int
    cake_price: int
    total: int
    prepayment_percent: int
    prepayment: int
    date: date
    note: str | None
    created_at: datetime
    expires_at: datetime


class OrderQuoteEnvelope(msgspec.Struct):
    quote: OrderQuoteOut


class ClientOut(msgspec.Struct):
    name: str | None
    phone: str | None
    consent_at: datetime | None  # when the client agreed to the processing of the phone


class OrderOut(msgspec.Struct):
    token: str
    url: str
    generation_id: UUID
    image_url: str | None  # null once the design was deleted
    prompt_ru: str | None
    link_expires_at: datetime
    status: Annotated[str, _doc(enum=_STATUSES)]
    over_capacity: bool  # its day has more orders than orders_per_day
    client: ClientOut
    quote: OrderQuoteOut


class OrderPage(msgspec.Struct):
    items: list[OrderOut]
    total: int


# --- domain -> wire ---------------------------------------------------------------------------


def bakery_out(b: Bakery) -> BakeryOut:
    return BakeryOut(
        name=b.name,
        city=b.city,
        phone=b.phone,
        telegram=b.telegram,
        price_per_kg=b.price_per_kg,
        min_weight_g=b.min_weight_g,
        grams_per_guest=b.grams_per_guest,
        prepayment_percent=b.prepayment_percent,
        lead_days=b.lead_days,
        orders_per_day=b.orders_per_day,
        delivery_price=b.delivery_price,
        fillings=[FillingOut(f.name, f.price_per_kg) for f in b.fillings],
        updated_at=utc(b.updated_at),  # type: ignore[arg-type]
    )


def bakery_contact_out(b: Bakery) -> BakeryContactOut:
    return BakeryContactOut(b.name, b.city, b.phone, b.telegram)


def quote_out(view: QuoteView) -> OrderQuoteOut:
    q = view.quote
    return OrderQuoteOut(
        version=q.version,
        status=view.status.value,
        weight_g=q.weight_g,
        guests=q.guests,
        tiers=q.tiers,
        fillings=list(q.fillings),
        tier_prices=list(q.tier_prices),
        price_per_kg=q.price_per_kg,
        decor_price=q.decor_price,
        delivery=q.delivery.value,
        delivery_price=q.delivery_price,
        cake_price=q.cake_price,
        total=q.total,
        prepayment_percent=q.prepayment_percent,
        prepayment=q.prepayment,
        date=q.date,
        note=q.note,
        created_at=utc(q.created_at),  # type: ignore[arg-type]
        expires_at=utc(q.expires_at),  # type: ignore[arg-type]
    )


def order_out(order: Order, url: str) -> OrderOut:
    design, client = order.design, order.client
    return OrderOut(
        token=order.share.token,
        url=url,
        generation_id=order.share.generation_id,
        image_url=design.public_url if design is not None else None,
        prompt_ru=design.params.prompt_ru if design is not None else None,
        link_expires_at=utc(order.share.expires_at),  # type: ignore[arg-type]
        status=order.quote.status.value,
        over_capacity=order.over_capacity,
        client=ClientOut(client.name, client.phone, utc(client.consent_at)),
        quote=quote_out(order.quote),
    )
