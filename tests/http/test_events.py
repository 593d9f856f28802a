"""GET /api/generations/{id}/events: current state, progress, the terminal event, then the end."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any
from uuid import UUID, uuid4

import pytest

from tests.http.harness import Harness, harness
from tests.support.fake_ml import SolidColorGenerator
from tortodelova.adapters.memory.events import MemoryEvents
from tortodelova.application.ports.events import GenerationEvent
from tortodelova.application.ports.ml import ImageJob, ProgressCallback
from tortodelova.application.results import GenerationView
from tortodelova.application.use_cases.generations.get_generation import GetGeneration
from tortodelova.domain.failures import Failure
from tortodelova.entrypoints.http.streaming.sse import StreamTimings, generation_events

IDEA = {"prompt_ru": "розовый торт с ягодами", "style": "kids"}
WAIT_S = 10  # upper bound for conditions that normally hold within milliseconds


class GatedGenerator(SolidColorGenerator):
    """Reports 40 % progress, then waits for the test before finishing the image."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = threading.Event()

    def generate(
        self, jobs: Sequence[ImageJob], on_progress: ProgressCallback | None = None, on_preview=None
    ) -> list[bytes]:  # noqa: ANN001
        if on_progress:
            on_progress(10, 25)
        assert self.gate.wait(WAIT_S)
        return super().generate(jobs, None)


async def until(condition: Callable[[], bool]) -> None:
    async with asyncio.timeout(WAIT_S):
        while not condition():  # noqa: ASYNC110 - the conditions belong to code that signals nothing
            await asyncio.sleep(0.01)


def data_events(body: str) -> list[dict[str, Any]]:
    return [json.loads(line[len("data: ") :]) for line in body.splitlines() if line.startswith("data: ")]


async def submit(api: Harness) -> tuple[dict[str, str], str]:
    headers = await api.user(f"{uuid4().hex[:8]}@example.com")
    generation = (await api.client.post("/api/generations", json=IDEA, headers=headers)).json()["generation"]
    return headers, generation["id"]


async def test_stream_relays_progress_and_closes_after_success(api: Harness):
    headers, gid = await submit(api)
    events = await api.container.get(MemoryEvents)
    stream = asyncio.create_task(api.client.get(f"/api/generations/{gid}/events", headers=headers))
    await until(lambda: bool(events.subscribers))

    generator = GatedGenerator()
    worker = asyncio.create_task(api.run_worker(generator=generator))
    await until(lambda: any(e.request_id == UUID(gid) and e.progress > 0 for e in events.published))
    generator.gate.set()
    await worker
    response = await asyncio.wait_for(stream, WAIT_S)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    received = data_events(response.text)
    assert received[0] == {
        "status": "pending",
        "progress": 0.0,
        "queue_position": 0,
        "public_url": None,
        "error": None,
        "preview": None,
    }
    assert {
        "status": "processing",
        "progress": 0.4,
        "queue_position": 0,
        "public_url": None,
        "error": None,
        "preview": None,
    } in received
    final = received[-1]
    assert (
        final["status"] == "success"
        and final["progress"] == 1.0
        and final["public_url"].endswith(f"{gid}.png")
    )
    assert [e["status"] for e in received].count("success") == 1
    assert not events.subscribers  # the subscription was closed with the stream


PREVIEWS = ("data:image/jpeg;base64,AAAA", "data:image/jpeg;base64,BBBB")


class PreviewingGenerator(SolidColorGenerator):
    """Reports two previews with progress, each time waiting until the test saw it on the stream."""

    def __init__(self) -> None:
        super().__init__()
        self.next = [threading.Event(), threading.Event()]

    def generate(self, jobs, on_progress=None, on_preview=None):  # noqa: ANN001, ANN201
        for step, (uri, gate) in enumerate(zip(PREVIEWS, self.next, strict=True), start=1):
            on_preview(0, uri)
            on_progress(step * 4, 12)
            assert gate.wait(WAIT_S)
        return super().generate(jobs)


async def test_stream_sends_the_latest_preview_and_keeps_it_while_processing(api: Harness):
    headers, gid = await submit(api)
    events = await api.container.get(MemoryEvents)
    stream = asyncio.create_task(api.client.get(f"/api/generations/{gid}/events", headers=headers))
    await until(lambda: bool(events.subscribers))
    generator = PreviewingGenerator()
    worker = asyncio.create_task(api.run_worker(generator=generator))
    for uri, gate in zip(PREVIEWS, generator.next, strict=True):
        await until(lambda uri=uri: any(e.preview == uri for e in events.published))
        gate.set()
    await worker
    received = data_events((await asyncio.wait_for(stream, WAIT_S)).text)

    processing = [e for e in received if e["status"] == "processing"]
    assert [e["preview"] for e in processing if e["preview"]][-1] == PREVIEWS[1]
    assert PREVIEWS[0] in [e["preview"] for e in processing]
    # The worker publishes each preview once; the stream keeps showing the latest until the end.
    assert [e.preview for e in events.published if e.preview] == list(PREVIEWS)
    seen_first = next(i for i, e in enumerate(processing) if e["preview"])
    assert all(e["preview"] for e in processing[seen_first:])
    assert received[-1]["status"] == "success" and received[-1]["preview"] is None


