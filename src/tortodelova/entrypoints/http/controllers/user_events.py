"""The signed-in user's own event stream (`GET /api/events`)."""

from __future__ import annotations

from functools import partial
from typing import Any

from dishka.integrations.litestar import FromDishka, inject
from litestar import Request, get
from litestar.response import ServerSentEvent

from tortodelova.application.ports.user_events import UserEventStream
from tortodelova.application.use_cases.accounts.get_profile import GetProfile
from tortodelova.entrypoints.http.auth import BEARER_SECURITY, current_user, require_user, session_is_live
from tortodelova.entrypoints.http.docs import AUTH, problems
from tortodelova.entrypoints.http.streaming.sse import StreamTimings
from tortodelova.entrypoints.http.streaming.stream_slots import StreamSlots
from tortodelova.entrypoints.http.streaming.user_sse import user_events


@get(
    "/events",
    tags=["account"],
    security=BEARER_SECURITY,
    guards=[require_user],
    responses=problems(*AUTH, 429),
    media_type="text/event-stream",
    response_description='`data:` lines of {"type": "feedback", "generation_id", "feedback"} as clients '
    "answer on share links; keep-alive comments in between",
)
@inject
async def events(
    request: Request[Any, Any, Any],
    stream: FromDishka[UserEventStream],
    profile: FromDishka[GetProfile],
    slots: FromDishka[StreamSlots],
    timings: FromDishka[StreamTimings],
) -> ServerSentEvent:
    """Server-Sent Events for the caller: each answer a client gives on one of the caller's share links.
    Open while the app is; closes when the session ends. Counts towards MAX_STREAMS_PER_USER (429)."""
    user = current_user(request)
    authorised = partial(session_is_live, request, profile)

    return ServerSentEvent(await slots.hold(user.id, user_events(user.id, stream, timings, authorised)))
