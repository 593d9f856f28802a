"""Buying credit packs over HTTP on the sandbox service (make dev's): packs, a payment per pack, the
test checkout, the payer's status check, the admin's list and refunds; PAYMENT_PROVIDER=none. Bad
input is a problem and changes nothing. (YooKassa itself: test_yookassa.py.)"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tests.http.harness import SETTINGS, WELCOME_BONUS, Harness, assert_problem, harness
from tests.support.invariants import check_money_invariants
from tortodelova.adapters.memory.unit_of_work import MemoryUnitOfWork

TOP_UP = "/api/balance/top-up"
IDEA = {"prompt_ru": "розовый торт с ягодами", "style": "kids"}


async def _state(api: Harness, headers: dict[str, str]) -> tuple[Any, Any, Any]:
    balance = (await api.client.get("/api/balance", headers=headers)).json()
    txs = (await api.client.get("/api/transactions", headers=headers)).json()
    payments = (await api.client.get("/api/payments", headers=headers)).json()
    return balance, txs, payments


async def test_the_packs_on_sale_with_their_price_per_credit(api: Harness):
    body = (await api.client.get("/api/payments/packs")).json()
    assert body == {
        "provider": "sandbox",
        "packs": [
            {
                "id": "pack-30",
                "credits": 30,
                "amount": "199.00",
                "currency": "RUB",
                "price_per_credit": "6.63",
            },
            {
                "id": "pack-100",
                "credits": 100,
                "amount": "590.00",
                "currency": "RUB",
                "price_per_credit": "5.90",
            },
            {
                "id": "pack-300",
                "credits": 300,
                "amount": "1490.00",
                "currency": "RUB",
                "price_per_credit": "4.97",
            },
        ],
    }


async def test_a_pack_is_bought_on_the_test_checkout_and_credited_once(api: Harness):
    headers = await api.user("baker@example.com")
    created = await api.client.post(TOP_UP, json={"pack_id": "pack-100"}, headers=headers)
    assert created.status_code == 201, created.text
    payment = created.json()["payment"]
    assert {k: payment[k] for k in ("status", "credits", "amount", "currency", "provider")} == {
        "status": "pending",
        "credits": 100,
        "amount": "590.00",
        "currency": "RUB",
        "provider": "sandbox",
    }
    assert payment["confirmation_url"].startswith("http://testserver/pay/sandbox/sandbox-")
    assert set(payment) == {
        "id", "user_id", "status", "credits", "amount", "currency", "provider", "confirmation_url",
        "cancel_reason", "created_at", "settled_at", "refunded_at",
    }  # fmt: skip
    path = payment["confirmation_url"].removeprefix("http://testserver")

    page = await api.client.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for text in ("Тестовая оплата — деньги не списываются", "Оплатить", "Отказаться", "590\u00a0₽"):
        assert text in page.text
    assert (await api.me(headers))["balance_credits"] == WELCOME_BONUS

    paid = await api.client.post(f"{path}/pay")
    assert paid.status_code == 303
    assert paid.headers["location"] == f"http://testserver/balance?payment={payment['id']}"
    assert (await api.client.post(f"{path}/pay")).status_code == 303  # a second click changes nothing
    assert "Платёж уже оплачен" in (await api.client.get(path)).text

    checked = (await api.client.post(f"/api/payments/{payment['id']}/check", headers=headers)).json()[
        "payment"
    ]
    assert checked["status"] == "succeeded" and checked["confirmation_url"] is None and checked["settled_at"]
    assert (await api.me(headers))["balance_credits"] == WELCOME_BONUS + 100
    listed = (await api.client.get("/api/payments", headers=headers)).json()
    assert listed["total"] == 1 and listed["items"][0]["status"] == "succeeded"
    await check_money_invariants(MemoryUnitOfWork(await api.db()))


async def test_declining_on_the_checkout_cancels_with_the_reason(api: Harness):
    headers = await api.user("baker@example.com")
    payment = await api.buy(headers, "pack-30", decision="decline")
    assert payment["status"] == "canceled" and payment["cancel_reason"] == "вы отказались от оплаты"
    assert (await api.me(headers))["balance_credits"] == WELCOME_BONUS
    assert (await api.client.get("/api/payments", params={"status": "canceled"}, headers=headers)).json()[
        "total"
    ] == 1


async def test_a_top_up_is_idempotent_per_key(api: Harness):
    headers = await api.user("baker@example.com")
    keyed = {**headers, "Idempotency-Key": "order-42"}
    first = await api.client.post(TOP_UP, json={"pack_id": "pack-30"}, headers=keyed)
    again = await api.client.post(TOP_UP, json={"pack_id": "pack-30"}, headers=keyed)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    body = assert_problem(await api.client.post(TOP_UP, json={"pack_id": "pack-100"}, headers=keyed), 422)
    assert "Idempotency-Key" in body["detail"]
    assert (await api.client.get("/api/payments", headers=headers)).json()["total"] == 1


async def test_bad_top_ups_are_problems_and_change_nothing(api: Harness):
    headers = await api.user("baker@example.com")
    before = await _state(api, headers)
    cases: list[tuple[Any, int]] = [
        ({"pack_id": "pack-7"}, 422),
        ({"pack_id": ""}, 422),
        ({"pack_id": "p" * 33}, 422),
        ({"pack_id": 100}, 422),
        ({"pack_id": None}, 422),
        ({"amount": 100}, 422),
        ({}, 422),
        ([1], 400),
        ("pack-30", 400),
    ]
    for payload, status in cases:
        body = assert_problem(await api.client.post(TOP_UP, json=payload, headers=headers), status)
        if status == 422:
            assert body["errors"][0]["field"] == "pack_id", (payload, body)
    malformed = await api.client.post(
        TOP_UP, content=b'{"pack_id": "pack', headers={**headers, "Content-Type": "application/json"}
    )
    assert "JSON" in assert_problem(malformed, 400)["detail"]
    too_long = {**headers, "Idempotency-Key": "k" * 201}
    body = assert_problem(await api.client.post(TOP_UP, json={"pack_id": "pack-30"}, headers=too_long), 422)
    assert body["errors"][0]["field"] == "Idempotency-Key"
    assert_problem(await api.client.post(TOP_UP, json={"pack_id": "pack-30"}), 401)
    assert await _state(api, headers) == before


async def test_a_payment_is_its_payers_only_and_bad_ids_are_404(api: Harness):
    alice = await api.user("alice@example.com")
    bob = await api.user("bob@example.com")
    payment = await api.buy(alice, "pack-30")
    assert_problem(await api.client.post(f"/api/payments/{payment['id']}/check", headers=bob), 404)
    assert_problem(
        await api.client.post("/api/payments/00000000-0000-0000-0000-000000000000/check", headers=bob), 404
    )
    assert_problem(await api.client.post("/api/payments/not-a-uuid/check", headers=bob), 404)
    assert (await api.client.get("/api/payments", headers=bob)).json() == {"items": [], "total": 0}
    for bad in ({"status": "paid"}, {"limit": 0}, {"offset": -1}):
        assert_problem(await api.client.get("/api/payments", params=bad, headers=bob), 422)
    for path in ("/pay/sandbox/sandbox-unknown", "/pay/sandbox/a%20b", "/pay/sandbox/" + "x" * 65):
        assert (await api.client.get(path)).status_code == 404
    created = (await api.client.post(TOP_UP, json={"pack_id": "pack-30"}, headers=bob)).json()["payment"]
    checkout = created["confirmation_url"].removeprefix("http://testserver")
    assert (await api.client.post(f"{checkout}/steal")).status_code == 404
    assert (await api.client.post("/pay/sandbox/sandbox-unknown/pay")).status_code == 404
    assert (await api.me(bob))["balance_credits"] == WELCOME_BONUS


async def test_without_a_payment_service_nothing_is_sold():
    async with harness(replace(SETTINGS, payment_provider="none")) as api:
        headers = await api.user("baker@example.com")
        assert (await api.client.get("/api/payments/packs")).json() == {"provider": "none", "packs": []}
        body = assert_problem(
            await api.client.post(TOP_UP, json={"pack_id": "pack-30"}, headers=headers), 409
        )
        assert "администратор" in body["detail"]
        assert (await api.client.get("/pay/sandbox/sandbox-x")).status_code == 404
        assert (await api.client.get("/api/payments", headers=headers)).json()["total"] == 0


async def test_the_admin_lists_payments_and_refunds_one(api: Harness):
    admin = await api.admin()
    alice = await api.user("alice@example.com")
    bob = await api.user("bob@example.com")
    paid = await api.buy(alice, "pack-100")
    await api.buy(bob, "pack-30", decision="decline")
    await api.client.post(TOP_UP, json={"pack_id": "pack-300"}, headers=bob)

    every = (await api.client.get("/api/admin/payments", headers=admin)).json()
    assert every["total"] == 3
    by_status = (
        await api.client.get("/api/admin/payments", params={"status": "succeeded"}, headers=admin)
    ).json()
    assert [p["id"] for p in by_status["items"]] == [paid["id"]]
    by_email = (await api.client.get("/api/admin/payments", params={"email": "BOB@"}, headers=admin)).json()
    assert {p["status"] for p in by_email["items"]} == {"canceled", "pending"}
    future = {"date_from": "2999-01-01T00:00:00Z"}
    assert (await api.client.get("/api/admin/payments", params=future, headers=admin)).json()["total"] == 0
    assert_problem(await api.client.get("/api/admin/payments", headers=alice), 403)
    assert_problem(await api.client.get("/api/admin/payments", params={"status": "x"}, headers=admin), 422)

    refund = f"/api/admin/payments/{paid['id']}/refund"
    assert_problem(await api.client.post(refund, headers=alice), 403)
    response = await api.client.post(refund, headers=admin)
    assert response.status_code == 200, response.text
    assert response.json()["payment"]["status"] == "refunded" and response.json()["payment"]["refunded_at"]
    assert (await api.me(alice))["balance_credits"] == WELCOME_BONUS
    assert (await api.client.post(refund, headers=admin)).json()["payment"]["status"] == "refunded"
    assert (await api.me(alice))["balance_credits"] == WELCOME_BONUS  # debited once
    pending = by_email["items"][0] if by_email["items"][0]["status"] == "pending" else by_email["items"][1]
    assert_problem(await api.client.post(f"/api/admin/payments/{pending['id']}/refund", headers=admin), 409)
    assert_problem(
        await api.client.post(
            "/api/admin/payments/00000000-0000-0000-0000-000000000000/refund", headers=admin
        ),
        404,
    )
    await check_money_invariants(MemoryUnitOfWork(await api.db()))


async def test_a_refund_is_refused_while_the_credits_are_reserved_or_spent(api: Harness):
    admin = await api.admin()
    headers = await api.user("baker@example.com")  # 30
    paid = await api.buy(headers, "pack-30")  # 60
    for seed in range(4):  # 40 reserved
        assert (
            await api.client.post("/api/generations", json={**IDEA, "seed": seed}, headers=headers)
        ).status_code == 202
    body = assert_problem(
        await api.client.post(f"/api/admin/payments/{paid['id']}/refund", headers=admin), 409
    )
    assert "зарезервированные" in body["detail"]
    me = await api.me(headers)
    assert (me["balance_credits"], me["reserved_credits"]) == (60, 40)
    await check_money_invariants(MemoryUnitOfWork(await api.db()))


async def test_a_notification_from_an_address_not_yookassas_is_403_and_changes_nothing(api: Harness):
    headers = await api.user("baker@example.com")
    created = (await api.client.post(TOP_UP, json={"pack_id": "pack-30"}, headers=headers)).json()["payment"]
    external = created["confirmation_url"].rsplit("/", 1)[1]
    body = {"type": "notification", "event": "payment.succeeded", "object": {"id": external}}
    assert_problem(await api.client.post("/api/payments/yookassa/webhook", json=body), 403)
    assert (await api.me(headers))["balance_credits"] == WELCOME_BONUS
