"""Server-Sent Events: the one loop every stream runs (`relay`), and the stream of one generation.

`relay` waits for the subscription's next event, re-checks the caller's session every `reread_s`
(`authorised`: after logout, revocation or deactivation the stream closes) and sends keep-alive
comments so proxies do not close a quiet stream. What the events become is the `Feed`'s business.

A generation's stream (`generation_events`): the current state, then every change, until it ends.
The subscription opens before the state is read, so an event published in between is not lost.
Published events are best effort (a NOTIFY can be missed), so the state is also re-read every
`reread_s`, and a broken listener leaves the stream polling. A feed with nothing to re-read (the
user's stream, user_sse.py) closes instead when its listener breaks; the client reconnects.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from uuid import UUID

import msgspec
from litestar.response import ServerSentEventMessage

from tortodelova.application.ports.events import EventStream, GenerationEvent
from tortodelova.application.results import GenerationView
from tortodelova.domain.generation import Status
from tortodelova.entrypoints.http.schemas.generations import GenerationEventOut, event_out_from_view

log = logging.getLogger(__name__)
E = TypeVar("E")


@dataclass(frozen=True, slots=True)
class StreamTimings:
    reread_s: float = 3.0  # fallback poll of the stored state
    keepalive_s: float = 15.0  # comment line when nothing else was sent


def _message(payload: GenerationEventOut) -> ServerSentEventMessage:
    return ServerSentEventMessage(data=msgspec.json.encode(payload).decode())


def keepalive() -> ServerSentEventMessage:
    """A comment line that keeps proxies from closing a quiet stream."""
    return ServerSentEventMessage(comment="keep-alive", data=None)


async def cancel_quietly(waiting: asyncio.Future[Any] | None) -> None:
    """Stop a pending read of the event source as the stream ends, whatever state it is in."""
    if waiting is not None:
        waiting.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await waiting


def _terminal(payload: GenerationEventOut) -> bool:
    return Status(payload.status).is_terminal


def _keep_preview(read: GenerationEventOut, last: GenerationEventOut) -> GenerationEventOut:
    """The stored state has no preview (it lives in events only), and an event may have lost its
    preview on the way (too big for NOTIFY): while still processing the last one stays, so the
    picture does not flicker away."""
    if read.status == Status.PROCESSING.value and read.preview is None and last.preview is not None:
        return msgspec.structs.replace(read, preview=last.preview)
    return read


class Feed(Generic[E]):
    """What one stream sends: the messages its events (and re-reads) become, and when it is done."""

    polls = False  # can re-read its state: a broken listener leaves it polling instead of closing
    finished = False  # said all there is: the stream closes
    subject = "event stream"  # what the log calls it

    async def on_event(self, event: E) -> ServerSentEventMessage | None:
        """The message an event becomes; None: nothing to send."""
        raise NotImplementedError

    async def reread(self) -> ServerSentEventMessage | None:
        """The stored state when it changed (a missed event), every `reread_s` of a feed that polls."""
        return None


async def relay(
    incoming: AsyncIterator[E],
    feed: Feed[E],
    timings: StreamTimings,
    authorised: Callable[[], Awaitable[bool]] | None = None,
) -> AsyncGenerator[ServerSentEventMessage, None]:
    """Relays `incoming` through `feed` until the feed is finished or the session ends (the caller
    sends the first message and holds the subscription)."""
    loop = asyncio.get_running_loop()
    source: AsyncIterator[E] | None = incoming
    waiting: asyncio.Future[E] | None = None
    last_sent = last_read = last_check = loop.time()
    try:
        while not feed.finished:
            if authorised is not None and loop.time() >= last_check + timings.reread_s:
                if not await authorised():
                    return  # the session ended: close instead of streaming to a logged-out caller
                last_check = loop.time()
            if waiting is None and source is not None:
                waiting = asyncio.ensure_future(anext(source))
            deadline = min(last_read + timings.reread_s, last_sent + timings.keepalive_s)
            timeout = max(0.0, deadline - loop.time())
            if waiting is not None:
                await asyncio.wait({waiting}, timeout=timeout)
            else:
                await asyncio.sleep(timeout)
            message: ServerSentEventMessage | None = None
            if waiting is not None and waiting.done():
                done, waiting = waiting, None
                try:
                    event = done.result()
                except StopAsyncIteration:
                    source = None  # the event source ended
                except Exception:  # noqa: BLE001 - a broken listener must not break the response
                    then = "polling instead" if feed.polls else "closing: the client reconnects"
                    log.warning("%s failed; %s", feed.subject, then, exc_info=True)
                    source = None
                else:
                    message = await feed.on_event(event)
                if source is None and not feed.polls:
                    return
            elif loop.time() >= last_read + timings.reread_s:
                message, last_read = await feed.reread(), loop.time()
            if message is not None:
                yield message
                last_sent = loop.time()
            elif loop.time() >= last_sent + timings.keepalive_s:
                yield keepalive()
                last_sent = loop.time()
    finally:
        await cancel_quietly(waiting)


class _GenerationFeed(Feed[GenerationEvent]):
    """Sends each change of the request's state once, until a terminal status."""

    polls = True

    def __init__(
        self, request_id: UUID, read: Callable[[], Awaitable[GenerationView]], last: GenerationEventOut
    ) -> None:
        self.read, self.last = read, last
        self.finished = _terminal(last)
        self.subject = f"event stream for {request_id}"

    async def on_event(self, event: GenerationEvent) -> ServerSentEventMessage | None:
        if event.status is Status.PENDING:  # back in the queue: its position needs the database
            return await self.reread()
        out = GenerationEventOut(
            event.status.value, event.progress, 0, event.public_url, event.error, event.preview
        )
        return self._changed(out)

    async def reread(self) -> ServerSentEventMessage | None:
        return self._changed(event_out_from_view(await self.read()))

    def _changed(self, payload: GenerationEventOut) -> ServerSentEventMessage | None:
        payload = _keep_preview(payload, self.last)
        if payload == self.last:
            return None
        self.last, self.finished = payload, _terminal(payload)
        return _message(payload)


async def generation_events(
    request_id: UUID,
    read: Callable[[], Awaitable[GenerationView]],
    events: EventStream,
    timings: StreamTimings,
    authorised: Callable[[], Awaitable[bool]] | None = None,
) -> AsyncIterator[ServerSentEventMessage]:
    async with events.subscribe(request_id) as incoming:
        feed = _GenerationFeed(request_id, read, event_out_from_view(await read()))
        yield _message(feed.last)
        async with contextlib.aclosing(relay(aiter(incoming), feed, timings, authorised)) as messages:
            async for message in messages:
                yield message
