"""Styles, quotes, submitting, listing and reading generations; the worker completes them."""

from __future__ import annotations

from typing import Any

from tests.http.harness import WELCOME_BONUS, Harness, assert_problem
from tests.support.invariants import check_money_invariants
from tortodelova.adapters.memory.unit_of_work import MemoryUnitOfWork
from tortodelova.domain.styles import STYLES

IDEA = {"prompt_ru": "розовый торт с ягодами", "style": "kids"}
GENERATION_FIELDS = {
    "id",
    "user_id",
    "attempts",
    "prompt_ru",
    "prompt_en",
    "negative_prompt",
    "negative_prompt_ru",
    "style",
    "width",
    "height",
    "steps",
    "guidance",
    "seed",
    "quality",
    "status",
    "progress",
    "queue_position",
    "s3_key",
    "public_url",
    "credits_reserved",
    "credits_spent",
    "error",
    "created_at",
    "started_at",
    "finished_at",
    "group_id",
    "variant_index",
    "init_image",
    "strength",
    "mask_upload_id",
    "favorite",
    "deleted",
    "feedback",
    "kind",
    "parent_id",
}


async def test_styles_are_public_and_russian(api: Harness):
    response = await api.client.get("/api/styles")
    assert response.status_code == 200
    styles = response.json()
    assert [s["code"] for s in styles] == list(STYLES)
    assert {"minimal", "kids", "wedding", "birthday", "themed", "bento", "classic"} <= {
        s["code"] for s in styles
    }
    assert all(any("а" <= ch.lower() <= "я" for ch in s["title"]) for s in styles)


async def test_quote_prices_without_charging(api: Harness):
    headers = await api.user("baker@example.com")
    small = await api.client.post("/api/generations/quote", json=IDEA, headers=headers)
    assert small.status_code == 200 and small.json() == {"credits": 10, "per_variant": 10, "variants": 1}
    big = await api.client.post(
        "/api/generations/quote", json={**IDEA, "width": 768, "height": 768, "steps": 40}, headers=headers
    )
    assert big.json()["credits"] > 10
    assert_problem(
        await api.client.post("/api/generations/quote", json={**IDEA, "style": "gothic"}, headers=headers),
        422,
    )
    assert (await api.client.get("/api/balance", headers=headers)).json()["reserved_credits"] == 0


async def test_submit_reserves_then_the_worker_delivers_and_charges(api: Harness):
    headers = await api.user("baker@example.com")
    response = await api.client.post(
        "/api/generations", json={**IDEA, "negative_prompt_ru": "свечи", "seed": 7}, headers=headers
    )
    assert response.status_code == 202, response.text
    generation = response.json()["generation"]
    assert set(generation) == GENERATION_FIELDS
    assert response.json()["generations"] == [generation]  # one variant: the list holds just it
    assert (generation["group_id"], generation["variant_index"], generation["init_image"]) == (None, 0, None)
    assert (generation["strength"], generation["mask_upload_id"]) == (None, None)
    assert response.headers["location"] == f"/api/generations/{generation['id']}"
    assert generation["status"] == "pending" and generation["queue_position"] == 0
    assert (generation["width"], generation["height"], generation["steps"], generation["guidance"]) == (
        512,
        512,
        25,
        7.0,
    )
    assert (
        generation["seed"] == 7
        and generation["negative_prompt"] is None
        and generation["credits_reserved"] == 10
    )
    balance = (await api.client.get("/api/balance", headers=headers)).json()
    assert balance == {
        "balance_credits": WELCOME_BONUS,
        "reserved_credits": 10,
        "available_credits": WELCOME_BONUS - 10,
    }

    second = (await api.client.post("/api/generations", json=IDEA, headers=headers)).json()["generation"]
    assert second["queue_position"] == 1

    outcomes = await api.run_worker()
    assert {o.status.value for o in outcomes} == {"success"}
    done = (await api.client.get(response.headers["location"], headers=headers)).json()["generation"]
    assert done["status"] == "success" and done["progress"] == 1.0 and done["credits_spent"] == 10
    assert done["public_url"].endswith(f"designs/{done['s3_key'].split('/')[1]}/{done['id']}.png")
    assert done["prompt_en"].startswith("pink cake with berries") and done["negative_prompt"] == "свечи"
    assert done["started_at"] and done["finished_at"] and done["error"] is None
    balance = (await api.client.get("/api/balance", headers=headers)).json()
    assert balance == {
        "balance_credits": WELCOME_BONUS - 20,
        "reserved_credits": 0,
        "available_credits": WELCOME_BONUS - 20,
    }
    debits = (
        await api.client.get("/api/transactions", params={"kind": "generation"}, headers=headers)
    ).json()
    assert {t["prediction_request_id"] for t in debits["items"]} == {done["id"], second["id"]}
    await check_money_invariants(MemoryUnitOfWork(await api.db()))


