"""Server-Sent Events for one generation: the current state, then every change, until it ends.

The subscription opens before the state is read, so an event published in between is not lost.
Published events are best effort (a NOTIFY can be missed), so the state is also re-read every few
seconds; keep-alive comments stop proxies from closing a quiet stream. The caller's session is
re-checked as often (`authorised`): after logout, revocation or deactivation the stream closes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import msgspec
from litestar.response import ServerSentEventMessage

from tortodelova.application.ports.events import EventStream, GenerationEvent
from tortodelova.application.results import GenerationView
from tortodelova.domain.generation import Status
from tortodelova.entrypoints.http.schemas.generations import GenerationEventOut, event_out_from_view

log = logging.getLogger(__name__)


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


async def generation_events(
    request_id: UUID,
    read: Callable[[], Awaitable[GenerationView]],
    events: EventStream,
    timings: StreamTimings,
    authorised: Callable[[], Awaitable[bool]] | None = None,
) -> AsyncIterator[ServerSentEventMessage]:
    loop = asyncio.get_running_loop()

    async def current() -> GenerationEventOut:
        return event_out_from_view(await read())

    async def from_event(event: GenerationEvent) -> GenerationEventOut:
        if event.status is Status.PENDING:  # back in the queue: its position needs the database
            return await current()
        return GenerationEventOut(
            event.status.value, event.progress, 0, event.public_url, event.error, event.preview
        )

    async with events.subscribe(request_id) as incoming:
        last = await current()
        yield _message(last)
        if _terminal(last):
            return
        source: AsyncIterator[GenerationEvent] | None = aiter(incoming)
        waiting: asyncio.Future[GenerationEvent] | None = None
        last_sent = last_read = last_check = loop.time()
        try:
            while True:
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
                payload: GenerationEventOut | None = None
                if waiting is not None and waiting.done():
                    done, waiting = waiting, None
                    event: GenerationEvent | None = None
                    try:
                        event = done.result()
                    except StopAsyncIteration:
                        source = None  # the event source ended: polling alone from here on
                    except Exception:  # noqa: BLE001 - a broken listener must not end the stream
                        log.warning("event stream for %s failed; polling instead", request_id, exc_info=True)
                        source = None
                    if event is not None:
                        payload = await from_event(event)
                elif loop.time() >= last_read + timings.reread_s:
                    payload, last_read = await current(), loop.time()
                if payload is not None:
                    payload = _keep_preview(payload, last)
                if payload is not None and payload != last:
                    yield _message(payload)
                    last, last_sent = payload, loop.time()
                    if _terminal(payload):
                        return
                elif loop.time() >= last_sent + timings.keepalive_s:
                    yield keepalive()
                    last_sent = loop.time()
        finally:
            await cancel_quietly(waiting)