async def test_stream_of_a_finished_generation_is_one_event():
    async with harness() as api:
        headers, gid = await submit(api)
        await api.run_worker()
        response = await api.client.get(f"/api/generations/{gid}/events", headers=headers)
        received = data_events(response.text)
        assert len(received) == 1 and received[0]["status"] == "success"


async def test_a_lost_notification_is_caught_by_rereading():
    async with harness(stream_timings=StreamTimings(reread_s=0.05, keepalive_s=15)) as api:
        headers, gid = await submit(api)
        events = await api.container.get(MemoryEvents)
        stream = asyncio.create_task(api.client.get(f"/api/generations/{gid}/events", headers=headers))
        await until(lambda: bool(events.subscribers))
        await api.run_worker(publisher=MemoryEvents())  # its events never reach the API
        response = await asyncio.wait_for(stream, WAIT_S)
        received = data_events(response.text)
        assert received[0]["status"] == "pending" and received[-1]["status"] == "success"


async def test_a_failed_generation_ends_the_stream_with_its_error(api: Harness):
    headers, gid = await submit(api)
    events = await api.container.get(MemoryEvents)
    stream = asyncio.create_task(api.client.get(f"/api/generations/{gid}/events", headers=headers))
    await until(lambda: bool(events.subscribers))
    await api.run_worker(generator=SolidColorGenerator(fail_with=ValueError("модель сломалась")))
    received = data_events((await asyncio.wait_for(stream, WAIT_S)).text)
    assert received[-1]["status"] == "failed" and received[-1]["error"] == Failure.MODEL_ERROR.message
    assert (await api.client.get("/api/balance", headers=headers)).json()["reserved_credits"] == 0


class SilentStream:
    """An EventStream whose subscription never delivers anything."""

    def __init__(self) -> None:
        self.open = 0

    @asynccontextmanager
    async def subscribe(self, request_id: UUID) -> AsyncIterator[AsyncIterator[GenerationEvent]]:
        self.open += 1

        async def nothing() -> AsyncIterator[GenerationEvent]:
            await asyncio.Event().wait()
            yield  # type: ignore[misc]

        try:
            yield nothing()
        finally:
            self.open -= 1


async def test_quiet_streams_get_keepalive_comments_and_clean_up():
    async with harness() as api:
        headers, gid = await submit(api)
        async with api.container() as request:
            get_generation = await request.get(GetGeneration)
            user_id = UUID((await api.me(headers))["id"])

            async def read() -> GenerationView:
                return await get_generation(user_id, UUID(gid))

            source = SilentStream()
            stream = generation_events(
                UUID(gid), read, source, StreamTimings(reread_s=3600, keepalive_s=0.01)
            )
            first = await anext(stream)
            assert json.loads(first.data)["status"] == "pending"
            second = await anext(stream)
            assert second.data is None and second.comment == "keep-alive"
            assert second.encode() == b": keep-alive\r\n\r\n"
            await stream.aclose()
            assert source.open == 0


class BrokenStream(SilentStream):
    """A listener that fails at once (its connection dropped): the stream must go on by polling."""

    @asynccontextmanager
    async def subscribe(self, request_id: UUID) -> AsyncIterator[AsyncIterator[GenerationEvent]]:
        async def failing() -> AsyncIterator[GenerationEvent]:
            raise ConnectionError("listener lost")
            yield  # type: ignore[unreachable]

        yield failing()


async def test_a_broken_listener_falls_back_to_polling():
    async with harness() as api:
        headers, gid = await submit(api)
        user_id = UUID((await api.me(headers))["id"])
        async with api.container() as request:
            get_generation = await request.get(GetGeneration)

            async def read() -> GenerationView:
                return await get_generation(user_id, UUID(gid))

            stream = generation_events(UUID(gid), read, BrokenStream(), StreamTimings(0.01, 3600))
            assert json.loads((await anext(stream)).data)["status"] == "pending"
            await api.run_worker()
            final = json.loads((await asyncio.wait_for(anext(stream), WAIT_S)).data)
            assert final["status"] == "success"
            with pytest.raises(StopAsyncIteration):
                await anext(stream)


@pytest.mark.parametrize("ending", ["logout", "deactivation"])
async def test_a_stream_closes_when_its_session_ends(ending: str):
    async with harness(stream_timings=StreamTimings(reread_s=0.05, keepalive_s=15)) as api:
        headers, gid = await submit(api)  # queued: nothing will end this stream but the session
        events = await api.container.get(MemoryEvents)
        stream = asyncio.create_task(api.client.get(f"/api/generations/{gid}/events", headers=headers))
        await until(lambda: bool(events.subscribers))
        if ending == "logout":
            assert (await api.client.post("/api/auth/logout")).status_code == 204
        else:
            await api.set_active((await api.me(headers))["id"], False)
        response = await asyncio.wait_for(stream, WAIT_S)
        assert response.status_code == 200
        assert [e["status"] for e in data_events(response.text)] == ["pending"]
        assert not events.subscribers
