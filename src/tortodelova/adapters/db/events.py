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
from collections.abc import Callable
from types import TracebackType
from typing import Generic, Self, TypeVar
from uuid import UUID

from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from tortodelova.adapters.db.notify import EVENTS_CHANNEL, JOBS_CHANNEL, ChannelListener, notify
from tortodelova.application.ports.events import GenerationEvent
from tortodelova.domain.generation import Status

log = logging.getLogger(__name__)

E = TypeVar("E")

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
    if event.preview is not None:
        full = json.dumps({**fields, "preview": event.preview}, ensure_ascii=False)
        if len(full.encode()) <= NOTIFY_PAYLOAD_MAX:
            return full
    return json.dumps(fields, ensure_ascii=False)  # a preview that does not fit is dropped


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
        await self.notify(EVENTS_CHANNEL, encode_event(event))

    async def job_submitted(self) -> None:
        await self.notify(JOBS_CHANNEL)

    async def notify(self, channel: str, payload: str = "") -> None:
        try:
            async with self._engine.connect() as conn:
                await notify(conn, channel, payload)
                await conn.commit()
        except (SQLAlchemyError, OSError) as exc:
            log.warning("NOTIFY %s failed: %s", channel, exc)


class Subscription(Generic[E]):
    """Events for one key (a request id, a user id; or all, with key None), from
    `PgEventListener.subscribe`; an AsyncIterator, as the EventStream ports want.

    `async with listener.subscribe(key) as sub:` then `await sub.get(timeout)` (None on timeout)
    or `async for event in sub`. The buffer is bounded: when a slow reader lets it fill, the
    oldest events are dropped (progress events supersede each other).
    """

    def __init__(self, listener: PgEventListener[E], key: UUID | None, maxsize: int) -> None:
        self._listener, self.key = listener, key
        self._queue: asyncio.Queue[E] = asyncio.Queue(maxsize)

    async def __aenter__(self) -> Self:
        self._listener._add(self)
        await self._listener.start()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._listener._remove(self)

    async def get(self, timeout: float | None = None) -> E | None:  # noqa: ASYNC109
        await self._listener.start()  # reconnects after a dropped connection
        try:
            return await asyncio.wait_for(self._queue.get(), timeout)
        except TimeoutError:
            return None

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> E:
        while True:  # never ends by itself: the reader stops at a terminal status or leaves the block
            event = await self.get(timeout=30.0)  # wake now and then to retry a lost LISTEN connection
            if event is not None:
                return event

    def _put(self, event: E) -> None:
        if self._queue.full():
            self._queue.get_nowait()
        self._queue.put_nowait(event)


def _generation_keys(event: GenerationEvent) -> tuple[UUID | None, ...]:
    return (event.request_id, None)


class PgEventListener(Generic[E]):
    """Fans events out from one LISTEN connection to any number of subscriptions (one process).

    By default the generation events on `tortodelova_events`, keyed by request; `channel`,
    `decode` and `keys` (the subscription keys an event reaches) serve other kinds."""

    def __init__(
        self,
        database_url: str | URL,
        *,
        buffer: int = 256,
        retry_interval: float = 5.0,
        channel: str = EVENTS_CHANNEL,
        decode: Callable[[str], E] = decode_event,  # type: ignore[assignment]
        keys: Callable[[E], tuple[UUID | None, ...]] = _generation_keys,  # type: ignore[assignment]
    ) -> None:
        self._subs: dict[UUID | None, set[Subscription[E]]] = {}
        self._buffer = buffer
        self._decode, self._keys = decode, keys
        self._listener = ChannelListener(database_url, channel, self._dispatch, retry_interval=retry_interval)

    @property
    def listening(self) -> bool:
        return self._listener.connected

    async def start(self) -> bool:
        """Connect and LISTEN (also done by the first subscription); False while the database is unreachable."""
        return await self._listener.ensure()

    def subscribe(self, key: UUID | None = None) -> Subscription[E]:
        return Subscription(self, key, self._buffer)

    async def aclose(self) -> None:
        await self._listener.close()

    def _add(self, sub: Subscription[E]) -> None:
        self._subs.setdefault(sub.key, set()).add(sub)

    def _remove(self, sub: Subscription[E]) -> None:
        subs = self._subs.get(sub.key)
        if subs is not None:
            subs.discard(sub)
            if not subs:
                del self._subs[sub.key]

    def _dispatch(self, payload: str) -> None:
        try:
            event = self._decode(payload)
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("ignoring a malformed event %r: %s", payload[:200], exc)
            return
        for key in self._keys(event):
            for sub in self._subs.get(key, ()):
                sub._put(event)
