"""The order card's price, in the domain: integer kopecks and grams, the minimum weight, fillings by
tier, guests to weight, the date rule in the bakery's zone, versions and the order's status."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import UTC, date, datetime, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tortodelova.domain import contacts
from tortodelova.domain.bakery import MONEY_MAX, WEIGHT_MAX_G, WEIGHT_MIN_G, Bakery, Filling, PriceList
from tortodelova.domain.errors import ValidationFailed
from tortodelova.domain.quotes import (
    Delivery,
    Quote,
    QuoteExpired,
    QuoteOutdated,
    QuoteRequest,
    QuoteStatus,
    busy_days,
    cake_price,
    check_answer,
    earliest_date,
    prepayment,
    price,
    quote_status,
    tier_weights,
    weight_for_guests,
)
from tortodelova.domain.shares import Decision, Feedback

MOSCOW = ZoneInfo("Europe/Moscow")
NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)  # Monday, 12:00 in Moscow


def bakery(**overrides: object) -> Bakery:
    values: dict[str, object] = {
        "name": "Торты Анны",
        "city": "Казань",
        "phone": "8 (900) 123-45-67",
        "telegram": None,
        "price_per_kg": 240_000,
        "min_weight_g": 1500,
        "delivery_price": 50_000,
        "fillings": (("Шоколадная", 280_000), ("Ванильная", None)),
    }
    form = PriceList(**(values | overrides))  # type: ignore[arg-type]
    return Bakery.create(user_id=uuid4(), form=form, now=NOW)


def quote(b: Bakery | None = None, version: int = 1, now: datetime = NOW, **request: object) -> Quote:
    values: dict[str, object] = {"weight_g": 2600, "date": date(2026, 12, 12)}
    return Quote.create(
        share_token="t",
        version=version,
        bakery=b or bakery(),
        request=QuoteRequest(**(values | request)),  # type: ignore[arg-type]
        now=now,
        zone=MOSCOW,
    )


money = st.integers(min_value=1, max_value=MONEY_MAX)
weights = st.integers(min_value=WEIGHT_MIN_G, max_value=WEIGHT_MAX_G)
tiers = st.integers(min_value=1, max_value=5)


@st.composite
def bakeries(draw: st.DrawFn) -> Bakery:
    names = draw(
        st.lists(st.sampled_from(["Шоколад", "Ваниль", "Ягоды", "Карамель", "Медовик"]), unique=True)
    )
    return bakery(
        price_per_kg=draw(money),
        min_weight_g=draw(st.integers(min_value=0, max_value=5000)),
        prepayment_percent=draw(st.integers(min_value=0, max_value=100)),
        delivery_price=draw(st.none() | st.integers(min_value=0, max_value=MONEY_MAX)),
        fillings=tuple((n, draw(st.none() | money)) for n in names),
    )


@st.composite
def orders(draw: st.DrawFn) -> tuple[Bakery, list[Filling | None], int, Delivery]:
    b = draw(bakeries())
    n = draw(tiers)
    chosen = [draw(st.sampled_from([None, *b.fillings])) for _ in range(n)]
    delivery = draw(st.sampled_from(list(Delivery)))
    return b, chosen, draw(st.integers(min_value=0, max_value=MONEY_MAX)), delivery


@settings(max_examples=300)
@given(orders(), weights)
def test_every_amount_is_a_whole_number_of_kopecks_never_a_float(order, weight):
    b, chosen, decor, delivery = order
    pricing = price(b, weight_g=weight, fillings=chosen, decor_price=decor, delivery=delivery)
    for f in fields(pricing):
        value = getattr(pricing, f.name)
        for item in value if isinstance(value, tuple) else (value,):
            assert type(item) is int, (f.name, value)
    assert pricing.cake_price % 100 == 0  # whole rubles
    assert pricing.total == pricing.cake_price + pricing.decor_price + pricing.delivery_price
    assert (
        0 <= pricing.prepayment <= pricing.total
        and pricing.prepayment % 100 == 0
        or (pricing.prepayment == pricing.total)
    )


@settings(max_examples=300)
@given(orders(), weights, weights)
def test_the_price_never_falls_as_the_weight_grows(order, a, b_weight):
    b, chosen, decor, delivery = order
    light, heavy = sorted((a, b_weight))
    low = price(b, weight_g=light, fillings=chosen, decor_price=decor, delivery=delivery)
    high = price(b, weight_g=heavy, fillings=chosen, decor_price=decor, delivery=delivery)
    assert low.cake_price <= high.cake_price and low.total <= high.total and low.prepayment <= high.prepayment


@given(orders(), st.integers(min_value=1, max_value=WEIGHT_MAX_G))
def test_below_the_minimum_weight_the_minimum_is_priced(order, weight):
    b, chosen, decor, delivery = order
    pricing = price(b, weight_g=weight, fillings=chosen, decor_price=decor, delivery=delivery)
    at_min = price(b, weight_g=b.min_weight_g, fillings=chosen, decor_price=decor, delivery=delivery)
    assert pricing.weight_g == max(weight, b.min_weight_g)
    if weight <= b.min_weight_g:
        assert pricing == at_min


@given(st.integers(min_value=1, max_value=5), weights, st.lists(money, min_size=5, max_size=5))
def test_each_tier_is_priced_at_its_own_fillings_price_for_its_share_of_the_weight(n, weight, prices):
    shares = tier_weights(weight, n)
    assert sum(shares) == weight and max(shares) - min(shares) <= 1
    assert list(shares) == sorted(shares, reverse=True)  # the bottom tiers take the spare grams
    tier_prices = prices[:n]
    exact = sum(g * p for g, p in zip(shares, tier_prices, strict=True))  # gram·kopecks per kg
    got = cake_price(weight, tier_prices)
    assert abs(got * 1000 - exact) <= 50 * 1000  # within half a ruble of the exact amount
    # The same price on every tier is the plain price per kg.
    assert cake_price(weight, [prices[0]] * n) == cake_price(weight, [prices[0]])


def test_a_fillings_own_price_wins_only_for_its_tier():
    b = bakery(min_weight_g=0)  # 2 400 ₽/kg, «Шоколадная» 2 800 ₽/kg, «Ванильная» has no price
    choc, vanilla = b.fillings
    two = price(b, weight_g=2000, fillings=[choc, vanilla], decor_price=0, delivery=Delivery.PICKUP)
    assert two.tier_prices == (280_000, 240_000)
    assert two.cake_price == 520_000  # 1 kg × 2 800 + 1 kg × 2 400
    plain = price(b, weight_g=2000, fillings=[None, None], decor_price=0, delivery=Delivery.PICKUP)
    assert plain.cake_price == 480_000


@given(st.integers(min_value=1, max_value=500), st.integers(min_value=50, max_value=1000))
def test_guests_become_a_weight_rounded_up_to_100_g(guests, grams):
    weight = weight_for_guests(guests, grams)
    assert type(weight) is int and weight % 100 == 0
    assert guests * grams <= weight < guests * grams + 100


def test_the_worked_example_of_the_issue():
    q = quote(decor_price=50_000)  # 2,6 kg at 2 400 ₽ + 500 ₽ decor, pickup
    assert (q.weight_g, q.cake_price, q.total, q.prepayment) == (2600, 624_000, 674_000, 337_000)
    guests = quote(weight_g=None, guests=14)  # 14 × 180 g = 2 520 g -> 2 600 g
    assert guests.weight_g == 2600 and guests.guests == 14
    small = quote(weight_g=800)  # below the 1,5 kg minimum
    assert small.weight_g == 1500 and small.cake_price == 360_000
    delivered = quote(delivery="delivery")
    assert delivered.delivery_price == 50_000 and delivered.total == 624_000 + 50_000


def test_prepayment_rounds_to_rubles_and_never_exceeds_the_total():
    assert prepayment(674_000, 50) == 337_000
    assert prepayment(100_050, 100) == 100_050  # 1 000,50 ₽ at 100 %: not 1 001 ₽
    assert prepayment(100_000, 0) == 0
    assert prepayment(333_300, 33) == 110_000  # 1 099,89 ₽ -> 1 100 ₽


def test_the_date_is_a_day_in_the_bakerys_zone_after_the_lead_time():
    late_evening = datetime(2026, 12, 7, 21, 30, tzinfo=UTC)  # already 8 December in Moscow
    assert earliest_date(late_evening, MOSCOW, 3) == date(2026, 12, 11)
    assert earliest_date(late_evening, ZoneInfo("UTC"), 3) == date(2026, 12, 10)
    assert quote(now=NOW, date=date(2026, 12, 10)).date == date(2026, 12, 10)
    with pytest.raises(ValidationFailed) as refused:
        quote(now=late_evening, date=date(2026, 12, 10))
    assert "quote.date" in refused.value.errors and "2026-12-11" in refused.value.errors["quote.date"]
    with pytest.raises(ValidationFailed):
        quote(date=NOW.date() + timedelta(days=400))


@pytest.mark.parametrize(
    ("request_", "field"),
    [
        ({"weight_g": None}, "quote.weight_g"),
        ({"guests": 10}, "quote.weight_g"),  # both
        ({"weight_g": 99}, "quote.weight_g"),
        ({"weight_g": 2.5}, "quote.weight_g"),
        ({"weight_g": None, "guests": 0}, "quote.guests"),
        ({"tiers": 6}, "quote.tiers"),
        ({"tiers": 2, "fillings": ("Шоколадная",)}, "quote.fillings"),
        ({"fillings": ("Клубничная",)}, "quote.fillings[0]"),
        ({"decor_price": -1}, "quote.decor_price"),
        ({"decor_price": True}, "quote.decor_price"),
        ({"delivery": "courier"}, "quote.delivery"),
        ({"note": "x" * 501}, "quote.note"),
        ({"expires_in_days": 0}, "quote.expires_in_days"),
        ({"expires_in_days": 31}, "quote.expires_in_days"),
    ],
)
def test_a_bad_order_is_refused_field_by_field(request_, field):
    with pytest.raises(ValidationFailed) as refused:
        quote(**request_)
    assert field in refused.value.errors, refused.value.errors


def test_delivery_needs_a_delivery_price_on_the_list():
    with pytest.raises(ValidationFailed) as refused:
        quote(bakery(delivery_price=None), delivery="delivery")
    assert "quote.delivery" in refused.value.errors
    free = quote(bakery(delivery_price=0), delivery="delivery")
    assert free.delivery is Delivery.DELIVERY and free.delivery_price == 0


def test_fillings_are_matched_to_the_list_and_spelled_as_there():
    q = quote(tiers=2, fillings=(" шоколадная ", "ВАНИЛЬНАЯ"))
    assert q.fillings == ("Шоколадная", "Ванильная") and q.tier_prices == (280_000, 240_000)


def test_the_price_list_is_validated():
    for overrides, field in (
        ({"name": "  "}, "name"),
        ({"phone": None, "telegram": None}, "phone"),
        ({"phone": "+1 202 555 0100"}, "phone"),
        ({"phone": None, "telegram": "@ab"}, "telegram"),
        ({"price_per_kg": 0}, "price_per_kg"),
        ({"price_per_kg": 2400.0}, "price_per_kg"),
        ({"prepayment_percent": 101}, "prepayment_percent"),
        ({"orders_per_day": 0}, "orders_per_day"),
        ({"delivery_price": -1}, "delivery_price"),
        ({"fillings": (("Ваниль", None), ("ваниль", None))}, "fillings[1].name"),
        ({"fillings": (("", None),)}, "fillings[0].name"),
        ({"fillings": (("Ваниль", 0),)}, "fillings[0].price_per_kg"),
    ):
        with pytest.raises(ValidationFailed) as refused:
            bakery(**overrides)
        assert field in refused.value.errors, (overrides, refused.value.errors)
    b = bakery(telegram="@anna_cakes", phone=None)
    assert b.telegram == "anna_cakes" and b.phone is None
    assert bakery().phone == "+79001234567"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+7 900 123-45-67", "+79001234567"),
        ("8 (900) 123 45 67", "+79001234567"),
        ("79001234567", "+79001234567"),
        ("+7 (495) 123-45-67", "+74951234567"),
        ("+7 900 123-45-6", None),
        ("+38 050 123 45 67", None),
        ("телефон", None),
        ("+7 900 123-45-67 доб. 5", None),
    ],
)
def test_phones_are_russian_numbers_kept_in_one_form(typed, stored):
    assert contacts.phone(typed) == stored
    if stored:
        assert contacts.show_phone(stored).startswith("+7 ")


def answer(q: Quote, decision: Decision, version: int | None, at: datetime) -> Feedback:
    return Feedback(uuid4(), "t", uuid4(), decision, None, "Анна", at, quote_version=version)


def test_the_orders_status_follows_the_answers_to_its_current_version():
    v1 = quote()
    assert quote_status(v1, [], NOW) is QuoteStatus.SENT
    assert quote_status(v1, [], v1.expires_at) is QuoteStatus.EXPIRED
    changes = answer(v1, Decision.CHANGES_REQUESTED, 1, NOW)
    assert quote_status(v1, [changes], NOW) is QuoteStatus.CHANGES_REQUESTED
    approved = answer(v1, Decision.APPROVED, 1, NOW + timedelta(hours=1))
    assert quote_status(v1, [changes, approved], NOW) is QuoteStatus.APPROVED
    assert quote_status(v1, [changes, approved], v1.expires_at + timedelta(days=9)) is QuoteStatus.APPROVED
    v2 = quote(version=2, decor_price=10_000)
    assert quote_status(v2, [changes, approved], NOW) is QuoteStatus.REAPPROVAL
    assert quote_status(v2, [answer(v2, Decision.APPROVED, 2, NOW)], NOW) is QuoteStatus.APPROVED
    # An approval of the design before the link had an order is not an approval of an order.
    assert quote_status(v2, [answer(v2, Decision.APPROVED, None, NOW)], NOW) is QuoteStatus.SENT


def test_approving_checks_the_version_the_name_the_phone_and_the_consent():
    v2 = quote(version=2)

    def check(**kw: object) -> object:
        values: dict[str, object] = {
            "decision": "approved",
            "quote_version": 2,
            "name": "Анна",
            "phone": None,
            "consent": False,
            "now": NOW,
        }
        return check_answer(v2, **(values | kw))  # type: ignore[arg-type]

    ok = check(phone="8 900 123 45 67", consent=True)
    assert ok.quote_version == 2 and ok.phone == "+79001234567" and ok.consent_at == NOW
    for kw, field in (
        ({"quote_version": None}, "quote_version"),
        ({"quote_version": 3}, "quote_version"),
        ({"name": " "}, "name"),
        ({"phone": "12345", "consent": True}, "phone"),
        ({"phone": "+7 900 123-45-67"}, "consent"),
    ):
        with pytest.raises(ValidationFailed) as refused:
            check(**kw)
        assert field in refused.value.errors, kw
    with pytest.raises(QuoteOutdated):
        check(quote_version=1)
    with pytest.raises(QuoteExpired):
        check(now=v2.expires_at)
    # Asking for changes needs neither a version nor a name, and works on an expired quote.
    later = check(decision="changes_requested", quote_version=None, name=None, now=v2.expires_at)
    assert later.quote_version == 2 and later.phone is None and later.consent_at is None
    with pytest.raises(ValidationFailed):
        check_answer(
            None, decision="approved", quote_version=1, name=None, phone=None, consent=False, now=NOW
        )


def test_a_day_with_more_orders_than_the_bakery_makes_is_busy():
    d1, d2 = date(2026, 12, 12), date(2026, 12, 13)
    assert busy_days([d1, d1, d2], 1) == {d1}
    assert busy_days([d1, d1, d2], 2) == set()
    assert busy_days([d1] * 9, None) == set()


def test_a_new_version_is_priced_from_the_list_as_it_is_now():
    b = bakery()
    v1 = quote(b)
    v2 = quote(replace(b, price_per_kg=260_000), version=2)
    assert v1.cake_price == 624_000 and v2.cake_price == 676_000 and v2.price_per_kg == 260_000
