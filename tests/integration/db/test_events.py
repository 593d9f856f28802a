"""Generation events through NOTIFY: publisher -> one LISTEN connection -> subscriptions."""

from __future__ import annotations

import asyncio
import uuid

from tortodelova.adapters.db.database import Database
from tortodelova.adapters.db.events import NOTIFY_PAYLOAD_MAX, decode_event, encode_event
from tortodelova.application.ports.events import GenerationEvent
from tortodelova.domain.generation import Status


async def test_subscribers_get_the_events_of_their_request(db: Database) -> None:
    mine, other = uuid.uuid4(), uuid.uuid4()
    user = uuid.uuid4()
    listener = db.event_listener()
    publisher = db.event_publisher()
    try:
        async with listener.subscribe(mine) as sub, listener.subscribe() as everything:
            assert listener.listening
            await publisher.publish(GenerationEvent(other, user, Status.PROCESSING, 0.3))
            await publisher.publish(GenerationEvent(mine, user, Status.PROCESSING, 0.5))
            done = GenerationEvent(
                mine, user, Status.SUCCESS, 1.0, public_url="http://s3/tortodelova/designs/x.png"
            )
            await publisher.publish(done)

            got = [await sub.get(10), await sub.get(10)]
            assert got == [GenerationEvent(mine, user, Status.PROCESSING, 0.5), done]
            seen = [await everything.get(10) for _ in range(3)]
            assert [e.request_id for e in seen if e] == [other, mine, mine]
            assert await sub.get(0.05) is None  # nothing else for this request
    finally:
        await listener.aclose()
    assert listener._subs == {}


async def test_async_iteration_and_failed_event_with_a_russian_error(db: Database) -> None:
    rid, user = uuid.uuid4(), uuid.uuid4()
    listener = db.event_listener()
    try:
        async with listener.subscribe(rid) as sub:
            failed = GenerationEvent(
                rid, user, Status.FAILED, 0.2, error="Не удалось создать изображение: " + "x" * 5000
            )
            await db.event_publisher().publish(failed)
            event = await asyncio.wait_for(anext(aiter(sub)), 10)
    finally:
        await listener.aclose()
    assert event.status is Status.FAILED and event.error is not None
    assert event.error.startswith("Не удалось") and len(event.error) == 2000  # kept under NOTIFY's 8000 bytes


def test_event_payload_round_trip() -> None:
    event = GenerationEvent(uuid.uuid4(), uuid.uuid4(), Status.SUCCESS, 1.0, public_url="http://x/y.png")
    assert decode_event(encode_event(event)) == event


async def test_a_preview_travels_by_notify_unless_it_would_not_fit(db: Database) -> None:
    rid, user = uuid.uuid4(), uuid.uuid4()
    small = GenerationEvent(rid, user, Status.PROCESSING, 0.3, preview="data:image/jpeg;base64," + "A" * 5000)
    big = GenerationEvent(rid, user, Status.PROCESSING, 0.6, preview="data:image/jpeg;base64," + "B" * 7900)
    assert len(encode_event(small).encode()) <= NOTIFY_PAYLOAD_MAX
    assert decode_event(encode_event(big)) == GenerationEvent(rid, user, Status.PROCESSING, 0.6)
    listener = db.event_listener()
    try:
        async with listener.subscribe(rid) as sub:
            await db.event_publisher().publish(small)
            await db.event_publisher().publish(big)  # PostgreSQL would refuse it with the preview
            got = [await sub.get(10), await sub.get(10)]
    finally:
        await listener.aclose()
    assert got == [small, GenerationEvent(rid, user, Status.PROCESSING, 0.6)]


async def test_closing_a_listener_while_it_connects_leaves_no_connection(db: Database) -> None:
    from sqlalchemy import text

    async def listen_connections() -> int:
        async with db.engine.connect() as conn:
            return await conn.scalar(
                text("SELECT count(*) FROM pg_stat_activity WHERE application_name = :name"),
                {"name": "tortodelova-listen-tortodelova_events"},
            )

    before = await listen_connections()
    listener = db.event_listener()
    connecting = asyncio.create_task(listener.start())
    await asyncio.sleep(0)  # the task is inside asyncpg.connect now
    await listener.aclose()
    assert await connecting is False and not listener.listening
    assert await listen_connections() == before