async def test_list_filters_and_pages_only_the_callers_generations(api: Harness):
    headers = await api.user("baker@example.com", top_up=100)
    other = await api.user("other@example.com")
    for style in ("kids", "wedding", "kids"):
        assert (
            await api.client.post("/api/generations", json={**IDEA, "style": style}, headers=headers)
        ).status_code == 202
    await api.client.post("/api/generations", json=IDEA, headers=other)

    listed = (await api.client.get("/api/generations", headers=headers)).json()
    assert listed["total"] == 3
    created = [g["created_at"] for g in listed["items"]]
    assert created == sorted(created, reverse=True)
    assert (await api.client.get("/api/generations", params={"style": "kids"}, headers=headers)).json()[
        "total"
    ] == 2
    assert (await api.client.get("/api/generations", params={"status": "success"}, headers=headers)).json()[
        "total"
    ] == 0
    page = (
        await api.client.get("/api/generations", params={"limit": 2, "offset": 2}, headers=headers)
    ).json()
    assert page["total"] == 3 and len(page["items"]) == 1
    await api.run_worker()
    spent = {"credits_min": 10, "credits_max": 10, "status": "success"}
    assert (await api.client.get("/api/generations", params=spent, headers=headers)).json()["total"] == 3
    assert_problem(await api.client.get("/api/generations", params={"status": "done"}, headers=headers), 422)
    assert_problem(
        await api.client.get("/api/generations", params={"credits_min": "many"}, headers=headers), 422
    )


async def test_another_users_generation_is_not_found(api: Harness):
    owner = await api.user("owner@example.com")
    intruder = await api.user("intruder@example.com")
    generation = (await api.client.post("/api/generations", json=IDEA, headers=owner)).json()["generation"]
    for path in (f"/api/generations/{generation['id']}", f"/api/generations/{generation['id']}/events"):
        body = assert_problem(await api.client.get(path, headers=intruder), 404)
        assert "не найден" in body["detail"].lower()
    missing = "00000000-0000-4000-8000-000000000000"
    assert_problem(await api.client.get(f"/api/generations/{missing}", headers=owner), 404)
    for bad in ("not-a-uuid", "1", "%27%20or%201%3D1"):
        assert_problem(await api.client.get(f"/api/generations/{bad}", headers=owner), 404)
        assert_problem(await api.client.get(f"/api/generations/{bad}/events", headers=owner), 404)


async def test_submit_is_idempotent_per_key(api: Harness):
    headers = {**(await api.user("baker@example.com")), "Idempotency-Key": "studio-click-1"}
    first = await api.client.post("/api/generations", json=IDEA, headers=headers)
    again = await api.client.post("/api/generations", json=IDEA, headers=headers)
    assert first.status_code == again.status_code == 202
    assert again.json() == first.json() and again.headers["location"] == first.headers["location"]
    different = await api.client.post("/api/generations", json={**IDEA, "style": "wedding"}, headers=headers)
    assert_problem(different, 422)
    assert (await api.client.get("/api/generations", headers=headers)).json()["total"] == 1
    assert (await api.client.get("/api/balance", headers=headers)).json()["reserved_credits"] == 10


