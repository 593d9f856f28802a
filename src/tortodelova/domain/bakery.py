"""The baker's price list and contacts: what a quote is computed from and what the client sees.

Money is integer kopecks and weight integer grams everywhere; nothing here is a float, so a price
never drifts by a rounding error between the server, the database and the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from tortodelova.domain import contacts, text
from tortodelova.domain.errors import ValidationFailed
from tortodelova.domain.shares import optional_text

KOPECKS = 100  # in a ruble
MONEY_MAX = 10_000_000  # 100 000 ₽: any single price on the list (per kg, decor, delivery)
NAME_MAX, CITY_MAX, FILLING_NAME_MAX = 80, 80, 60
FILLINGS_MAX = 30
WEIGHT_MIN_G, WEIGHT_MAX_G = 100, 100_000  # a cake: 100 g to 100 kg
GRAMS_PER_GUEST_MIN, GRAMS_PER_GUEST_MAX, GRAMS_PER_GUEST_DEFAULT = 50, 1000, 180
PREPAYMENT_DEFAULT = 50  # percent
LEAD_DAYS_MAX, LEAD_DAYS_DEFAULT = 60, 3
ORDERS_PER_DAY_MAX = 100


@dataclass(frozen=True, slots=True)
class Filling:
    """A filling on the list; `price_per_kg` (kopecks) replaces the base price for its tier."""

    name: str
    price_per_kg: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PriceList:
    """The price list as the baker sends it (money in kopecks, weights in grams), before checking."""

    name: str
    city: str | None = None
    phone: str | None = None
    telegram: str | None = None
    price_per_kg: int
    min_weight_g: int = 0
    grams_per_guest: int = GRAMS_PER_GUEST_DEFAULT
    prepayment_percent: int = PREPAYMENT_DEFAULT
    lead_days: int = LEAD_DAYS_DEFAULT
    orders_per_day: int | None = None
    delivery_price: int | None = None
    fillings: tuple[tuple[str, int | None], ...] = ()


@dataclass(frozen=True, slots=True)
class Bakery:
    user_id: UUID
    name: str
    city: str | None
    phone: str | None  # +7XXXXXXXXXX
    telegram: str | None  # without «@»
    price_per_kg: int  # kopecks
    min_weight_g: int
    grams_per_guest: int
    prepayment_percent: int
    lead_days: int
    orders_per_day: int | None  # None: no limit
    delivery_price: int | None  # kopecks; None: pickup only
    fillings: tuple[Filling, ...]
    updated_at: datetime

    @classmethod
    def create(cls, *, user_id: UUID, form: PriceList, now: datetime) -> Bakery:
        errors: dict[str, str] = {}
        clean_name = single_line("name", form.name, NAME_MAX, errors)
        if clean_name is None and "name" not in errors:
            errors["name"] = "укажите название кондитерской или своё имя"
        clean_city = single_line("city", form.city, CITY_MAX, errors)
        clean_phone = _contact("phone", form.phone, contacts.phone, contacts.PHONE_HINT, errors)
        clean_telegram = _contact(
            "telegram", form.telegram, contacts.telegram, contacts.TELEGRAM_HINT, errors
        )
        if clean_phone is None and clean_telegram is None and not {"phone", "telegram"} & errors.keys():
            errors["phone"] = "укажите телефон или Telegram: по ним клиент свяжется с вами"
        in_range("price_per_kg", form.price_per_kg, 1, MONEY_MAX, errors)
        in_range("min_weight_g", form.min_weight_g, 0, WEIGHT_MAX_G, errors)
        in_range("grams_per_guest", form.grams_per_guest, GRAMS_PER_GUEST_MIN, GRAMS_PER_GUEST_MAX, errors)
        in_range("prepayment_percent", form.prepayment_percent, 0, 100, errors)
        in_range("lead_days", form.lead_days, 0, LEAD_DAYS_MAX, errors)
        if form.orders_per_day is not None:
            in_range("orders_per_day", form.orders_per_day, 1, ORDERS_PER_DAY_MAX, errors)
        if form.delivery_price is not None:
            in_range("delivery_price", form.delivery_price, 0, MONEY_MAX, errors)
        clean_fillings = _fillings(form.fillings, errors)
        if errors:
            raise ValidationFailed(errors)
        assert clean_name is not None
        return cls(
            user_id=user_id,
            name=clean_name,
            city=clean_city,
            phone=clean_phone,
            telegram=clean_telegram,
            price_per_kg=form.price_per_kg,
            min_weight_g=form.min_weight_g,
            grams_per_guest=form.grams_per_guest,
            prepayment_percent=form.prepayment_percent,
            lead_days=form.lead_days,
            orders_per_day=form.orders_per_day,
            delivery_price=form.delivery_price,
            fillings=clean_fillings,
            updated_at=now,
        )

    def filling(self, name: str) -> Filling | None:
        """The list's filling of that name (case and surrounding spaces ignored)."""
        key = text.nfc(name).strip().casefold()
        return next((f for f in self.fillings if f.name.casefold() == key), None)


def single_line(field: str, value: str | None, limit: int, errors: dict[str, str]) -> str | None:
    """Checked one-line text without surrounding whitespace; None for nothing, reasons into `errors`."""
    return optional_text(field, value, limit, multiline=False, errors=errors)


def in_range(field: str, value: Any, low: int, high: int, errors: dict[str, str]) -> None:
    """Whole numbers only (a bool or a float is refused even where it would compare)."""
    if type(value) is not int:
        errors[field] = "ожидается целое число"
    elif not low <= value <= high:
        errors[field] = f"от {low} до {high}"


def _contact(field: str, value: str | None, parse: Any, hint: str, errors: dict[str, str]) -> str | None:
    if not value:  # null or "": none given; anything else must be valid
        return None
    parsed: str | None = parse(value)
    if parsed is None:
        errors[field] = hint
    return parsed


def _fillings(items: tuple[tuple[str, int | None], ...], errors: dict[str, str]) -> tuple[Filling, ...]:
    if len(items) > FILLINGS_MAX:
        errors["fillings"] = f"не более {FILLINGS_MAX} начинок"
        return ()
    found: list[Filling] = []
    seen: set[str] = set()
    for i, (name, price) in enumerate(items):
        field = f"fillings[{i}]"
        clean = single_line(f"{field}.name", name, FILLING_NAME_MAX, errors)
        if clean is None:
            errors.setdefault(f"{field}.name", "укажите название начинки")
            continue
        if clean.casefold() in seen:
            errors[f"{field}.name"] = f"начинка «{clean}» уже есть в списке"
            continue
        if price is not None:
            in_range(f"{field}.price_per_kg", price, 1, MONEY_MAX, errors)
        seen.add(clean.casefold())
        found.append(Filling(clean, price))
    return tuple(found)
