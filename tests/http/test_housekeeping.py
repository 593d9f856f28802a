"""The API's housekeeping expires requests that waited longer than PENDING_TTL_HOURS."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from tests.http.harness import SETTINGS, WELCOME_BONUS, harness
from tortodelova.entrypoints.http.housekeeping import Housekeeping

IDEA = {"prompt_ru": "розовый торт с ягодами", "style": "kids"}
EXPIRE_AT_ONCE = replace(SETTINGS, pending_ttl_hours=0.0)


async def test_a_round_fails_stale_requests_and_releases_their_credits():
    async with harness(EXPIRE_AT_ONCE) as api:
        headers = await api.user("baker@example.com")
        created = (await api.client.post("/api/generations", json=IDEA, headers=headers)).json()["generation"]
        await asyncio.sleep(0.01)  # older than the (zero) TTL

        assert await Housekeeping(api.container, interval_s=60).run_once() == 1

        generation = (await api.client.get(f"/api/generations/{created['id']}", headers=headers)).json()
        assert generation["generation"]["status"] == "failed"
        assert "в очереди" in generation["generation"]["error"]
        me = await api.me(headers)
        assert (me["balance_credits"], me["reserved_credits"]) == (WELCOME_BONUS, 0)


async def test_the_loop_runs_until_stopped():
    async with harness(EXPIRE_AT_ONCE) as api:
        headers = await api.user("baker@example.com")
        created = (await api.client.post("/api/generations", json=IDEA, headers=headers)).json()["generation"]
        housekeeping = Housekeeping(api.container, interval_s=0.01)
        await housekeeping.start()
        try:
            for _ in range(200):
                got = (await api.client.get(f"/api/generations/{created['id']}", headers=headers)).json()
                if got["generation"]["status"] == "failed":
                    break
                await asyncio.sleep(0.01)
            assert got["generation"]["status"] == "failed"
        finally:
            await housekeeping.stop()
        assert housekeeping._task is None


async def test_a_zero_interval_never_starts_the_loop():
    async with harness() as api:
        housekeeping = Housekeeping(api.container, interval_s=0)
        await housekeeping.start()
        assert housekeeping._task is None
