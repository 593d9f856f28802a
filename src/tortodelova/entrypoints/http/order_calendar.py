"""An order as an iCalendar file (RFC 5545): one all-day event on the order's date, in a calendar
that carries the bakery's time zone (VTIMEZONE, X-WR-TIMEZONE), with a Russian summary and the link.

The UID is the link's, and SEQUENCE its quote version: importing the file again after a change
updates the event instead of adding a second one.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from icalendar import Calendar, Event, Timezone

from tortodelova.application.orders import Order
from tortodelova.domain import contacts
from tortodelova.domain.bakery import Bakery
from tortodelova.domain.quotes import Delivery, QuoteStatus
from tortodelova.entrypoints.http import ru_format as ru

STATUS_WORDS = {
    QuoteStatus.SENT: "отправлен",
    QuoteStatus.APPROVED: "согласован",
    QuoteStatus.CHANGES_REQUESTED: "нужны правки",
    QuoteStatus.EXPIRED: "истёк",
    QuoteStatus.REAPPROVAL: "нужно повторное согласование",
}


def summary(order: Order) -> str:
    """«Торт 2,6 кг — Анна»."""
    client = order.client.name
    return f"Торт {ru.weight(order.quote.quote.weight_g)}" + (f" — {client}" if client else "")


def description(order: Order, url: str) -> str:
    q, client = order.quote.quote, order.client
    lines = [
        f"Заказ: {STATUS_WORDS[order.quote.status]} (версия {q.version})",
        f"Вес: {ru.weight(q.weight_g)}" + (f", на {q.guests} гостей" if q.guests else ""),
        f"Ярусов: {q.tiers}",
    ]
    if q.fillings:
        lines.append("Начинки: " + ", ".join(q.fillings))
    lines += [
        f"Стоимость: {ru.money(q.total)}, предоплата {ru.money(q.prepayment)}",
        "Доставка" if q.delivery is Delivery.DELIVERY else "Самовывоз",
    ]
    if client.name or client.phone:
        phone = contacts.show_phone(client.phone) if client.phone else None
        lines.append("Клиент: " + ", ".join(p for p in (client.name, phone) if p))
    if q.note:
        lines.append(q.note)
    lines.append(f"Эскиз и заказ: {url}")
    return "\n".join(lines)


def order_ics(order: Order, bakery: Bakery | None, url: str, zone_name: str, now: datetime) -> bytes:
    q = order.quote.quote
    cal = Calendar()
    cal.add("prodid", "-//Тортоделова//Заказы//RU")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-timezone", zone_name)
    cal.add_component(Timezone.from_tzid(zone_name))
    event = Event()
    event.add("uid", f"order-{order.share.token}@tortodelova")
    event.add("sequence", q.version)
    event.add("dtstamp", now)
    event.add("dtstart", q.date)  # a whole day in the bakery's calendar
    event.add("dtend", q.date + timedelta(days=1))
    event.add("summary", summary(order))
    event.add("description", description(order, url))
    event.add("url", url)
    event.add("status", "CONFIRMED" if order.quote.status is QuoteStatus.APPROVED else "TENTATIVE")
    event.add("transp", "TRANSPARENT")
    if bakery is not None:
        event.add("location", ", ".join(p for p in (bakery.name, bakery.city) if p))
    cal.add_component(event)
    return bytes(cal.to_ical())
