"""User events over PostgreSQL NOTIFY: any API process publishes, the owner's `GET /api/events`
stream (in whichever process holds it) listens.

Payload on channel `tortodelova_user_events`: JSON {type: "feedback", user_id, feedback: {id,
share_token, generation_id, decision, comment, name, created_at, quote_version}} (the client's phone
stays out of it: the orders list reads it from the database). A comment of 1000 characters
is at most 4 KB of UTF-8: NOTIFY's 8000-byte limit holds. Best effort, like the generation events.
"""

from __future__ import annotations

import json
from datetime import datetime
from uuid import UUID

from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine

from tortodelova.adapters.db.events import PgEventListener, PgEventPublisher
from tortodelova.adapters.db.notify import USER_EVENTS_CHANNEL
from tortodelova.application.ports.user_events import FeedbackReceived, UserEvent
from tortodelova.domain.shares import Decision, Feedback


def encode_user_event(event: UserEvent) -> str:
    f = event.feedback
    return json.dumps(
        {
            "type": "feedback",
            "user_id": str(event.user_id),
            "feedback": {
                "id": str(f.id),
                "share_token": f.share_token,
                "generation_id": str(f.generation_id),
                "decision": f.decision.value,
                "comment": f.comment,
                "name": f.name,
                "created_at": f.created_at.isoformat(),
                "quote_version": f.quote_version,
            },
        },
        ensure_ascii=False,
    )


def decode_user_event(payload: str) -> UserEvent:
    data = json.loads(payload)
    if data["type"] != "feedback":
        raise ValueError(f"unknown user event type {data['type']!r}")
    f = data["feedback"]
    feedback = Feedback(
        id=UUID(f["id"]),
        share_token=f["share_token"],
        generation_id=UUID(f["generation_id"]),
        decision=Decision(f["decision"]),
        comment=f.get("comment"),
        name=f.get("name"),
        created_at=datetime.fromisoformat(f["created_at"]),
        quote_version=f.get("quote_version"),
    )
    return FeedbackReceived(UUID(data["user_id"]), feedback)


def _user_key(event: UserEvent) -> tuple[UUID | None, ...]:
    return (event.user_id,)


class PgUserEventPublisher:
    """UserEventPublisher: NOTIFY through a short-lived pooled connection; failures are logged."""

    def __init__(self, engine: AsyncEngine) -> None:
        self._notify = PgEventPublisher(engine)

    async def publish(self, event: UserEvent) -> None:
        await self._notify.notify(USER_EVENTS_CHANNEL, encode_user_event(event))


def user_event_listener(database_url: str | URL) -> PgEventListener[UserEvent]:
    """UserEventStream: one LISTEN connection per process, subscriptions keyed by user id."""
    return PgEventListener(
        database_url, buffer=64, channel=USER_EVENTS_CHANNEL, decode=decode_user_event, keys=_user_key
    )