async def test_not_enough_credits_is_402(api: Harness):
    headers = await api.user("baker@example.com")
    expensive = {**IDEA, "width": 768, "height": 768, "steps": 40}
    body = assert_problem(await api.client.post("/api/generations", json=expensive, headers=headers), 402)
    assert "кредит" in body["detail"].lower()
    assert (await api.client.get("/api/generations", headers=headers)).json()["total"] == 0


async def test_description_limits_count_characters_as_the_studio_does(api: Harness):
    """Code points after NFC: 995 characters with 35 strawberries (1030 UTF-16 units) fit in 1000, and
    so do 1000 «й» typed as и + combining breve (2000 code points as sent)."""
    headers = await api.user("baker@example.com", top_up=100)
    strawberries = ("Торт с клубникой 🍓" * 35 + "а" * 1000)[:995]
    for prompt in (strawberries, "и\u0306" * 1000):
        created = await api.client.post(
            "/api/generations", json={**IDEA, "prompt_ru": prompt}, headers=headers
        )
        assert created.status_code == 202, created.text
        assert len(created.json()["generation"]["prompt_ru"]) in (995, 1000)
    decomposed_negative = {**IDEA, "negative_prompt_ru": "и\u0306" * 500}
    assert (
        await api.client.post("/api/generations", json=decomposed_negative, headers=headers)
    ).status_code == 202
    too_long = {**IDEA, "prompt_ru": "🍓" * 1001}
    assert_problem(await api.client.post("/api/generations", json=too_long, headers=headers), 422)


async def test_bad_generation_requests_change_nothing(api: Harness):
    headers = await api.user("baker@example.com")
    before = [
        (await api.client.get(p, headers=headers)).json()
        for p in ("/api/balance", "/api/transactions", "/api/generations")
    ]
    cases: list[tuple[Any, int, str | None]] = [
        ({**IDEA, "prompt_ru": "ой"}, 422, "prompt_ru"),
        ({**IDEA, "prompt_ru": "   "}, 422, "prompt_ru"),
        ({**IDEA, "prompt_ru": "т" * 1001}, 422, "prompt_ru"),
        ({**IDEA, "style": "gothic"}, 422, "style"),
        ({**IDEA, "width": 640, "height": 480}, 422, "width"),
        ({**IDEA, "width": 512, "height": 1024}, 422, "width"),
        ({**IDEA, "steps": 9}, 422, "steps"),
        ({**IDEA, "steps": 41}, 422, "steps"),
        ({**IDEA, "guidance": 0.5}, 422, "guidance"),
        ({**IDEA, "seed": -1}, 422, "seed"),
        ({**IDEA, "seed": 2**32}, 422, "seed"),
        ({**IDEA, "negative_prompt_ru": "н" * 501}, 422, "negative_prompt_ru"),
        ({**IDEA, "prompt_ru": 123}, 422, "prompt_ru"),
        ({**IDEA, "steps": [25]}, 422, "steps"),
        ({"style": "kids"}, 422, "prompt_ru"),
        ({}, 422, None),
        ([IDEA], 400, None),
        (None, 400, None),
    ]
    for payload, status, field in cases:
        response = await api.client.post("/api/generations", json=payload, headers=headers)
        body = assert_problem(response, status)
        if field:
            assert field in [e["field"] for e in body["errors"]], (payload, body)
            assert all(any("а" <= ch.lower() <= "я" for ch in e["message"]) for e in body["errors"]), body
    malformed = await api.client.post(
        "/api/generations",
        content='{"prompt_ru": "торт", '.encode(),
        headers={**headers, "Content-Type": "application/json"},
    )
    assert_problem(malformed, 400)
    after = [
        (await api.client.get(p, headers=headers)).json()
        for p in ("/api/balance", "/api/transactions", "/api/generations")
    ]
    assert after == before
