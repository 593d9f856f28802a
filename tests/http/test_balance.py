"""Balance, top-up with Idempotency-Key, the ledger; bad input is a problem and changes nothing."""

from __future__ import annotations

from typing import Any

from tests.http.harness import WELCOME_BONUS, Harness, assert_problem
from tests.support.invariants import check_money_invariants
from tortodelova.adapters.memory.unit_of_work import MemoryUnitOfWork

TOP_UP = "/api/balance/top-up"


async def _state(api: Harness, headers: dict[str, str]) -> tuple[Any, Any]:
    balance = (await api.client.get("/api/balance", headers=headers)).json()
    txs = (await api.client.get("/api/transactions", headers=headers)).json()
    return balance, txs


async def test_balance_and_top_up(api: Harness):
    headers = await api.user("baker@example.com")
    balance = await api.client.get("/api/balance", headers=headers)
    assert balance.json() == {
        "balance_credits": WELCOME_BONUS,
        "reserved_credits": 0,
        "available_credits": WELCOME_BONUS,
    }

    response = await api.client.post(TOP_UP, json={"amount": 70}, headers=headers)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["balance"] == {"balance_credits": 100, "reserved_credits": 0, "available_credits": 100}
    tx = body["transaction"]
    assert set(tx) == {
        "id",
        "user_id",
        "amount",
        "type",
        "kind",
        "description",
        "prediction_request_id",
        "created_at",
    }
    assert (tx["amount"], tx["type"], tx["kind"], tx["prediction_request_id"]) == (
        70,
        "credit",
        "top_up",
        None,
    )
    await check_money_invariants(MemoryUnitOfWork(await api.db()))


async def test_transactions_are_filtered_and_paged(api: Harness):
    headers = await api.user("baker@example.com", top_up=5)
    await api.client.post(TOP_UP, json={"amount": 6}, headers=headers)
    other = await api.user("other@example.com", top_up=7)

    everything = (await api.client.get("/api/transactions", headers=headers)).json()
    assert everything["total"] == 3 and [t["amount"] for t in everything["items"]] == [6, 5, WELCOME_BONUS]
    top_ups = (
        await api.client.get("/api/transactions", params={"kind": "top_up", "limit": 1}, headers=headers)
    ).json()
    assert top_ups["total"] == 2 and len(top_ups["items"]) == 1
    second = (
        await api.client.get(
            "/api/transactions", params={"kind": "top_up", "limit": 1, "offset": 1}, headers=headers
        )
    ).json()
    assert second["items"][0]["amount"] == 5
    assert (await api.client.get("/api/transactions", params={"type": "debit"}, headers=headers)).json()[
        "total"
    ] == 0
    future = (
        await api.client.get(
            "/api/transactions", params={"date_from": "2999-01-01T00:00:00Z"}, headers=headers
        )
    ).json()
    assert future["total"] == 0
    assert (await api.client.get("/api/transactions", headers=other)).json()["total"] == 2

    for params in (
        {"kind": "gift"},
        {"limit": 0},
        {"limit": 101},
        {"offset": -1},
        {"limit": "ten"},
        {"date_from": "yesterday"},
        {"date_to": ""},
        {"date_to": "2026-01-01"},
        {"date_to": "0.5"},
        {"date_from": "2026-02-01T00:00:00Z", "date_to": "2026-01-01T00:00:00Z"},
    ):
        body = assert_problem(await api.client.get("/api/transactions", params=params, headers=headers), 422)
        assert body["errors"] and body["errors"][0]["field"] in params, (params, body)


async def test_top_up_is_idempotent_per_key(api: Harness):
    headers = await api.user("baker@example.com")
    keyed = {**headers, "Idempotency-Key": "order-42"}
    first = await api.client.post(TOP_UP, json={"amount": 50}, headers=keyed)
    again = await api.client.post(TOP_UP, json={"amount": 50}, headers=keyed)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()

    body = assert_problem(await api.client.post(TOP_UP, json={"amount": 60}, headers=keyed), 422)
    assert "Idempotency-Key" in body["detail"]
    balance, txs = await _state(api, headers)
    assert balance["balance_credits"] == WELCOME_BONUS + 50 and txs["total"] == 2

    too_long = {**headers, "Idempotency-Key": "k" * 201}
    body = assert_problem(await api.client.post(TOP_UP, json={"amount": 50}, headers=too_long), 422)
    assert body["errors"][0]["field"] == "Idempotency-Key"
    assert (
        await api.client.post(TOP_UP, json={"amount": 1}, headers={**headers, "Idempotency-Key": "k" * 200})
    ).status_code == 201


async def test_bad_top_ups_are_problems_and_change_nothing(api: Harness):
    headers = await api.user("baker@example.com")
    before = await _state(api, headers)
    cases: list[tuple[Any, int]] = [
        ({"amount": -5}, 422),
        ({"amount": 0}, 422),
        ({"amount": 10_001}, 422),
        ({"amount": 10**30}, 422),
        ({"amount": 1.5}, 422),
        ({"amount": "a lot"}, 422),
        ({"amount": None}, 422),
        ({}, 422),
        ([1], 400),
        ("100", 400),
    ]
    for payload, status in cases:
        body = assert_problem(await api.client.post(TOP_UP, json=payload, headers=headers), status)
        if status == 422:
            assert body["errors"][0]["field"] == "amount", (payload, body)
    malformed = await api.client.post(
        TOP_UP, content=b'{"amount": 5', headers={**headers, "Content-Type": "application/json"}
    )
    assert "JSON" in assert_problem(malformed, 400)["detail"]
    empty = await api.client.post(
        TOP_UP, content=b"", headers={**headers, "Content-Type": "application/json"}
    )
    assert_problem(empty, 400)
    assert await _state(api, headers) == before
    # Without a token nothing happens either.
    assert_problem(await api.client.post(TOP_UP, json={"amount": 5}), 401)
    assert await _state(api, headers) == before
