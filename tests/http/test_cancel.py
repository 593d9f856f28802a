"""POST /api/generations/{id}/cancel over HTTP."""

from __future__ import annotations

import uuid

from tests.http.harness import WELCOME_BONUS, Harness, assert_problem
from tests.support.invariants import check_money_invariants
from tortodelova.adapters.memory.events import MemoryEvents
from tortodelova.adapters.memory.unit_of_work import MemoryUnitOfWork

IDEA = {"prompt_ru": "розовый торт с ягодами", "style": "kids"}


async def test_owner_cancels_a_pending_generation(api: Harness):
    headers = await api.user("baker@example.com")
    created = (await api.client.post("/api/generations", json=IDEA, headers=headers)).json()["generation"]
    assert (await api.me(headers))["reserved_credits"] == created["credits_reserved"]

    response = await api.client.post(f"/api/generations/{created['id']}/cancel", headers=headers)

    assert response.status_code == 200, response.text
    generation = response.json()["generation"]
    assert generation["id"] == created["id"] and generation["status"] == "cancelled"
    assert generation["credits_spent"] == 0 and generation["finished_at"] is not None
    me = await api.me(headers)
    assert (me["balance_credits"], me["reserved_credits"]) == (WELCOME_BONUS, 0)
    events = await api.container.get(MemoryEvents)
    assert events.published[-1].status.value == "cancelled"
    assert await api.run_worker() == []  # nothing left for a worker
    listed = (await api.client.get("/api/generations?status=cancelled", headers=headers)).json()
    assert [g["id"] for g in listed["items"]] == [created["id"]]
    await check_money_invariants(MemoryUnitOfWork(await api.db()))


async def test_cancel_after_the_worker_took_it_is_409_in_russian(api: Harness):
    headers = await api.user("baker@example.com")
    created = (await api.client.post("/api/generations", json=IDEA, headers=headers)).json()["generation"]
    await api.run_worker()
    body = assert_problem(
        await api.client.post(f"/api/generations/{created['id']}/cancel", headers=headers), 409
    )
    assert body["type"].endswith("not_cancellable") and "нельзя отменить" in body["detail"]
    again = (await api.client.get(f"/api/generations/{created['id']}", headers=headers)).json()["generation"]
    assert again["status"] == "success"


async def test_cancel_of_another_users_or_unknown_generation_is_404(api: Harness):
    owner = await api.user("owner@example.com")
    other = await api.user("other@example.com")
    created = (await api.client.post("/api/generations", json=IDEA, headers=owner)).json()["generation"]
    assert_problem(await api.client.post(f"/api/generations/{created['id']}/cancel", headers=other), 404)
    assert_problem(await api.client.post(f"/api/generations/{uuid.uuid4()}/cancel", headers=owner), 404)
    assert_problem(await api.client.post(f"/api/generations/{created['id']}/cancel"), 401)
    still = (await api.client.get(f"/api/generations/{created['id']}", headers=owner)).json()["generation"]
    assert still["status"] == "pending"
