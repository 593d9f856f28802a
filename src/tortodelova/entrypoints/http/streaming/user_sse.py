"""Server-Sent Events for the signed-in user: answers from clients on share links, as they come.

Unlike a generation's stream it has no end and no state to re-read: it relays what is published
(best effort; the gallery's next read shows anything missed) through sse.py's loop, with its
keep-alive comments, and closes once the caller's session ends (checked every `reread_s`) or its
listener breaks (the client reconnects and subscribes afresh).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from uuid import UUID

import msgspec
from litestar.response import ServerSentEventMessage

from tortodelova.application.ports.user_events import UserEvent, UserEventStream
from tortodelova.entrypoints.http.schemas.shares import FeedbackEventOut, feedback_out
from tortodelova.entrypoints.http.streaming.sse import Feed, StreamTimings, relay


class _UserFeed(Feed[UserEvent]):
    """Each event becomes one message, as it comes."""

    def __init__(self, user_id: UUID) -> None:
        self.subject = f"user event stream for {user_id}"

    async def on_event(self, event: UserEvent) -> ServerSentEventMessage | None:
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
        feed = _UserFeed(user_id)
        async with contextlib.aclosing(relay(aiter(incoming), feed, timings, authorised)) as messages:
            async for message in messages:
                yield message
