"""The abuse limits and stream caps hold across API replicas: two apps, each with its own container
and engine, over one PostgreSQL, count together."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

from sqlalchemy import func, select

from tests.http.harness import PASSWORD, SETTINGS, Harness, assert_problem, harness
from tests.http.test_events import WAIT_S
from tests.http.test_shares import designed, share
from tortodelova.adapters.db.models import limit_hits
from tortodelova.entrypoints.http.streaming.sse import StreamTimings
from tortodelova.entrypoints.http.streaming.stream_slots import StreamSlots

WRONG = "wrong password"
IDEA = {"prompt_ru": "розовый торт с ягодами", "style": "kids"}


@asynccontextmanager
async def replicas(url: str, **changes: object) -> AsyncIterator[tuple[Harness, Harness]]:
    settings = replace(SETTINGS, **changes)  # type: ignore[arg-type]
    timings = StreamTimings(reread_s=0.05, keepalive_s=15)
    async with harness(settings, database_url=url, stream_timings=timings) as first:
        async with harness(settings, database_url=url, stream_timings=timings) as second:
            yield first, second


async def hits_recorded(api: Harness, name: str) -> int:
    query = select(func.count()).select_from(limit_hits).where(limit_hits.c.name == name)
    async with (await api.database()).engine.connect() as conn:
        return int((await conn.execute(query)).scalar_one())


async def test_twenty_concurrent_failed_logins_over_two_replicas_record_exactly_the_limit(migrated_url):
    async with replicas(migrated_url, login_failures_per_account=10) as (one, two):
        await one.register("baker@example.com")
        attempts = [(one, two)[n % 2].login("baker@example.com", WRONG) for n in range(20)]
        statuses = sorted(r.status_code for r in await asyncio.gather(*attempts))
        assert statuses == [401] * 10 + [429] * 10
        assert await hits_recorded(one, "login-account") == 10
        for api in (one, two):  # locked on both, even for the right password
            assert_problem(await api.login("baker@example.com"), 429)


async def test_a_success_on_one_replica_clears_the_failures_counted_on_the_other(migrated_url):
    async with replicas(migrated_url, login_failures_per_account=3) as (one, two):
        await one.register("baker@example.com")
        for _ in range(2):
            assert_problem(await one.login("baker@example.com", WRONG), 401)
        assert (await two.login("baker@example.com", PASSWORD)).status_code == 200
        for _ in range(3):
            assert_problem(await two.login("baker@example.com", WRONG), 401)
        assert_problem(await one.login("baker@example.com"), 429)
        assert await hits_recorded(one, "login-address") == 5  # the address's count keeps the failures


async def test_registrations_and_refreshes_are_counted_over_both_replicas(migrated_url):
    async with replicas(migrated_url, auth_rate_limit_per_minute=3, refresh_rate_limit_per_minute=2) as (
        one,
        two,
    ):
        assert (await one.register("a@example.com")).status_code == 201
        assert (await two.register("b@example.com")).status_code == 201
        assert (await one.register("c@example.com")).status_code == 201
        limited = assert_problem(await two.register("d@example.com"), 429)
        assert limited["type"].endswith("rate_limited")

        assert_problem(await one.client.post("/api/auth/refresh"), 401)
        assert_problem(await two.client.post("/api/auth/refresh"), 401)
        assert_problem(await one.client.post("/api/auth/refresh"), 429)


async def test_feedback_on_a_link_is_counted_over_both_replicas(migrated_url):
    async with replicas(migrated_url, feedback_per_address_per_hour=2, feedback_per_link_per_hour=50) as (
        one,
        two,
    ):
        headers, gid = await designed(one)
        url = f"/api/public/shares/{(await share(one, headers, gid))['token']}/feedback"
        # Different answers: the same one again would answer 200 (not stored twice).
        answers = [{"decision": "approved", "name": name} for name in ("Оля", "Аня", "Вера")]
        assert (await one.client.post(url, json=answers[0])).status_code == 201
        assert (await two.client.post(url, json=answers[1])).status_code == 201
        assert_problem(await one.client.post(url, json=answers[2]), 429)


async def test_a_users_event_streams_are_capped_over_both_replicas(migrated_url):
    async with replicas(migrated_url, max_streams_per_user=2) as (one, two):
        slots = await one.container.get(StreamSlots)
        headers = await one.user("baker@example.com", top_up=100)
        user_id = (await one.me(headers))["id"]
        gids = [
            (await one.client.post("/api/generations", json=IDEA, headers=headers)).json()["generation"]["id"]
            for _ in range(3)
        ]
        streams = [
            asyncio.create_task(api.client.get(f"/api/generations/{gid}/events", headers=headers))
            for api, gid in zip((one, two), gids[:2], strict=True)
        ]
        async with asyncio.timeout(WAIT_S):
            while await slots.open_for(user_id) < 2:  # noqa: ASYNC110 - the slots live in the database
                await asyncio.sleep(0.02)

        for api in (one, two):
            refused = assert_problem(
                await api.client.get(f"/api/generations/{gids[2]}/events", headers=headers), 429
            )
            assert refused["type"].endswith("too_many_streams")

        for gid in gids[:2]:  # the streams end with the cancellation and give their slots back
            assert (
                await one.client.post(f"/api/generations/{gid}/cancel", headers=headers)
            ).status_code == 200
        for stream in streams:
            assert '"status":"cancelled"' in (await asyncio.wait_for(stream, WAIT_S)).text
        async with asyncio.timeout(WAIT_S):
            while await slots.open_for(user_id) > 0:  # noqa: ASYNC110
                await asyncio.sleep(0.02)
        assert (
            await two.client.post(f"/api/generations/{gids[2]}/cancel", headers=headers)
        ).status_code == 200
        again = await two.client.get(f"/api/generations/{gids[2]}/events", headers=headers)
        assert again.status_code == 200 and '"status":"cancelled"' in again.text
