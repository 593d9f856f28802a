"""Server-Sent Events for the signed-in user: answers from clients on share links, as they come.

Unlike a generation's stream it has no end and no state to re-read: it relays what is published
(best effort; the gallery's next read shows anything missed), sends keep-alive comments, and
closes once the caller's session ends (checked every `reread_s`).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from uuid import UUID

import msgspec
from litestar.response import ServerSentEventMessage

from tortodelova.application.ports.user_events import UserEvent, UserEventStream
from tortodelova.entrypoints.http.schemas.shares import FeedbackEventOut, feedback_out
from tortodelova.entrypoints.http.streaming.sse import StreamTimings, cancel_quietly, keepalive


def _message(event: UserEvent) -> ServerSentEventMessage:
    payload = FeedbackEventOut("feedback", event.feedback.generation_id, feedback_out(event.feedback))
    return ServerSentEventMessage(data=msgspec.json.encode(payload).decode(), event=None)


async def user_events(
    user_id: UUID,
    events: UserEventStream,
    timings: StreamTimings,
    authorised: Callable[[], Awaitable[bool]],
) -> AsyncIterator[ServerSentEventMessage]:
    async with events.subscribe(user_id) as incoming:
        yield ServerSentEventMessage(comment="connected", data=None)  # the stream is open: headers go out
        source = aiter(incoming)
        waiting: asyncio.Future[UserEvent] | None = None
        loop = asyncio.get_running_loop()
        last_sent = last_check = loop.time()
        try:
            while True:
                if waiting is None:
                    waiting = asyncio.ensure_future(anext(source))
                deadline = min(last_check + timings.reread_s, last_sent + timings.keepalive_s)
                await asyncio.wait({waiting}, timeout=max(0.0, deadline - loop.time()))
                if waiting.done():
                    done, waiting = waiting, None
                    yield _message(done.result())
                    last_sent = loop.time()
                if loop.time() >= last_check + timings.reread_s:
                    if not await authorised():
                        return
                    last_check = loop.time()
                if loop.time() >= last_sent + timings.keepalive_s:
                    yield keepalive()
                    last_sent = loop.time()
        finally:
            await cancel_quietly(waiting)
