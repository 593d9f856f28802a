"""Favourites, deleting a design and the admin's e-mail search, over HTTP (memory container)."""

from __future__ import annotations

import uuid
from typing import Any

from tests.http.harness import Harness, assert_problem
from tests.support.fake_ml import SolidColorGenerator
from tests.support.invariants import check_money_invariants
from tortodelova.adapters.memory.object_store import MemoryObjectStore
from tortodelova.adapters.memory.unit_of_work import MemoryUnitOfWork

IDEA = {"prompt_ru": "розовый торт с ягодами", "style": "kids"}


async def _design(api: Harness, headers: dict[str, str]) -> dict[str, Any]:
    """A finished (success) design of the caller."""
    created = (await api.client.post("/api/generations", json=IDEA, headers=headers)).json()["generation"]
    await api.run_worker()
    return (await api.client.get(f"/api/generations/{created['id']}", headers=headers)).json()["generation"]


async def _listed(api: Harness, headers: dict[str, str], query: str = "") -> list[str]:
    response = await api.client.get(f"/api/generations{query}", headers=headers)
    assert response.status_code == 200, response.text
    return [g["id"] for g in response.json()["items"]]


async def _total(api: Harness, headers: dict[str, str], path: str) -> int:
    response = await api.client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["total"]


async def test_favourites_are_idempotent_owner_only_and_filter_the_gallery(api: Harness):
    owner = await api.user("baker@example.com", top_up=100)
    other = await api.user("other@example.com")
    plain, starred = await _design(api, owner), await _design(api, owner)
    assert (plain["favorite"], plain["deleted"]) == (False, False)
    url = f"/api/generations/{starred['id']}/favorite"

    for _ in range(2):
        response = await api.client.put(url, headers=owner)
        assert response.status_code == 204 and response.content == b""

    assert await _listed(api, owner, "?status=success&favorite=true") == [starred["id"]]
    assert await _listed(api, owner, "?favorite=false") == [plain["id"]]
    one = (await api.client.get(f"/api/generations/{starred['id']}", headers=owner)).json()["generation"]
    assert one["favorite"] is True
    assert_problem(await api.client.put(url, headers=other), 404)
    assert_problem(await api.client.delete(url, headers=other), 404)
    assert_problem(await api.client.put(f"/api/generations/{uuid.uuid4()}/favorite", headers=owner), 404)
    assert_problem(await api.client.put(url), 401)
    body = assert_problem(await api.client.get("/api/generations?favorite=maybe", headers=owner), 422)
    assert body["errors"][0]["field"] == "favorite"

    for _ in range(2):
        assert (await api.client.delete(url, headers=owner)).status_code == 204
    assert await _listed(api, owner, "?favorite=true") == []


async def test_delete_removes_the_image_keeps_history_and_ledger(api: Harness):
    owner = await api.user("baker@example.com")
    design = await _design(api, owner)
    store = await api.container.get(MemoryObjectStore)
    assert design["s3_key"] in store.objects
    me_before = await api.me(owner)
    ledger_before = (await api.client.get("/api/transactions", headers=owner)).json()

    response = await api.client.delete(f"/api/generations/{design['id']}", headers=owner)

    assert response.status_code == 204 and response.content == b""
    assert store.objects == {}
    body = assert_problem(await api.client.get(f"/api/generations/{design['id']}", headers=owner), 404)
    assert body["type"].endswith("generation_deleted") and "удалён" in body["detail"]
    assert_problem(await api.client.get(f"/api/generations/{design['id']}/events", headers=owner), 404)
    assert await _listed(api, owner) == []  # the gallery
    history = (await api.client.get("/api/generations?include_deleted=true", headers=owner)).json()
    [gone] = history["items"]
    assert (gone["id"], gone["deleted"], gone["public_url"], gone["s3_key"]) == (
        design["id"],
        True,
        None,
        None,
    )
    assert (gone["status"], gone["credits_spent"]) == ("success", design["credits_spent"])
    ledger_after = (await api.client.get("/api/transactions", headers=owner)).json()
    assert ledger_after == ledger_before
    assert design["id"] in [t["prediction_request_id"] for t in ledger_after["items"]]
    me_after = await api.me(owner)
    assert (me_after["balance_credits"], me_after["reserved_credits"]) == (
        me_before["balance_credits"],
        me_before["reserved_credits"],
    )
    # again: still 204; starring a deleted design is a 404
    assert (await api.client.delete(f"/api/generations/{design['id']}", headers=owner)).status_code == 204
    assert_problem(await api.client.put(f"/api/generations/{design['id']}/favorite", headers=owner), 404)
    await check_money_invariants(MemoryUnitOfWork(await api.db()))


async def test_delete_is_409_while_active_and_404_for_others(api: Harness):
    owner = await api.user("owner@example.com")
    other = await api.user("other@example.com")
    pending = (await api.client.post("/api/generations", json=IDEA, headers=owner)).json()["generation"]
    url = f"/api/generations/{pending['id']}"

    body = assert_problem(await api.client.delete(url, headers=owner), 409)
    assert body["type"].endswith("not_deletable") and "нельзя удалить" in body["detail"]
    assert_problem(await api.client.delete(url, headers=other), 404)
    assert_problem(await api.client.delete(f"/api/generations/{uuid.uuid4()}", headers=owner), 404)
    assert_problem(await api.client.delete(url), 401)
    still = (await api.client.get(url, headers=owner)).json()["generation"]
    assert (still["status"], still["deleted"]) == ("pending", False)

    await api.run_worker()
    assert_problem(await api.client.delete(url, headers=other), 404)
    assert (await api.client.delete(url, headers=owner)).status_code == 204


async def test_admin_searches_the_journal_and_generations_by_email(api: Harness):
    admin = await api.admin()
    anna = await api.user("anna.baker@example.com", top_up=40)
    await api.user("boris@example.org")
    design = await _design(api, anna)
    await api.client.delete(f"/api/generations/{design['id']}", headers=anna)

    found = (await api.client.get("/api/admin/transactions?email=ANNA.B", headers=admin)).json()
    assert found["total"] == 3  # welcome bonus, granted credits, the design's debit
    [debit] = [t for t in found["items"] if t["kind"] == "generation"]
    assert debit["prediction_request_id"] == design["id"]
    assert await _total(api, admin, "/api/admin/transactions?email=example.") == 4
    assert await _total(api, admin, "/api/admin/transactions?email=%20") == 4  # blank: no filter
    assert await _total(api, admin, "/api/admin/transactions?email=zed") == 0
    assert_problem(await api.client.get("/api/admin/transactions?email=a%0Ab", headers=admin), 422)

    listed = (await api.client.get("/api/admin/generations?email=anna", headers=admin)).json()
    assert [(g["id"], g["deleted"]) for g in listed["items"]] == [(design["id"], True)]
    assert await _total(api, admin, "/api/admin/generations?email=boris") == 0


async def test_admin_lists_failed_generations_with_their_error(api: Harness):
    admin = await api.admin()
    anna = await api.user("anna@example.com")
    boris = await api.user("boris@example.com")
    failing = (await api.client.post("/api/generations", json=IDEA, headers=anna)).json()["generation"]
    await api.run_worker(generator=SolidColorGenerator(fail_with=ValueError("модель сломалась")))
    await _design(api, boris)

    failed = (await api.client.get("/api/admin/generations?status=failed", headers=admin)).json()
    assert [g["id"] for g in failed["items"]] == [failing["id"]]
    assert failed["items"][0]["error"].endswith("Кредиты не списаны.")
    by_email = "/api/admin/generations?status=failed&email=boris"
    assert await _total(api, admin, by_email) == 0
