"""`/pay/sandbox/{payment_id}`: the sandbox's test checkout (PAYMENT_PROVIDER=sandbox only, else 404).

A plain HTML page, clearly marked as a test, with «Оплатить» and «Отказаться». Each button decides
the sandbox payment, then hands it to HandleNotification, the use case a YooKassa notification
reaches: the payment is read back from the (sandbox) service and settled exactly as a real one.
The payer is then sent back to the return URL, the balance page that waits for the credits.
"""

from __future__ import annotations

import re
from html import escape

from dishka.integrations.litestar import FromDishka, inject
from litestar import Response, get, post
from litestar.params import FromPath

from tortodelova.adapters.payments.sandbox import SandboxGateway
from tortodelova.application.ports.payments import PaymentGateway, RemotePayment
from tortodelova.application.use_cases.payments.handle_notification import HandleNotification
from tortodelova.domain.payments import Money
from tortodelova.entrypoints.http.schemas.payments import OBJECT_ID_PATTERN

TITLE = "Тестовая оплата — деньги не списываются"
_HEADERS = {
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
    "X-Content-Type-Options": "nosniff",
}
_STYLE = (
    "body{font-family:system-ui,sans-serif;margin:0;background:#fdf6f0;color:#3b2a20}"
    "main{max-width:28rem;margin:0 auto;padding:1.5rem 1rem}"
    ".badge{background:#ffe08a;border:2px dashed #b7791f;border-radius:.75rem;padding:.75rem 1rem;"
    "font-weight:700;text-align:center}"
    ".card{background:#fff;border-radius:1rem;padding:1.25rem;margin:1rem 0;box-shadow:0 2px 8px #0001}"
    ".sum{font-size:2rem;font-weight:700;margin:.25rem 0}"
    "button{display:block;width:100%;font:inherit;font-weight:600;padding:.9rem;margin:.5rem 0;"
    "border-radius:.75rem;border:0;cursor:pointer;min-height:3rem}"
    ".pay{background:#c2410c;color:#fff}.decline{background:#eee;color:#3b2a20}"
)
_OBJECT_ID = re.compile(OBJECT_ID_PATTERN)


def _page(title: str, body: str, status: int = 200) -> Response[str]:
    html = (
        '<!doctype html>\n<html lang="ru">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex, nofollow">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )
    return Response(html, status_code=status, media_type="text/html", headers=_HEADERS)


def _not_found() -> Response[str]:
    return _page(
        "Платёж не найден", "<h1>Платёж не найден</h1><p>Ссылка на оплату устарела или неверна.</p>", 404
    )


def _sandbox_payment(gateway: PaymentGateway, payment_id: str) -> tuple[SandboxGateway, RemotePayment] | None:
    if not isinstance(gateway, SandboxGateway) or not _OBJECT_ID.match(payment_id):
        return None
    payment = gateway.payments.get(payment_id)
    return (gateway, payment) if payment is not None else None


def _roubles(amount: Money) -> str:
    whole, kopecks = divmod(amount.minor, 100)
    text = f"{whole:,}".replace(",", "\u00a0")
    return f"{text},{kopecks:02d}\u00a0₽" if kopecks else f"{text}\u00a0₽"


@get("/pay/sandbox/{payment_id:str}", include_in_schema=False, media_type="text/html")
@inject
async def sandbox_checkout(payment_id: FromPath[str], gateway: FromDishka[PaymentGateway]) -> Response[str]:
    found = _sandbox_payment(gateway, payment_id)
    if found is None:
        return _not_found()
    sandbox, payment = found
    action = f"/pay/sandbox/{escape(payment.id)}"
    if payment.status != "pending":
        decided = "оплачен" if payment.succeeded else "отменён"
        back = escape(sandbox.return_urls.get(payment.id, "/balance"))
        body = f'<p class="badge">{escape(TITLE)}</p><h1>Платёж уже {decided}</h1><p><a href="{back}">Вернуться</a></p>'
        return _page(TITLE, body)
    body = (
        f'<p class="badge" data-testid="sandbox-badge">{escape(TITLE)}</p>'
        '<div class="card">'
        "<p>Оплата пакета кредитов Тортоделова</p>"
        f'<p class="sum" data-testid="sandbox-amount">{escape(_roubles(payment.amount))}</p>'
        "<p>Это тестовый режим: карта не нужна, деньги не списываются, кредиты начисляются как после "
        "настоящей оплаты.</p>"
        "</div>"
        f'<form method="post" action="{action}/pay"><button class="pay" type="submit">Оплатить</button></form>'
        f'<form method="post" action="{action}/decline"><button class="decline" type="submit">Отказаться</button></form>'
    )
    return _page(TITLE, body)


@post(
    "/pay/sandbox/{payment_id:str}/{decision:str}",
    include_in_schema=False,
    status_code=303,
    media_type="text/html",
)
@inject
async def sandbox_decide(
    payment_id: FromPath[str],
    decision: FromPath[str],
    gateway: FromDishka[PaymentGateway],
    handle: FromDishka[HandleNotification],
) -> Response[str]:
    """«Оплатить» (`pay`) or «Отказаться» (`decline`)."""
    found = _sandbox_payment(gateway, payment_id)
    if found is None or decision not in ("pay", "decline"):
        return _not_found()
    sandbox, _ = found
    decided = sandbox.pay(payment_id) if decision == "pay" else sandbox.decline(payment_id)
    # The sandbox "sends" its notification: the same use case as YooKassa's webhook settles it.
    await handle("payment.succeeded" if decided.succeeded else "payment.canceled", decided.id)
    back = sandbox.return_urls.get(decided.id, "/balance")
    return Response("", status_code=303, headers={**_HEADERS, "Location": back}, media_type="text/html")
