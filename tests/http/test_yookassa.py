"""YooKassa for real: the official `yookassa` SDK against a local fake YooKassa (tests/support/
fake_yookassa.py), the app over PostgreSQL. Paid -> credited once, whatever the notifications say
and however often; lost notifications reconciled; untrusted senders refused; refunds; receipts."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from typing import Any
from uuid import UUID

import pytest
import uvicorn

from tests.http.harness import SETTINGS, WELCOME_BONUS, Harness, assert_problem, harness
from tests.support.fake_yookassa import SECRET_KEY, SHOP_ID, YOOKASSA_ADDRESS, FakeYooKassa
from tests.support.invariants import check_money_invariants
from tortodelova.entrypoints.http.housekeeping import PaymentReconciler

TOP_UP = "/api/balance/top-up"
WEBHOOK = "/api/payments/yookassa/webhook"
IDEA = {"prompt_ru": "розовый торт с ягодами", "style": "kids"}


@pytest.fixture
def fake() -> Iterator[FakeYooKassa]:
    server = FakeYooKassa().start()
    yield server
    server.stop()


def yookassa_settings(fake: FakeYooKassa, **changes: Any):  # noqa: ANN201
    return replace(
        SETTINGS,
        payment_provider="yookassa",
        yookassa_shop_id=SHOP_ID,
        yookassa_secret_key=SECRET_KEY,
        yookassa_api_url=fake.api_url,
        **changes,
    )


@pytest.fixture
async def yk(fake: FakeYooKassa, migrated_url: str) -> AsyncIterator[Harness]:
    async with harness(yookassa_settings(fake), database_url=migrated_url) as api:
        yield api


async def notify(
    api: Harness, fake: FakeYooKassa, event: str, object_id: str, sender: str = YOOKASSA_ADDRESS
):  # noqa: ANN201
    async with api.client_from(sender) as yookassa:
        return await yookassa.post(WEBHOOK, json=fake.notification(event, object_id))


async def start(api: Harness, headers: dict[str, str], pack: str = "pack-100") -> dict[str, Any]:
    response = await api.client.post(TOP_UP, json={"pack_id": pack}, headers=headers)
    assert response.status_code == 201, response.text
    return response.json()["payment"]


async def external_id(api: Harness, payment: dict[str, Any]) -> str:
    async with (await api.database()).unit_of_work() as uow:
        found = await uow.payments.get(UUID(payment["id"]))
    assert found is not None and found.external_id
    return found.external_id


async def balance(api: Harness, headers: dict[str, str]) -> int:
    return (await api.me(headers))["balance_credits"]


async def invariants(api: Harness) -> None:
    await check_money_invariants((await api.database()).unit_of_work())


async def test_pay_then_notification_credits_once_however_often_it_comes(yk: Harness, fake: FakeYooKassa):
    headers = await yk.user("baker@example.com")
    payment = await start(yk, headers)
    assert payment["confirmation_url"].startswith("https://yoomoney.example/checkout/")
    yid = await external_id(yk, payment)
    [create] = fake.made("POST", "/v3/payments")
    assert create.idempotence_key == payment["id"]  # our payment id: a repeated create is the same payment
    assert create.body["amount"] == {"value": "590.00", "currency": "RUB"} and create.body["capture"] is True
    assert create.body["confirmation"]["return_url"] == f"http://testserver/balance?payment={payment['id']}"
    assert create.body["metadata"]["payment_id"] == payment["id"]
    assert "receipt" not in create.body  # receipts are off by default

    fake.pay(yid)
    for _ in range(5):
        assert (await notify(yk, fake, "payment.succeeded", yid)).status_code == 200
    answers = await asyncio.gather(*(notify(yk, fake, "payment.succeeded", yid) for _ in range(5)))
    assert {a.status_code for a in answers} == {200}
    assert await balance(yk, headers) == WELCOME_BONUS + 100
    top_ups = (await yk.client.get("/api/transactions", params={"kind": "top_up"}, headers=headers)).json()
    assert top_ups["total"] == 1 and top_ups["items"][0]["payment_id"] == payment["id"]
    checked = (await yk.client.post(f"/api/payments/{payment['id']}/check", headers=headers)).json()[
        "payment"
    ]
    assert checked["status"] == "succeeded"
    await invariants(yk)


async def test_a_forged_succeeded_for_a_payment_the_api_says_is_pending_changes_nothing(
    yk: Harness, fake: FakeYooKassa
):
    headers = await yk.user("baker@example.com")
    yid = await external_id(yk, await start(yk, headers))
    forged = {
        "type": "notification",
        "event": "payment.succeeded",
        "object": {"id": yid, "status": "succeeded", "paid": True},
    }
    async with yk.client_from(YOOKASSA_ADDRESS) as yookassa:
        assert (await yookassa.post(WEBHOOK, json=forged)).status_code == 200
    assert await balance(yk, headers) == WELCOME_BONUS
    assert (await yk.client.get("/api/payments", headers=headers)).json()["items"][0]["status"] == "pending"
    # ...and one about a payment nobody created is answered (so YooKassa stops) and ignored
    assert (
        await notify(yk, fake, "payment.succeeded", "2419a771-000f-5000-9000-1edaf29243f2")
    ).status_code == 200
    await invariants(yk)


@pytest.mark.parametrize(
    "amount",
    [{"value": "1.00", "currency": "RUB"}, {"value": "590.00", "currency": "USD"}],
    ids=["amount", "currency"],
)
async def test_a_payment_differing_from_the_pack_is_not_credited_and_logged(
    yk: Harness, fake: FakeYooKassa, amount: dict[str, str], caplog: pytest.LogCaptureFixture
):
    headers = await yk.user("baker@example.com")
    payment = await start(yk, headers)
    yid = await external_id(yk, payment)
    fake.pay(yid)
    fake.tamper(yid, amount=amount)
    with caplog.at_level(logging.ERROR, logger="tortodelova.payments"):
        assert (await notify(yk, fake, "payment.succeeded", yid)).status_code == 200
    assert await balance(yk, headers) == WELCOME_BONUS
    [anomaly] = [r for r in caplog.records if "payment anomaly" in r.getMessage()]
    assert payment["id"] in anomaly.getMessage() and amount["value"] in anomaly.getMessage()
    await invariants(yk)


async def test_notifications_from_outside_yookassas_networks_are_403_and_change_nothing(
    fake: FakeYooKassa, migrated_url: str
):
    settings = yookassa_settings(fake, trusted_proxies="10.0.0.2")
    async with harness(settings, database_url=migrated_url) as api:
        headers = await api.user("baker@example.com")
        yid = await external_id(api, await start(api, headers))
        fake.pay(yid)
        body = fake.notification("payment.succeeded", yid)
        async with api.client_from("203.0.113.5") as stranger:
            assert_problem(await stranger.post(WEBHOOK, json=body), 403)
            # a stranger writing X-Forwarded-For is not believed
            spoofed = await stranger.post(WEBHOOK, json=body, headers={"X-Forwarded-For": YOOKASSA_ADDRESS})
            assert_problem(spoofed, 403)
        async with api.client_from("10.0.0.2") as our_proxy:
            assert_problem(await our_proxy.post(WEBHOOK, json=body), 403)  # the proxy itself is not YooKassa
            assert_problem(
                await our_proxy.post(WEBHOOK, json=body, headers={"X-Forwarded-For": "203.0.113.5"}), 403
            )
            assert await balance(api, headers) == WELCOME_BONUS
            forwarded = await our_proxy.post(
                WEBHOOK, json=body, headers={"X-Forwarded-For": YOOKASSA_ADDRESS}
            )
            assert forwarded.status_code == 200
        assert await balance(api, headers) == WELCOME_BONUS + 100


async def test_the_trusted_addresses_can_be_configured(fake: FakeYooKassa, migrated_url: str):
    settings = yookassa_settings(fake, yookassa_webhook_trusted_ips="198.51.100.0/24, 2001:db8::1")
    async with harness(settings, database_url=migrated_url) as api:
        body = {"type": "notification", "event": "payment.succeeded", "object": {"id": "x"}}
        async with api.client_from(YOOKASSA_ADDRESS) as published:
            assert_problem(await published.post(WEBHOOK, json=body), 403)
        async with api.client_from("198.51.100.7") as ours:
            assert (await ours.post(WEBHOOK, json=body)).status_code == 200


async def test_bad_notifications_are_problems(yk: Harness, fake: FakeYooKassa):
    async with yk.client_from(YOOKASSA_ADDRESS) as yookassa:
        for body, status in [
            ({"event": "payment.succeeded", "object": {"id": "../refunds/x"}}, 422),
            ({"event": "payment.succeeded", "object": {"id": "x" * 65}}, 422),
            ({"event": "payment.succeeded", "object": {}}, 422),
            ({"event": "payment.succeeded"}, 422),
            ({"object": {"id": "x"}}, 422),
            ([], 400),
        ]:
            assert_problem(await yookassa.post(WEBHOOK, json=body), status)
        unknown_event = {"type": "notification", "event": "payout.succeeded", "object": {"id": "po-1"}}
        assert (await yookassa.post(WEBHOOK, json=unknown_event)).status_code == 200
    assert not fake.made("GET", "/v3/payments/")


async def test_a_lost_notification_is_credited_by_the_reconciler(fake: FakeYooKassa, migrated_url: str):
    settings = yookassa_settings(fake, payment_settle_after_seconds=0.0)
    async with harness(settings, database_url=migrated_url) as api:
        headers = await api.user("baker@example.com")
        yid = await external_id(api, await start(api, headers, "pack-300"))
        assert await PaymentReconciler(api.container, 60).run_once() == 0  # still pending at YooKassa
        fake.pay(yid)  # ...and the notification is lost
        assert await PaymentReconciler(api.container, 60).run_once() == 1
        assert await balance(api, headers) == WELCOME_BONUS + 300
        assert await PaymentReconciler(api.container, 60).run_once() == 0
        await invariants(api)


async def test_the_return_page_check_settles_without_any_notification(yk: Harness, fake: FakeYooKassa):
    headers = await yk.user("baker@example.com")
    payment = await start(yk, headers)
    fake.pay(await external_id(yk, payment))
    checked = (await yk.client.post(f"/api/payments/{payment['id']}/check", headers=headers)).json()[
        "payment"
    ]
    assert checked["status"] == "succeeded"
    assert await balance(yk, headers) == WELCOME_BONUS + 100


async def test_a_canceled_payment_credits_nothing_and_says_why_in_russian(yk: Harness, fake: FakeYooKassa):
    headers = await yk.user("baker@example.com")
    payment = await start(yk, headers)
    yid = await external_id(yk, payment)
    fake.cancel(yid, "insufficient_funds")
    assert (await notify(yk, fake, "payment.canceled", yid)).status_code == 200
    assert (await notify(yk, fake, "payment.succeeded", yid)).status_code == 200  # out of order: nothing
    [item] = (await yk.client.get("/api/payments", headers=headers)).json()["items"]
    assert (item["status"], item["cancel_reason"]) == ("canceled", "недостаточно денег для оплаты")
    assert await balance(yk, headers) == WELCOME_BONUS
    await invariants(yk)


async def test_refunds_through_yookassa(yk: Harness, fake: FakeYooKassa):
    admin = await yk.admin()
    headers = await yk.user("baker@example.com")  # 30
    spent = await start(yk, headers, "pack-30")
    kept = await start(yk, headers, "pack-100")
    for payment in (spent, kept):
        yid = await external_id(yk, payment)
        fake.pay(yid)
        await notify(yk, fake, "payment.succeeded", yid)
    assert await balance(yk, headers) == 160
    for seed in range(14):  # 140 reserved: 20 available
        assert (
            await yk.client.post("/api/generations", json={**IDEA, "seed": seed}, headers=headers)
        ).status_code == 202

    body = assert_problem(
        await yk.client.post(f"/api/admin/payments/{spent['id']}/refund", headers=admin), 409
    )
    assert "свободных кредитов" in body["detail"]
    assert fake.refunds_made == 0 and await balance(yk, headers) == 160

    generations = (await yk.client.get("/api/generations", params={"limit": 100}, headers=headers)).json()
    for g in generations["items"]:  # the queue is cancelled: the 140 reserved credits are free again
        assert (
            await yk.client.post(f"/api/generations/{g['id']}/cancel", headers=headers)
        ).status_code == 200
    refunded = await yk.client.post(f"/api/admin/payments/{kept['id']}/refund", headers=admin)
    assert refunded.status_code == 200, refunded.text
    assert refunded.json()["payment"]["status"] == "refunded"
    [request] = fake.made("POST", "/v3/refunds")
    assert request.idempotence_key and request.body["amount"] == {"value": "590.00", "currency": "RUB"}
    assert fake.refunds_made == 1 and await balance(yk, headers) == 60
    # YooKassa's refund.succeeded notification changes nothing more
    [refund_id] = list(fake.refunds)
    assert (await notify(yk, fake, "refund.succeeded", refund_id)).status_code == 200
    assert fake.refunds_made == 1 and await balance(yk, headers) == 60
    await invariants(yk)


async def test_receipts_carry_the_payers_email_and_one_item(fake: FakeYooKassa, migrated_url: str):
    settings = yookassa_settings(fake, yookassa_receipts=True, yookassa_vat_code=4)
    async with harness(settings, database_url=migrated_url) as api:
        admin = await api.admin()
        headers = await api.user("Baker@Example.com")
        payment = await start(api, headers, "pack-100")
        yid = await external_id(api, payment)
        expected = {
            "customer": {"email": "baker@example.com"},
            "items": [
                {
                    "description": "Кредиты Тортоделова, 100 шт.",
                    "quantity": "1.0",
                    "amount": {"value": "590.00", "currency": "RUB"},
                    "vat_code": 4,
                    "payment_subject": "service",
                    "payment_mode": "full_payment",
                }
            ],
        }
        assert fake.receipts[yid] == expected
        fake.pay(yid)
        await notify(api, fake, "payment.succeeded", yid)
        assert (
            await api.client.post(f"/api/admin/payments/{payment['id']}/refund", headers=admin)
        ).status_code == 200
        [refund] = fake.made("POST", "/v3/refunds")
        assert refund.body["receipt"] == expected


async def test_when_yookassa_does_not_answer_it_is_503_and_nothing_changes(
    fake: FakeYooKassa, migrated_url: str
):
    async with harness(yookassa_settings(fake), database_url=migrated_url) as api:
        headers = await api.user("baker@example.com")
        payment = await start(api, headers)
        yid = await external_id(api, payment)
        fake.pay(yid)
        fake.stop()
        body = assert_problem(
            await api.client.post(TOP_UP, json={"pack_id": "pack-30"}, headers=headers), 503
        )
        assert "недоступен" in body["detail"]
        assert_problem(await notify(api, fake, "payment.succeeded", yid), 503)  # YooKassa will send it again
        checked = await api.client.post(f"/api/payments/{payment['id']}/check", headers=headers)
        assert checked.json()["payment"]["status"] == "pending"
        assert await balance(api, headers) == WELCOME_BONUS


@contextlib.asynccontextmanager
async def serving(api: Harness) -> AsyncIterator[str]:
    """The app on a real socket of 127.0.0.1, in this event loop."""
    server = uvicorn.Server(
        uvicorn.Config(api.app, host="127.0.0.1", port=0, lifespan="off", log_config=None)
    )
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers a flag, no event
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


async def test_notifications_sent_over_http_through_a_trusted_proxy(fake: FakeYooKassa, migrated_url: str):
    settings = yookassa_settings(fake, trusted_proxies="127.0.0.1/32")
    async with harness(settings, database_url=migrated_url) as api, serving(api) as url:
        headers = await api.user("baker@example.com")
        yid = await external_id(api, await start(api, headers))
        fake.pay(yid)
        body = fake.notification("payment.succeeded", yid)
        direct = await asyncio.to_thread(fake.send, url + WEBHOOK, body)
        assert direct == 403  # the proxy's own address is not YooKassa's
        assert await balance(api, headers) == WELCOME_BONUS
        sent = await asyncio.to_thread(fake.send, url + WEBHOOK, body, forwarded_for=YOOKASSA_ADDRESS)
        assert sent == 200
        assert await balance(api, headers) == WELCOME_BONUS + 100
