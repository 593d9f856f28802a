"""Balance and the ledger; bad input is a problem and changes nothing. (Buying credits:
test_payments.py; the free top-up is gone.)"""

from __future__ import annotations

from tests.http.harness import WELCOME_BONUS, Harness, assert_problem
from tests.support.invariants import check_money_invariants
from tortodelova.adapters.memory.unit_of_work import MemoryUnitOfWork

TX_FIELDS = {
    "id",
    "user_id",
    "amount",
    "type",
    "kind",
    "description",
    "prediction_request_id",
    "payment_id",
    "created_at",
}


async def test_balance_and_a_paid_pack_in_the_ledger(api: Harness):
    headers = await api.user("baker@example.com")
    balance = await api.client.get("/api/balance", headers=headers)
    assert balance.json() == {
        "balance_credits": WELCOME_BONUS,
        "reserved_credits": 0,
        "available_credits": WELCOME_BONUS,
    }
    payment = await api.buy(headers, "pack-100")
    assert (await api.client.get("/api/balance", headers=headers)).json() == {
        "balance_credits": WELCOME_BONUS + 100,
        "reserved_credits": 0,
        "available_credits": WELCOME_BONUS + 100,
    }
    tx = (await api.client.get("/api/transactions", params={"kind": "top_up"}, headers=headers)).json()[
        "items"
    ][0]
    assert set(tx) == TX_FIELDS
    assert (tx["amount"], tx["type"], tx["kind"], tx["payment_id"], tx["prediction_request_id"]) == (
        100,
        "credit",
        "top_up",
        payment["id"],
        None,
    )
    await check_money_invariants(MemoryUnitOfWork(await api.db()))


async def test_transactions_are_filtered_and_paged(api: Harness):
    headers = await api.user("baker@example.com")
    await api.buy(headers, "pack-30")
    await api.buy(headers, "pack-100")
    other = await api.user("other@example.com", top_up=7)

    everything = (await api.client.get("/api/transactions", headers=headers)).json()
    assert everything["total"] == 3 and [t["amount"] for t in everything["items"]] == [100, 30, WELCOME_BONUS]
    top_ups = (
        await api.client.get("/api/transactions", params={"kind": "top_up", "limit": 1}, headers=headers)
    ).json()
    assert top_ups["total"] == 2 and len(top_ups["items"]) == 1
    second = (
        await api.client.get(
            "/api/transactions", params={"kind": "top_up", "limit": 1, "offset": 1}, headers=headers
        )
    ).json()
    assert second["items"][0]["amount"] == 30
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
