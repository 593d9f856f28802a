"""Generation events over PostgreSQL NOTIFY: the worker publishes, the API's SSE endpoint listens.

Payload on channel `tortodelova_events`: JSON {request_id, user_id, status, progress, public_url,
error, preview}. PostgreSQL refuses a NOTIFY payload of 8000 bytes or more: an event whose preview
would not fit goes without it (previews are best effort, the next one may be smaller). Delivery is best effort (a listener that was disconnected misses events), so SSE readers
should re-read the request from the database when `Subscription.get` times out.
"""

from __future__ import annotations

import asyncio
import json
import logging
from types import TracebackType
from typing import Self
from uuid import UUID

from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from tortodelova.adapters.db.notify import EVENTS_CHANNEL, JOBS_CHANNEL, ChannelListener, notify
from tortodelova.application.ports.events import GenerationEvent
from tortodelova.domain.generation import Status

log = logging.getLogger(__name__)

_ERROR_MAX = 2000
NOTIFY_PAYLOAD_MAX = 7999  # bytes: PostgreSQL refuses 8000 and more


def encode_event(event: GenerationEvent) -> str:
    fields = {
        "request_id": str(event.request_id),
        "user_id": str(event.user_id),
        "status": event.status.value,
        "progress": event.progress,
        "public_url": event.public_url,
        "error": event.error[:_ERROR_MAX] if event.error else event.error,
    }
    bare = json.dumps(fields, ensure_ascii=False)
    if event.preview is None:
        return bare
    full = json.dumps({**fields, "preview": event.preview}, ensure_ascii=False)
    return full if len(full.encode()) <= NOTIFY_PAYLOAD_MAX else bare


def decode_event(payload: str) -> GenerationEvent:
    data = json.loads(payload)
    return GenerationEvent(
        request_id=UUID(data["request_id"]),
        user_id=UUID(data["user_id"]),
        status=Status(data["status"]),
        progress=float(data["progress"]),
        public_url=data.get("public_url"),
        error=data.get("error"),
        preview=data.get("preview"),
    )


class PgEventPublisher:
    """EventPublisher: NOTIFY through a short-lived pooled connection, best effort.

    A failed NOTIFY is logged, never raised: the state change it announces is already committed,
    and workers and SSE readers fall back to polling the database.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def publish(self, event: GenerationEvent) -> None:
        await self._notify(EVENTS_CHANNEL, encode_event(event))

    async def job_submitted(self) -> None:
        await self._notify(JOBS_CHANNEL)

    async def _notify(self, channel: str, payload: str = "") -> None:
        try:
            async with self._engine.connect() as conn:
                await notify(conn, channel, payload)
                await conn.commit()
        except (SQLAlchemyError, OSError) as exc:
            log.warning("NOTIFY %s failed: %s", channel, exc)


class Subscription:
    """Events for one request (or all, with request_id None), from `PgEventListener.subscribe`;
    an AsyncIterator, as the EventStream port wants.

    `async with listener.subscribe(rid) as sub:` then `await sub.get(timeout)` (None on timeout)
    or `async for event in sub`. The buffer is bounded: when a slow reader lets it fill, the
    oldest events are dropped (progress events supersede each other).
    """

    def __init__(self, listener: PgEventListener, request_id: UUID | None, maxsize: int) -> None:
        self._listener, self.request_id = listener, request_id
        self._queue: asyncio.Queue[GenerationEvent] = asyncio.Queue(maxsize)

    async def __aenter__(self) -> Self:
        self._listener._add(self)
        await self._listener.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._listener._remove(self)

    async def get(self, timeout: float | None = None) -> GenerationEvent | None:  # noqa: ASYNC109
        await self._listener.start()  # reconnects after a dropped connection
        try:
            return await asyncio.wait_for(self._queue.get(), timeout)
        except TimeoutError:
            return None

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> GenerationEvent:
        while True:  # never ends by itself: the reader stops at a terminal status or leaves the block
            event = await self.get(timeout=30.0)  # wake now and then to retry a lost LISTEN connection
            if event is not None:
                return event

    def _put(self, event: GenerationEvent) -> None:
        if self._queue.full():
            self._queue.get_nowait()
        self._queue.put_nowait(event)


class PgEventListener:
    """Fans events out from one LISTEN connection to any number of subscriptions (one process)."""

    def __init__(self, database_url: str | URL, *, buffer: int = 256, retry_interval: float = 5.0) -> None:
        self._subs: dict[UUID | None, set[Subscription]] = {}
        self._buffer = buffer
        self._listener = ChannelListener(
            database_url, EVENTS_CHANNEL, self._dispatch, retry_interval=retry_interval
        )

    @property
    def listening(self) -> bool:
        return self._listener.connected

    async def start(self) -> bool:
        """Connect and LISTEN (also done by the first subscription); False while the database is unreachable."""
        return await self._listener.ensure()

    def subscribe(self, request_id: UUID | None = None) -> Subscription:
        return Subscription(self, request_id, self._buffer)

    async def aclose(self) -> None:
        await self._listener.close()

    def _add(self, sub: Subscription) -> None:
        self._subs.setdefault(sub.request_id, set()).add(sub)

    def _remove(self, sub: Subscription) -> None:
        subs = self._subs.get(sub.request_id)
        if subs is not None:
            subs.discard(sub)
            if not subs:
                del self._subs[sub.request_id]

    def _dispatch(self, payload: str) -> None:
        try:
            event = decode_event(payload)
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("ignoring a malformed event %r: %s", payload[:200], exc)
            return
        for key in (event.request_id, None):
            for sub in self._subs.get(key, ()):
                sub._put(event)
