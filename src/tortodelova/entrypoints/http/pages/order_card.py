"""The order card of a share link in server-written HTML, for readers without JavaScript (messenger
previews, a phone with scripts off): weight, date, price, prepayment and who bakes it, the Russian
way («2,6 кг», «6 740 ₽», «14 декабря, суббота»).

Every value is escaped; the markup has classes only (no inline style or script: the page's CSP
forbids them).
"""

from __future__ import annotations

from html import escape

from tortodelova.application.use_cases.shares.share_views import PublicShare
from tortodelova.domain import contacts
from tortodelova.domain.quotes import Delivery, QuoteStatus
from tortodelova.entrypoints.http import ru_format as ru

_STATUS_NOTES = {
    QuoteStatus.APPROVED: "Заказ согласован.",
    QuoteStatus.CHANGES_REQUESTED: "Вы попросили правки: кондитер пришлёт новую версию.",
    QuoteStatus.EXPIRED: "Срок предложения истёк: попросите кондитера обновить заказ.",
    QuoteStatus.REAPPROVAL: "Кондитер изменил заказ: нужно согласовать его заново.",
}


def order_summary(page: PublicShare) -> str | None:
    """One line for the link preview: «Заказ: 2,6 кг · 6 740 ₽ · 14 декабря, суббота»."""
    if page.quote is None:
        return None
    q = page.quote.quote
    return f"Заказ: {ru.weight(q.weight_g)} · {ru.money(q.total)} · {ru.day(q.date)}"


def order_card(page: PublicShare) -> str:
    """The card as an HTML fragment ("" without an order)."""
    if page.quote is None:
        return ""
    q, status = page.quote.quote, page.quote.status
    weight = ru.weight(q.weight_g) + (f" (на {q.guests} гостей)" if q.guests else "")
    rows = [
        ("Вес", weight),
        ("Ярусов", str(q.tiers)),
        *([("Начинки", ", ".join(q.fillings))] if q.fillings else []),
        ("Дата", ru.day(q.date)),
        ("Получение", "доставка" if q.delivery is Delivery.DELIVERY else "самовывоз"),
        ("Стоимость", ru.money(q.total)),
        ("Предоплата", f"{ru.money(q.prepayment)} ({q.prepayment_percent} %)"),
    ]
    parts = [
        '<section class="order-card" aria-label="Заказ">',
        f"<h2>Заказ, версия {q.version}</h2>",
        '<dl class="order-card__facts">',
        *(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows),
        "</dl>",
    ]
    if q.note:
        parts.append(f'<p class="order-card__note">{escape(q.note)}</p>')
    if status in _STATUS_NOTES:
        parts.append(f'<p class="order-card__status">{escape(_STATUS_NOTES[status])}</p>')
    if page.bakery is not None:
        b = page.bakery
        who = ", ".join(p for p in (b.name, b.city) if p)
        reach = [contacts.show_phone(b.phone)] if b.phone else []
        reach += [f"Telegram @{b.telegram}"] if b.telegram else []
        parts.append(f'<p class="order-card__baker">Кондитер: {escape(who)}. {escape(", ".join(reach))}</p>')
    parts.append("</section>")
    return "\n".join(parts)
