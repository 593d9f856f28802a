"""/api/admin/*: admins only (by the role stored, not the token's claim)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from uuid import UUID

from litestar.routes import HTTPRoute

from tests.http.harness import WELCOME_BONUS, Harness, assert_problem
from tests.support.invariants import check_money_invariants
from tortodelova.adapters.memory.unit_of_work import MemoryUnitOfWork
from tortodelova.domain.users import Role

IDEA = {"prompt_ru": "розовый торт с ягодами", "style": "kids"}
SOME_ID = "00000000-0000-4000-8000-000000000000"


def admin_operations(api: Harness) -> list[tuple[str, str]]:
    """Every (method, concrete path) under /api/admin that the app serves."""
    found = []
    for route in api.app.routes:
        if isinstance(route, HTTPRoute) and route.path.startswith("/api/admin"):
            path = re.sub(r"\{[^}]+\}", SOME_ID, route.path)
            found += [(method, path) for method in sorted(route.methods) if method not in ("HEAD", "OPTIONS")]
    return found


async def test_only_admins_pass_the_admin_guard(api: Harness):
    operations = admin_operations(api)
    assert {p for _, p in operations} >= {
        "/api/admin/users",
        f"/api/admin/users/{SOME_ID}/adjustments",
        "/api/admin/transactions",
        "/api/admin/generations",
        "/api/admin/stats",
    }
    user = await api.user("baker@example.com")
    for method, path in operations:
        body = {"amount": 5, "description": "x"} if method == "POST" else None
        assert_problem(await api.client.request(method, path, json=body), 401)
        assert_problem(await api.client.request(method, path, json=body, headers=user), 403)
    assert (await api.client.get("/api/balance", headers=user)).json()["balance_credits"] == WELCOME_BONUS


async def test_the_role_comes_from_the_database_not_the_token(api: Harness):
    admin = await api.admin()
    admin_id = UUID((await api.me(admin))["id"])
    assert (await api.client.get("/api/admin/users", headers=admin)).status_code == 200
    db = await api.db()
    db.tables.users[admin_id].role = Role.USER  # demoted; the token still says "admin"
    assert_problem(await api.client.get("/api/admin/users", headers=admin), 403)


async def test_users_are_listed_and_searched(api: Harness):
    admin = await api.admin()
    await api.user("alice@example.com")
    await api.user("bob@example.com")
    everyone = (await api.client.get("/api/admin/users", headers=admin)).json()
    assert everyone["total"] == 3
    found = (await api.client.get("/api/admin/users", params={"query": " ALICE "}, headers=admin)).json()
    assert [u["email"] for u in found["items"]] == ["alice@example.com"]
    assert found["items"][0]["balance_credits"] == WELCOME_BONUS
    page = (await api.client.get("/api/admin/users", params={"limit": 1, "offset": 1}, headers=admin)).json()
    assert page["total"] == 3 and len(page["items"]) == 1
    assert_problem(await api.client.get("/api/admin/users", params={"limit": 1000}, headers=admin), 422)


async def test_adjustments_credit_debit_and_refuse(api: Harness):
    admin = await api.admin()
    user = await api.user("baker@example.com")
    user_id = (await api.me(user))["id"]
    url = f"/api/admin/users/{user_id}/adjustments"

    credit = await api.client.post(url, json={"amount": 20, "description": "компенсация"}, headers=admin)
    assert credit.status_code == 201, credit.text
    body = credit.json()
    assert body["transaction"]["kind"] == "admin_adjustment" and body["transaction"]["type"] == "credit"
    assert body["user"]["balance_credits"] == WELCOME_BONUS + 20

    await api.client.post("/api/generations", json=IDEA, headers=user)  # reserves 10
    debit = await api.client.post(
        url, json={"amount": -(WELCOME_BONUS + 10), "description": "списание"}, headers=admin
    )
    assert debit.status_code == 201 and debit.json()["user"]["balance_credits"] == 10
    assert (
        debit.json()["transaction"]["type"] == "debit"
        and debit.json()["transaction"]["amount"] == WELCOME_BONUS + 10
    )
    assert_problem(
        await api.client.post(url, json={"amount": -1, "description": "ниже резерва"}, headers=admin), 402
    )

    before = (
        await api.client.get("/api/admin/transactions", params={"user_id": user_id}, headers=admin)
    ).json()
    for payload in (
        {"amount": 0, "description": "ноль"},
        {"amount": 5, "description": "   "},
        {"amount": 5},
        {"description": "без суммы"},
        {"amount": "5x", "description": "тип"},
    ):
        assert_problem(await api.client.post(url, json=payload, headers=admin), 422)
    assert_problem(
        await api.client.post(
            f"/api/admin/users/{SOME_ID}/adjustments", json={"amount": 5, "description": "кто"}, headers=admin
        ),
        404,
    )
    assert_problem(
        await api.client.post(
            "/api/admin/users/nope/adjustments", json={"amount": 5, "description": "кто"}, headers=admin
        ),
        404,
    )
    after = (
        await api.client.get("/api/admin/transactions", params={"user_id": user_id}, headers=admin)
    ).json()
    assert after == before
    await check_money_invariants(MemoryUnitOfWork(await api.db()))


async def test_a_refused_debit_says_the_true_reason(api: Harness):
    """The balance may not go below zero, nor below the credits reserved for designs in work: the
    answer says how much can be taken, and names the reserve only when there is one."""
    admin = await api.admin()
    user = await api.user("baker@example.com")
    url = f"/api/admin/users/{(await api.me(user))['id']}/adjustments"

    async def refusal(amount: int) -> str:
        body = assert_problem(
            await api.client.post(url, json={"amount": amount, "description": "списание"}, headers=admin),
            402,
        )
        assert body["type"].endswith("insufficient_credits")
        return body["detail"]

    nothing_reserved = await refusal(-100_000)
    assert nothing_reserved == (
        f"Баланс не может стать меньше нуля: списать можно самое большее {WELCOME_BONUS} кредитов."
    )
    assert "резерв" not in nothing_reserved

    await api.client.post("/api/generations", json=IDEA, headers=user)  # reserves 10
    assert await refusal(-100_000) == (
        "Баланс не может стать меньше резерва за дизайны в работе (10 кредитов): списать можно самое "
        f"большее {WELCOME_BONUS - 10} кредитов."
    )
    debit = await api.client.post(
        url, json={"amount": -(WELCOME_BONUS - 10), "description": "списание"}, headers=admin
    )
    assert debit.status_code == 201
    assert await refusal(-1) == "Списать нечего: весь баланс в резерве за дизайны в работе (10 кредитов)."
    assert (await api.me(user))["balance_credits"] == 10


async def test_journal_and_generations_across_users(api: Harness):
    admin = await api.admin()
    alice = await api.user("alice@example.com")
    bob = await api.user("bob@example.com")
    await api.buy(bob, "pack-30")
    alice_id = (await api.me(alice))["id"]
    await api.client.post("/api/generations", json=IDEA, headers=alice)
    await api.client.post("/api/generations", json=IDEA, headers=bob)

    journal = (await api.client.get("/api/admin/transactions", headers=admin)).json()
    assert (
        journal["total"] == 3
    )  # two bonuses, one paid pack (the admin got no bonus: created by EnsureAdmin)
    top_ups = (
        await api.client.get("/api/admin/transactions", params={"kind": "top_up"}, headers=admin)
    ).json()
    assert [t["amount"] for t in top_ups["items"]] == [30]
    mine = (
        await api.client.get(
            "/api/admin/transactions", params={"user_id": alice_id, "type": "credit"}, headers=admin
        )
    ).json()
    assert mine["total"] == 1 and mine["items"][0]["user_id"] == alice_id
    assert_problem(
        await api.client.get("/api/admin/transactions", params={"user_id": "alice"}, headers=admin), 422
    )

    gens = (await api.client.get("/api/admin/generations", headers=admin)).json()
    assert gens["total"] == 2
    only_alice = (
        await api.client.get("/api/admin/generations", params={"user_id": alice_id}, headers=admin)
    ).json()
    assert only_alice["total"] == 1
    assert (
        await api.client.get("/api/admin/generations", params={"status": "pending"}, headers=admin)
    ).json()["total"] == 2


async def test_stats_report_the_load(pg_api: Harness):
    api = pg_api
    admin = await api.admin()
    user = await api.user("baker@example.com")
    await api.client.post("/api/generations", json=IDEA, headers=user)
    await api.client.post("/api/generations", json=IDEA, headers=user)
    await api.run_worker(worker_id="gpu-1")
    await api.client.post("/api/generations", json={**IDEA, "style": "wedding"}, headers=user)
    await api.buy(user, "pack-300")

    stats = (await api.client.get("/api/admin/stats", headers=admin)).json()
    assert set(stats) == {
        "users_total",
        "generations_total",
        "by_status",
        "queue_depth",
        "processing",
        "generations_per_hour",
        "avg_duration_s",
        "p95_duration_s",
        "credits_spent_total",
        "workers",
        "orders_total",
        "order_bakers",
        "payments_by_status",
        "revenue_per_day",
    }
    assert stats["users_total"] == 2 and stats["generations_total"] == 3
    assert stats["by_status"] == {"pending": 1, "processing": 0, "success": 2, "failed": 0, "cancelled": 0}
    assert stats["queue_depth"] == 1 and stats["processing"] == 0 and stats["credits_spent_total"] == 20
    assert (stats["orders_total"], stats["order_bakers"]) == (0, 0)  # tests/http/test_orders.py counts them
    assert len(stats["generations_per_hour"]) == 24
    assert set(stats["generations_per_hour"][0]) == {"hour", "count", "failed"}
    assert sum(h["count"] for h in stats["generations_per_hour"]) == 2
    assert stats["avg_duration_s"] is not None and stats["p95_duration_s"] is not None
    [worker] = stats["workers"]
    assert worker["id"] == "gpu-1" and worker["jobs_done"] == 2
    assert datetime.fromisoformat(worker["last_seen"]).utcoffset() == timedelta(0)
    assert stats["payments_by_status"]["succeeded"] == 1
    assert len(stats["revenue_per_day"]) == 30
    assert stats["revenue_per_day"][-1] == {
        "day": datetime.now(UTC).date().isoformat(),
        "paid": "1490.00",
        "refunded": "0.00",
        "payments": 1,
    }
