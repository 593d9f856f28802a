"""Per-user caps over HTTP: active generations (and open event streams)."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import replace

import pytest

from tests.http.harness import SETTINGS, assert_problem, harness
from tests.http.test_events import WAIT_S, data_events, until
from tortodelova.adapters.memory.events import MemoryEvents
from tortodelova.adapters.memory.repositories import MemoryGenerations
from tortodelova.entrypoints.http.streaming.sse import StreamTimings

IDEA = {"prompt_ru": "розовый торт с ягодами", "style": "kids"}


async def test_the_active_cap_is_429_in_russian_and_cancelling_frees_a_slot():
    async with harness(replace(SETTINGS, max_active_generations=2)) as api:
        headers = await api.user("baker@example.com", top_up=100)
        first, _ = [
            (await api.client.post("/api/generations", json=IDEA, headers=headers)).json()["generation"]
            for _ in range(2)
        ]
        refused = await api.client.post("/api/generations", json=IDEA, headers=headers)
        body = assert_problem(refused, 429)
        assert refused.headers["retry-after"] == "10"
        assert body["type"].endswith("too_many_active_generations") and "максимум" in body["detail"]
        assert (await api.me(headers))["reserved_credits"] == 2 * first["credits_reserved"]

        assert (
            await api.client.post(f"/api/generations/{first['id']}/cancel", headers=headers)
        ).status_code == 200
        assert (await api.client.post("/api/generations", json=IDEA, headers=headers)).status_code == 202


async def test_event_streams_per_user_are_capped_with_a_russian_429():
    async with harness(replace(SETTINGS, max_streams_per_user=2)) as api:
        events = await api.container.get(MemoryEvents)
        headers = await api.user("baker@example.com", top_up=100)
        gids = [
            (await api.client.post("/api/generations", json=IDEA, headers=headers)).json()["generation"]["id"]
            for _ in range(3)
        ]
        streams = [
            asyncio.create_task(api.client.get(f"/api/generations/{gid}/events", headers=headers))
            for gid in gids[:2]
        ]
        await until(lambda: len(events.subscribers) == 2)

        refused = await api.client.get(f"/api/generations/{gids[2]}/events", headers=headers)
        body = assert_problem(refused, 429)
        assert refused.headers["retry-after"] == "10"
        assert body["type"].endswith("too_many_streams") and "потоков" in body["detail"]
        other = await api.user("other@example.com")
        other_gid = (await api.client.post("/api/generations", json=IDEA, headers=other)).json()[
            "generation"
        ]["id"]
        assert (
            await api.client.post(f"/api/generations/{other_gid}/cancel", headers=other)
        ).status_code == 200
        assert (
            await api.client.get(f"/api/generations/{other_gid}/events", headers=other)
        ).status_code == 200

        await api.run_worker()  # the two streams end with success and give their slots back
        for stream in streams:
            assert (await asyncio.wait_for(stream, WAIT_S)).status_code == 200
        again = await api.client.get(f"/api/generations/{gids[2]}/events", headers=headers)
        assert again.status_code == 200 and '"status":"success"' in again.text


async def test_streams_take_queue_positions_from_one_shared_snapshot(monkeypatch: pytest.MonkeyPatch):
    calls = Counter()
    original = MemoryGenerations.queue_snapshot

    def counted(self, ids=None):  # noqa: ANN001, ANN202
        calls["of_one" if ids is not None else "shared"] += 1  # GET's view, or a stream's shared snapshot
        return original(self, ids)

    monkeypatch.setattr(MemoryGenerations, "queue_snapshot", counted)
    settings = replace(SETTINGS, queue_snapshot_seconds=0.2, max_streams_per_user=10)
    async with harness(settings, stream_timings=StreamTimings(reread_s=0.01, keepalive_s=15)) as api:
        events = await api.container.get(MemoryEvents)
        headers = await api.user("baker@example.com", top_up=100)
        gids = []
        for _ in range(4):
            gids.append(
                (await api.client.post("/api/generations", json=IDEA, headers=headers)).json()["generation"][
                    "id"
                ]
            )
        calls.clear()
        streams = [
            asyncio.create_task(api.client.get(f"/api/generations/{gid}/events", headers=headers))
            for gid in gids
        ]
        await until(lambda: len(events.subscribers) == 4)
        assert calls["of_one"] == 4  # each stream's first state (GET semantics), nothing after
        await asyncio.sleep(0.5)  # ~50 re-reads per stream
        assert calls["of_one"] == 4
        assert 1 <= calls["shared"] <= 5  # one load per 0.2 s, shared by the four streams

        # The first job is cancelled: the last one moves up once the snapshot reloads.
        assert (
            await api.client.post(f"/api/generations/{gids[0]}/cancel", headers=headers)
        ).status_code == 200
        await api.run_worker()
        received = [data_events((await asyncio.wait_for(s, WAIT_S)).text) for s in streams]
        assert received[0][-1]["status"] == "cancelled"
        assert [e["queue_position"] for e in received[3]][0] == 3
        assert all(r[-1]["status"] == "success" for r in received[1:])
