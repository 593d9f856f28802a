"""Per-user caps over HTTP: active generations (and open event streams)."""

from __future__ import annotations

from dataclasses import replace

from tests.http.harness import SETTINGS, assert_problem, harness

IDEA = {"prompt_ru": "розовый торт с ягодами", "style": "kids"}


async def test_the_active_cap_is_429_in_russian_and_cancelling_frees_a_slot():
    async with harness(replace(SETTINGS, max_active_generations=2)) as api:
        headers = await api.user("baker@example.com", top_up=100)
        first, _ = [
            (await api.client.post("/api/generations", json=IDEA, headers=headers)).json()["generation"]
            for _ in range(2)
        ]
        body = assert_problem(await api.client.post("/api/generations", json=IDEA, headers=headers), 429)
        assert body["type"].endswith("too_many_active_generations") and "максимум" in body["detail"]
        assert (await api.me(headers))["reserved_credits"] == 2 * first["credits_reserved"]

        assert (
            await api.client.post(f"/api/generations/{first['id']}/cancel", headers=headers)
        ).status_code == 200
        assert (await api.client.post("/api/generations", json=IDEA, headers=headers)).status_code == 202
